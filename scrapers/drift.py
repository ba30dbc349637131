"""Drift: a source that keeps answering but lands nothing has most likely changed under its entry.

Every crawl writes its interval's partition even when nothing was found, so the landed manifests say, per
source, how many pages each collected interval landed. A source whose latest `runs` intervals (default 3)
all landed nothing is reported, with what its entry tries, so `danvan status` and the DAG log can say
"source X landed nothing in its last 3 runs (discovery: listing …)". `danvan check-source NAME` then says
which method or selector no longer matches.

`landing_drift(data)` is the function `danvan status` calls; it reads only the manifests and the
source entries, never the network.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from danvan.paths import DataDir
from scrapers.land import manifest_partitions, read_manifest

DEFAULT_RUNS = 3


@dataclass(frozen=True)
class Drift:
    source: str
    intervals: tuple[str, ...]  # the latest intervals, newest first, that all landed nothing
    methods: tuple[str, ...]  # the discovery methods the entry tries (kind:url)

    @property
    def warning(self) -> str:
        runs = len(self.intervals)
        tried = "; ".join(self.methods) if self.methods else "no valid entry"
        return (
            f"landed nothing in its last {runs} runs ({self.intervals[-1]} to {self.intervals[0]}); "
            f"the site may have changed: discovery tried {tried}; run `danvan check-source {self.source}`"
        )


def landed_per_interval(data: DataDir) -> dict[str, dict[str, int]]:
    """Pages landed without error, per source and interval, from the committed manifests."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for path in manifest_partitions(data):
        source = path.parent.parent.name.removeprefix("source=")
        interval = path.parent.name.removeprefix("interval=")
        counts[source][interval] = sum(1 for row in read_manifest(path) if not row.get("error"))
    return dict(counts)


def landing_drift(data: DataDir, runs: int = DEFAULT_RUNS) -> list[Drift]:
    """Sources whose latest `runs` collected intervals each landed no page (a source with fewer runs is
    not judged yet)."""
    from scrapers.sources import load_sources

    sources = load_sources(data)
    found: list[Drift] = []
    for source, per_interval in sorted(landed_per_interval(data).items()):
        latest = sorted(per_interval, reverse=True)[:runs]
        if len(latest) < runs or any(per_interval[interval] for interval in latest):
            continue
        entry = sources.get(source)
        methods = tuple(method.label for method in entry.discovery) if entry else ()
        found.append(Drift(source, tuple(latest), methods))
    return found


def drift_warnings(data: DataDir, runs: int = DEFAULT_RUNS) -> dict[str, str]:
    """The drift warning line per source, for `danvan status` and the DAG log."""
    return {drift.source: drift.warning for drift in landing_drift(data, runs)}
