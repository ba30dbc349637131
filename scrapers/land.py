"""Land, don't load: write one source's pages for one data interval as immutable files.

A partition is a WARC file of the raw responses plus a manifest (Parquet) that indexes them with the
extracted fields. Both are written under temporary names and renamed into place, manifest last, so a
crash leaves either the old partition or the new one, never half of one. Re-landing the same source and
interval replaces that partition and nothing else. Only dbt reads the manifests into the warehouse.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from danvan.paths import DataDir

MANIFEST_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("canonical_url", pa.string()),
        ("source", pa.string()),
        ("interval", pa.string()),
        ("discovered_via", pa.string()),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("http_status", pa.int32()),
        ("content_type", pa.string()),
        ("content_sha256", pa.string()),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("title", pa.string()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("author", pa.string()),
        ("text", pa.string()),
        ("error", pa.string()),
        ("text_md5", pa.string()),
    ]
)

SCHEMA_ANCHOR = "_schema"
_BLANKS = re.compile(r"[ \t\u00a0\u2009\u200b]+")
_PARAGRAPH_BREAKS = re.compile(r"\n\s*\n+")


@dataclass(frozen=True)
class LandedPage:
    """One fetched (or imported) page with what was extracted from it; `error` set when it failed."""

    url: str
    source: str
    fetched_at: datetime
    body: bytes = b""
    http_status: int | None = None
    content_type: str | None = None
    response_headers: tuple[tuple[str, str], ...] = ()
    canonical_url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    text: str | None = None
    error: str | None = None
    discovered_via: str | None = None


@dataclass(frozen=True)
class PartitionSummary:
    source: str
    interval: str
    pages: int
    errors: int
    manifest: Path
    warc: Path | None = None
    error_reasons: tuple[str, ...] = field(default=())


def partition_dir(base: Path, source: str, interval: str) -> Path:
    return base / f"source={source}" / f"interval={interval}"


def manifest_path(data: DataDir, source: str, interval: str) -> Path:
    return partition_dir(data.manifests, source, interval) / "part.parquet"


def warc_dir(data: DataDir, source: str, interval: str) -> Path:
    return partition_dir(data.warcs, source, interval)


def clean_text(text: str | None) -> str | None:
    """NFC, no carriage returns or runs of blanks, paragraphs kept one blank line apart. Done once here,
    at landing, so the warehouse never re-cleans the whole history on each build."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text.replace("\r", ""))
    text = _BLANKS.sub(" ", text)
    text = _PARAGRAPH_BREAKS.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def content_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def text_md5(title: str | None, text: str | None) -> str | None:
    """The version of a landed article: MD5 of its cleaned title and text, as the warehouse's staging
    would compute it (md5 of title, newline, text). Computed here, once per landing: hashing the whole
    history's text took half of a full staging build."""
    if text is None:
        return None
    return hashlib.md5(f"{title or ''}\n{text}".encode(), usedforsecurity=False).hexdigest()


def _warc_record(writer: WARCWriter, page: LandedPage):
    """A `response` record for a fetched page, a `resource` record for an imported document."""
    warc_date = page.fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if page.http_status is None:
        return writer.create_warc_record(
            page.url,
            "resource",
            payload=io.BytesIO(page.body),
            length=len(page.body),
            warc_content_type=page.content_type or "text/plain; charset=utf-8",
            warc_headers_dict={"WARC-Date": warc_date},
        )
    headers = StatusAndHeaders(str(page.http_status), list(page.response_headers), protocol="HTTP/1.1")
    return writer.create_warc_record(
        page.url,
        "response",
        payload=io.BytesIO(page.body),
        length=len(page.body),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": warc_date},
    )


def _write_warc(pages: list[LandedPage], target: Path) -> dict[int, int]:
    """Write the pages that have a body; return each page's record offset by its index in `pages`."""
    offsets: dict[int, int] = {}
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for index, page in enumerate(pages):
            if page.http_status is None and not page.body:
                continue
            if page.error and not page.body:
                continue
            offsets[index] = fh.tell()
            writer.write_record(_warc_record(writer, page))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    return offsets


