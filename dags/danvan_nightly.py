"""danvan_nightly: scrape the configured news sites, build the fact tables, publish them for BI.

Wiring only: every task body lives in danvan.nightly (importable and tested), so this file stays cheap
to parse. The data interval decides which articles belong to a run: a run at 01:00 Asia/Ho_Chi_Minh
covers the 24 hours before it.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import dag, task, task_group
from airflow.timetables.trigger import CronTriggerTimetable
from cosmos import DbtTaskGroup, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import InvocationMode, LoadMode, TestBehavior

from danvan.nightly import FIRST_DAY
from danvan.paths import DBT_PROJECT_DIR, data_dir
from danvan.transform import dbt_environment

LOCAL_TZ = "Asia/Ho_Chi_Minh"
WAREHOUSE_POOL = "danvan_warehouse"  # one slot: DuckDB takes a single writer process at a time

DEFAULT_ARGS = {
    "retries": int(os.environ.get("DANVAN_TASK_RETRIES", "2")),
    "retry_delay": timedelta(seconds=float(os.environ.get("DANVAN_RETRY_DELAY_SECONDS", "60"))),
    "retry_exponential_backoff": 2.0,
    "max_retry_delay": timedelta(minutes=20),
}


@dag(
    dag_id="danvan_nightly",
    schedule=CronTriggerTimetable("0 1 * * *", timezone=LOCAL_TZ, interval=timedelta(days=1)),
    start_date=pendulum.datetime(FIRST_DAY.year, FIRST_DAY.month, FIRST_DAY.day, tz=LOCAL_TZ),
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

    @task_group(group_id="scrape")
    def scrape(source: str):
        @task
        def discover(source: str, data_interval_start=None, data_interval_end=None) -> dict:
            from danvan.nightly import discover

            return discover(source, data_interval_start, data_interval_end)

        @task
        def fetch(discovered: dict) -> dict:
            from danvan.nightly import fetch

            return fetch(discovered)

        @task
        def land(fetched: dict) -> dict:
            from danvan.nightly import land

            return land(fetched)

        return land(fetch(discover(source)))

    @task(trigger_rule="all_done")
    def landing_complete(data_interval_start=None) -> dict:
        """Waits for every source, failed or not: one broken site must not hold back the others."""
        from danvan.nightly import landing_complete

        return landing_complete(data_interval_start)

    transform = DbtTaskGroup(
        group_id="transform",
        project_config=ProjectConfig(
            dbt_project_path=DBT_PROJECT_DIR,
            env_vars=dbt_environment(data_dir(), for_cosmos=True),
            install_dbt_deps=False,
            # Each task parses in a fresh copy of the project: a cached partial parse would carry an
            # earlier copy's absolute paths (its seed files are gone by then).
            partial_parse=False,
        ),
        profile_config=ProfileConfig(
            profile_name="danvan",
            target_name="duckdb",
            profiles_yml_filepath=DBT_PROJECT_DIR / "profiles.yml",
        ),
        execution_config=ExecutionConfig(invocation_mode=InvocationMode.DBT_RUNNER),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_LS,
            test_behavior=TestBehavior.BUILD,
            emit_datasets=False,
            # tests over several marts (evidence, subtotals…) become tasks of their own after them
            should_detach_multiple_parents_tests=True,
        ),
        operator_args={
            "pool": WAREHOUSE_POOL,
            "install_deps": False,
            "callback": "danvan.transform.release_duckdb",
            "partial_parse": False,
        },
    )

    @task(pool=WAREHOUSE_POOL)
    def publish() -> dict:
        from danvan.nightly import publish

        return publish()

    landed = scrape.expand(source=configured_sources())
    gate = landing_complete()
    landed >> gate >> transform >> publish()


danvan_nightly()
