"""Airflow's own scheduler runs the same DAG: a native `airflow backfill create` on PostgreSQL metadata
(production's database; Airflow has refused backfills on SQLite, apache/airflow#67900) builds the same
warehouse as `danvan backfill` does for the same days.

Needs a PostgreSQL server: DANVAN_TEST_PG_URL (an SQLAlchemy URL with rights to create databases),
which .ci/run provides.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from pipeline_support import published_rows, replay_env, table_counts

from danvan.orchestrate import WAREHOUSE_POOL, airflow_environment
from danvan.paths import DataDir

PG_URL = os.environ.get("DANVAN_TEST_PG_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set DANVAN_TEST_PG_URL to a PostgreSQL server"),
    # three scheduler-driven runs of about six minutes each on two cores, after the `backfilled` fixture
    pytest.mark.timeout(3600),
]
AIRFLOW = str(Path(sys.executable).with_name("airflow"))
# the logical dates of the runs that collect 10, 11 and 12 March: 01:00 the next morning, Vietnam time
NATIVE_FROM, NATIVE_TO = "2025-03-11T01:00:00+07:00", "2025-03-13T01:00:00+07:00"


@pytest.fixture
def database():
    """A fresh PostgreSQL database for Airflow's metadata, dropped afterwards."""
    import sqlalchemy

    assert PG_URL, "DANVAN_TEST_PG_URL is not set"
    name = f"danvan_native_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(sqlalchemy.text(f"create database {name}"))
    yield PG_URL.rsplit("/", 1)[0] + "/" + name
    with engine.connect() as con:
        con.execute(sqlalchemy.text(f"drop database if exists {name} with (force)"))
    engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def airflow(*args: str, env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess:
    done = subprocess.run([AIRFLOW, *args], env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"airflow {' '.join(args)}: {done.stderr[-3000:]}"
    return done


def wait_for(condition, timeout: float, what: str, every: float = 5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")


def backfill_runs(env: dict[str, str]) -> list[dict]:
    """The DAG's backfill runs (not a scheduled run, should the scheduler start one)."""
    done = subprocess.run(
        [AIRFLOW, "dags", "list-runs", "danvan_nightly", "-o", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    # the CLI may log a warning line before its JSON
    listing = next((line for line in done.stdout.splitlines() if line.startswith("[")), "[]")
    runs = json.loads(listing) if done.returncode == 0 else []
    return [run for run in runs if run["run_id"].startswith("backfill__")]


def stop(service: subprocess.Popen, grace: float = 120) -> None:
    """Wait for a service told to stop; kill it after `grace` seconds. The scheduler's graceful exit waits
    on its executor and has taken over a minute on a busy machine; what the test checks is already in
    the warehouse by then."""
    try:
        service.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        service.kill()
        service.wait()


def test_a_native_backfill_on_postgres_builds_the_warehouse_danvan_backfill_builds(
    site, backfilled, tmp_path, database
):
    native = DataDir(tmp_path / "native")
    port = free_port()
    env = {
        **replay_env(native, site),
        **airflow_environment(native),
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database,
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "AIRFLOW__API__HOST": "127.0.0.1",
        "AIRFLOW__API__PORT": str(port),
        "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
        "AIRFLOW__API_AUTH__JWT_SECRET": uuid.uuid4().hex,
        "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
        # only the backfill's runs: no run for today's interval when the DAG is unpaused
        "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
    }
    native.airflow_home.mkdir(parents=True)
    airflow("db", "migrate", env=env)
    airflow("pools", "set", WAREHOUSE_POOL, "1", "One DuckDB writer at a time", env=env)
    logs = native.logs / "services"
    logs.mkdir(parents=True)

    def start(command: list[str]) -> subprocess.Popen:
        log = (logs / f"{command[0]}.log").open("a")
        return subprocess.Popen([AIRFLOW, *command], env=env, stdout=log, stderr=subprocess.STDOUT)

    commands = (["api-server"], ["scheduler"], ["dag-processor"])
    services = [start(command) for command in commands]

    def finished_backfill_runs() -> list[dict] | None:
        for command, service in zip(commands, services, strict=True):
            if service.poll() is not None:
                tail = (logs / f"{command[0]}.log").read_text()[-3000:]
                raise AssertionError(f"airflow {command[0]} exited with {service.returncode}:\n{tail}")
        runs = backfill_runs(env)
        done = len(runs) == 3 and all(run["state"] in ("success", "failed") for run in runs)
        return runs if done else None

    try:
        wait_for(
            lambda: "danvan_nightly" in airflow("dags", "list", "-o", "plain", env=env).stdout,
            300,
            "the dag-processor to serialize danvan_nightly",
        )
        airflow("dags", "unpause", "danvan_nightly", env=env)
        airflow(
            "backfill",
            "create",
            "--dag-id",
            "danvan_nightly",
            "--from-date",
            NATIVE_FROM,
            "--to-date",
            NATIVE_TO,
            "--max-active-runs",
            "1",
            env=env,
        )
        runs = wait_for(finished_backfill_runs, 2400, "the three backfill runs to finish")
    finally:
        for service in services:
            service.terminate()
        for service in services:
            stop(service)

    assert sorted(run["state"] for run in runs) == ["success"] * 3, runs
    assert table_counts(native) == table_counts(backfilled)
    for table in ("fct_dialogues", "fct_complaints", "fct_awards"):
        columns = "fact_id, article_url, measure, value, value_qualifier, province, evidence"
        assert published_rows(native, table, columns) == published_rows(backfilled, table, columns)
