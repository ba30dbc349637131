"""Sources are declarative YAML entries: the project ships its own, a deployment adds or overrides them.

Shipped entries live in `scrapers/sources/*.yaml`; a deployment's own files in `$DANVAN_DATA_DIR/sources/`
are read after them. A deployment entry whose name matches an earlier entry is merged over it field by
field (top-level fields replace), so a deployment can change one field of a shipped source. Every entry is
validated after merging; a bad one is reported with its file, entry and field, and skipped, so the other
sources still run. The schema is documented in docs/sources.md.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import soupsieve
import yaml

from danvan.facts.localities import named_province
from danvan.paths import DataDir

SHIPPED_DIR = Path(__file__).resolve().parent / "sources"

# The project's topic terms: the search discovery method queries each of them.
DEFAULT_TOPICS = (
    "dân vận chính quyền",
    "đối thoại",
    "tiếp công dân",
    "khiếu nại",
    "tố cáo",
    "Bằng khen",
    "Dân vận khéo",
)

DISCOVERY_KINDS = ("rss", "sitemap", "listing", "search")
NAME_PATTERN = re.compile(r"^[a-z0-9_]+$")
MAX_RATE_LIMIT = 50.0

SOURCE_FIELDS = {
    "name",
    "title",
    "base_url",
    "allowed_hosts",
    "province",
    "discovery",
    "topics",
    "rate_limit",
    "render",
    "extract",
    "checked",
}
# `checked:` records where and when an entry's URLs and selectors were last confirmed against evidence of
# the real site (no machine that builds danvan reaches the sites): a date, the evidence used (repository
# and path, or a saved page's address), and what could not be confirmed.
CHECKED_FIELDS = {"date", "evidence", "unverified", "notes"}
DISCOVERY_FIELDS = {
    "kind",
    "url",
    "max_pages",
    "first_page",
    "item_selector",
    "date_selector",
    "next_selector",
    "link_pattern",
}
# Which URL template placeholders each discovery kind may use.
PLACEHOLDERS = {
    "rss": set(),
    "sitemap": set(),
    "listing": {"page", "date"},
    "search": {"page", "query"},
}
# For a sitemap index, max_pages bounds the child sitemaps read; a feed is one page.
DEFAULT_MAX_PAGES = {"rss": 1, "sitemap": 20, "listing": 10, "search": 3}


class SourceError(ValueError):
    """A source entry that cannot be used, naming where it is and which field is wrong."""

    def __init__(self, file: str, entry: str, field_name: str, message: str):
        self.file = file
        self.entry = entry
        self.field = field_name
        self.message = message
        super().__init__(f"{file}: source {entry!r}: field {field_name!r}: {message}")


class UnknownSource(KeyError):
    """A source name that no shipped or deployment entry defines."""


@dataclass(frozen=True)
class Discovery:
    """One way of finding a source's articles; `url` may be a template (see docs/sources.md)."""

    kind: str
    url: str
    max_pages: int = 10
    first_page: int = 1
    item_selector: str | None = None
    date_selector: str | None = None
    next_selector: str | None = None
    link_pattern: str | None = None

    @property
    def per_day(self) -> bool:
        """A listing whose URL names a day is walked once per day of the window."""
        return "date" in template_fields(self.url)

    @property
    def paged(self) -> bool:
        return "page" in template_fields(self.url)

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.url}"


@dataclass(frozen=True)
class Checked:
    """Where and when a source entry was last confirmed against evidence of the real site: the date
    (ISO), the evidence used (a repository and path, or a saved page's address), what the evidence could
    not confirm, and free notes."""

    date: str
    evidence: tuple[str, ...]
    unverified: tuple[str, ...] = ()
    notes: str | None = None


