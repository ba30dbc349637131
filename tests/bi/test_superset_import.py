"""The Superset bundle imports into a real Superset (the version bi/superset/Dockerfile builds on), the way
provision.sh imports it, with its metadata in SQLite instead of the compose PostgreSQL."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs Superset in an isolated environment"),
]

BI = Path(__file__).resolve().parents[2] / "bi" / "superset"
# The pip package lacks some modules the image has; flask-caching 2.3.1 broke Superset 6.1's cache init.
MISSING_FROM_THE_WHEEL = ["rich", "cachetools", "psycopg2-binary", "flask-caching<2.3.1"]


def superset_version() -> str:
    return re.search(r"^FROM apache/superset:(\S+)", (BI / "Dockerfile").read_text(), re.M).group(1)


def bundle(tmp_path: Path) -> Path:
    """The zip provision.sh builds: the assets, with the reader's password put in."""
    root = tmp_path / "danvan_bi"
    shutil.copytree(BI / "assets", root)
    database = root / "databases" / "danvan_postgresql.yaml"
    database.write_text(database.read_text().replace("__READER_PASSWORD__", "secret"))
    archive = tmp_path / "danvan_bi.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in root.rglob("*"):
            out.write(path, path.relative_to(tmp_path))
    return archive


def test_the_bundle_imports_both_sources_datasets_charts_and_the_dashboard(tmp_path):
    config = tmp_path / "superset_config.py"
    metadata = tmp_path / "superset.db"
    config.write_text(
        f'SECRET_KEY = "test-only-secret-key-0123456789"\nSQLALCHEMY_DATABASE_URI = "sqlite:///{metadata}"\n'
    )
    command = ["uv", "run", "--isolated", "--no-project", "--with", f"apache-superset=={superset_version()}"]
    command += ["--with-requirements", str(BI / "requirements.txt")]
    for package in MISSING_FROM_THE_WHEEL:
        command += ["--with", package]
    env = {**os.environ, "SUPERSET_CONFIG_PATH": str(config), "FLASK_APP": "superset"}
    steps = [
        ["superset", "db", "upgrade"],
        [
            "superset",
            "fab",
            "create-admin",
            "--username",
            "admin",
            "--password",
            "admin",
            "--firstname",
            "a",
            "--lastname",
            "b",
            "--email",
            "admin@danvan.invalid",
        ],
        ["superset", "init"],
        ["superset", "import-dashboards", "--path", str(bundle(tmp_path)), "--username", "admin"],
    ]
    for step in steps:
        done = subprocess.run([*command, *step], env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr[-3000:]

    con = sqlite3.connect(metadata)
    databases = {name for (name,) in con.execute("select database_name from dbs")}
    datasets = {name for (name,) in con.execute("select table_name from tables")}
    charts = con.execute("select count(*) from slices").fetchone()[0]
    dashboards = [title for (title,) in con.execute("select dashboard_title from dashboards")]
    placed = con.execute("select count(*) from dashboard_slices").fetchone()[0]
    con.close()
    assert databases == {"danvan (DuckDB release)", "danvan (PostgreSQL, read-only)"}
    assert datasets == {"headline_statistics", "latest_facts", "headline_statistics_postgresql"}
    assert dashboards == ["Dân vận chính quyền"]
    assert charts == placed == len(list((BI / "assets" / "charts").glob("*.yaml")))
