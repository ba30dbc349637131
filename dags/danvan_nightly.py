"""danvan_nightly: scrape the configured news sites, build the fact tables, publish them for BI.

Wiring only: every task body lives in danvan.nightly (importable and tested), and this file imports
nothing heavier than the Airflow SDK and danvan's constants, so it is cheap to parse. The data interval
decides which articles belong to a run: a run at 01:00 Asia/Ho_Chi_Minh collects the local day before.

The warehouse is built by one `dbt build` per run (the `transform` task: its log and its XCom name every
model and test with its status), and only when the run is the last of a batch: the runs of a backfill
scrape their day each and leave the build to the last one (see danvan.nightly.build_due).
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import Asset, CronTriggerTimetable, dag, task

from danvan.paths import data_dir
from danvan.settings import (
    DAG_ID,
    FIRST_DAY,
    PUBLISHED_WAREHOUSE_ASSET,
    RUN_HOUR,
    TIMEZONE,
    WAREHOUSE_POOL,
)

DEFAULT_ARGS = {
    "retries": int(os.environ.get("DANVAN_TASK_RETRIES", "2")),
    "retry_delay": timedelta(seconds=float(os.environ.get("DANVAN_RETRY_DELAY_SECONDS", "60"))),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=20),
}

published_warehouse = Asset(name=PUBLISHED_WAREHOUSE_ASSET, uri=data_dir().warehouse.as_uri())


@dag(
    dag_id=DAG_ID,
    schedule=CronTriggerTimetable(f"0 {RUN_HOUR} * * *", timezone=TIMEZONE, interval=timedelta(days=1)),
    start_date=pendulum.datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["danvan"],
    doc_md=__doc__,
)
def danvan_nightly():
    @task
    def configured_sources() -> list[str]:
        from danvan.nightly import configured_sources

        return configured_sources()

    @task
    def scrape(source: str, data_interval_start=None) -> dict:
        """One source's day: discover, fetch, land (mapped: a failing source fails alone)."""
        from danvan.nightly import scrape

        return scrape(source, data_interval_start)

    @task.short_circuit(trigger_rule="all_done")
    def landing_complete(data_interval_start=None, dag_run=None, ti=None) -> bool:
        """Waits for every source, failed or not: one broken site must not hold back the others. Goes on
        to the build unless a later run will do it (skipping transform and publish)."""
        from danvan.nightly import landing_complete

        queued = ti.get_dr_count(dag_id=DAG_ID, states=["queued"])
        return landing_complete(data_interval_start, dag_run.conf, queued)

    @task(pool=WAREHOUSE_POOL)
    def transform() -> dict:
        from danvan.nightly import transform

        return transform()

    @task(pool=WAREHOUSE_POOL, outlets=[published_warehouse])
    def publish() -> dict:
        from danvan.nightly import publish

        return publish()

    landed = scrape.expand(source=configured_sources())
    landed >> landing_complete() >> transform() >> publish()


danvan_nightly()
