"""The embedded Airflow deployment: its metadata database is set up once, and again after an upgrade."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

import airflow

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
