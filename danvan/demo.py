"""demo: the offline try-out. A replay of three news sites on localhost, scraped by the real DAG."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from datetime import date

from danvan.nightly import SOURCE_SELECTION_ENV
from danvan.paths import DataDir
from danvan.settings import FACT_TABLES, LOCAL_TZ

DEMO_FIRST_PORT = 18760  # fixed ports keep the replay articles' URLs, their identities, stable
REPLAY_HOST = "127.0.0.1"
REPLAY_SITES = 3
REPLAY_SOURCES_FILE = "replay.yaml"


def ports_in_use(first_port: int, count: int = REPLAY_SITES) -> list[int]:
    """The ports from `first_port` on that something already listens on (or that cannot be bound)."""
    taken = []
    for port in range(first_port, first_port + count):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((REPLAY_HOST, port))
            except OSError:
                taken.append(port)
    return taken


def port_refusal(first_port: int) -> str | None:
    """Why the replay sites cannot start on `first_port` and the next two ports, and how to choose others."""
    if not 1024 <= first_port <= 65535 - REPLAY_SITES:
        return f"--port {first_port} is not a port from 1024 to {65535 - REPLAY_SITES}"
    taken = ports_in_use(first_port)
    if not taken:
        return None
    listed = ", ".join(str(port) for port in taken)
    return (
        f"port {listed} on {REPLAY_HOST} is in use (another demo, or another service); the replay sites "
        f"take ports {first_port}-{first_port + REPLAY_SITES - 1}: stop what holds them, or choose others "
        f"with `danvan demo --port N` (in a fresh DANVAN_DATA_DIR: article identities include the port)"
    )


def remove_replay_sources(data: DataDir) -> None:
    """The replay's source entries go with its servers: a later live run must not try to scrape them."""
    (data.sources / REPLAY_SOURCES_FILE).unlink(missing_ok=True)


class DemoPortsTaken(OSError):
    """A port the replay sites need is in use; the message says which and how to choose others."""


def replay_days(site) -> tuple[date, date]:
    days = sorted({a["published_at"].astimezone(LOCAL_TZ).date() for a in site.articles()})
    return days[0], days[-1]


def fact_summary(data: DataDir) -> str:
    """Facts per table and measure in the published warehouse, with one example of each table."""
    import duckdb

    con = duckdb.connect(str(data.warehouse), read_only=True)
    lines = []
    try:
        for table in FACT_TABLES:
            rows = con.execute(
                f"select measure, count(*), sum(value), min(value), max(value) from marts.{table} "
                "group by measure order by measure"
            ).fetchall()
            total = sum(row[1] for row in rows)
            lines.append(f"marts.{table}: {total} facts")
            lines += [
                f"    {measure:<32} {count:>4} facts, {measure_figure(measure, *values)}"
                for measure, count, *values in rows
            ]
            example = con.execute(
                f"select measure, value, province, evidence from marts.{table} order by fact_id limit 1"
            ).fetchone()
            if example:
                measure, value, province, evidence = example
                lines.append(f"    e.g. {measure} = {value:g} ({province}): «{evidence[:110]}»")
    finally:
        con.close()
    return "\n".join(lines)


def measure_figure(measure: str, total: float, low: float, high: float) -> str:
    """A count's total; for a rate, whose sum means nothing, the range of the stated rates."""
    if measure.endswith("_pct"):
        return f"rates from {low:g}% to {high:g}%"
    return f"total {total:,.0f}"


def run_demo(
    data: DataDir,
    progress: Callable[[str], None] = print,
    first_port: int = DEMO_FIRST_PORT,
    verbose: bool = False,
) -> bool:
    """Serve the replay sites, backfill their days through the DAG, print the fact tables."""
    from danvan.orchestrate import backfill
    from danvan.replay import ReplaySite

    site = ReplaySite(first_port=first_port)
    try:
        site.start()
    except OSError as exc:
        site.stop()
        if exc.errno != errno.EADDRINUSE:
            raise
        raise DemoPortsTaken(port_refusal(first_port) or f"a replay port is in use: {exc}") from exc
    try:
        data.sources.mkdir(parents=True, exist_ok=True)
        (data.sources / REPLAY_SOURCES_FILE).write_text(site.sources_yaml(), encoding="utf-8")
        os.environ[SOURCE_SELECTION_ENV] = ",".join(site.names)
        first, last = replay_days(site)
        progress(f"replay sites: {', '.join(site.base_url(n) for n in site.names)}")
        progress(f"running danvan_nightly for {first} .. {last} (DANVAN_DATA_DIR={data.root})")
        outcomes = backfill(data, first, last, rerun=True, progress=progress, verbose=verbose)
    finally:
        remove_replay_sources(data)
        site.stop()
    ok = all(o.succeeded for o in outcomes)
    if data.warehouse.exists():
        progress("")
        progress(fact_summary(data))
        progress(f"\nwarehouse: {data.warehouse} (open read-only in a BI tool; Parquet in {data.parquet})")
    return ok
