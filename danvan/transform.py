"""Transform: dbt builds and tests the warehouse from the landing zone, then it is published.

dbt runs in-process (dbtRunner) against dbt's private copy of the warehouse under build/; BI tools only
ever see the published copy (danvan.publish), swapped in after every model and test has passed. The
tests that block it are invariants of danvan's own code (keys, relationships, accepted values); what an
article states, however implausible, is published with quality flags (marts.fct_fact_issues).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from danvan.paths import DBT_PROJECT_DIR, DataDir


class TransformFailed(RuntimeError):
    """dbt build did not succeed: the published warehouse was left as it was."""


@dataclass(frozen=True)
class BuildResult:
    success: bool
    nodes: int
    failures: tuple[str, ...]
    # every node dbt ran (model, seed, test), with its status: success, pass, warn, fail, error, skipped
    statuses: tuple[tuple[str, str], ...] = ()


def dbt_environment(data: DataDir) -> dict[str, str]:
    """The variables dbt's profile and project read, all pointing inside the state directory. dbt keeps
    its parsed project (partial_parse.msgpack) in the target directory and parses again only the files
    that changed since, so a build after the first one does not pay a full parse."""
    return {
        "DANVAN_DATA_DIR": str(data.root),
        "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
        "DBT_PROJECT_DIR": str(DBT_PROJECT_DIR),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DBT_TARGET_PATH": str(data.dbt_target),
        "DBT_LOG_PATH": str(data.logs / "dbt"),
    }


def release_duckdb() -> None:
    """Close the DuckDB database that dbt-duckdb keeps open in this process after a dbt command.

    dbt-duckdb holds one environment per process for reuse; left open, it keeps the writer's lock on the
    build warehouse, so publishing (or any other process) could not open the file afterwards.
    """
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def dbt_args(command: str, extra: Sequence[str] = ()) -> list[str]:
    """`command` may be several words ("docs generate"); the options follow it."""
    return [
        *command.split(),
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        *extra,
    ]


def run_dbt(data: DataDir, command: str, extra: Sequence[str] = ()) -> BuildResult:
    """Run one dbt command in this process with the deployment's environment."""
    from dbt.cli.main import dbtRunner

    from scrapers.land import ensure_landing_zone

    ensure_landing_zone(data)
    data.build.mkdir(parents=True, exist_ok=True)
    os.environ.update(dbt_environment(data))
    try:
        outcome = dbtRunner().invoke(dbt_args(command, extra))
    finally:
        release_duckdb()
    if outcome.exception is not None:
        raise TransformFailed(f"dbt {command} could not run: {outcome.exception}")
    results = getattr(outcome.result, "results", None) or []
    failed = ("error", "fail", "runtime error")
    failures = tuple(f"{r.node.unique_id}: {r.status}" for r in results if str(r.status) in failed)
    statuses = tuple((r.node.unique_id, str(r.status)) for r in results)
    return BuildResult(bool(outcome.success), len(results), failures, statuses)


def check_rules(project_dir: Path) -> None:
    """Refuse to build on rule seeds with a row the engine could not use, naming each broken field:
    found by dbt, such a row would only fail the rule engine's model, midway through the build."""
    from danvan.facts.validate_rules import seed_problems

    problems = seed_problems(project_dir)
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise TransformFailed(f"the rule seeds have rows the build cannot use; nothing was built:\n{listed}")


def build(data: DataDir, full_refresh: bool = False, select: Sequence[str] = ()) -> BuildResult:
    """dbt build (seeds, models and their tests) after checking the rule seeds; raises TransformFailed
    when anything fails."""
    check_rules(DBT_PROJECT_DIR)
    extra = ["--full-refresh"] if full_refresh else []
    if select:
        extra += ["--select", *select]
    result = run_dbt(data, "build", extra)
    if not result.success:
        raise TransformFailed("dbt build failed: " + ("; ".join(result.failures) or "see the dbt log"))
    return result


def transform(data: DataDir, full_refresh: bool = False) -> BuildResult:
    """Build and test the warehouse, then publish it for BI tools."""
    from danvan.publish import publish

    result = build(data, full_refresh=full_refresh)
    publish(data)
    return result
