"""demo: the offline try-out. A replay of three news sites on localhost, scraped by the real DAG."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from danvan.nightly import SOURCE_SELECTION_ENV
from danvan.paths import DataDir

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DEMO_FIRST_PORT = 18760  # fixed ports keep the replay articles' URLs, their identities, stable
REPLAY_SOURCES_FILE = "replay.yaml"


def replay_days(site) -> tuple[date, date]:
    days = sorted({a["published_at"].astimezone(LOCAL_TZ).date() for a in site.articles()})
    return days[0], days[-1]


def fact_summary(data: DataDir) -> str:
    """Facts per table and measure in the published warehouse, with one example of each table."""
    import duckdb

    con = duckdb.connect(str(data.warehouse), read_only=True)
    lines = []
    try:
        for table in ("fct_dialogues", "fct_complaints", "fct_awards"):
            rows = con.execute(
                f"select measure, count(*), sum(value) from marts.{table} group by measure order by measure"
            ).fetchall()
            total = sum(count for _, count, _ in rows)
            lines.append(f"marts.{table}: {total} facts")
            lines += [
                f"    {measure:<32} {count:>4} facts, total {value:,.0f}" for measure, count, value in rows
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


def run_demo(
    data: DataDir,
    progress: Callable[[str], None] = print,
    first_port: int = DEMO_FIRST_PORT,
    verbose: bool = False,
) -> bool:
    """Serve the replay sites, backfill their days through the DAG, print the fact tables."""
    from danvan.orchestrate import backfill
    from danvan.replay import ReplaySite

    sources_file = data.sources / REPLAY_SOURCES_FILE
    with ReplaySite(first_port=first_port) as site:
        data.sources.mkdir(parents=True, exist_ok=True)
        sources_file.write_text(site.sources_yaml(), encoding="utf-8")
        os.environ[SOURCE_SELECTION_ENV] = ",".join(site.names)
        first, last = replay_days(site)
        progress(f"replay sites: {', '.join(site.base_url(n) for n in site.names)}")
        progress(f"running danvan_nightly for {first} .. {last} (DANVAN_DATA_DIR={data.root})")
        try:
            outcomes = backfill(data, first, last, rerun=True, progress=progress, verbose=verbose)
        finally:
            # the replay servers stop with the demo: a later live run must not try to scrape them
            sources_file.unlink(missing_ok=True)
    ok = all(o.succeeded for o in outcomes)
    if data.warehouse.exists():
        progress("")
        progress(fact_summary(data))
        progress(f"\nwarehouse: {data.warehouse} (open read-only in a BI tool; Parquet in {data.parquet})")
    return ok
