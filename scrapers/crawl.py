"""Crawl one source for one data interval: discover, fetch politely, extract, land one partition.

The partition of (source, interval) is rebuilt from what this run fetched merged over what the previous
run of the same interval landed: per URL the newest successful page wins, a page that failed now but landed
before keeps its landed copy, and a URL that never succeeded keeps its newest error row. So a re-run
replaces its own partition without duplicating or losing a page. Earlier error rows are retried.
Hosts are fetched in parallel, one thread per host, each host at the source's rate limit.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from warcio.archiveiterator import ArchiveIterator

from danvan.paths import DataDir
from scrapers.discover import DiscoveryReport, Item, Window, discover
from scrapers.extract import extract_article
from scrapers.fetch import HTML_TYPES, FetchConfig, Fetcher, FetchResult, HostClock
from scrapers.land import LandedPage, land_partition, manifest_path, read_manifest
from scrapers.render import Renderer, RenderError
from scrapers.sources import Source, get_source, host_allowed
from scrapers.state import read_state, record_failure, update_state

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# A repeated run of the current interval re-reads this much before the newest item it has seen,
# for articles a site publishes with a backdated time.
KNOWN_GROUND_OVERLAP = timedelta(hours=1)
MAX_HOST_THREADS = 8
MAX_WARNINGS = 50
# `danvan status` prints the state's warnings on one line.
STATE_WARNINGS = 10
# The selector observations of this many most recent intervals are kept in a source's state.
SELECTOR_RUNS_KEPT = 10

Progress = Callable[[str], None]
PageFetch = Callable[[str, dict[str, str] | None], FetchResult]
RENDERED_HEADER = ("X-Danvan-Rendered", "chromium")


class SourceUnavailable(RuntimeError):
    """The source yielded nothing because it is failing (every discovery method failed)."""


@dataclass
class CrawlSummary:
    source: str
    interval: str
    discovered: int = 0
    fetched: int = 0
    landed: int = 0
    errors: int = 0
    warnings: list[str] = field(default_factory=list)
    unchanged: int = 0
    out_of_window: int = 0
    partition: Path | None = None


def interval_label(start: datetime) -> str:
    """The partition name of a data interval: its start's local date in Vietnam (naive means UTC)."""
    aware = start if start.tzinfo else start.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM_TZ).date().isoformat()


def host_clock(data: DataDir) -> HostClock:
    """The deployment's per-host request clock: discover and fetch tasks keep each host's rate limit
    between them."""
    return HostClock(data.state / "hosts")


def crawl_window(start: datetime, end: datetime, newest_seen_at: datetime | None) -> Window:
    """The run's window; when this interval was crawled before, items well before the newest seen are
    known ground (they are in the partition already), so listings stop there."""
    start = start if start.tzinfo else start.replace(tzinfo=UTC)
    end = end if end.tzinfo else end.replace(tzinfo=UTC)
    cutoff = start
    if newest_seen_at is not None and start < newest_seen_at - KNOWN_GROUND_OVERLAP < end:
        cutoff = newest_seen_at - KNOWN_GROUND_OVERLAP
    return Window(start, end, cutoff)


def landed_pages(data: DataDir, source: str, interval: str) -> dict[str, LandedPage]:
    """The pages of the committed partition, bodies read back from its WARC, by URL."""
    manifest = manifest_path(data, source, interval)
    if not manifest.exists():
        return {}
    rows = read_manifest(manifest)
    records: dict[int, tuple[bytes, tuple[tuple[str, str], ...]]] = {}
    warc_files = {row["warc_file"] for row in rows if row["warc_file"]}
    for warc_file in warc_files:
        if not (data.root / warc_file).exists():
            # Without its WARC a landed row cannot be carried over with its body; its page is re-fetched.
            continue
        with (data.root / warc_file).open("rb") as fh:
            iterator = ArchiveIterator(fh)
            for record in iterator:
                if record.rec_type not in ("response", "resource"):
                    continue
                headers = tuple(record.http_headers.headers) if record.http_headers else ()
                records[iterator.get_record_offset()] = (record.content_stream().read(), headers)
    pages: dict[str, LandedPage] = {}
    for row in rows:
        if row["warc_offset"] is not None and row["warc_offset"] not in records:
            continue
        body, headers = (
            records.get(row["warc_offset"], (b"", ())) if row["warc_offset"] is not None else (b"", ())
        )
        pages[row["url"]] = LandedPage(
            url=row["url"],
            source=row["source"],
            fetched_at=row["fetched_at"],
            body=body,
            http_status=row["http_status"],
            content_type=row["content_type"],
            response_headers=headers,
            canonical_url=row["canonical_url"],
            title=row["title"],
            published_at=row["published_at"],
            author=row["author"],
            text=row["text"],
            error=row["error"],
            discovered_via=row["discovered_via"],
        )
    return pages


