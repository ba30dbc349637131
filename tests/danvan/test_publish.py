"""Publishing swaps in a tested copy of the marts that the DuckDB 1.4 inside BI drivers can open."""

from __future__ import annotations

import shutil
import subprocess

import duckdb
import pyarrow.parquet as pq
import pytest

from danvan.publish import publish


def build_warehouse(data, rows: int) -> None:
    data.build.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.build_warehouse))
    con.execute("create schema if not exists marts")
    con.execute("create schema if not exists staging")
    con.execute(
        "create or replace table marts.fct_dialogues as select range as fact_id from range(?)", [rows]
    )
    con.execute("create or replace table staging.scratch as select 1 as x")
    con.close()


def test_publish_copies_the_marts_and_nothing_else(data):
    build_warehouse(data, rows=3)

    published = publish(data)

    con = duckdb.connect(str(data.warehouse), read_only=True)
    assert con.execute("select count(*) from marts.fct_dialogues").fetchone() == (3,)
    schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    con.close()
    assert schemas == {"marts"}
    assert published.tables == {"marts.fct_dialogues": 3}


def test_the_marts_are_exported_as_parquet_beside_the_warehouse(data):
    build_warehouse(data, rows=5)

    publish(data)

    assert pq.read_table(data.parquet / "marts.fct_dialogues.parquet").num_rows == 5


def test_a_reader_holding_the_old_warehouse_keeps_reading_it_across_a_publish(data):
    build_warehouse(data, rows=2)
    publish(data)
    reader = duckdb.connect(str(data.warehouse), read_only=True)

    build_warehouse(data, rows=7)
    publish(data)

    assert reader.execute("select count(*) from marts.fct_dialogues").fetchone() == (2,)
    reader.close()
    fresh = duckdb.connect(str(data.warehouse), read_only=True)
    assert fresh.execute("select count(*) from marts.fct_dialogues").fetchone() == (7,)
    fresh.close()


def test_publishing_leaves_no_temporary_files(data):
    build_warehouse(data, rows=1)

    publish(data)

    assert sorted(p.name for p in data.root.iterdir()) == ["build", "parquet", "warehouse.duckdb"]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv fetches DuckDB 1.4 into an isolated environment")
def test_the_published_file_opens_in_duckdb_1_4(data):
    build_warehouse(data, rows=4)
    publish(data)

    probe = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, con.execute('select count(*) from marts.fct_dialogues').fetchone()[0])"
    )
    done = subprocess.run(
        [
            "uv",
            "run",
            "--isolated",
            "--no-project",
            "--with",
            "duckdb~=1.4.0",
            "python",
            "-c",
            probe,
            str(data.warehouse),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    version, count = done.stdout.split()
    assert version.startswith("1.4.")
    assert count == "4"
