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
import json, os
from danvan.paths import data_dir
from danvan.orchestrate import configure_airflow, ensure_metadata_db
data = data_dir()
configure_airflow(data)
ensure_metadata_db(data)
from airflow.dag_processing.dagbag import DagBag
bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
dag = bag.get_dag("danvan_nightly")
print(json.dumps({
    "import_errors": {k: str(v) for k, v in bag.import_errors.items()},
    "dag_ids": sorted(bag.dag_ids),
    "cron": dag.timetable.summary,
    "timezone": str(dag.timezone),
    "catchup": dag.catchup,
    "max_active_runs": dag.max_active_runs,
    "tasks": {t.task_id: {
        "upstream": sorted(t.upstream_task_ids),
        "mapped": type(t.task_group).__name__ == "MappedTaskGroup",
        "retries": t.retries,
        "pool": t.pool,
        "trigger_rule": getattr(t.trigger_rule, "value", t.trigger_rule),
    } for t in dag.tasks},
}))
"""


@pytest.fixture(scope="module")
def dag(tmp_path_factory) -> dict:
    data = tmp_path_factory.mktemp("dagdata")
    env = {**os.environ, "DANVAN_DATA_DIR": str(data)}
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


def test_each_source_is_scraped_by_one_mapped_group_discover_fetch_land(dag):
    tasks = dag["tasks"]
    assert all(tasks[f"scrape.{step}"]["mapped"] for step in ("discover", "fetch", "land"))
    assert tasks["scrape.discover"]["upstream"] == ["configured_sources"]
    assert tasks["scrape.fetch"]["upstream"] == ["scrape.discover"]
    assert tasks["scrape.land"]["upstream"] == ["scrape.fetch"]


def test_a_failed_source_does_not_hold_back_the_build(dag):
    gate = dag["tasks"]["landing_complete"]
    assert gate["upstream"] == ["scrape.land"]
    assert gate["trigger_rule"] == "all_done"


def test_every_dbt_model_and_its_tests_is_an_airflow_task_writing_through_one_pool(dag):
    dbt_tasks = {name: t for name, t in dag["tasks"].items() if name.startswith("transform.")}
    models = {name for name in dbt_tasks if name.endswith("_model_build")}
    assert {
        f"transform.{m}_model_build"
        for m in ("fct_dialogues", "fct_complaints", "fct_awards", "int_article_facts", "stg_landing__pages")
    } <= models
    assert any(name.endswith("_test") for name in dbt_tasks), "multi-model tests run as tasks of their own"
    assert {t["pool"] for t in dbt_tasks.values()} == {"danvan_warehouse"}
    assert dag["tasks"]["publish"]["pool"] == "danvan_warehouse"


def test_publish_comes_after_every_dbt_task(dag):
    tasks = dag["tasks"]
    dbt_tasks = {name for name in tasks if name.startswith("transform.")}
    leaves = dbt_tasks - {up for name in dbt_tasks for up in tasks[name]["upstream"]}
    assert set(tasks["publish"]["upstream"]) == leaves


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
    assert dag["tasks"]["scrape.fetch"]["retries"] >= 2