def _in_window(window: Window, moment: datetime | None) -> bool:
    return moment is None or window.start <= moment < window.end


@dataclass
class _Outcome:
    item: Item
    page: LandedPage | None
    result: FetchResult
    out_of_window: bool = False


def rendered(result: FetchResult, renderer: Renderer, timeout: float) -> FetchResult:
    """A politely fetched page replaced by its DOM after its scripts ran; what lands is what was read."""
    if not result.ok:
        return result
    try:
        page = renderer.render(result.final_url, timeout)
    except RenderError as exc:
        return replace(result, body=b"", error=f"render failed: {exc}")
    headers = tuple(
        (k, v) for k, v in result.headers if k.lower() not in ("content-type", "etag", "last-modified")
    )
    return replace(
        result,
        final_url=page.final_url,
        body=page.html,
        content_type="text/html; charset=utf-8",
        headers=(*headers, ("Content-Type", "text/html; charset=utf-8"), RENDERED_HEADER),
    )


@contextmanager
def page_fetcher(source: Source, fetcher: Fetcher) -> Iterator[PageFetch]:
    """How the source's HTML pages are fetched: plainly, or through headless Chromium for `render` sources
    (robots.txt and the rate limit still apply to the page itself)."""
    if not source.render:
        yield lambda url, validators: fetcher.fetch(url, HTML_TYPES, validators)
        return
    try:
        renderer = Renderer(user_agent=fetcher.config.user_agent, allowed_hosts=source.allowed_hosts)
    except RenderError as exc:
        raise SourceUnavailable(f"{source.name}: cannot render pages: {exc}") from exc
    timeout = fetcher.config.render_timeout
    with renderer:
        yield lambda url, _validators: rendered(fetcher.fetch(url, HTML_TYPES), renderer, timeout)


class _Crawl:
    def __init__(self, source: Source, window: Window, fetch: PageFetch, progress: Progress):
        self.source = source
        self.window = window
        self.fetch = fetch
        self.progress = progress

    def landed_page(self, item: Item, result: FetchResult) -> LandedPage:
        base = LandedPage(
            url=result.final_url,
            source=self.source.name,
            fetched_at=result.fetched_at,
            body=result.body,
            http_status=result.status,
            content_type=result.content_type,
            response_headers=result.headers,
            discovered_via=item.via,
        )
        if result.error:
            return replace(base, url=item.url, body=b"", error=result.error)
        article = extract_article(
            result.body,
            result.final_url,
            hints=dict(self.source.extract),
            fetched_at=result.fetched_at,
            content_type=result.content_type,
        )
        canonical_host = urlsplit(article.canonical_url).hostname or ""
        canonical = (
            article.canonical_url
            if host_allowed(canonical_host, self.source.allowed_hosts)
            else result.final_url
        )
        return replace(
            base,
            canonical_url=canonical,
            title=article.title,
            published_at=article.published_at or item.published_at,
            author=article.author,
            text=article.text,
        )

    def fetch_item(self, item: Item, validators: dict[str, str] | None) -> _Outcome:
        result = self.fetch(item.url, validators)
        if result.not_modified:
            return _Outcome(item, None, result)
        page = self.landed_page(item, result)
        # An item the site gave no date is kept only if its page's own date is in the window (or unknown).
        out = item.published_at is None and not _in_window(self.window, page.published_at)
        return _Outcome(item, None if out else page, result, out_of_window=out)

    def fetch_host(self, items: list[tuple[Item, dict[str, str] | None]]) -> list[_Outcome]:
        outcomes = []
        for item, validators in items:
            outcome = self.fetch_item(item, validators)
            status = "unchanged" if outcome.result.not_modified else (outcome.result.error or "ok")
            self.progress(f"{self.source.name}: {item.url} — {status}")
            outcomes.append(outcome)
        return outcomes

    def fetch_all(self, plan: list[tuple[Item, dict[str, str] | None]]) -> list[_Outcome]:
        """Hosts in parallel, one thread each; within a host, in discovery order at the rate limit."""
        by_host: dict[str, list[tuple[Item, dict[str, str] | None]]] = defaultdict(list)
        for entry in plan:
            by_host[urlsplit(entry[0].url).netloc].append(entry)
        if not by_host:
            return []
        if self.source.render:
            # The browser belongs to this thread (Playwright's sync API); a rendered site is one host anyway.
            return [outcome for batch in by_host.values() for outcome in self.fetch_host(batch)]
        with ThreadPoolExecutor(max_workers=min(MAX_HOST_THREADS, len(by_host))) as pool:
            batches = list(pool.map(self.fetch_host, by_host.values()))
        return [outcome for batch in batches for outcome in batch]