@dataclass(frozen=True)
class Source:
    name: str
    title: str
    base_url: str
    allowed_hosts: tuple[str, ...]
    discovery: tuple[Discovery, ...]
    province: str | None = None
    topics: tuple[str, ...] = DEFAULT_TOPICS
    rate_limit: float = 1.0
    render: bool = False
    extract: Mapping[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    checked: Checked | None = None


def template_fields(url: str) -> set[str]:
    """The placeholder names of a URL template ("...?bydate={date:%d-%m-%Y}&page={page}" → date, page)."""
    return {name for _, name, _, _ in string.Formatter().parse(url) if name}


def _fail(file: str, entry: str, field_name: str, message: str) -> SourceError:
    return SourceError(file, entry, field_name, message)


def _url_host(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return parts.hostname


def host_allowed(host: str, allowed_hosts: tuple[str, ...]) -> bool:
    """Exact names, or a "*.example.vn" pattern admitting example.vn and its subdomains."""
    host = host.lower().rstrip(".")
    for allowed in allowed_hosts:
        if allowed.startswith("*."):
            domain = allowed[2:]
            if host == domain or host.endswith("." + domain):
                return True
        elif host == allowed:
            return True
    return False


def _discovery(raw: Any, index: int, allowed: tuple[str, ...], file: str, entry: str) -> Discovery:
    where = f"discovery[{index}]"
    if not isinstance(raw, Mapping):
        raise _fail(file, entry, where, "must be a mapping with kind and url")
    unknown = set(raw) - DISCOVERY_FIELDS
    if unknown:
        raise _fail(file, entry, f"{where}.{sorted(unknown)[0]}", "unknown field")
    kind = raw.get("kind")
    if kind not in DISCOVERY_KINDS:
        raise _fail(
            file, entry, f"{where}.kind", f"must be one of {', '.join(DISCOVERY_KINDS)}, got {kind!r}"
        )
    url = raw.get("url")
    if not isinstance(url, str) or not url:
        raise _fail(file, entry, f"{where}.url", "required string")
    try:
        names = template_fields(url)
    except ValueError as exc:
        raise _fail(file, entry, f"{where}.url", f"bad template: {exc}") from exc
    extra = names - PLACEHOLDERS[kind]
    if extra:
        raise _fail(file, entry, f"{where}.url", f"placeholder {{{sorted(extra)[0]}}} not allowed for {kind}")
    if kind == "search" and "query" not in names:
        raise _fail(file, entry, f"{where}.url", "a search URL needs a {query} placeholder")
    host = _url_host(url)
    if host is None:
        raise _fail(file, entry, f"{where}.url", "must be an http(s) URL")
    if not host_allowed(host, allowed):
        raise _fail(file, entry, f"{where}.url", f"host {host} is not in allowed_hosts")
    values: dict[str, Any] = {"kind": kind, "url": url}
    for key, default in (("max_pages", DEFAULT_MAX_PAGES[kind]), ("first_page", 1)):
        value = raw.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < (1 if key == "max_pages" else 0):
            raise _fail(
                file, entry, f"{where}.{key}", f"must be a whole number ≥ {1 if key == 'max_pages' else 0}"
            )
        values[key] = value
    for key in ("item_selector", "date_selector", "next_selector"):
        selector = raw.get(key)
        if selector is None:
            continue
        if not isinstance(selector, str):
            raise _fail(file, entry, f"{where}.{key}", "must be a CSS selector string")
        problem = selector_problem(selector)
        if problem:
            raise _fail(file, entry, f"{where}.{key}", problem)
        values[key] = selector
    pattern = raw.get("link_pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise _fail(file, entry, f"{where}.link_pattern", f"bad regular expression: {exc}") from exc
        values["link_pattern"] = pattern
    return Discovery(**values)


def _checked(raw: Any, file: str, entry: str) -> Checked | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise _fail(file, entry, "checked", "must be a mapping with date and evidence")
    unknown = set(raw) - CHECKED_FIELDS
    if unknown:
        raise _fail(file, entry, f"checked.{sorted(unknown)[0]}", "unknown field")
    when = raw.get("date")
    if isinstance(when, date):  # YAML reads an unquoted 2026-02-06 as a date
        when = when.isoformat()
    try:
        date.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        when = None
    if not isinstance(when, str) or not when:
        raise _fail(file, entry, "checked.date", "required ISO date (YYYY-MM-DD)")
    evidence = raw.get("evidence")
    if isinstance(evidence, str):
        evidence = [evidence]
    evidence = _string_list(evidence, file, entry, "checked.evidence")
    unverified = raw.get("unverified", [])
    if isinstance(unverified, str):
        unverified = [unverified]
    if not isinstance(unverified, list) or not all(isinstance(item, str) and item for item in unverified):
        raise _fail(file, entry, "checked.unverified", "must be a list of strings")
    notes = raw.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise _fail(file, entry, "checked.notes", "must be a string")
    return Checked(date=when, evidence=evidence, unverified=tuple(unverified), notes=notes)


SELECTOR_DIALECT = (
    "selectors may use tags, #id, .class, [attr], [attr=value] (also ~= ^= $= *= |=), "
    "descendant and > combinators, and commas"
)


def selector_problem(selector: str) -> str | None:
    """Why a CSS selector is outside the one dialect a source entry may use, or None.

    Listings run their selectors with soupsieve, extraction hints theirs as XPath (css_to_xpath in
    scrapers.extract); the selectors both understand — tags, #ids, .classes, [attr op value],
    descendant and child combinators, comma groups — are the dialect of every selector in an entry, so
    one that would fail on a page is refused when the entry loads."""
    from scrapers.extract import css_to_xpath

    try:
        soupsieve.compile(selector)
        css_to_xpath(selector)
    except (soupsieve.SelectorSyntaxError, ValueError) as exc:
        return f"unsupported CSS selector {selector!r} ({exc}); {SELECTOR_DIALECT}"
    return None


def _extract_hints(raw: Any, file: str, entry: str) -> dict[str, Any]:
    """The `extract:` block, each hint a known field with selectors in the entry's dialect."""
    from scrapers.extract import HINT_FIELDS

    if not isinstance(raw, Mapping):
        raise _fail(file, entry, "extract", "must be a mapping of extraction hints")
    for key, value in raw.items():
        where = f"extract.{key}"
        if key not in HINT_FIELDS:
            raise _fail(file, entry, where, f"unknown extraction hint (one of {', '.join(HINT_FIELDS)})")
        selectors = value if key == "remove" and isinstance(value, list) else [value]
        for selector in selectors:
            if not isinstance(selector, str) or not selector:
                kind = "a CSS selector or a list of them" if key == "remove" else "a CSS selector"
                raise _fail(file, entry, where, f"must be {kind}, got {selector!r}")
            problem = selector_problem(selector)
            if problem:
                raise _fail(file, entry, where, problem)
    return dict(raw)


def _string_list(raw: Any, file: str, entry: str, field_name: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not raw or not all(isinstance(item, str) and item for item in raw):
        raise _fail(file, entry, field_name, "must be a non-empty list of strings")
    return tuple(raw)


def validate_source(raw: Any, file: str, index: int) -> Source:
    """Turn one raw YAML entry into a Source, or raise SourceError naming the first bad field."""
    if not isinstance(raw, Mapping):
        raise _fail(file, f"#{index}", "(entry)", "must be a mapping")
    name = raw.get("name")
    entry = name if isinstance(name, str) and name else f"#{index}"
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise _fail(file, entry, "name", "required, lower-case letters, digits and _ only")
    unknown = set(raw) - SOURCE_FIELDS - {"_files"}
    if unknown:
        raise _fail(file, entry, sorted(unknown)[0], "unknown field")
    title = raw.get("title", name)
    if not isinstance(title, str) or not title:
        raise _fail(file, entry, "title", "must be a non-empty string")
    base_url = raw.get("base_url")
    base_host = _url_host(base_url) if isinstance(base_url, str) else None
    if base_host is None:
        raise _fail(file, entry, "base_url", "required http(s) URL")
    allowed = tuple(
        h.lower() for h in _string_list(raw.get("allowed_hosts", [base_host]), file, entry, "allowed_hosts")
    )
    if not host_allowed(base_host, allowed):
        raise _fail(file, entry, "allowed_hosts", f"must include the base_url host {base_host}")
    province = raw.get("province")
    if province is not None and not isinstance(province, str):
        raise _fail(file, entry, "province", "must be a string")
    # The facts of the source's articles fall back to it, so a misspelt name would place them nowhere.
    if province is not None and named_province(province) is None:
        raise _fail(file, entry, "province", f"names no province of Vietnam: {province!r}")
    discovery_raw = raw.get("discovery")
    if not isinstance(discovery_raw, list) or not discovery_raw:
        raise _fail(file, entry, "discovery", "required non-empty list of discovery methods")
    discovery = tuple(_discovery(item, i, allowed, file, entry) for i, item in enumerate(discovery_raw))
    topics = _string_list(raw.get("topics", list(DEFAULT_TOPICS)), file, entry, "topics")
    rate_limit = raw.get("rate_limit", 1.0)
    if (
        isinstance(rate_limit, bool)
        or not isinstance(rate_limit, int | float)
        or not 0 < rate_limit <= MAX_RATE_LIMIT
    ):
        raise _fail(file, entry, "rate_limit", f"requests per second, a number in (0, {MAX_RATE_LIMIT:g}]")
    render = raw.get("render", False)
    if not isinstance(render, bool):
        raise _fail(file, entry, "render", "must be true or false")
    extract = _extract_hints(raw.get("extract") or {}, file, entry)
    checked = _checked(raw.get("checked"), file, entry)
    return Source(
        name=name,
        title=title,
        base_url=base_url,
        allowed_hosts=allowed,
        discovery=discovery,
        province=province,
        topics=topics,
        rate_limit=float(rate_limit),
        render=render,
        extract=extract,
        files=tuple(raw.get("_files", (file,))),
        checked=checked,
    )


def _raw_entries(path: Path) -> tuple[list[tuple[int, Any]], list[SourceError]]:
    """The entries of one YAML file with their index, or the error that makes the whole file unreadable."""
    try:
        # libyaml's loader (same types as safe_load): every task of a run loads the sources, 0.2 s a time
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return [], [_fail(str(path), "(file)", "(file)", f"cannot be read as YAML: {exc}")]
    entries = document.get("sources") if isinstance(document, Mapping) else None
    if not isinstance(entries, list):
        return [], [_fail(str(path), "(file)", "sources", "the file must hold a top-level `sources:` list")]
    return list(enumerate(entries)), []


def source_files(data: DataDir | None) -> list[Path]:
    """Shipped files first, then the deployment's, each group in name order; later files override."""
    shipped = sorted(SHIPPED_DIR.glob("*.yaml"))
    deployed = sorted([*data.sources.glob("*.yaml"), *data.sources.glob("*.yml")]) if data else []
    return [*shipped, *deployed]


def load_sources_and_errors(data: DataDir | None) -> tuple[dict[str, Source], list[SourceError]]:
    """Every valid source by name, and the validation errors of the entries that were skipped."""
    merged: dict[str, tuple[dict[str, Any], str, int]] = {}
    errors: list[SourceError] = []
    for path in source_files(data):
        entries, file_errors = _raw_entries(path)
        errors.extend(file_errors)
        for index, raw in entries:
            name = raw.get("name") if isinstance(raw, Mapping) else None
            if not isinstance(name, str) or not isinstance(raw, Mapping):
                merged[f"#{path}#{index}"] = (raw, str(path), index)
                continue
            previous = merged.get(name)
            if previous is None:
                merged[name] = ({**raw, "_files": (str(path),)}, str(path), index)
            else:
                base = previous[0]
                merged[name] = ({**base, **raw, "_files": (*base["_files"], str(path))}, str(path), index)
    sources: dict[str, Source] = {}
    for raw, file, index in merged.values():
        try:
            source = validate_source(raw, file, index)
        except SourceError as exc:
            errors.append(exc)
            continue
        sources[source.name] = source
    return sources, errors


def load_sources(data: DataDir | None) -> dict[str, Source]:
    return load_sources_and_errors(data)[0]


def source_errors(data: DataDir | None) -> list[SourceError]:
    return load_sources_and_errors(data)[1]


def get_source(name: str, data: DataDir | None) -> Source:
    sources, errors = load_sources_and_errors(data)
    if name in sources:
        return sources[name]
    reasons = [str(e) for e in errors if e.entry == name]
    detail = f"; its entry is invalid: {reasons[0]}" if reasons else ""
    raise UnknownSource(f"no valid source named {name!r}{detail}")
