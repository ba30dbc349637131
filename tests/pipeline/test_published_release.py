"""The release the replay's backfill publishes describes itself: every column's description in the file
DuckDB 1.4 opens, a manifest whose hashes match the files, and dbt's static docs beside them."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.slow

PROBE = """
import duckdb, json, sys
con = duckdb.connect(sys.argv[1], read_only=True)
print(json.dumps({
    "version": duckdb.__version__,
    "undescribed": con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where schema_name = 'marts' and (comment is null or comment = '')"
    ).fetchall(),
    "columns": con.execute("select count(*) from duckdb_columns() where schema_name = 'marts'").fetchone()[0],
    "tables_undescribed": con.execute(
        "select table_name from duckdb_tables() where schema_name = 'marts' and comment is null"
    ).fetchall(),
}))
"""


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv fetches DuckDB 1.4 into an isolated environment")
def test_duckdb_1_4_shows_every_column_s_description(backfilled):
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
            PROBE,
            str(backfilled.warehouse),
        ],
        capture_output=True,
        text=True,
        check=True,
    )

    found = json.loads(done.stdout)
    assert found["version"].startswith("1.4.")
    assert found["columns"] > 100
    assert found["undescribed"] == []
    assert found["tables_undescribed"] == []


def test_the_manifest_hashes_every_published_file_and_the_docs_are_beside_them(backfilled):
    manifest = json.loads(backfilled.release_manifest.read_text(encoding="utf-8"))

    assert "docs/index.html" in manifest["files"]
    assert "parquet/schema.json" in manifest["files"]
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((backfilled.root / name).read_bytes()).hexdigest() == digest, name
    assert manifest["tables"]["marts.fct_statistics"] > 0
    assert "fct_statistics" in (backfilled.docs / "index.html").read_text(encoding="utf-8")
