"""Score the rule engine on a gold JSONL without building the warehouse.

    python -m danvan.facts.devscore GOLD.jsonl [--seeds dbt_project/seeds] [--show none|misses|all]

Same figures as shared/eval/score_facts.py: (article_url, measure, round(value, 2)) triples, precision,
recall and F1, then the share of matched triples whose qualifiers agree with the gold ones. The last line
printed is the summary.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from datetime import date
from pathlib import Path

from danvan.facts.extract import Article, Fact, extract_facts
from danvan.facts.rules import load_rules

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
QUALIFIERS = ("admin_level", "dialogue_kind", "recipient_type", "award_form", "value_qualifier", "province")

Key = tuple[str, str, float]


def norm_text(value: object) -> str:
    """Labels compared loosely, as the scorer does: NFC, lower case, no leading tỉnh/thành phố/TP."""
    text = unicodedata.normalize("NFC", str(value or "")).strip().lower()
    return re.sub(r"^(tỉnh|thành phố|tp\.?)\s+", "", text)


def article_of(doc: dict) -> Article:
    published = doc.get("published_at")
    return Article(
        url=doc["url"],
        title=doc.get("title"),
        text=doc.get("text") or "",
        published_at=date.fromisoformat(published[:10]) if published else None,
        source=doc.get("source"),
    )


def score(docs: list[dict], predicted_facts: dict[str, list[Fact]]) -> dict[str, object]:
    """Counts, precision, recall, F1, qualifier agreement, and per-document misses and extras."""
    predicted: Counter[Key] = Counter()
    pred_rows: dict[Key, list[Fact]] = {}
    for url, facts in predicted_facts.items():
        for f in facts:
            key = (url, f.measure, round(f.value, 2))
            predicted[key] += 1
            pred_rows.setdefault(key, []).append(f)
    expected: Counter[Key] = Counter()
    gold_rows: dict[Key, list[dict]] = {}
    for d in docs:
        for g in d.get("facts", []):
            key = (d["url"], g["measure"], round(float(g["value"]), 2))
            expected[key] += 1
            gold_rows.setdefault(key, []).append(dict(g, province=g.get("province", d.get("province"))))
    matched = predicted & expected
    tp, fp, fn = (
        sum(matched.values()),
        sum((predicted - expected).values()),
        sum((expected - predicted).values()),
    )
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    agree = checked = 0
    disagreements: list[tuple[Key, str, object, object]] = []
    for key in matched:
        for g, p in zip(gold_rows[key], pred_rows[key], strict=False):
            for q in QUALIFIERS:
                if g.get(q) is not None:
                    checked += 1
                    ok = norm_text(getattr(p, q)) == norm_text(g[q])
                    agree += ok
                    if not ok:
                        disagreements.append((key, q, g[q], getattr(p, q)))
    return {
        "gold": sum(expected.values()),
        "predicted": sum(predicted.values()),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "qualifiers": agree / checked if checked else 1.0,
        "misses": sorted(expected - predicted),
        "extras": sorted(predicted - expected),
        "disagreements": disagreements,
        "pred_rows": pred_rows,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("gold", type=Path)
    ap.add_argument("--seeds", type=Path, default=SEEDS, help="directory with the rules_*.csv seeds")
    ap.add_argument("--show", choices=("none", "misses", "all"), default="misses")
    args = ap.parse_args(argv)

    docs = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]
    rules = load_rules(args.seeds)
    predicted = {d["url"]: extract_facts(article_of(d), rules) for d in docs}
    result = score(docs, predicted)
    if args.show != "none":
        for key in result["misses"]:
            print(f"missed  {key[0]}  {key[1]} = {key[2]}")
        for key in result["extras"]:
            evidence = result["pred_rows"][key][0].evidence.replace("\n", " ")[:140]
            print(f"extra   {key[0]}  {key[1]} = {key[2]}   «{evidence}»")
        for key, q, gold, got in result["disagreements"]:
            print(f"differs {key[0]}  {key[1]} = {key[2]}: {q} gold={gold} got={got}")
    if args.show == "all":
        for url, facts in predicted.items():
            for f in facts:
                print(
                    f"fact    {url}  {f.measure} = {f.value} {f.value_qualifier} level={f.admin_level} "
                    f"kind={f.dialogue_kind or f.complaint_kind} form={f.award_form} rec={f.recipient_type} "
                    f"prov={f.province} period={f.period_label!r}/{f.period_year}"
                )
    print(
        f"documents={len(docs)} gold={result['gold']} predicted={result['predicted']} "
        f"precision={result['precision']:.3f} recall={result['recall']:.3f} f1={result['f1']:.3f} "
        f"qualifiers={result['qualifiers']:.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
