"""Publishing swaps in a tested, self-describing copy of the marts that the DuckDB 1.4 inside BI drivers
can open: descriptions as comments and in schema.json, a release manifest with the hash of every file."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import duckdb
import pyarrow.parquet as pq
import pytest

from danvan.paths import DBT_PROJECT_DIR
from danvan.publish import Column, Relation, comment_statements, publish, seeds_hash


def build_warehouse(data, rows: int) -> None:
    data.build.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.build_warehouse))
    con.execute("create schema if not exists marts")
    con.execute("create schema if not exists staging")
    con.execute(
        "create or replace table marts.fct_dialogues as select range as fact_id from range(?)", [rows]
    )
    con.execute("create or replace table staging.scratch as select 1 as x")
    con.execute("comment on table marts.fct_dialogues is 'Dialogues with citizens'")
    con.execute("comment on column marts.fct_dialogues.fact_id is 'The fact''s identifier'")
    con.execute(
        "create or replace view marts.fct_dialogues_vi as "
        'select fact_id as "Mã số liệu" from marts.fct_dialogues'
    )
    con.close()


def test_publish_copies_the_marts_and_nothing_else(data):
    build_warehouse(data, rows=3)

    published = publish(data, with_docs=False)

    con = duckdb.connect(str(data.warehouse), read_only=True)
    assert con.execute("select count(*) from marts.fct_dialogues").fetchone() == (3,)
    schemas = {r[0] for r in con.execute("select distinct schema_name from duckdb_tables()").fetchall()}
    con.close()
    assert schemas == {"marts"}
    assert published.tables == {"marts.fct_dialogues": 3, "marts.fct_dialogues_vi": 3}


def test_the_marts_are_exported_as_parquet_beside_the_warehouse(data):
    build_warehouse(data, rows=5)

    publish(data, with_docs=False)

    assert pq.read_table(data.parquet / "marts.fct_dialogues.parquet").num_rows == 5


def test_a_reader_holding_the_old_warehouse_keeps_reading_it_across_a_publish(data, with_docs=False):
    build_warehouse(data, rows=2)
    publish(data, with_docs=False)
    reader = duckdb.connect(str(data.warehouse), read_only=True)

    build_warehouse(data, rows=7)
    publish(data, with_docs=False)

    assert reader.execute("select count(*) from marts.fct_dialogues").fetchone() == (2,)
    reader.close()
    fresh = duckdb.connect(str(data.warehouse), read_only=True)
    assert fresh.execute("select count(*) from marts.fct_dialogues").fetchone() == (7,)
    fresh.close()


def test_publishing_leaves_no_temporary_files(data):
    build_warehouse(data, rows=1)

    publish(data, with_docs=False)

    names = sorted(p.name for p in data.root.iterdir())
    assert names == ["build", "parquet", "release.json", "warehouse.duckdb"]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv fetches DuckDB 1.4 into an isolated environment")
def test_the_published_file_opens_in_duckdb_1_4(data):
    build_warehouse(data, rows=4)
    publish(data, with_docs=False)

    probe = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "print(duckdb.__version__, con.execute('select count(*) from marts.fct_dialogues').fetchone()[0]); "
        "print(con.execute(\"select comment from duckdb_columns() where column_name = 'fact_id' "
        "and table_name = 'fct_dialogues'\").fetchone()[0])"
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
    numbers, comment = done.stdout.splitlines()
    version, count = numbers.split()
    assert version.startswith("1.4.")
    assert count == "4"
    assert comment == "The fact's identifier"


def test_every_table_and_column_keeps_its_description(data):
    build_warehouse(data, rows=1)

    publish(data, with_docs=False)

    con = duckdb.connect(str(data.warehouse), read_only=True)
    table = con.execute("select comment from duckdb_tables() where table_name = 'fct_dialogues'").fetchone()
    column = con.execute(
        "select comment from duckdb_columns() where table_name = 'fct_dialogues' and column_name = 'fact_id'"
    ).fetchone()
    con.close()
    assert table == ("Dialogues with citizens",)
    assert column == ("The fact's identifier",)
    schema = json.loads((data.parquet / "schema.json").read_text(encoding="utf-8"))
    assert schema["marts.fct_dialogues"]["description"] == "Dialogues with citizens"
    assert schema["marts.fct_dialogues"]["columns"][0] == {
        "name": "fact_id",
        "type": "BIGINT",
        "description": "The fact's identifier",
    }


def test_views_are_published_as_tables_a_reader_of_the_release_can_query(data):
    build_warehouse(data, rows=2)

    publish(data, with_docs=False)

    con = duckdb.connect(str(data.warehouse), read_only=True)
    assert con.execute("select count(*) from duckdb_views() where not internal").fetchone() == (0,)
    assert con.execute('select count("Mã số liệu") from marts.fct_dialogues_vi').fetchone() == (2,)
    con.close()


def test_the_release_manifest_names_versions_rows_and_the_hash_of_every_file(data):
    build_warehouse(data, rows=3)

    published = publish(data, with_docs=False)

    manifest = json.loads(published.manifest.read_text(encoding="utf-8"))
    assert manifest["danvan_version"]
    assert manifest["rule_seeds_sha256"] == seeds_hash(DBT_PROJECT_DIR / "seeds")
    assert manifest["tables"] == {"marts.fct_dialogues": 3, "marts.fct_dialogues_vi": 3}
    assert set(manifest["files"]) == {
        "warehouse.duckdb",
        "parquet/marts.fct_dialogues.parquet",
        "parquet/marts.fct_dialogues_vi.parquet",
        "parquet/schema.json",
    }
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((data.root / name).read_bytes()).hexdigest() == digest, name


def test_comments_are_quoted_for_any_text():
    relation = Relation("marts", "t", "it's", (Column("Cấp", "VARCHAR", "level's"), Column("x", "INT", None)))

    assert comment_statements(relation, '"marts"."t"') == [
        """comment on table "marts"."t" is 'it''s'""",
        """comment on column "marts"."t"."Cấp" is 'level''s'""",
    ]
