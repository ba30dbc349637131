"""The task bodies of the danvan_nightly DAG; dags/danvan_nightly.py only wires them.

Each function takes and returns plain, JSON-serialisable values (they travel as XComs) and reads the
deployment's state directory from DANVAN_DATA_DIR.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from danvan.paths import data_dir

SOURCE_SELECTION_ENV = "DANVAN_SOURCES"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# The DAG's start_date: Airflow runs no task of a run dated before it, so it is set before the oldest
# archive these sites keep, and a backfill of any day they hold scrapes it.
FIRST_DAY = date(2000, 1, 1)


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


def discover(source: str, data_interval_start: datetime, data_interval_end: datetime) -> dict:
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


def landing_complete(data_interval_start: datetime) -> dict:
    """Summarise what the sources landed for the interval, and make sure dbt finds its landing zone,
    build directory and usable rule seeds (a broken seed row fails here, naming its file, row and field,
    before any model runs); the build runs whatever some sources failed."""
    from danvan.paths import DBT_PROJECT_DIR
    from danvan.transform import check_rules
    from scrapers.crawl import interval_label
    from scrapers.land import ensure_landing_zone, manifest_partitions

    check_rules(DBT_PROJECT_DIR)
    data = data_dir()
    ensure_landing_zone(data)
    data.build.mkdir(parents=True, exist_ok=True)
    label = interval_label(day_window(data_interval_start)[0])
    partitions = [p for p in manifest_partitions(data) if f"interval={label}" in str(p)]
    return {"interval": label, "partitions": len(partitions)}


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
