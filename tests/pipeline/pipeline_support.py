"""End-to-end helpers: run the `danvan` command in a child process against the replay sites.

Each run gets a fresh process because Airflow reads its configuration once, when first imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb

from danvan.paths import DataDir
from danvan.settings import FACT_TABLES

DANVAN = [sys.executable, "-m", "danvan.cli"]
REPLAY_DAYS = ("2025-03-10", "2025-03-12")


def replay_env(data: DataDir, site) -> dict[str, str]:
    """Environment for a run that scrapes only the replay sites, with quick retries."""
    data.sources.mkdir(parents=True, exist_ok=True)
    (data.sources / "replay.yaml").write_text(site.sources_yaml(), encoding="utf-8")
    scripts = str(Path(sys.executable).parent)
    return {
        **os.environ,
        "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
        "DANVAN_DATA_DIR": str(data.root),
        "DANVAN_SOURCES": ",".join(site.names),
        "DANVAN_TASK_RETRIES": "1",
        "DANVAN_RETRY_DELAY_SECONDS": "1",
    }


def danvan(*args: str, env: dict[str, str], timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run([*DANVAN, *args], env=env, capture_output=True, text=True, timeout=timeout)


def published_facts(data: DataDir) -> Counter:
    """(article URL, measure, value) of every published fact, counted."""
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        rows = []
        for table in FACT_TABLES:
            rows += con.execute(f"select article_url, measure, round(value, 2) from marts.{table}").fetchall()
    finally:
        con.close()
    return Counter(rows)


def table_counts(data: DataDir) -> dict[str, int]:
    """Rows in every landed manifest partition (raw) and every published mart."""
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where schema_name = 'marts'"
            ).fetchall()
        ]
        counts = {f"marts.{t}": con.execute(f"select count(*) from marts.{t}").fetchone()[0] for t in tables}
    finally:
        con.close()
    glob = str(data.manifests / "source=*" / "interval=*" / "part.parquet")
    for source, rows in duckdb.sql(
        f"select source, count(*) from read_parquet('{glob}') group by source"
    ).fetchall():
        counts[f"raw.{source}"] = rows
    return counts


def published_rows(data: DataDir, table: str, columns: str) -> list[tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        return sorted(con.execute(f"select {columns} from marts.{table}").fetchall(), key=repr)
    finally:
        con.close()
