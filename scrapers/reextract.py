"""Re-parse every landed page from its WARC record, without the network, so better extraction reaches
the whole history.

Each manifest partition is read, every row whose raw response is in the partition's WARC file gets its
extracted fields (canonical URL, title, publication time, author, text) recomputed, and the partition is
rewritten through the same temporary-name-and-rename as landing. Rows, their order, fetch metadata and
recorded errors are kept as they were. A partition re-landed by a crawl while it was being re-extracted is
left alone (the crawl's version is newer) and reported as skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

import pyarrow as pa

from danvan.paths import DataDir
from scrapers.extract import extract_article
from scrapers.land import (
    MANIFEST_SCHEMA,
    iter_warc_records,
    manifest_partitions,
    read_manifest,
    text_md5,
    write_parquet_atomically,
)
from scrapers.sources import load_sources

EXTRACTED_FIELDS = ("canonical_url", "title", "published_at", "author", "text")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class PartitionReextraction:
    manifest: Path
    rows: int
    reextracted: int
    changed: int
    missing_records: int
    skipped_reason: str | None = None


@dataclass(frozen=True)
class ReextractSummary:
    partitions: tuple[PartitionReextraction, ...] = field(default=())

    @property
    def rows(self) -> int:
        return sum(p.rows for p in self.partitions)

    @property
    def reextracted(self) -> int:
        return sum(p.reextracted for p in self.partitions)

    @property
    def changed(self) -> int:
        return sum(p.changed for p in self.partitions)

    @property
    def missing_records(self) -> int:
        return sum(p.missing_records for p in self.partitions)

    @property
    def skipped(self) -> tuple[PartitionReextraction, ...]:
        return tuple(p for p in self.partitions if p.skipped_reason)


def is_html(content_type: str | None) -> bool:
    return content_type is None or content_type.split(";")[0].strip().lower() in _HTML_TYPES


def warc_payloads(data: DataDir, warc_files: set[str]) -> dict[tuple[str, int], bytes]:
    """Every record payload of the given WARC files, keyed by (WARC file, record offset)."""
    payloads = {}
    for warc_file in sorted(warc_files):
        if not (data.root / warc_file).exists():
            continue
        for offset, _url, payload, _content_type in iter_warc_records(data, warc_file):
            payloads[(warc_file, offset)] = payload
    return payloads


def reextracted_row(row: dict, payload: bytes, hints: dict | None) -> dict:
    """The manifest row with its extracted fields recomputed from the raw page."""
    article = extract_article(
        payload, row["url"], hints=hints, fetched_at=row["fetched_at"], content_type=row["content_type"]
    )
    return {
        **row,
        "canonical_url": article.canonical_url,
        "title": article.title,
        "published_at": article.published_at.astimezone(UTC) if article.published_at else None,
        "author": article.author,
        "text": article.text,
        "text_md5": text_md5(article.title, article.text),
    }


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def reextract_partition(
    data: DataDir, manifest: Path, hints_by_source: Mapping[str, dict] | None = None
) -> PartitionReextraction:
    stamp = _stamp(manifest)
    rows = read_manifest(manifest)
    payloads = warc_payloads(data, {row["warc_file"] for row in rows if row["warc_file"]})
    new_rows, reextracted, changed, missing = [], 0, 0, 0
    for row in rows:
        if not row["warc_file"] or row["warc_offset"] is None or not is_html(row["content_type"]):
            new_rows.append(row)
            continue
        payload = payloads.get((row["warc_file"], row["warc_offset"]))
        if payload is None:
            missing += 1
            new_rows.append(row)
            continue
        new_row = reextracted_row(row, payload, (hints_by_source or {}).get(row["source"]))
        reextracted += 1
        changed += any(new_row[name] != row[name] for name in EXTRACTED_FIELDS)
        new_rows.append(new_row)
    if _stamp(manifest) != stamp:
        return PartitionReextraction(
            manifest, len(rows), 0, 0, missing, skipped_reason="re-landed while being re-extracted"
        )
    if changed:
        write_parquet_atomically(pa.Table.from_pylist(new_rows, schema=MANIFEST_SCHEMA), manifest)
    return PartitionReextraction(manifest, len(rows), reextracted, changed, missing)


def reextract(
    data: DataDir,
    progress: Callable[[PartitionReextraction], None] | None = None,
    hints_by_source: Mapping[str, dict] | None = None,
) -> ReextractSummary:
    """Re-extract every committed manifest partition.

    `hints_by_source` maps a source name to its extract hints; by default each source's `extract:` block
    from the shipped and the deployment's YAML, as the crawler uses them.
    """
    if hints_by_source is None:
        hints_by_source = {name: dict(source.extract) for name, source in load_sources(data).items()}
    results = []
    for manifest in manifest_partitions(data):
        result = reextract_partition(data, manifest, hints_by_source)
        results.append(result)
        if progress is not None:
            progress(result)
    return ReextractSummary(tuple(results))
