"""import-docs: land documents that were not scraped, through the same landing path as scraped pages."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from danvan.paths import DataDir
from scrapers.land import LandedPage, PartitionSummary, fetched_now, land_partition

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_SOURCE = "import"


class InvalidDocument(ValueError):
    """A line of the import file is not a valid document."""


@dataclass(frozen=True)
class ImportedDocument:
    url: str
    source: str
    title: str | None
    published_at: datetime | None
    text: str | None
    html: str | None


def parse_published_at(value: str | None) -> datetime | None:
    """An ISO date or datetime; a bare date is taken as midnight in Vietnam."""
    if not value:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return datetime.combine(date.fromisoformat(value), time(0), LOCAL_TZ)
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=LOCAL_TZ)


def parse_document(line: str, where: str) -> ImportedDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidDocument(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(record, dict) or not record.get("url"):
        raise InvalidDocument(f"{where}: needs a `url`")
    if not record.get("text") and not record.get("html"):
        raise InvalidDocument(f"{where}: needs `text` or `html`")
    try:
        published_at = parse_published_at(record.get("published_at"))
    except ValueError as exc:
        raise InvalidDocument(f"{where}: published_at {record['published_at']!r} is not an ISO date") from exc
    source = re.sub(r"[^a-z0-9_]+", "_", str(record.get("source") or DEFAULT_SOURCE).lower()).strip("_")
    return ImportedDocument(
        url=str(record["url"]),
        source=source or DEFAULT_SOURCE,
        title=record.get("title"),
        published_at=published_at,
        text=record.get("text"),
        html=record.get("html"),
    )


def read_documents(path: Path) -> list[ImportedDocument]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [parse_document(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]


def landed_page(doc: ImportedDocument) -> LandedPage:
    """Plain text lands as it is; HTML goes through the same article extractor as scraped pages."""
    now = fetched_now()
    if doc.html:
        from scrapers.extract import extract_article

        article = extract_article(doc.html, doc.url, fetched_at=now, content_type="text/html")
        return LandedPage(
            url=doc.url,
            source=doc.source,
            fetched_at=now,
            body=doc.html.encode("utf-8"),
            content_type="text/html; charset=utf-8",
            canonical_url=doc.url,
            title=doc.title or article.title,
            published_at=doc.published_at or article.published_at,
            author=article.author,
            text=article.text,
            discovered_via="import",
        )
    return LandedPage(
        url=doc.url,
        source=doc.source,
        fetched_at=now,
        body=doc.text.encode("utf-8"),
        content_type="text/plain; charset=utf-8",
        canonical_url=doc.url,
        title=doc.title,
        published_at=doc.published_at,
        text=doc.text,
        discovered_via="import",
    )


def import_interval(path: Path) -> str:
    """Re-importing the same file replaces its own partitions and nothing else."""
    return "import-" + re.sub(r"[^A-Za-z0-9_.-]+", "_", path.stem)


def import_documents(data: DataDir, path: Path) -> list[PartitionSummary]:
    """Land every document of a JSON Lines file, one partition per source."""
    by_source: dict[str, list[LandedPage]] = defaultdict(list)
    for doc in read_documents(path):
        by_source[doc.source].append(landed_page(doc))
    interval = import_interval(path)
    return [land_partition(data, source, interval, pages) for source, pages in sorted(by_source.items())]
