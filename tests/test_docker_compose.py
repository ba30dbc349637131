"""The production deployment file is valid compose: Airflow 3 on PostgreSQL, Celery as a profile."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = shutil.which("docker-compose")
pytestmark = pytest.mark.skipif(
    COMPOSE is None and not os.environ.get("CI"),
    reason="Debian's docker-compose is not installed (CI installs it)",
)


def example_secrets() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def compose_config(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["docker-compose", *args, "config"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


def test_config_passes_with_the_example_secrets():
    done = compose_config(env=example_secrets())

    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert {
        "postgres",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
    } <= set(services)
    scheduler = services["airflow-scheduler"]["environment"]
    assert scheduler["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://")
    assert scheduler["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert scheduler["DANVAN_DATA_DIR"] == "/data"


def test_the_celery_profile_adds_redis_and_workers():
    env = {**example_secrets(), "AIRFLOW_EXECUTOR": "CeleryExecutor"}
    done = compose_config("--profile", "celery", env=env)

    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert {"redis", "airflow-worker"} <= set(services)
    assert services["airflow-worker"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def test_secrets_are_required_from_the_environment():
    done = compose_config(env={})

    assert done.returncode != 0
    assert "POSTGRES_PASSWORD" in done.stderr or "AIRFLOW_" in done.stderr


def test_the_bi_profile_adds_superset_reading_the_release_and_postgres_serving_is_on():
    done = compose_config("--profile", "bi", env=example_secrets())

    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert {"superset", "superset-init"} <= set(services)
    assert "danvan-data:/data:ro" in [
        f"{v['source']}:{v['target']}:ro" if isinstance(v, dict) and v.get("read_only") else v
        for v in services["superset"]["volumes"]
    ]
    scheduler = services["airflow-scheduler"]["environment"]
    assert scheduler["DANVAN_SERVE_POSTGRES"].endswith("@postgres:5432/danvan")
    assert scheduler["DANVAN_SERVE_READER"] == "danvan_reader"


def test_superset_only_starts_with_the_bi_profile():
    done = compose_config(env=example_secrets())

    assert done.returncode == 0, done.stderr
    services = yaml.safe_load(done.stdout)["services"]
    assert services["superset"]["profiles"] == ["bi"]
    assert services["superset-init"]["profiles"] == ["bi"]
