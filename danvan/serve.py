"""Serve the published marts from PostgreSQL, for BI tools that speak it (Power BI, Tableau, Grafana,
Metabase). Off unless DANVAN_SERVE_POSTGRES names a database (the compose Postgres in production).

After a publish, every table of the release is streamed from the published DuckDB file into a loading
schema of that database (Arrow through ADBC's libpq driver), with its table and column descriptions as
comments and SELECT granted to a read-only role. One transaction then renames the served schema away and
the loading schema in its place: a query that started before the swap finishes on the tables it began
with, a query after it reads the new ones, and no reader ever sees a half-loaded schema. The retired
schema is dropped afterwards, once the queries still reading it are done.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from danvan.paths import DataDir
from danvan.publish import PUBLISHED_SCHEMAS, Relation, comment_statements, identifier, relations, sql_literal

URL_SETTING = "DANVAN_SERVE_POSTGRES"
READER_SETTING = "DANVAN_SERVE_READER"
READER_PASSWORD_SETTING = "DANVAN_SERVE_READER_PASSWORD"
DEFAULT_READER = "danvan_reader"


@dataclass(frozen=True)
class Serving:
    """Where the marts are served: a libpq URL of the database, and the read-only role BI tools use."""

    url: str
    reader: str = DEFAULT_READER
    reader_password: str | None = None


def serving_from_environment(environ: dict[str, str] | None = None) -> Serving | None:
    """The serving settings, or None when PostgreSQL serving is off (DANVAN_SERVE_POSTGRES unset)."""
    environ = os.environ if environ is None else environ
    url = environ.get(URL_SETTING)
    if not url:
        return None
    return Serving(url, environ.get(READER_SETTING) or DEFAULT_READER, environ.get(READER_PASSWORD_SETTING))


def loading_schema(schema: str) -> str:
    return f"{schema}__loading"


def retired_schema(schema: str) -> str:
    return f"{schema}__retired"


def reader_statements(serving: Serving, database: str) -> list[str]:
    """Create or update the read-only role: it may connect and read, never write."""
    role = identifier(serving.reader)
    login = f"login password {sql_literal(serving.reader_password)}" if serving.reader_password else "nologin"
    return [
        "do $$ begin if not exists (select from pg_roles where rolname = "
        f"{sql_literal(serving.reader)}) then create role {role}; end if; end $$",
        f"alter role {role} {login} nosuperuser nocreatedb nocreaterole",
        f"alter role {role} set default_transaction_read_only = on",
        f"grant connect on database {identifier(database)} to {role}",
        "revoke create on schema public from public",
    ]


def swap_statements(schema: str, has_served: bool) -> list[str]:
    """The statements of the one transaction that puts the loaded schema in place of the served one."""
    statements = []
    if has_served:
        statements.append(f"alter schema {identifier(schema)} rename to {identifier(retired_schema(schema))}")
    statements.append(f"alter schema {identifier(loading_schema(schema))} rename to {identifier(schema)}")
    return statements


@contextmanager
def _connect(url: str) -> Iterator:
    from adbc_driver_postgresql import dbapi

    conn = dbapi.connect(url)
    try:
        yield conn
    finally:
        conn.close()


def _run(cursor, statements: list[str]) -> None:
    for statement in statements:
        cursor.execute(statement)


def _load(cursor, duck, relation: Relation, schema: str, reader: str) -> None:
    """Stream one published table into `schema`, describe it and let the reader select from it."""
    source = f"release.{identifier(relation.schema)}.{identifier(relation.name)}"
    batches = duck.sql(f"select * from {source}").to_arrow_reader()
    cursor.adbc_ingest(relation.name, batches, mode="create", db_schema_name=schema)
    table = f"{identifier(schema)}.{identifier(relation.name)}"
    _run(cursor, comment_statements(relation, table))
    cursor.execute(f"grant select on {table} to {identifier(reader)}")


def serve(data: DataDir, serving: Serving, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS) -> dict[str, int]:
    """Load the published release into PostgreSQL and swap it in; returns rows per served table."""
    import duckdb

    duck = duckdb.connect()
    duck.execute(f"attach {sql_literal(data.warehouse)} as release (read_only)")
    served: dict[str, int] = {}
    try:
        with _connect(serving.url) as conn, conn.cursor() as cursor:
            cursor.execute("select current_database()")
            database = cursor.fetchone()[0]
            _run(cursor, reader_statements(serving, database))
            for schema in schemas:
                loading = loading_schema(schema)
                _run(
                    cursor,
                    [
                        f"drop schema if exists {identifier(loading)} cascade",
                        f"drop schema if exists {identifier(retired_schema(schema))} cascade",
                        f"create schema {identifier(loading)}",
                        f"grant usage on schema {identifier(loading)} to {identifier(serving.reader)}",
                    ],
                )
                for relation in relations(duck, "release", (schema,)):
                    _load(cursor, duck, relation, loading, serving.reader)
                    cursor.execute(f"select count(*) from {identifier(loading)}.{identifier(relation.name)}")
                    served[relation.qualified] = cursor.fetchone()[0]
            conn.commit()
            for schema in schemas:
                cursor.execute("select count(*) from pg_namespace where nspname = $1", parameters=(schema,))
                _run(cursor, swap_statements(schema, has_served=cursor.fetchone()[0] > 0))
            conn.commit()
            for schema in schemas:
                cursor.execute(f"drop schema if exists {identifier(retired_schema(schema))} cascade")
            conn.commit()
    finally:
        duck.close()
    return served
