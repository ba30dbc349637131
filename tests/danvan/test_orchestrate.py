"""The embedded Airflow deployment: its metadata database is set up once, and again after an upgrade."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import date

import airflow

from danvan.orchestrate import backfill_plan, completed_runs, landed_runs, record_completed, record_landed
from danvan.paths import DataDir

# Airflow reads its configuration when first imported: set up in a child process as `danvan run` does
SET_UP = """
from danvan.paths import data_dir
from danvan.orchestrate import configure_airflow, ensure_metadata_db
data = data_dir()
configure_airflow(data)
ensure_metadata_db(data)
"""


def set_up(data: DataDir) -> None:
    env = {**os.environ, "DANVAN_DATA_DIR": str(data.root)}
    done = subprocess.run(
        [sys.executable, "-c", SET_UP], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]


def warehouse_pool_slots(data: DataDir) -> list[tuple]:
    with sqlite3.connect(data.airflow_home / "airflow.db") as con:
        return con.execute("select pool, slots from slot_pool where pool = 'danvan_warehouse'").fetchall()


def test_a_metadata_database_migrated_by_an_older_airflow_is_migrated_again(tmp_path):
    data = DataDir(tmp_path / "data")
    set_up(data)
    marker = data.airflow_home / ".migrated"
    assert marker.read_text() == airflow.__version__
    assert warehouse_pool_slots(data) == [("danvan_warehouse", 1)]
    with sqlite3.connect(data.airflow_home / "airflow.db") as con:
        con.execute("delete from slot_pool where pool = 'danvan_warehouse'")

    set_up(data)
    assert warehouse_pool_slots(data) == [], "set up again although nothing changed"

    marker.write_text("3.2.0")
    set_up(data)
    assert marker.read_text() == airflow.__version__
    assert warehouse_pool_slots(data) == [("danvan_warehouse", 1)]


def days(first: int, last: int) -> list[date]:
    return [date(2025, 3, day) for day in range(first, last + 1)]


def test_a_backfill_lands_every_day_and_builds_once_on_the_last():
    plan = backfill_plan(days(1, 4), done=set(), waiting=set(), rerun=False)

    assert [action for _, action in plan] == ["scrape", "scrape", "scrape", "build"]


def test_a_resumed_backfill_skips_done_and_landed_days_and_builds_on_the_last_it_runs():
    plan = backfill_plan(
        days(1, 5), done={"2025-03-01", "2025-03-05"}, waiting={"2025-03-02", "2025-03-04"}, rerun=False
    )

    assert [action for _, action in plan] == ["done", "landed", "scrape", "build", "done"]


def test_a_landed_day_that_is_the_last_to_run_is_scraped_again_to_build():
    plan = backfill_plan(days(1, 2), done={"2025-03-01"}, waiting={"2025-03-02"}, rerun=False)

    assert plan == [(date(2025, 3, 1), "done"), (date(2025, 3, 2), "build")]


def test_a_rerun_runs_every_day_again():
    plan = backfill_plan(days(1, 3), done={"2025-03-01"}, waiting={"2025-03-02"}, rerun=True)

    assert [action for _, action in plan] == ["scrape", "scrape", "build"]


def test_the_days_a_build_published_are_done_and_wait_no_more(data):
    record_landed(data, date(2025, 3, 1))
    record_landed(data, date(2025, 3, 2))

    record_completed(data, [date(2025, 3, 1), date(2025, 3, 3)])

    assert set(completed_runs(data)) == {"2025-03-01", "2025-03-03"}
    assert set(landed_runs(data)) == {"2025-03-02"}
