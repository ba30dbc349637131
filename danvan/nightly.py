"""The task bodies of the danvan_nightly DAG; dags/danvan_nightly.py only wires them.

Each function takes and returns plain, JSON-serialisable values (they travel as XComs) and reads the
deployment's state directory from DANVAN_DATA_DIR.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime, time, timedelta

from danvan.paths import data_dir
from danvan.settings import LOCAL_TZ

SOURCE_SELECTION_ENV = "DANVAN_SOURCES"
# A run's conf {"build": false} makes it scrape only, leaving the build to a later run.
BUILD_CONF_KEY = "build"


def day_window(data_interval_start: datetime) -> tuple[datetime, datetime]:
    """The local calendar day a run collects: the day its data interval starts on. The DAG runs at
    01:00, an hour after the day ends, so articles a site dates at midnight or without a time fall into
    the day they are dated, not the one before."""
    day = data_interval_start.astimezone(LOCAL_TZ).date()
    start = datetime.combine(day, time(0), LOCAL_TZ)
    return start, start + timedelta(days=1)


def selected(names: list[str], selection: str | None) -> list[str]:
    """The configured sources a run covers: all of them, or those named in DANVAN_SOURCES (comma list)."""
    if not selection:
        return names
    wanted = [name.strip() for name in selection.split(",") if name.strip()]
    unknown = sorted(set(wanted) - set(names))
    if unknown:
        raise ValueError(f"{SOURCE_SELECTION_ENV} names unknown sources: {', '.join(unknown)}")
    return [name for name in names if name in wanted]


def configured_sources() -> list[str]:
    """Names of the sources this run scrapes; invalid entries are reported and left out."""
    from scrapers.sources import load_sources_and_errors

    sources, errors = load_sources_and_errors(data_dir())
    for error in errors:
        print(f"source configuration error (skipped): {error}")
    return selected(list(sources), os.environ.get(SOURCE_SELECTION_ENV))


def _window(handover: dict) -> tuple[datetime, datetime]:
    return datetime.fromisoformat(handover["start"]), datetime.fromisoformat(handover["end"])


def _progress(line: str) -> None:
    print(line, flush=True)


def discover(source: str, data_interval_start: datetime) -> dict:
    """Stage 1 of a source's crawl for the run's day; fails the task when the source is down."""
    from scrapers.crawl import discover_stage

    start, end = day_window(data_interval_start)
    handover = discover_stage(source, start, end, data_dir(), _progress)
    return {**handover, "start": start.isoformat(), "end": end.isoformat()}


def fetch(discovered: dict) -> dict:
    """Stage 2: fetch and extract what was discovered, spooled for landing."""
    from scrapers.crawl import fetch_stage

    start, end = _window(discovered)
    fetched = fetch_stage(discovered["source"], start, end, data_dir(), _progress)
    return {**discovered, **fetched}


def land(fetched: dict) -> dict:
    """Stage 3: commit the source's partition for the day and record its state."""
    from scrapers.crawl import land_stage

    start, _ = _window(fetched)
    summary = land_stage(fetched["source"], start, data_dir(), _progress)
    return {
        "source": summary.source,
        "interval": summary.interval,
        "landed": summary.landed,
        "errors": summary.errors,
        "warnings": summary.warnings,
    }


def build_due(conf: Mapping | None, queued_runs: int) -> bool:
    """Whether this run builds and publishes the warehouse, or leaves that to a run after it.

    The build reads every landing since the last one, so one build after a batch of days costs what one
    day's build costs. A run leaves it to a later run when its conf says {"build": false} (`danvan
    backfill` asks this of every day but its last) or when runs of the DAG are queued behind it: Airflow
    creates all the runs of `airflow backfill create` at once, queued, and runs them one at a time, so
    the last of them builds for all."""
    if conf and conf.get(BUILD_CONF_KEY) is False:
        return False
    return queued_runs == 0


def scrape(source: str, data_interval_start: datetime) -> dict:
    """A source's crawl of the run's day in one task: discover, fetch, land. The stages hand over through
    the source's spool directory; the log says which one failed, and a retry starts again from discovery
    (landing replaces the day's partition whole)."""
    return land(fetch(discover(source, data_interval_start)))


def landing_complete(
    data_interval_start: datetime, conf: Mapping | None = None, queued_runs: int = 0
) -> bool:
    """Summarise what the sources landed for the interval and say whether this run builds (build_due).
    Before a build, make sure dbt finds its landing zone, build directory and usable rule seeds (a broken
    seed row fails here, naming its file, row and field, before any model runs); the build runs whatever
    some sources failed."""
    from scrapers.crawl import interval_label
    from scrapers.land import ensure_landing_zone, manifest_partitions

    data = data_dir()
    ensure_landing_zone(data)
    label = interval_label(day_window(data_interval_start)[0])
    partitions = [p for p in manifest_partitions(data) if f"interval={label}" in str(p)]
    due = build_due(conf, queued_runs)
    _progress(
        f"{label}: {len(partitions)} partitions landed; "
        + ("building the warehouse" if due else "the build is left to a later run")
    )
    if due:
        from danvan.paths import DBT_PROJECT_DIR
        from danvan.transform import check_rules

        check_rules(DBT_PROJECT_DIR)
        data.build.mkdir(parents=True, exist_ok=True)
    return due


def transform() -> dict:
    """One `dbt build` of every model and test (incremental: the landings since the last build); logs
    each node with its status and hands them on. Fails, naming the failed nodes, when any fails."""
    from danvan.transform import build

    result = build(data_dir())
    for node, status in result.statuses:
        _progress(f"{status:>8}  {node}")
    return {"nodes": result.nodes, "statuses": dict(result.statuses)}


def publish() -> dict:
    """Swap the tested build in as the published warehouse; logs how many facts carry each quality flag
    and returns them with the row counts per published table."""
    from danvan.publish import publish as publish_warehouse
    from danvan.status import flag_counts, flag_lines

    data = data_dir()
    published = publish_warehouse(data)
    flags = flag_counts(data)
    _progress("\n".join(flag_lines(flags)))
    return {"warehouse": str(published.warehouse), "tables": published.tables, "quality_flags": flags}
