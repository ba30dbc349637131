"""Drift: a source that keeps answering but whose entry no longer matches the site.

Three signs, each reported with the discovery method or extraction hint and the selector concerned, so
`danvan status`, the DAG log (after each landing) and `danvan check-source NAME` can say what to fix:

- **landed nothing**: every crawl writes its interval's partition even when nothing was found, so the
  landed manifests say how many pages each collected interval landed; a source whose latest `runs`
  intervals (default 3) all landed nothing is reported with the methods its entry tries.
- **a selector matches nothing on pages that answer 200**: discovery counts, per listing or search
  method, the pages that answered and those on which its `item_selector` (else its `link_pattern`) found
  an article link; the fetch stage counts the article pages that answered and those on which the
  `extract.body` hint found its element (a hint that finds nothing falls back to generic extraction
  without a word). The counts of each run are kept in the source's state (`selector_runs`, per interval);
  a selector that found nothing on any answering page in each of the latest `selector_runs` runs
  (default 2, so one quiet day of a per-day listing is not drift) is reported.
- **bodies shrink**: the median length of the texts extracted in the latest run is far below the median
  of the runs before it (below `SHRINK_RATIO` of it, with at least `MIN_SHRINK_PAGES` pages in the latest
  run and `MIN_HISTORY_PAGES` before): the body hint or the generic extractor now reads a smaller block
  (a caption, a teaser, a cookie notice) than the article.

Everything here reads only the manifests, the states and the source entries, never the network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import median
from typing import Any

from danvan.paths import DataDir
from scrapers.land import manifest_partitions, read_manifest

DEFAULT_RUNS = 3
DEFAULT_SELECTOR_RUNS = 2
SHRINK_RATIO = 0.4
MIN_SHRINK_PAGES = 3
MIN_HISTORY_PAGES = 5
HISTORY_RUNS = 10


@dataclass(frozen=True)
class Drift:
    """A source whose latest runs all landed nothing."""

    source: str
    intervals: tuple[str, ...]  # the latest intervals, newest first, that all landed nothing
    methods: tuple[str, ...]  # the discovery methods the entry tries (kind:url)

    kind = "landed_nothing"

    @property
    def warning(self) -> str:
        runs = len(self.intervals)
        tried = "; ".join(self.methods) if self.methods else "no valid entry"
        return (
            f"landed nothing in its last {runs} runs ({self.intervals[-1]} to {self.intervals[0]}); "
            f"the site may have changed: discovery tried {tried}; run `danvan check-source {self.source}`"
        )

    @property
    def fix(self) -> str:
        return "check each discovery method's URL and selectors against the site (the steps above)"


@dataclass(frozen=True)
class SelectorDrift:
    """A listing's item selector (or link pattern), or the body hint, that found nothing on any page that
    answered 200 in each of the source's latest runs."""

    source: str
    where: str  # "listing:https://…" (a discovery method's label) or "extract.body"
    field: str  # item_selector, link_pattern or extract.body
    selector: str
    intervals: tuple[str, ...]  # newest first
    pages: int  # pages that answered 200 in those runs
    examples: tuple[str, ...] = ()

    kind = "selector"

    @property
    def warning(self) -> str:
        runs = len(self.intervals)
        what = "article pages" if self.field == "extract.body" else "pages"
        method = "extraction hint" if self.field == "extract.body" else f"discovery {self.where}"
        return (
            f"{method}: {self.field} {self.selector!r} matched nothing on {self.pages} {what} that "
            f"answered 200 in its last {runs} runs ({self.intervals[-1]} to {self.intervals[0]}); "
            f"run `danvan check-source {self.source}`"
        )

    @property
    def fix(self) -> str:
        example = f" (e.g. {self.examples[0]})" if self.examples else ""
        if self.field == "extract.body":
            return (
                f"open an article page{example}, find the element that holds the article text and put its "
                f"selector in the entry's extract.body (now {self.selector!r}), or remove the hint"
            )
        return (
            f"open the listing{example}, find the element of one article in its list and set the "
            f"method's {self.field} (now {self.selector!r}) to it"
        )


