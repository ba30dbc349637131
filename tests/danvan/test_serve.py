"""PostgreSQL serving against a real server (.ci/run starts one and exports DANVAN_TEST_PG_URL): the marts
with their descriptions, a role that can read and not write, and a swap that readers never notice."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
import uuid

import duckdb
import pytest

from danvan.publish import publish
from danvan.serve import Serving, reader_statements, serve, serving_from_environment, swap_statements

PG_URL = os.environ.get("DANVAN_TEST_PG_URL")
READER_PASSWORD = "reader-secret"


def libpq_url(url: str, database: str) -> str:
    """A SQLAlchemy URL (postgresql+psycopg2://…/postgres) as a libpq one for another database."""
    server = url.replace("postgresql+psycopg2://", "postgresql://", 1).rsplit("/", 1)[0]
    return f"{server}/{database}"


def build_warehouse(data, rows: int) -> None:
    data.build.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(data.build_warehouse))
    con.execute("create schema if not exists marts")
    con.execute(
        "create or replace table marts.fct_dialogues as "
        "select range::varchar as fact_id, range * 1.5 as value, 'Cấp xã' as \"Cấp\" from range(?)",
        [rows],
    )
    con.execute("comment on table marts.fct_dialogues is 'Dialogues with citizens'")
    con.execute("comment on column marts.fct_dialogues.value is 'The number, as stated'")
    con.execute("comment on column marts.fct_dialogues.\"Cấp\" is 'Level, in Vietnamese'")
    con.close()


def test_serving_is_off_unless_a_database_is_named():
    assert serving_from_environment({}) is None
    serving = serving_from_environment({"DANVAN_SERVE_POSTGRES": "postgresql://h/danvan"})
    assert serving == Serving("postgresql://h/danvan", "danvan_reader", None)


def test_the_swap_renames_in_one_step_and_the_first_load_has_nothing_to_retire():
    assert swap_statements("marts", has_served=True) == [
        'alter schema "marts" rename to "marts__retired"',
        'alter schema "marts__loading" rename to "marts"',
    ]
    assert swap_statements("marts", has_served=False) == ['alter schema "marts__loading" rename to "marts"']


def test_a_reader_without_a_password_cannot_log_in():
    statements = reader_statements(Serving("postgresql://h/danvan", "bi"), "danvan")
    assert 'alter role "bi" nologin nosuperuser nocreatedb nocreaterole' in statements


pg = pytest.mark.skipif(PG_URL is None, reason="needs DANVAN_TEST_PG_URL (.ci/run starts PostgreSQL)")


@pytest.fixture
def database():
    """A fresh database on the test server, and a reader role of its own; both dropped afterwards."""
    import psycopg2

    name = f"danvan_test_{uuid.uuid4().hex[:8]}"
    reader = f"{name}_reader"
    admin = psycopg2.connect(libpq_url(PG_URL, "postgres"))
    admin.autocommit = True
    admin.cursor().execute(f'create database "{name}"')
    yield Serving(libpq_url(PG_URL, name), reader, READER_PASSWORD)
    with admin.cursor() as cursor:
        cursor.execute(f'drop database "{name}" with (force)')
        cursor.execute(f'drop role if exists "{reader}"')
    admin.close()


def reader_url(serving: Serving) -> str:
    server, database = serving.url.rsplit("/", 1)
    host = server.split("@", 1)[-1].removeprefix("postgresql://")
    return f"postgresql://{serving.reader}:{READER_PASSWORD}@{host}/{database}"


def count_as(url: str, query: str = "select count(*) from marts.fct_dialogues") -> int:
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cursor:
            cursor.execute(query)
            return cursor.fetchone()[0]
    finally:
        conn.close()


@pg
def test_the_marts_are_served_with_their_rows(data, database):
    build_warehouse(data, rows=3)
    publish(data, with_docs=False)

    served = serve(data, database)

    assert served == {"marts.fct_dialogues": 3}
    assert count_as(reader_url(database)) == 3


@pg
@pytest.mark.skipif(shutil.which("psql") is None, reason="needs the psql client")
def test_psql_as_the_reader_lists_the_marts_with_their_comments_and_cannot_write(data, database):
    build_warehouse(data, rows=2)
    publish(data, with_docs=False)
    serve(data, database)
    url = reader_url(database)

    described = subprocess.run(["psql", url, "-c", r"\d+ marts.*"], capture_output=True, text=True)
    listed = subprocess.run(["psql", url, "-c", r"\dt+ marts.*"], capture_output=True, text=True)

    assert described.returncode == 0, described.stderr
    assert "The number, as stated" in described.stdout
    assert "Level, in Vietnamese" in described.stdout
    assert "Dialogues with citizens" in listed.stdout
    for write in (
        "insert into marts.fct_dialogues (fact_id) values ('x')",
        "create table marts.mine (x int)",
        "create table public.mine (x int)",
        "drop table marts.fct_dialogues",
    ):
        done = subprocess.run(
            ["psql", url, "-v", "ON_ERROR_STOP=1", "-c", f"begin read write; {write}; commit"],
            capture_output=True,
            text=True,
        )
        assert done.returncode != 0, write
        assert "permission denied" in done.stderr or "must be owner" in done.stderr, done.stderr


@pg
def test_a_query_running_across_a_swap_reads_the_old_marts_while_new_queries_read_the_new(data, database):
    build_warehouse(data, rows=2)
    publish(data, with_docs=False)
    serve(data, database)
    url = reader_url(database)
    build_warehouse(data, rows=5)
    publish(data, with_docs=False)

    slow: dict[str, int] = {}
    reader = threading.Thread(
        target=lambda: slow.update(
            count=count_as(url, "select (select count(*) from marts.fct_dialogues) from pg_sleep(4)")
        )
    )
    reader.start()
    time.sleep(0.5)  # the slow query has started and holds its tables
    swapper = threading.Thread(target=serve, args=(data, database))
    swapper.start()
    deadline = time.monotonic() + 3
    while count_as(url) != 5 and time.monotonic() < deadline:
        time.sleep(0.1)

    assert count_as(url) == 5, "a new query reads the new marts"
    assert reader.is_alive(), "…while the query that started before the swap is still running"
    reader.join()
    swapper.join()
    assert slow["count"] == 2
    assert count_as(url) == 5