def body_hint_check(source: Source, results: list[FetchResult]) -> dict[str, Any] | None:
    """How many fetched pages answered 200 and on how many the entry's `extract.body` hint found its
    element (a hint that finds nothing falls back to generic extraction silently: drift)."""
    from scrapers.drift import hint_matches

    selector = (source.extract or {}).get("body")
    if not isinstance(selector, str) or not selector:
        return None
    answered = [r for r in results if r.ok and r.status == 200 and r.body and not r.not_modified]
    missed = [r.final_url for r in answered if not hint_matches(r.body, selector, r.content_type)]
    return {
        "field": "extract.body",
        "selector": selector,
        "pages": len(answered),
        "matched": len(answered) - len(missed),
        "empty": missed[:3],
    }


def merged_partition(
    previous: dict[str, LandedPage], fresh: list[LandedPage], attempted: set[str]
) -> tuple[list[LandedPage], list[str]]:
    """Per URL the newest successful page, else the newest error; and the re-fetch failures that kept
    an earlier landed copy."""
    pages = {url: page for url, page in previous.items() if not (page.error and url in attempted)}
    kept: list[str] = []
    for page in fresh:
        old = pages.get(page.url)
        if page.error and old is not None and not old.error:
            kept.append(f"re-fetch of {page.url} failed ({page.error}); kept the landed copy")
            continue
        pages[page.url] = page
    return list(pages.values()), kept


def _validators_for(state: dict[str, Any], url: str, data: DataDir, source: str) -> dict[str, str] | None:
    """Conditional-request validators, only while the partition holding the landed copy still exists."""
    known = state["validators"].get(url)
    if not known or not manifest_path(data, source, known.get("interval", "")).exists():
        return None
    return {key: known[key] for key in ("etag", "last_modified") if known.get(key)} or None


def _plan(
    report: DiscoveryReport,
    previous: dict[str, LandedPage],
    state: dict[str, Any],
    data: DataDir,
    source: str,
    conditional: bool,
) -> list[tuple[Item, dict[str, str] | None]]:
    """Discovered items, plus earlier error rows of this partition to retry, with their validators."""
    items = list(report.items)
    known = {item.url for item in items}
    for url, page in previous.items():
        if page.error and url not in known and not page.error.startswith("refused"):
            items.append(Item(url, page.published_at, page.discovered_via or "retry", page.title))
    return [(item, _validators_for(state, item.url, data, source) if conditional else None) for item in items]


def _refused_pages(refused: list[tuple[Item, str]], source: str, when: datetime) -> list[LandedPage]:
    return [
        LandedPage(
            url=item.url, source=source, fetched_at=when, error=f"refused: {reason}", discovered_via=item.via
        )
        for item, reason in refused
    ]


def spool(data: DataDir, name: str, label: str) -> DataDir:
    """Where a crawl's stages hand over to each other: fetched pages wait here, in the same WARC and
    manifest format as the landing zone, until the land stage commits them. Outside the manifest glob
    dbt reads, so nothing here is ever seen by the warehouse."""
    return DataDir(data.landing / ".inflight" / f"source={name}" / f"interval={label}")


def _item_record(item: Item) -> dict[str, Any]:
    return {
        "url": item.url,
        "published_at": item.published_at.isoformat() if item.published_at else None,
        "via": item.via,
        "title": item.title,
    }


def _item(record: dict[str, Any]) -> Item:
    published = record["published_at"]
    return Item(
        record["url"],
        datetime.fromisoformat(published) if published else None,
        record["via"],
        record["title"],
    )