@dataclass(frozen=True)
class ShrinkDrift:
    """Extracted bodies of the latest run far shorter than the source's history."""

    source: str
    interval: str
    pages: int
    median_chars: int
    history_median_chars: int
    history_runs: int
    body_hint: str | None

    kind = "shrink"

    @property
    def warning(self) -> str:
        reader = (
            f"extract.body {self.body_hint!r}" if self.body_hint else "the generic extractor (no body hint)"
        )
        return (
            f"extraction: bodies shrank to a median of {self.median_chars} characters over "
            f"{self.pages} pages in its last run ({self.interval}) against {self.history_median_chars} "
            f"in the {self.history_runs} runs before; {reader} may now read the wrong block; "
            f"run `danvan check-source {self.source}`"
        )

    @property
    def fix(self) -> str:
        if self.body_hint:
            return (
                f"compare an article page with its extracted text: extract.body {self.body_hint!r} now "
                "selects a smaller block than the article; point it at the article's text element"
            )
        return "add an extract.body hint naming the element that holds the article text"


Finding = Drift | SelectorDrift | ShrinkDrift


def hint_matches(body: bytes, selector: str, content_type: str | None = None) -> bool:
    """Whether an extraction hint's selector finds an element with text on a page."""
    import lxml.html

    from scrapers.extract import decode_html, select_first

    try:
        tree = lxml.html.fromstring(decode_html(body, content_type))
    except (ValueError, lxml.etree.ParserError):
        return False
    found = select_first(tree, selector)
    return found is not None and bool(found.text_content().strip())


def _texts_per_interval(data: DataDir, only: str | None = None) -> dict[str, dict[str, list[int]]]:
    """Lengths of the texts landed without error, per source (or only one) and interval, from the
    committed manifests."""
    lengths: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for path in manifest_partitions(data):
        source = path.parent.parent.name.removeprefix("source=")
        if only is not None and source != only:
            continue
        interval = path.parent.name.removeprefix("interval=")
        lengths[source][interval] = [
            len(row.get("text") or "") for row in read_manifest(path) if not row.get("error")
        ]
    return dict(lengths)


def landed_per_interval(data: DataDir) -> dict[str, dict[str, int]]:
    """Pages landed without error, per source and interval, from the committed manifests."""
    return {
        source: {interval: len(rows) for interval, rows in per_interval.items()}
        for source, per_interval in _texts_per_interval(data).items()
    }


def _landing(name: str, per_interval: dict[str, int], runs: int, sources: dict) -> Drift | None:
    latest = sorted(per_interval, reverse=True)[:runs]
    if len(latest) < runs or any(per_interval[interval] for interval in latest):
        return None
    entry = sources.get(name)
    methods = tuple(method.label for method in entry.discovery) if entry else ()
    return Drift(name, tuple(latest), methods)


def landing_drift(data: DataDir, runs: int = DEFAULT_RUNS) -> list[Drift]:
    """Sources whose latest `runs` collected intervals each landed no page (a source with fewer runs is
    not judged yet)."""
    from scrapers.sources import load_sources

    sources = load_sources(data)
    found = [
        _landing(name, counts, runs, sources) for name, counts in sorted(landed_per_interval(data).items())
    ]
    return [drift for drift in found if drift]


def _state_names(data: DataDir) -> list[str]:
    if not data.state.is_dir():
        return []
    return sorted(path.stem for path in data.state.glob("*.json") if not path.name.startswith("."))


