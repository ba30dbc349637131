"""The DAG file imports cleanly and is wired as the nightly pipeline promises.

Airflow reads its configuration when first imported, so the DAG is loaded in a child process set up
exactly as `danvan run` sets up the embedded deployment, and described back as JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

DESCRIBE = r"""
import json, os, sys
from danvan.paths import data_dir
from danvan.orchestrate import configure_airflow, ensure_metadata_db
data = data_dir()
configure_airflow(data)
ensure_metadata_db(data)
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
dag = bag.get_dag("danvan_nightly")
print(json.dumps({
    "imported_at_parse": sorted({name.split(".")[0] for name in sys.modules} & {"dbt", "duckdb"}),
    "timetable": type(dag.timetable).__module__ + "." + type(dag.timetable).__name__,
    "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dag_ids": sorted(bag.dag_ids),
    "cron": dag.timetable.expression,
    "timezone": str(dag.timetable.timezone),
    "catchup": dag.catchup,
    "max_active_runs": dag.max_active_runs,
    "tasks": {t.task_id: {
        "upstream": sorted(t.upstream_task_ids),
        "mapped": t.is_mapped,
        "retries": t.retries,
        "pool": t.pool,
        "trigger_rule": getattr(t.trigger_rule, "value", t.trigger_rule),
        "operator": type(t).__name__,
        "outlets": [{"name": o.name, "uri": o.uri} for o in t.outlets],
    } for t in dag.tasks},
}))
"""


@pytest.fixture(scope="module")
def data_root(tmp_path_factory):
    return tmp_path_factory.mktemp("dagdata").resolve()


@pytest.fixture(scope="module")
def dag(data_root) -> dict:
    env = {**os.environ, "DANVAN_DATA_DIR": str(data_root)}
    done = subprocess.run(
        [sys.executable, "-c", DESCRIBE], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_dag_file_imports_without_errors(dag):
    assert dag["import_errors"] == {}
    assert dag["dag_ids"] == ["danvan_nightly"]


def test_it_runs_daily_at_one_in_the_morning_vietnam_time_one_run_at_a_time(dag):
    assert dag["cron"] == "0 1 * * *"
    assert dag["timezone"] == "Asia/Ho_Chi_Minh"
    assert dag["catchup"] is False
    assert dag["max_active_runs"] == 1


def test_each_source_is_scraped_by_one_task_of_its_own_mapped_over_the_configured_sources(dag):
    tasks = dag["tasks"]
    assert tasks["scrape"]["mapped"]
    assert tasks["scrape"]["upstream"] == ["configured_sources"]


def test_a_failed_source_does_not_hold_back_the_build(dag):
    gate = dag["tasks"]["landing_complete"]
    assert gate["upstream"] == ["scrape"]
    assert gate["trigger_rule"] == "all_done"


def test_parsing_the_dag_runs_no_dbt_and_imports_neither_dbt_nor_duckdb(dag):
    assert dag["imported_at_parse"] == []


def test_the_timetable_comes_from_the_airflow_sdk(dag):
    assert dag["timetable"].startswith("airflow.sdk.")


def test_the_landing_gate_decides_whether_this_run_builds_and_skips_the_build_when_not(dag):
    assert dag["tasks"]["landing_complete"]["operator"] == "_ShortCircuitDecoratedOperator"
    assert dag["tasks"]["transform"]["upstream"] == ["landing_complete"]


def test_one_dbt_build_task_then_publish_both_writing_through_the_one_slot_pool(dag):
    tasks = dag["tasks"]
    assert not [name for name in tasks if name.startswith("transform.")], "no task per dbt node"
    assert tasks["publish"]["upstream"] == ["transform"]
    assert tasks["transform"]["pool"] == tasks["publish"]["pool"] == "danvan_warehouse"
    assert tasks["transform"]["retries"] >= 2


def test_publish_updates_the_published_warehouse_asset(dag, data_root):
    assert dag["tasks"]["publish"]["outlets"] == [
        {"name": "danvan_published_warehouse", "uri": (data_root / "warehouse.duckdb").as_uri()}
    ]


def test_the_graph_has_no_cycles(dag):
    tasks = dag["tasks"]
    state: dict[str, str] = {}

    def visit(name: str) -> None:
        assert state.get(name) != "visiting", f"cycle through {name}"
        if state.get(name) == "done":
            return
        state[name] = "visiting"
        for upstream in tasks[name]["upstream"]:
            visit(upstream)
        state[name] = "done"

    for name in tasks:
        visit(name)


def test_tasks_retry_with_backoff(dag):
    assert dag["tasks"]["scrape"]["retries"] >= 2
