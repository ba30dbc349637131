"""import-docs: land documents that were not scraped, through the same landing path as scraped pages."""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import urlsplit

from danvan.paths import DataDir
from danvan.settings import LOCAL_TZ
from scrapers.land import LandedPage, PartitionSummary, fetched_now, land_partition

DEFAULT_SOURCE = "import"
TEXT_FIELDS = ("url", "source", "title", "published_at", "text", "html")
# C0 controls but tab and line breaks, and DEL: a NUL or an escape code in a document is never content,
# and must not reach a published evidence sentence.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


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


def without_controls(value: str | None) -> str | None:
    return CONTROL_CHARACTERS.sub("", value) if value is not None else None


# Schemes a BI tool or a browser would run or read locally when an analyst clicks the article's URL.
UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data", "file", "blob"})


def url_problem(url: str) -> str | None:
    """Why `url` cannot be a document's identity, or None: it must be a URL with a scheme and a host
    ("https://baotinh.vn/bai.html"; the fact contract's gold sets also use identities such as
    "seed://000"), never one a BI tool would run when clicked ("javascript:alert(1)")."""
    parts = urlsplit(url)
    if parts.scheme.lower() in UNSAFE_SCHEMES or not parts.scheme or not parts.netloc:
        return f"url {url[:100]!r} is not a URL with a scheme and a host (such as https://…)"
    return None


def parse_document(line: str, where: str) -> ImportedDocument:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidDocument(f"{where}: not JSON ({exc.msg})") from exc
    if not isinstance(record, dict) or not record.get("url"):
        raise InvalidDocument(f"{where}: needs a `url`")
    for key in TEXT_FIELDS:
        if record.get(key) is not None and not isinstance(record[key], str):
            raise InvalidDocument(f"{where}: `{key}` must be a string, got {record[key]!r:.60}")
    fields = {key: without_controls(record.get(key)) for key in TEXT_FIELDS}
    problem = url_problem(fields["url"])
    if problem:
        raise InvalidDocument(f"{where}: {problem}")
    if not fields["text"] and not fields["html"]:
        raise InvalidDocument(f"{where}: needs `text` or `html`")
    try:
        published_at = parse_published_at(fields["published_at"])
    except ValueError as exc:
        raise InvalidDocument(f"{where}: published_at {record['published_at']!r} is not an ISO date") from exc
    source = re.sub(r"[^a-z0-9_]+", "_", (fields["source"] or DEFAULT_SOURCE).lower()).strip("_")
    return ImportedDocument(
        url=fields["url"],
        source=source or DEFAULT_SOURCE,
        title=fields["title"],
        published_at=published_at,
        text=fields["text"],
        html=fields["html"],
    )


def file_text(path: Path) -> str:
    """The file as UTF-8 text (a byte-order mark allowed), or InvalidDocument saying why it is not."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InvalidDocument(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise InvalidDocument(f"{path}: is a directory, not a JSON Lines file") from exc
    except PermissionError as exc:
        raise InvalidDocument(f"{path}: not readable ({exc.strerror})") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidDocument(f"{path}: is UTF-16; JSON Lines must be UTF-8 (save it again as UTF-8)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidDocument(
            f"{path}:{line}: not UTF-8 (byte {exc.start}); JSON Lines must be UTF-8"
        ) from exc


def read_documents(path: Path) -> list[ImportedDocument]:
    """The documents of a JSON Lines file. Lines end at a newline only: U+2028 and other characters
    str.splitlines() breaks at may stand unescaped inside a JSON string."""
    lines = file_text(path).split("\n")
    documents = [parse_document(line, f"{path}:{n}") for n, line in enumerate(lines, 1) if line.strip()]
    if not documents:
        raise InvalidDocument(f"{path}: holds no documents (one JSON object a line)")
    return documents


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
    """The partition a file lands in: re-importing the same file replaces its own partitions and nothing
    else, and a file of the same name in another folder gets partitions of its own."""
    where = hashlib.sha256(str(path.expanduser().resolve()).encode()).hexdigest()[:10]
    return f"import-{re.sub(r'[^A-Za-z0-9_.-]+', '_', path.stem)}-{where}"


def import_documents(data: DataDir, path: Path) -> list[PartitionSummary]:
    """Land every document of a JSON Lines file, one partition per source."""
    by_source: dict[str, list[LandedPage]] = defaultdict(list)
    for doc in read_documents(path):
        by_source[doc.source].append(landed_page(doc))
    interval = import_interval(path)
    return [land_partition(data, source, interval, pages) for source, pages in sorted(by_source.items())]