def _write_json(path: Path, value: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    tmp.replace(path)


def _read_json(path: Path, stage: str) -> dict[str, Any]:
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run the {stage} stage of this source and interval first")
    return json.loads(path.read_text(encoding="utf-8"))


def discover_stage(
    name: str,
    start: datetime,
    end: datetime,
    data: DataDir,
    progress: Progress | None = None,
    *,
    config: FetchConfig | None = None,
) -> dict[str, Any]:
    """Stage 1: list the source's items of [start, end) and hand them to the fetch stage. Raises
    SourceUnavailable (after recording it in the source's state) when every discovery method failed."""
    emit = progress or (lambda _message: None)
    source = get_source(name, data)
    label = interval_label(start)
    window = crawl_window(start, end, read_state(data, name)["newest_seen_at"])
    run_started = datetime.now(UTC)
    try:
        with (
            Fetcher(source.allowed_hosts, source.rate_limit, config, host_clock(data)) as fetcher,
            page_fetcher(source, fetcher) as fetch,
        ):
            report = discover(source, fetcher, window, lambda url: fetch(url, None))
    except SourceUnavailable as exc:
        record_failure(data, name, run_started, f"source unavailable: {exc}", [])
        raise
    if report.source_failing:
        reason = "; ".join(report.errors) or "no discovery method answered"
        exc = SourceUnavailable(f"{name}: every discovery method failed: {reason}")
        record_failure(data, name, run_started, f"source unavailable: {exc}", [])
        raise exc
    emit(f"{name}: discovered {len(report.items)} items for {label} ({report.pages_fetched} discovery pages)")
    handover = {
        "source": name,
        "interval": label,
        "run_started": run_started.isoformat(),
        "items": [_item_record(item) for item in report.items],
        "refused": [[_item_record(item), reason] for item, reason in report.refused],
        "warnings": [*report.warnings, *report.errors],
        "selector_checks": list(report.selector_checks.values()),
    }
    _write_json(spool(data, name, label).root / "discovered.json", handover)
    return {
        "source": name,
        "interval": label,
        "discovered": len(report.items),
        "refused": len(report.refused),
    }


def fetch_stage(
    name: str,
    start: datetime,
    end: datetime,
    data: DataDir,
    progress: Progress | None = None,
    *,
    config: FetchConfig | None = None,
) -> dict[str, Any]:
    """Stage 2: fetch and extract the discovered items (and earlier failures to retry), hosts in
    parallel, and spool the pages for the land stage."""
    emit = progress or (lambda _message: None)
    source = get_source(name, data)
    label = interval_label(start)
    inflight = spool(data, name, label)
    handover = _read_json(inflight.root / "discovered.json", "discover")
    state = read_state(data, name)
    window = crawl_window(start, end, state["newest_seen_at"])
    report = DiscoveryReport(items=[_item(record) for record in handover["items"]])
    previous = landed_pages(data, name, label)
    plan = _plan(report, previous, state, data, name, conditional=not source.render)
    with (
        Fetcher(source.allowed_hosts, source.rate_limit, config, host_clock(data)) as fetcher,
        page_fetcher(source, fetcher) as fetch,
    ):
        outcomes = _Crawl(source, window, fetch, emit).fetch_all(plan)
    fresh = [o.page for o in outcomes if o.page is not None]
    land_partition(inflight, name, label, fresh)
    run_started = datetime.fromisoformat(handover["run_started"])
    landed = [o for o in outcomes if o.page is not None and not o.page.error]
    # A page dated in the future (a typo on the site) must not move known ground past now.
    newest = max(
        (
            p.published_at
            for o in landed
            if (p := o.page) and p.published_at and p.published_at <= run_started
        ),
        default=None,
    )
    handover.update(
        attempted=[o.item.url for o in outcomes],
        fetched=sum(1 for o in outcomes if o.result.ok),
        errors=sum(1 for o in outcomes if o.page is not None and o.page.error),
        unchanged=sum(1 for o in outcomes if o.result.not_modified),
        out_of_window=sum(1 for o in outcomes if o.out_of_window),
        validators={o.item.url: o.result.validators or {} for o in landed},
        newest_published_at=newest.isoformat() if newest else None,
        body_check=body_hint_check(source, [o.result for o in outcomes]),
    )
    _write_json(inflight.root / "fetched.json", handover)
    return {"source": name, "interval": label, "fetched": handover["fetched"], "errors": handover["errors"]}


def land_stage(name: str, start: datetime, data: DataDir, progress: Progress | None = None) -> CrawlSummary:
    """Stage 3: merge the spooled pages over the interval's committed partition, land it, record the
    source's state, and clear the spool."""
    emit = progress or (lambda _message: None)
    label = interval_label(start)
    inflight = spool(data, name, label)
    handover = _read_json(inflight.root / "fetched.json", "fetch")
    run_started = datetime.fromisoformat(handover["run_started"])
    refused = [(_item(record), reason) for record, reason in handover["refused"]]
    fresh = list(landed_pages(inflight, name, label).values()) + _refused_pages(refused, name, run_started)
    pages, kept = merged_partition(landed_pages(data, name, label), fresh, set(handover["attempted"]))
    warnings = [*handover["warnings"], *kept]
    if refused:
        warnings.append(f"refused {len(refused)} links outside the allowed hosts")
    landed = land_partition(data, name, label, pages)
    summary = CrawlSummary(
        source=name,
        interval=label,
        discovered=len(handover["items"]),
        fetched=handover["fetched"],
        landed=sum(1 for p in pages if not p.error),
        errors=handover["errors"] + len(refused),
        warnings=warnings[:MAX_WARNINGS],
        unchanged=handover["unchanged"],
        out_of_window=handover["out_of_window"],
        partition=landed.manifest,
    )
    newest = handover["newest_published_at"]
    _record_success(
        data,
        name,
        label,
        run_started,
        handover["validators"],
        datetime.fromisoformat(newest) if newest else None,
        summary,
        {"listing": handover.get("selector_checks", []), "body": handover.get("body_check")},
    )
    shutil.rmtree(inflight.root, ignore_errors=True)
    emit(
        f"{name}: {label}: {summary.fetched} fetched, {summary.landed} landed, {summary.errors} errors, "
        f"{summary.unchanged} unchanged"
    )
    # The DAG log (and any caller's progress) carries the source's drift warnings after each landing.
    from scrapers.drift import source_drift

    for finding in source_drift(data, name):
        emit(f"{name}: DRIFT WARNING: {finding.warning}")
    return summary


def crawl_source(
    name: str,
    start: datetime,
    end: datetime,
    data: DataDir,
    progress: Progress | None = None,
    *,
    config: FetchConfig | None = None,
) -> CrawlSummary:
    """Discover the source's items of [start, end), fetch and extract them, land one partition, record
    state: the three stages the DAG runs as separate tasks, in one call. Raises SourceUnavailable (after
    recording it) when every discovery method failed."""
    discover_stage(name, start, end, data, progress, config=config)
    fetch_stage(name, start, end, data, progress, config=config)
    return land_stage(name, start, data, progress)


def _record_success(
    data: DataDir,
    name: str,
    label: str,
    when: datetime,
    validators: dict[str, dict[str, str]],
    newest: datetime | None,
    summary: CrawlSummary,
    checks: dict[str, Any] | None = None,
) -> None:
    def change(state: dict[str, Any]) -> None:
        state["last_success_at"] = when
        if checks is not None:
            # What the entry's selectors matched in each recent run (scrapers.drift reads it).
            runs = {**(state.get("selector_runs") or {}), label: {**checks, "at": when.isoformat()}}
            state["selector_runs"] = {key: runs[key] for key in sorted(runs)[-SELECTOR_RUNS_KEPT:]}
        state["last_run_at"] = when
        extra = len(summary.warnings) - STATE_WARNINGS
        state["warnings"] = summary.warnings[:STATE_WARNINGS] + ([f"(+{extra} more)"] if extra > 0 else [])
        state["last_run"] = {
            "interval": label,
            "discovered": summary.discovered,
            "fetched": summary.fetched,
            "landed": summary.landed,
            "errors": summary.errors,
            "unchanged": summary.unchanged,
        }
        if newest and (state["newest_seen_at"] is None or newest > state["newest_seen_at"]):
            state["newest_seen_at"] = newest
        for url, url_validators in validators.items():
            state["validators"].pop(url, None)
            if url_validators:
                state["validators"][url] = {**url_validators, "interval": label}

    update_state(data, name, change)
