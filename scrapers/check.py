"""`danvan check-source NAME`: a live smoke check of one source on a networked machine.

It runs each discovery method of the source over the last few days, fetches the newest item it found and
extracts it, and reports every step as ok, warning or failed with what it saw, so a user can tell which
step broke (a moved feed, a robots.txt change, a redesigned article page) without reading logs.
Nothing is landed and no state is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from danvan.paths import DataDir
from scrapers.crawl import SourceUnavailable, page_fetcher
from scrapers.discover import Item, Window, discover
from scrapers.drift import SelectorDrift, hint_matches, source_drift
from scrapers.extract import extract_article
from scrapers.fetch import FetchConfig, Fetcher
from scrapers.sources import UnknownSource, get_source

CHECK_DAYS = 3
SHOWN_ITEMS = 3


@dataclass(frozen=True)
class CheckStep:
    name: str
    status: str  # "ok", "warning" or "failed"
    detail: str


@dataclass
class CheckReport:
    source: str
    steps: list[CheckStep] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.steps) and all(step.status != "failed" for step in self.steps)

    def add(self, name: str, status: str, detail: str) -> None:
        self.steps.append(CheckStep(name, status, detail))

    def render(self) -> str:
        lines = [f"check-source {self.source}"]
        for step in self.steps:
            lines.append(f"  [{step.status.upper():<7}] {step.name}")
            lines.extend(f"            {line}" for line in step.detail.splitlines())
        lines.append("  result: " + ("ok" if self.ok else "FAILED"))
        return "\n".join(lines)


def _newest(items: list[Item]) -> Item:
    dated = [item for item in items if item.published_at is not None]
    return max(dated, key=lambda item: item.published_at) if dated else items[0]


def _describe(items: list[Item]) -> str:
    shown = sorted(items, key=lambda i: i.published_at or datetime.min.replace(tzinfo=UTC), reverse=True)
    lines = [f"{len(items)} items"]
    lines.extend(
        f"{item.published_at.isoformat() if item.published_at else '(no date)'}  {item.url}"
        for item in shown[:SHOWN_ITEMS]
    )
    return "\n".join(lines)


def _check_listing_selector(report: CheckReport, name: str, check: dict | None) -> None:
    """A listing whose pages answered but whose item selector (or link pattern) found nothing there."""
    if not check or not check["pages"] or check["matched"]:
        return
    drift = SelectorDrift(
        name,
        check["method"],
        check["field"],
        check["selector"],
        ("now",),
        check["pages"],
        tuple(check["empty"]),
    )
    report.add(
        f"{check['field']} of {check['method']}",
        "failed",
        f"{check['selector']!r} matched nothing on {check['pages']} pages that answered 200 "
        f"({', '.join(check['empty'])})\nfix: {drift.fix}",
    )


def check_source(
    name: str, data: DataDir, *, config: FetchConfig | None = None, now: datetime | None = None
) -> CheckReport:
    """Discover a few recent items with each method, fetch and extract the newest; say what failed."""
    report = CheckReport(name)
    try:
        source = get_source(name, data)
    except UnknownSource as exc:
        report.add("source entry", "failed", str(exc.args[0]))
        return report
    report.add("source entry", "ok", f"{source.title} ({', '.join(source.files)})")
    for finding in source_drift(data, name):
        report.add(f"drift ({finding.kind})", "warning", f"{finding.warning}\nfix: {finding.fix}")
    end = (now or datetime.now(UTC)) + timedelta(days=1)
    window = Window(end - timedelta(days=CHECK_DAYS + 1), end, end - timedelta(days=CHECK_DAYS + 1))
    found: list[Item] = []
    try:
        with (
            Fetcher(source.allowed_hosts, source.rate_limit, config) as fetcher,
            page_fetcher(source, fetcher) as fetch,
        ):
            for method in source.discovery:
                single = replace(source, discovery=(method,))
                result = discover(single, fetcher, window, lambda url: fetch(url, None))
                notes = [
                    note.removeprefix(f"{method.label}: ") for note in [*result.errors, *result.warnings]
                ]
                notes += [f"refused {item.url}: {reason}" for item, reason in result.refused]
                if result.methods_failed:
                    report.add(f"discover {method.label}", "failed", "\n".join(notes))
                    continue
                status = "ok" if result.items else "warning"
                empty = f"no items in the last {CHECK_DAYS} days"
                detail = _describe(result.items) if result.items else empty
                report.add(f"discover {method.label}", status, "\n".join([detail, *notes]))
                _check_listing_selector(report, name, result.selector_checks.get(method.label))
                found.extend(item for item in result.items if item.url not in {f.url for f in found})
            if not found:
                report.add("fetch", "failed", "nothing discovered to fetch")
                return report
            item = _newest(found)
            page = fetch(item.url, None)
    except SourceUnavailable as exc:
        report.add("render", "failed", str(exc))
        return report
    if not page.ok:
        report.add(f"fetch {item.url}", "failed", page.error or f"HTTP {page.status}")
        return report
    report.add(
        f"fetch {item.url}",
        "ok",
        f"HTTP {page.status}, {page.content_type or 'no content type'}, {len(page.body)} bytes"
        + (f", redirected to {page.final_url}" if page.final_url != item.url else ""),
    )
    article = extract_article(
        page.body, page.final_url, dict(source.extract), page.fetched_at, page.content_type
    )
    body_hint = (source.extract or {}).get("body")
    if isinstance(body_hint, str) and body_hint and not hint_matches(page.body, body_hint, page.content_type):
        drift = SelectorDrift(name, "extract.body", "extract.body", body_hint, ("now",), 1, (page.final_url,))
        report.add(
            "extract.body hint",
            "failed",
            f"{body_hint!r} matches nothing on {page.final_url} (HTTP {page.status}); the text below is "
            f"the generic extractor's\nfix: {drift.fix}",
        )
    missing = [label for label, value in (("title", article.title), ("text", article.text)) if not value]
    report.add(
        "extract",
        "failed" if missing else ("ok" if article.published_at else "warning"),
        "\n".join(
            [
                f"title: {article.title or '(none)'}",
                f"published_at: {article.published_at.isoformat() if article.published_at else '(none)'}",
                f"author: {article.author or '(none)'}",
                f"canonical_url: {article.canonical_url}",
                f"text: {len(article.text)} characters"
                + (f", begins “{article.text[:80]}…”" if article.text else ""),
                *([f"missing: {', '.join(missing)}"] if missing else []),
            ]
        ),
    )
    return report
