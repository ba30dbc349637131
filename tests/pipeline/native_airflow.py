"""Airflow as production runs it, for the native-backfill test and bench/orchestration.py: PostgreSQL
metadata, an API server, a scheduler (LocalExecutor) and a DAG processor, each its own process, driving
`airflow backfill create` (Airflow has refused backfills on SQLite, apache/airflow#67900).

Needs a PostgreSQL server: an SQLAlchemy URL with rights to create databases (DANVAN_TEST_PG_URL).
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from danvan.orchestrate import airflow_environment
from danvan.paths import DataDir
from danvan.settings import DAG_ID, WAREHOUSE_POOL

AIRFLOW = str(Path(sys.executable).with_name("airflow"))
SERVICES = (["api-server"], ["scheduler"], ["dag-processor"])


@contextmanager
def metadata_database(server_url: str) -> Iterator[str]:
    """A fresh PostgreSQL database for Airflow's metadata, dropped afterwards."""
    import sqlalchemy

    name = f"danvan_native_{uuid.uuid4().hex[:8]}"
    engine = sqlalchemy.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as con:
        con.execute(sqlalchemy.text(f"create database {name}"))
    try:
        yield server_url.rsplit("/", 1)[0] + "/" + name
    finally:
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


def wait_for(condition, timeout: float, what: str, every: float = 2.0):
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
        [AIRFLOW, "dags", "list-runs", DAG_ID, "-o", "json"], env=env, capture_output=True, text=True
    )
    # the CLI may log a warning line before its JSON
    listing = next((line for line in done.stdout.splitlines() if line.startswith("[")), "[]")
    runs = json.loads(listing) if done.returncode == 0 else []
    return [run for run in runs if run["run_id"].startswith("backfill__")]


def stop(service: subprocess.Popen, grace: float = 120) -> None:
    """Wait for a service told to stop; kill it after `grace` seconds. The scheduler's graceful exit waits
    on its executor and has taken over a minute on a busy machine; what the callers check is already in
    the warehouse by then."""
    try:
        service.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        service.kill()
        service.wait()


def native_environment(data: DataDir, database: str, base: dict[str, str]) -> dict[str, str]:
    port = free_port()
    return {
        **base,
        **airflow_environment(data),
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


def native_backfill(
    data: DataDir, database: str, base_env: dict[str, str], from_date: str, to_date: str, runs: int
) -> tuple[list[dict], float]:
    """Start Airflow's services on `database`, backfill from_date..to_date (logical dates) one run at a
    time, wait for its `runs` runs to finish and stop the services. Returns the runs and the seconds from
    `airflow backfill create` to the last run's end."""
    env = native_environment(data, database, base_env)
    data.airflow_home.mkdir(parents=True, exist_ok=True)
    airflow("db", "migrate", env=env)
    airflow("pools", "set", WAREHOUSE_POOL, "1", "One DuckDB writer at a time", env=env)
    logs = data.logs / "services"
    logs.mkdir(parents=True, exist_ok=True)

    def start(command: list[str]) -> subprocess.Popen:
        log = (logs / f"{command[0]}.log").open("a")
        return subprocess.Popen([AIRFLOW, *command], env=env, stdout=log, stderr=subprocess.STDOUT)

    services = [start(command) for command in SERVICES]

    def finished_backfill_runs() -> list[dict] | None:
        for command, service in zip(SERVICES, services, strict=True):
            if service.poll() is not None:
                tail = (logs / f"{command[0]}.log").read_text()[-3000:]
                raise AssertionError(f"airflow {command[0]} exited with {service.returncode}:\n{tail}")
        found = backfill_runs(env)
        done = len(found) == runs and all(run["state"] in ("success", "failed") for run in found)
        return found if done else None

    try:
        wait_for(
            lambda: DAG_ID in airflow("dags", "list", "-o", "plain", env=env).stdout,
            300,
            f"the dag-processor to serialize {DAG_ID}",
        )
        airflow("dags", "unpause", DAG_ID, env=env)
        started = time.monotonic()
        airflow(
            "backfill",
            "create",
            "--dag-id",
            DAG_ID,
            "--from-date",
            from_date,
            "--to-date",
            to_date,
            "--max-active-runs",
            "1",
            env=env,
        )
        found = wait_for(finished_backfill_runs, 2400, f"the {runs} backfill runs to finish")
        took = time.monotonic() - started
    finally:
        for service in services:
            service.terminate()
        for service in services:
            stop(service)
    return found, took
