"""Airflow's own scheduler runs the same DAG: a native `airflow backfill create` on PostgreSQL metadata
(production's database; Airflow has refused backfills on SQLite, apache/airflow#67900) builds the same
warehouse as `danvan backfill` does for the same days.

Needs a PostgreSQL server: DANVAN_TEST_PG_URL (an SQLAlchemy URL with rights to create databases),
which .ci/run provides.
"""

from __future__ import annotations

import os

import pytest
from native_airflow import metadata_database, native_backfill
from pipeline_support import published_rows, replay_env, table_counts

from danvan.paths import DataDir
from danvan.settings import FACT_TABLES

PG_URL = os.environ.get("DANVAN_TEST_PG_URL")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.skipif(not PG_URL, reason="set DANVAN_TEST_PG_URL to a PostgreSQL server"),
    pytest.mark.timeout(3600),
]
# the logical dates of the runs that collect 10, 11 and 12 March: 01:00 the next morning, Vietnam time
NATIVE_FROM, NATIVE_TO = "2025-03-11T01:00:00+07:00", "2025-03-13T01:00:00+07:00"


def test_a_native_backfill_on_postgres_builds_the_warehouse_danvan_backfill_builds(
    site, backfilled, tmp_path
):
    native = DataDir(tmp_path / "native")
    assert PG_URL, "DANVAN_TEST_PG_URL is not set"

    with metadata_database(PG_URL) as database:
        runs, _ = native_backfill(native, database, replay_env(native, site), NATIVE_FROM, NATIVE_TO, runs=3)

    assert sorted(run["state"] for run in runs) == ["success"] * 3, runs
    assert table_counts(native) == table_counts(backfilled)
    for table in FACT_TABLES:
        columns = "fact_id, article_url, measure, value, value_qualifier, province, evidence"
        assert published_rows(native, table, columns) == published_rows(backfilled, table, columns)
