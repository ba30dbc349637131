"""The task bodies of the danvan_nightly DAG; dags/danvan_nightly.py only wires them.

Each function takes and returns plain, JSON-serialisable values (they travel as XComs) and reads the
deployment's state directory from DANVAN_DATA_DIR.
"""

from __future__ import annotations

import os
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from danvan.paths import data_dir

SOURCE_SELECTION_ENV = "DANVAN_SOURCES"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


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


def landing_complete(data_interval_start: datetime | None) -> dict:
    """Summarise what the sources landed for the interval; the build runs whatever some sources failed."""
    from scrapers.crawl import interval_label
    from scrapers.land import manifest_partitions

    label = interval_label(data_interval_start) if data_interval_start else None
    partitions = [p for p in manifest_partitions(data_dir()) if label and f"interval={label}" in str(p)]
    return {"interval": label, "partitions": len(partitions)}


def publish() -> dict:
    """Swap the tested build in as the published warehouse; returns row counts per published table."""
    from danvan.publish import publish as publish_warehouse

    published = publish_warehouse(data_dir())
    return {"warehouse": str(published.warehouse), "tables": published.tables}