def _manifest_row(page: LandedPage, interval: str, warc_file: str | None, warc_offset: int | None) -> dict:
    title, text = clean_text(page.title), clean_text(page.text)
    return {
        "url": page.url,
        "canonical_url": page.canonical_url or page.url,
        "source": page.source,
        "interval": interval,
        "discovered_via": page.discovered_via,
        "fetched_at": page.fetched_at.astimezone(UTC),
        "http_status": page.http_status,
        "content_type": page.content_type,
        "content_sha256": content_sha256(page.body) if page.body else None,
        "warc_file": warc_file,
        "warc_offset": warc_offset,
        "title": title,
        "published_at": page.published_at.astimezone(UTC) if page.published_at else None,
        "author": page.author,
        "text": text,
        "error": page.error,
        "text_md5": text_md5(title, text),
    }


def _manifest_table(
    pages: list[LandedPage], interval: str, warc_rel: str, offsets: dict[int, int]
) -> pa.Table:
    rows = [
        _manifest_row(page, interval, warc_rel if index in offsets else None, offsets.get(index))
        for index, page in enumerate(pages)
    ]
    return pa.Table.from_pylist(rows, schema=MANIFEST_SCHEMA)


def write_parquet_atomically(table: pa.Table, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    with tmp.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)


def land_partition(
    data: DataDir, source: str, interval: str, pages: Iterable[LandedPage]
) -> PartitionSummary:
    """Write (or replace) the partition of `source` for `interval`; the manifest rename commits it."""
    page_list = list(pages)
    ensure_landing_zone(data)
    # Each landing writes a WARC file of its own name, so the committed manifest always points at the
    # WARC it was written with; WARC files no manifest points at are removed once the new one commits.
    warc = warc_dir(data, source, interval) / f"pages-{uuid.uuid4().hex[:12]}.warc.gz"
    warc.parent.mkdir(parents=True, exist_ok=True)
    offsets = _write_warc(page_list, warc)
    manifest = manifest_path(data, source, interval)
    table = _manifest_table(page_list, interval, str(warc.relative_to(data.root)), offsets)
    write_parquet_atomically(table, manifest)
    for stale in warc.parent.glob("pages-*.warc.gz"):
        if stale != warc:
            stale.unlink()
    errors = tuple(p.error for p in page_list if p.error)
    return PartitionSummary(source, interval, len(page_list), len(errors), manifest, warc, errors)


def ensure_landing_zone(data: DataDir) -> None:
    """Create the landing zone with an empty schema partition, so dbt can read a zone with no pages yet."""
    anchor = partition_dir(data.manifests, SCHEMA_ANCHOR, SCHEMA_ANCHOR) / "part.parquet"
    # rewritten when the schema gained a column, so that dbt finds it even before a partition has it
    if not anchor.exists() or not pq.read_schema(anchor).equals(MANIFEST_SCHEMA):
        write_parquet_atomically(MANIFEST_SCHEMA.empty_table(), anchor)


def manifest_partitions(data: DataDir) -> list[Path]:
    """Every committed manifest partition except the schema anchor."""
    return sorted(
        p for p in data.manifests.glob("source=*/interval=*/part.parquet") if SCHEMA_ANCHOR not in str(p)
    )


def read_manifest(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist()


def iter_warc_records(data: DataDir, warc_rel: str) -> Iterator[tuple[int, str, bytes, str | None]]:
    """Yield (offset, url, payload, content_type) for each record of a landed WARC file."""
    with (data.root / warc_rel).open("rb") as fh:
        iterator = ArchiveIterator(fh)
        for record in iterator:
            if record.rec_type not in ("response", "resource"):
                continue
            content_type = (
                record.http_headers.get_header("Content-Type")
                if record.http_headers
                else record.rec_headers.get_header("Content-Type")
            )
            payload = record.content_stream().read()
            yield (
                iterator.get_record_offset(),
                record.rec_headers.get_header("WARC-Target-URI"),
                payload,
                content_type,
            )


def fetched_now() -> datetime:
    return datetime.now(UTC)
