"""The deployment's constants, each written here once: the DAG, the scrapers, the CLI and the tests read
them from this module. Cheap to import (the DAG file does, at parse time)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

DAG_ID = "danvan_nightly"
# The sites date their articles in Vietnam time, and a run collects one local calendar day.
TIMEZONE = "Asia/Ho_Chi_Minh"
LOCAL_TZ = ZoneInfo(TIMEZONE)
# The nightly run starts at 01:00 local, an hour after the day it collects has ended.
RUN_HOUR = 1
# The DAG's start_date: Airflow runs no task of a run dated before it, so it is set before the oldest
# archive these sites keep, and a backfill of any day they hold scrapes it.
FIRST_DAY = date(2000, 1, 1)
# One slot: DuckDB takes a single writer process at a time, so the build and publish take turns.
WAREHOUSE_POOL = "danvan_warehouse"
# The Airflow Asset the publish task updates: schedule a DAG on it to follow every new release.
PUBLISHED_WAREHOUSE_ASSET = "danvan_published_warehouse"
# The fact marts: one row per number an article states.
FACT_TABLES = ("fct_dialogues", "fct_complaints", "fct_awards")