def _selector_findings(name: str, state: dict[str, Any], runs: int) -> list[SelectorDrift]:
    history: dict[str, Any] = state.get("selector_runs") or {}
    latest = sorted(history, reverse=True)[:runs]
    if len(latest) < runs:
        return []
    # Each check (a listing method's or the body hint's) keyed by where it applies and its selector.
    per_check: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for interval in latest:
        run = history[interval] or {}
        checks = list(run.get("listing") or [])
        if run.get("body"):
            checks.append({**run["body"], "method": "extract.body"})
        for check in checks:
            per_check[(check["method"], check["field"], check["selector"])].append(check)
    findings = []
    for (where, field_name, selector), checks in sorted(per_check.items()):
        # Drift: the check ran in every one of the latest runs, pages answered, and it never matched.
        if len(checks) < runs or any(c["matched"] for c in checks) or not all(c["pages"] for c in checks):
            continue
        examples = tuple(url for c in checks for url in c.get("empty") or ())[:3]
        pages = sum(c["pages"] for c in checks)
        findings.append(SelectorDrift(name, where, field_name, selector, tuple(latest), pages, examples))
    return findings


def selector_drift(data: DataDir, runs: int = DEFAULT_SELECTOR_RUNS) -> list[SelectorDrift]:
    """Listing item selectors, link patterns and body hints that matched nothing on any page that
    answered 200 in each of their source's latest `runs` runs."""
    from scrapers.state import read_state

    return [
        finding
        for name in _state_names(data)
        for finding in _selector_findings(name, read_state(data, name), runs)
    ]


def _shrink(name: str, per_interval: dict[str, list[int]], body_hint: str | None) -> ShrinkDrift | None:
    intervals = sorted(per_interval, reverse=True)
    if len(intervals) < 2:
        return None
    latest, before = intervals[0], intervals[1 : 1 + HISTORY_RUNS]
    recent = per_interval[latest]
    history = [length for interval in before for length in per_interval[interval]]
    if len(recent) < MIN_SHRINK_PAGES or len(history) < MIN_HISTORY_PAGES:
        return None
    now, usual = median(recent), median(history)
    if usual <= 0 or now >= SHRINK_RATIO * usual:
        return None
    runs = sum(1 for interval in before if per_interval[interval])
    return ShrinkDrift(name, latest, len(recent), int(now), int(usual), runs, body_hint)


def shrink_drift(data: DataDir) -> list[ShrinkDrift]:
    """Sources whose latest run's extracted bodies are far shorter (median) than those of the runs
    before it."""
    from scrapers.sources import load_sources

    sources = load_sources(data)
    found = []
    for name, per_interval in sorted(_texts_per_interval(data).items()):
        entry = sources.get(name)
        hint = (entry.extract or {}).get("body") if entry else None
        finding = _shrink(name, per_interval, hint if isinstance(hint, str) else None)
        if finding:
            found.append(finding)
    return found


def all_drift(data: DataDir) -> list[Finding]:
    """Every drift finding of every source, source by source."""
    findings: list[Finding] = [*landing_drift(data), *selector_drift(data), *shrink_drift(data)]
    return sorted(findings, key=lambda finding: finding.source)


def source_drift(data: DataDir, name: str) -> list[Finding]:
    """The drift findings of one source (what the DAG log prints after its landing, and check-source)."""
    from scrapers.sources import load_sources
    from scrapers.state import read_state

    sources = load_sources(data)
    entry = sources.get(name)
    hint = (entry.extract or {}).get("body") if entry else None
    per_interval = _texts_per_interval(data, only=name).get(name, {})
    counts = {interval: len(lengths) for interval, lengths in per_interval.items()}
    findings: list[Finding] = []
    landed = _landing(name, counts, DEFAULT_RUNS, sources)
    if landed:
        findings.append(landed)
    findings += _selector_findings(name, read_state(data, name), DEFAULT_SELECTOR_RUNS)
    shrunk = _shrink(name, per_interval, hint if isinstance(hint, str) else None)
    if shrunk:
        findings.append(shrunk)
    return findings


def drift_warnings(data: DataDir, runs: int = DEFAULT_RUNS) -> dict[str, str]:
    """The drift warning line per source (its findings joined), for `danvan status` and the DAG log."""
    lines: dict[str, list[str]] = defaultdict(list)
    for finding in [*landing_drift(data, runs), *selector_drift(data), *shrink_drift(data)]:
        lines[finding.source].append(f"drift: {finding.warning}")
    return {source: " | ".join(found) for source, found in lines.items()}
