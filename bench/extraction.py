"""Extraction benchmark: body-text character F1 per fixture page and overall, and throughput on one core.

Run: .venv/bin/python bench/extraction.py [--pages 2000]

Each fixture is tests/fixtures/sites/<source>/articles/<name>.html with <name>.json (how it was fetched
and the expected fields) and <name>.txt (the expected body text); it is extracted with the `extract:`
hints of the shipped source of the same name, as the crawler would. F1 compares the extracted body with the
expected one character by character over their longest matching blocks, so a dropped paragraph costs
recall and leftover clutter costs precision.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from difflib import SequenceMatcher
from pathlib import Path

from scrapers.extract import ExtractedArticle, extract_article
from scrapers.sources import load_sources

FIXTURE_SITES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "sites"


@dataclass(frozen=True)
class ArticleFixture:
    source: str
    name: str
    html: bytes
    url: str
    fetched_at: datetime
    content_type: str | None
    hints: dict
    expected: dict
    expected_text: str

    def extract(self) -> ExtractedArticle:
        return extract_article(
            self.html, self.url, hints=self.hints, fetched_at=self.fetched_at, content_type=self.content_type
        )


def shipped_hints() -> dict[str, dict]:
    """Each shipped source's `extract:` hints, as the crawler passes them to the extractor."""
    return {name: dict(source.extract) for name, source in load_sources(None).items()}


def article_fixtures(root: Path = FIXTURE_SITES) -> Iterator[ArticleFixture]:
    hints = shipped_hints()
    for spec_path in sorted(root.glob("*/articles/*.json")):
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        yield ArticleFixture(
            source=spec_path.parent.parent.name,
            name=spec_path.stem,
            html=spec_path.with_suffix(".html").read_bytes(),
            url=spec["url"],
            fetched_at=datetime.fromisoformat(spec["fetched_at"]),
            content_type=spec.get("content_type"),
            hints=spec.get("hints", hints.get(spec_path.parent.parent.name, {})),
            expected=spec["expected"],
            expected_text=spec_path.with_suffix(".txt").read_text(encoding="utf-8").strip(),
        )


def character_f1(extracted: str, expected: str) -> float:
    """Harmonic mean of the shares of extracted and expected characters that the two texts have in common."""
    if not extracted and not expected:
        return 1.0
    if not extracted or not expected:
        return 0.0
    matcher = SequenceMatcher(None, extracted, expected, autojunk=False)
    common = sum(block.size for block in matcher.get_matching_blocks())
    precision, recall = common / len(extracted), common / len(expected)
    return 0.0 if common == 0 else 2 * precision * recall / (precision + recall)


def pages_per_second(fixtures: list[ArticleFixture], pages: int) -> tuple[int, float]:
    """Extract the fixtures round-robin until `pages` pages are done; return (pages, pages per second)."""
    started = time.perf_counter()
    for index in range(pages):
        fixtures[index % len(fixtures)].extract()
    return pages, pages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages to extract for the throughput figure")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    fixtures = list(article_fixtures())
    print(f"{'fixture':58} {'chars':>6} {'F1':>6} {'F1 without hints':>17}")
    scores = []
    for fixture in fixtures:
        score = character_f1(fixture.extract().text, fixture.expected_text)
        generic = character_f1(replace(fixture, hints={}).extract().text, fixture.expected_text)
        scores.append((score, generic, len(fixture.expected_text)))
        print(f"{fixture.source + '/' + fixture.name:58} {scores[-1][2]:6d} {score:6.3f} {generic:17.3f}")
    total_chars = sum(size for _, _, size in scores)
    for label, column in (("with source hints", 0), ("generic path only", 1)):
        mean = sum(row[column] for row in scores) / len(scores)
        weighted = sum(row[column] * row[2] for row in scores) / total_chars
        print(f"overall body-text character F1, {label}: mean {mean:.3f}, length-weighted {weighted:.3f}")
    pages, rate = pages_per_second(fixtures, max(args.pages, len(fixtures)))
    print(f"throughput: {rate:.1f} pages/s on one core ({pages} pages, {len(fixtures)} fixtures repeated)")


if __name__ == "__main__":
    main()
