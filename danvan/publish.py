"""Publish: swap a tested, self-describing copy of the marts in as the release BI tools open read-only.

BI drivers bundle DuckDB 1.x, which cannot open files in DuckDB 2.0's storage format, so the copy is
written in the 1.4 storage version; the marts also go out as Parquet, which every tool reads. Every table
and column keeps its description (dbt's persist_docs puts them in the build warehouse as comments; the
copy gets them again, and `parquet/schema.json` lists them beside the Parquet files). The release also
holds the static dbt docs (`docs/index.html`) and a manifest (`release.json`: danvan version, git commit,
hash of the rule seeds, rows per table, sha256 of each published file, when it was built).

Views (the Vietnamese-labelled wide views) are published as tables: a view's query names the build
warehouse, which a reader of the release does not have. Everything is written under temporary names and
renamed over the old release: a reader holding the old file keeps reading it, a new reader gets the new
one, and neither ever blocks the nightly writer. The manifest is renamed in last. Where a PostgreSQL
database is configured for BI tools (DANVAN_SERVE_POSTGRES), the release is then served from it too.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from danvan.paths import DBT_PROJECT_DIR, PROJECT_ROOT, DataDir

PUBLISHED_SCHEMAS = ("marts",)
BI_STORAGE_VERSION = "v1.4.0"
SCHEMA_FILE = "schema.json"
DOCS_PAGE = "index.html"


@dataclass(frozen=True)
class Column:
    name: str
    data_type: str
    description: str | None


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    description: str | None
    columns: tuple[Column, ...]

    @property
    def qualified(self) -> str:
        return f"{self.schema}.{self.name}"


@dataclass(frozen=True)
class Published:
    warehouse: Path
    parquet_dir: Path
    tables: dict[str, int]
    manifest: Path


def sql_literal(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def relations(con, database: str, schemas: tuple[str, ...]) -> list[Relation]:
    """The tables and views of `schemas` in the attached DuckDB `database`, with their descriptions."""
    placeholders = ", ".join("?" for _ in schemas)
    found = con.execute(
        "select schema_name, table_name, comment from duckdb_tables() "
        f"where database_name = ? and schema_name in ({placeholders}) "
        "union all select schema_name, view_name, comment from duckdb_views() "
        f"where database_name = ? and schema_name in ({placeholders}) order by 1, 2",
        [database, *schemas, database, *schemas],
    ).fetchall()
    described = []
    for schema, name, comment in found:
        columns = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
            [database, schema, name],
        ).fetchall()
        described.append(Relation(schema, name, comment, tuple(Column(*column) for column in columns)))
    return described


def comment_statements(relation: Relation, table: str) -> list[str]:
    """COMMENT ON statements (DuckDB's and PostgreSQL's alike) that give `table`, a quoted name, the
    descriptions of `relation`."""
    statements = []
    if relation.description:
        statements.append(f"comment on table {table} is {sql_literal(relation.description)}")
    for column in relation.columns:
        if column.description:
            statements.append(
                f"comment on column {table}.{identifier(column.name)} is {sql_literal(column.description)}"
            )
    return statements


def schema_document(relations: list[Relation]) -> dict:
    """What `parquet/schema.json` says of each published table: its file, description and columns."""
    return {
        relation.qualified: {
            "file": f"{relation.qualified}.parquet",
            "description": relation.description,
            "columns": [
                {"name": c.name, "type": c.data_type, "description": c.description} for c in relation.columns
            ],
        }
        for relation in relations
    }


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def seeds_hash(seed_dir: Path) -> str:
    """One sha256 over the rule seeds, file names and contents in name order: equal seeds, equal hash."""
    digest = hashlib.sha256()
    for seed in sorted(seed_dir.glob("*.csv")):
        digest.update(seed.name.encode() + b"\0" + seed.read_bytes() + b"\0")
    return digest.hexdigest()


def git_commit(root: Path) -> str | None:
    """The commit the running code was checked out at; None outside a git work tree (a built image)."""
    if not (root / ".git").exists() or shutil.which("git") is None:
        return None
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def release_manifest(tables: dict[str, int], files: dict[str, Path], built_at: datetime) -> dict:
    """The release manifest; `files` maps each published file's path in the release to where it is now."""
    return {
        "danvan_version": version("danvan"),
        "git_commit": git_commit(PROJECT_ROOT),
        "rule_seeds_sha256": seeds_hash(DBT_PROJECT_DIR / "seeds"),
        "built_at": built_at.isoformat(timespec="seconds"),
        "storage_version": BI_STORAGE_VERSION,
        "tables": tables,
        "files": {name: sha256_of(path) for name, path in sorted(files.items())},
    }


