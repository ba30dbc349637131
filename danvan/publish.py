"""Publish: swap a tested copy of the marts in as the warehouse BI tools open read-only.

BI drivers bundle DuckDB 1.x, which cannot open files in DuckDB 2.0's storage format, so the copy is
written in the 1.4 storage version; the marts also go out as Parquet, which every tool reads. The copy
is written under a temporary name and renamed over the old one: a reader holding the old file keeps
reading it, a new reader gets the new one, and neither ever blocks the nightly writer.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from danvan.paths import DataDir

PUBLISHED_SCHEMAS = ("marts",)
BI_STORAGE_VERSION = "v1.4.0"


@dataclass(frozen=True)
class Published:
    warehouse: Path
    parquet_dir: Path
    tables: dict[str, int]


def _sql_literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _published_tables(con, schemas: tuple[str, ...]) -> list[tuple[str, str]]:
    placeholders = ", ".join("?" for _ in schemas)
    return con.execute(
        "select schema_name, table_name from duckdb_tables() "
        f"where database_name = 'build' and schema_name in ({placeholders}) order by 1, 2",
        list(schemas),
    ).fetchall()


def _swap_directory(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def publish(data: DataDir, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS) -> Published:
    """Copy the built marts into a new BI-readable warehouse file and Parquet files, then swap them in."""
    import duckdb

    pid = os.getpid()
    tmp_db = data.root / f".warehouse.duckdb.{pid}.tmp"
    tmp_parquet = data.root / f".parquet.{pid}.tmp"
    tmp_db.unlink(missing_ok=True)
    shutil.rmtree(tmp_parquet, ignore_errors=True)
    tmp_parquet.mkdir(parents=True)

    counts: dict[str, int] = {}
    con = duckdb.connect()
    try:
        con.execute(f"attach {_sql_literal(data.build_warehouse)} as build (read_only)")
        con.execute(f"attach {_sql_literal(tmp_db)} as published (storage_version '{BI_STORAGE_VERSION}')")
        for schema in schemas:
            con.execute(f'create schema if not exists published."{schema}"')
        for schema, table in _published_tables(con, schemas):
            source = f'build."{schema}"."{table}"'
            con.execute(f'create table published."{schema}"."{table}" as select * from {source}')
            parquet = tmp_parquet / f"{schema}.{table}.parquet"
            con.execute(f"copy {source} to {_sql_literal(parquet)} (format parquet)")
            counts[f"{schema}.{table}"] = con.execute(
                f'select count(*) from published."{schema}"."{table}"'
            ).fetchone()[0]
        con.execute("checkpoint published")
        con.execute("detach published")
        con.execute("detach build")
    finally:
        con.close()

    os.replace(tmp_db, data.warehouse)
    _swap_directory(tmp_parquet, data.parquet)
    return Published(data.warehouse, data.parquet, counts)
