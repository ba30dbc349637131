"""status: what the landing zone and the published warehouse hold, per source, per fact table and per
quality flag."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from danvan.paths import DataDir
from danvan.settings import FACT_TABLES
from scrapers.land import SCHEMA_ANCHOR, manifest_partitions, manifest_path, read_manifest


@dataclass(frozen=True)
class SourceStatus:
    source: str
    pages_landed: int
    fetch_errors: int
    last_success_at: datetime | None
    last_error_at: datetime | None
    last_error: str | None
    warnings: tuple[str, ...]
    last_interval: str | None = None
    # why pages of the last run's partition failed, most frequent first, with how many pages each
    failed_pages: tuple[tuple[str, int], ...] = ()

    @property
    def failing(self) -> bool:
        """The source's latest crawl failed after its latest success."""
        if self.last_error_at is None:
            return False
        return self.last_success_at is None or self.last_error_at > self.last_success_at


def _sql_glob(data: DataDir) -> str:
    return str(data.manifests / "source=*" / "interval=*" / "part.parquet").replace("'", "''")


def landed_counts(data: DataDir) -> dict[str, tuple[int, int]]:
    """(pages landed, fetch errors) per source, read from the manifests (never from the warehouse)."""
    import duckdb

    if not manifest_partitions(data):
        return {}
    rows = duckdb.sql(
        f"select source, count(*) filter (where error is null), count(*) filter (where error is not null) "
        f"from read_parquet('{_sql_glob(data)}', union_by_name = true) "
        f"where source <> '{SCHEMA_ANCHOR}' group by source"
    ).fetchall()
    return {source: (landed, errors) for source, landed, errors in rows}


def failure_reason(error: str) -> str:
    """A page's error without the URLs in it, so the same failure on many pages is one reason."""
    return re.sub(r"\b[a-z][a-z0-9+.-]*://\S+", "…", error)


def failed_pages(data: DataDir, source: str, interval: str | None) -> tuple[tuple[str, int], ...]:
    """Reasons the pages of the source's partition for `interval` failed (every error row of a partition
    is from its latest run: earlier ones are retried), with how many pages each, most frequent first."""
    if not interval:
        return ()
    manifest = manifest_path(data, source, interval)
    if not manifest.exists():
        return ()
    reasons = Counter(failure_reason(row["error"]) for row in read_manifest(manifest) if row["error"])
    return tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0])))


def source_statuses(data: DataDir) -> list[SourceStatus]:
    from scrapers.drift import drift_warnings
    from scrapers.sources import load_sources
    from scrapers.state import read_state

    counts = landed_counts(data)
    drifting = drift_warnings(data)
    names = sorted(set(load_sources(data)) | set(counts))
    statuses = []
    for name in names:
        state = read_state(data, name)
        last_interval = (state.get("last_run") or {}).get("interval")
        landed, errors = counts.get(name, (0, 0))
        statuses.append(
            SourceStatus(
                source=name,
                pages_landed=landed,
                fetch_errors=errors,
                last_success_at=_as_datetime(state.get("last_success_at")),
                last_error_at=_as_datetime(state.get("last_error_at")),
                last_error=state.get("last_error"),
                warnings=(*(state.get("warnings") or ()), *([drifting[name]] if name in drifting else [])),
                last_interval=last_interval,
                failed_pages=failed_pages(data, name, last_interval),
            )
        )
    return statuses


def _as_datetime(value: str | datetime | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value)


def fact_counts(data: DataDir) -> dict[str, int]:
    """Rows per fact table in the published warehouse; empty when nothing is published yet."""
    import duckdb

    if not data.warehouse.exists():
        return {}
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        return {
            table: con.execute(f"select count(*) from marts.{table}").fetchone()[0] for table in FACT_TABLES
        }
    finally:
        con.close()


def flag_counts(data: DataDir) -> dict[str, int]:
    """Published facts per quality flag (check name), from marts.fct_fact_issues; empty when nothing is
    published yet or the published warehouse predates the checks."""
    import duckdb

    if not data.warehouse.exists():
        return {}
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        checked = con.execute(
            "select count(*) from duckdb_tables() "
            "where schema_name = 'marts' and table_name = 'fct_fact_issues'"
        ).fetchone()[0]
        if not checked:
            return {}
        rows = con.execute(
            "select check_name, count(distinct fact_id) from marts.fct_fact_issues group by 1 order by 1"
        ).fetchall()
        return dict(rows)
    finally:
        con.close()


def flag_lines(counts: dict[str, int]) -> list[str]:
    """How many published facts carry each quality flag, as report lines."""
    if not counts:
        return ["Quality flags: none (every published fact passes the plausibility checks)"]
    return [
        "Quality flags (published facts that fail a plausibility check; see marts.fct_fact_issues):",
        *(f"  {check:<34} {count:>8}" for check, count in counts.items()),
    ]


def source_state(s: SourceStatus) -> str:
    """The state column of a source's status line."""
    if s.failing:
        state = "FAILING: " + (s.last_error or "")
    elif s.last_success_at is None and not s.pages_landed:
        state = "never run"
    elif s.failed_pages:
        failed = sum(count for _, count in s.failed_pages)
        state = f"{failed} pages failed in the last run ({s.last_interval}), why below"
    else:
        state = "ok"
    if s.warnings:
        state += " (warning: " + "; ".join(s.warnings) + ")"
    return state


def configuration_lines(data: DataDir) -> list[str]:
    """Every source configuration error, each naming its file, entry and field; the entry is not scraped."""
    from scrapers.sources import source_errors

    errors = source_errors(data)
    if not errors:
        return []
    return ["", "Source configuration errors (these entries are not scraped until fixed):"] + [
        f"  {error}" for error in errors
    ]


def render_status(data: DataDir) -> str:
    lines = [f"DANVAN_DATA_DIR: {data.root}", "", "Sources:"]
    header = f"  {'source':<28} {'pages':>6} {'errors':>6}  {'last success':<20} {'last error':<20} state"
    lines.append(header)
    for s in source_statuses(data):
        lines.append(
            f"  {s.source:<28} {s.pages_landed:>6} {s.fetch_errors:>6}  {_fmt(s.last_success_at):<20} "
            f"{_fmt(s.last_error_at):<20} {source_state(s)}"
        )
        lines += [f"      {count:>4} × {reason}" for reason, count in s.failed_pages]
    lines += configuration_lines(data)
    counts = fact_counts(data)
    lines += ["", "Published facts:" if counts else "Published facts: none yet (run `danvan transform`)"]
    lines += [f"  marts.{table:<16} {count:>8}" for table, count in counts.items()]
    if counts:
        lines += ["", *flag_lines(flag_counts(data))]
    return "\n".join(lines)


def _fmt(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else "-"