def static_docs(data: DataDir) -> Path:
    """dbt's docs as one self-contained page (`dbt docs generate --static`) of the build just tested."""
    from danvan.transform import TransformFailed, run_dbt

    result = run_dbt(data, "docs generate", ["--static"])
    page = data.dbt_target / "static_index.html"
    if not result.success or not page.exists():
        raise TransformFailed("dbt docs generate --static failed: see the dbt log")
    return page


def _swap_directory(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)


def _copy_marts(data: DataDir, tmp_db: Path, tmp_parquet: Path, schemas: tuple[str, ...]) -> dict[str, int]:
    import duckdb

    counts: dict[str, int] = {}
    con = duckdb.connect()
    try:
        con.execute(f"attach {sql_literal(data.build_warehouse)} as build (read_only)")
        con.execute(f"attach {sql_literal(tmp_db)} as published (storage_version '{BI_STORAGE_VERSION}')")
        for schema in schemas:
            con.execute(f"create schema if not exists published.{identifier(schema)}")
        published = relations(con, "build", schemas)
        for relation in published:
            name = f"{identifier(relation.schema)}.{identifier(relation.name)}"
            con.execute(f"create table published.{name} as select * from build.{name}")
            for statement in comment_statements(relation, f"published.{name}"):
                con.execute(statement)
            parquet = tmp_parquet / f"{relation.qualified}.parquet"
            con.execute(f"copy published.{name} to {sql_literal(parquet)} (format parquet)")
            counts[relation.qualified] = con.execute(f"select count(*) from published.{name}").fetchone()[0]
        con.execute("checkpoint published")
        con.execute("detach published")
        con.execute("detach build")
    finally:
        con.close()
    document = json.dumps(schema_document(published), ensure_ascii=False, indent=2)
    (tmp_parquet / SCHEMA_FILE).write_text(document + "\n", encoding="utf-8")
    return counts


def _serve_if_configured(data: DataDir) -> None:
    """Load the release into PostgreSQL when DANVAN_SERVE_POSTGRES names a database (danvan.serve)."""
    from danvan.serve import serve, serving_from_environment

    serving = serving_from_environment()
    if serving is not None:
        serve(data, serving)


def publish(data: DataDir, schemas: tuple[str, ...] = PUBLISHED_SCHEMAS, with_docs: bool = True) -> Published:
    """Copy the built marts into a new BI-readable warehouse file, Parquet files, docs and manifest, then
    swap them in. `with_docs` runs `dbt docs generate` on the dbt project (off for a warehouse that dbt
    did not build)."""
    pid = os.getpid()
    tmp_db = data.root / f".warehouse.duckdb.{pid}.tmp"
    tmp_parquet = data.root / f".parquet.{pid}.tmp"
    tmp_docs = data.root / f".docs.{pid}.tmp"
    tmp_manifest = data.root / f".release.json.{pid}.tmp"
    tmp_db.unlink(missing_ok=True)
    shutil.rmtree(tmp_parquet, ignore_errors=True)
    tmp_parquet.mkdir(parents=True)

    counts = _copy_marts(data, tmp_db, tmp_parquet, schemas)
    files = {data.warehouse.name: tmp_db}
    files |= {f"{data.parquet.name}/{p.name}": p for p in tmp_parquet.iterdir()}
    if with_docs:
        shutil.rmtree(tmp_docs, ignore_errors=True)
        tmp_docs.mkdir()
        shutil.copyfile(static_docs(data), tmp_docs / DOCS_PAGE)
        files[f"{data.docs.name}/{DOCS_PAGE}"] = tmp_docs / DOCS_PAGE
    manifest = release_manifest(counts, files, datetime.now(UTC))
    tmp_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")

    os.replace(tmp_db, data.warehouse)
    _swap_directory(tmp_parquet, data.parquet)
    if with_docs:
        _swap_directory(tmp_docs, data.docs)
    os.replace(tmp_manifest, data.release_manifest)
    _serve_if_configured(data)
    return Published(data.warehouse, data.parquet, counts, data.release_manifest)
