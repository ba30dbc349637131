"""Orchestration benchmark: what a DAG run costs beyond its work, on the replay sites.

Serves the replay of three news sites (danvan.replay) on 127.0.0.1 and runs the `danvan` command and
Airflow in child processes of this one, each in a temporary DANVAN_DATA_DIR, then prints:

1. `danvan run` of one replay day (wall), the first one in a fresh directory apart (it creates the
   embedded metadata database and parses the dbt project in full);
2. one DAG run with nothing new (`danvan run` of a day without articles, after the replay's days are
   built) against `danvan transform` with nothing new in the same directory: their ratio (target ≤ 1.5);
   then what of the run is Airflow's fixed start-up in a fresh process (its import and the DAG, the
   in-process execution API), and the same two in one warm process, as a long-lived worker runs them;
3. a 30-day `danvan backfill` ending on the replay's last day, against the same work done without
   Airflow: every day scraped by calling the task bodies in one process, then one `danvan transform`.
   The issue's denominator is 30 × one day's scrape (the mean of the replay's days with articles) + one
   build (target ≤ 1.5); the stricter one adds up the 30 days' own scrapes, 27 of them of empty days;
4. with a PostgreSQL server (DANVAN_TEST_PG_URL, or --pg-url): a native `airflow backfill create` of
   the replay's 3 days through the scheduler (LocalExecutor), per day.

    uv run python bench/orchestration.py [--days 30] [--repeat 3] [--pg-url URL] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "pipeline")]

from native_airflow import metadata_database, native_backfill  # noqa: E402
from pipeline_support import published_facts, replay_env  # noqa: E402

from danvan.paths import DataDir  # noqa: E402
from danvan.replay import ReplaySite  # noqa: E402

NOTHING_NEW_RATIO_TARGET = 1.5
BACKFILL_RATIO_TARGET = 1.5
DANVAN = [sys.executable, "-m", "danvan.cli"]

# Scrapes days through the DAG's own task bodies, without Airflow, and prints each day's seconds.
DIRECT_SCRAPE = """
import json, sys, time
from datetime import date, datetime, time as clock
from danvan import nightly
from danvan.settings import LOCAL_TZ, RUN_HOUR
seconds = {}
for day in sys.argv[1:]:
    started = time.perf_counter()
    interval_start = datetime.combine(date.fromisoformat(day), clock(RUN_HOUR), LOCAL_TZ)
    for source in nightly.configured_sources():
        nightly.scrape(source, interval_start)
    seconds[day] = time.perf_counter() - started
print(json.dumps(seconds))
"""

# One process, as a scheduler's long-lived worker is: a DAG run and a transform once each to warm it up
# (imports, Airflow's execution API), then each again, timed.
WARM_RUN = """
import json, sys, time
from datetime import date
from danvan.orchestrate import run_interval
from danvan.paths import data_dir
from danvan.transform import transform
data = data_dir()
warm_up, timed_day = date.fromisoformat(sys.argv[1]), date.fromisoformat(sys.argv[2])
assert run_interval(data, warm_up).succeeded
transform(data)
started = time.perf_counter()
outcome = run_interval(data, timed_day)
run = time.perf_counter() - started
assert outcome.succeeded, outcome
started = time.perf_counter()
transform(data)
print(json.dumps({"run": run, "transform": time.perf_counter() - started}))
"""


# What a fresh `danvan run` process pays before its first task does any work: importing Airflow and
# loading the DAG, then the in-process Task Execution API that dag.test() starts on the first request,
# whose Cadwyn routers are built for every API version Airflow accepts.
AIRFLOW_START_UP = """
import json, time
started = time.perf_counter()
from danvan.orchestrate import _load_dag, configure_airflow
from danvan.paths import data_dir
configure_airflow(data_dir())
_load_dag()
loaded = time.perf_counter()
from airflow.api_fastapi.execution_api.versions import bundle
from airflow.sdk.execution_time.supervisor import in_process_api_server
in_process_api_server().app._cadwyn_initialize()
api = time.perf_counter() - loaded
print(json.dumps({"dag": loaded - started, "api": api, "versions": len(bundle.versions)}))
"""


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(
            f"{' '.join(args[2:])} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        )
    return took


def danvan(env: dict[str, str], *args: str) -> float:
    return timed([*DANVAN, *args], env)


def replay_days(site: ReplaySite) -> list[date]:
    from danvan.settings import LOCAL_TZ

    return sorted({a["published_at"].astimezone(LOCAL_TZ).date() for a in site.articles()})


def show(label: str, value: str, target: str = "") -> None:
    print(f"  {label:<66} {value:>14}  {target}", flush=True)


def bench_runs(site: ReplaySite, work: Path, days: list[date], repeat: int) -> None:
    data = DataDir(work / "run")
    env = replay_env(data, site)
    print("danvan run (one DAG run through dag.test on the embedded deployment)")
    show(
        f"first run in a fresh directory ({days[0]}), wall",
        f"{danvan(env, 'run', '--date', str(days[0])):.1f} s",
    )
    for day in days[1:]:
        show(f"`danvan run --date {day}`, wall", f"{danvan(env, 'run', '--date', str(day)):.1f} s")
    empty = days[-1] + timedelta(days=1)
    runs, transforms = [], []
    for _ in range(repeat):
        runs.append(danvan(env, "run", "--date", str(empty)))
        transforms.append(danvan(env, "transform"))
    run, transform = statistics.median(runs), statistics.median(transforms)
    print(f"nothing new (median of {repeat}, alternating)")
    show(
        f"`danvan run --date {empty}` (a day without articles), wall",
        f"{run:.1f} s",
        str([round(r, 1) for r in runs]),
    )
    show("`danvan transform`, wall", f"{transform:.1f} s", str([round(t, 1) for t in transforms]))
    show(
        "one DAG run with nothing new ÷ danvan transform with nothing new",
        f"{run / transform:.2f}",
        f"target ≤ {NOTHING_NEW_RATIO_TARGET}",
    )
    done = subprocess.run([sys.executable, "-c", AIRFLOW_START_UP], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"Airflow start-up failed:\n{done.stderr[-3000:]}")
    start_up = json.loads(done.stdout.strip().splitlines()[-1])
    fixed = start_up["dag"] + start_up["api"]
    print("what a fresh process pays before the first task works (Airflow's, fixed)")
    show("importing Airflow and loading the DAG", f"{start_up['dag']:.1f} s")
    show(
        f"the in-process execution API's routers ({start_up['versions']} API versions)",
        f"{start_up['api']:.1f} s",
    )
    show("the DAG run less this start-up ÷ danvan transform", f"{(run - fixed) / transform:.2f}")
    done = subprocess.run(
        [sys.executable, "-c", WARM_RUN, str(empty), str(empty + timedelta(days=1))],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"warm runs failed:\n{done.stderr[-3000:]}")
    warm = json.loads(done.stdout.strip().splitlines()[-1])
    print("nothing new, in one warm process (Airflow and dbt imported, as in a long-lived worker)")
    show(f"a DAG run for {empty + timedelta(days=1)} (no articles)", f"{warm['run']:.1f} s")
    show("transform (build and publish)", f"{warm['transform']:.1f} s")
    show(
        "one DAG run with nothing new ÷ transform with nothing new, warm",
        f"{warm['run'] / warm['transform']:.2f}",
    )


def bench_backfill(site: ReplaySite, work: Path, days: list[date], length: int) -> None:
    last = days[-1]
    first = last - timedelta(days=length - 1)
    print(f"\n{length}-day backfill {first} .. {last} (the replay's articles are on {len(days)} of them)")
    through_dag = DataDir(work / "backfill")
    env = replay_env(through_dag, site)
    set_up = (
        "from danvan.orchestrate import *; from danvan.paths import data_dir as d; "
        "configure_airflow(d()); ensure_metadata_db(d())"
    )
    show(
        "embedded metadata database set up (apart, once per deployment)",
        f"{timed([sys.executable, '-c', set_up], env):.1f} s",
    )
    backfill = danvan(env, "backfill", "--from", str(first), "--to", str(last))
    show(f"`danvan backfill --from {first} --to {last}`, wall", f"{backfill:.1f} s")

    direct = DataDir(work / "direct")
    env = replay_env(direct, site)
    every_day = [str(first + timedelta(days=n)) for n in range(length)]
    done = subprocess.run(
        [sys.executable, "-c", DIRECT_SCRAPE, *every_day], env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"direct scrape failed:\n{done.stderr[-3000:]}")
    scrapes = json.loads(done.stdout.strip().splitlines()[-1])
    build = danvan(env, "transform")
    article_day = statistics.mean(scrapes[str(day)] for day in days)
    show("one day's scrape without Airflow (mean of the days with articles)", f"{article_day:.2f} s")
    show(f"the {length} days' scrapes without Airflow, added up", f"{sum(scrapes.values()):.1f} s")
    show("one build: `danvan transform` of everything landed, wall", f"{build:.1f} s")
    show(
        f"backfill ÷ ({length} × one day's scrape + one build)",
        f"{backfill / (length * article_day + build):.2f}",
        f"target ≤ {BACKFILL_RATIO_TARGET}",
    )
    show(
        f"backfill ÷ (the {length} days' own scrapes + one build)",
        f"{backfill / (sum(scrapes.values()) + build):.2f}",
    )
    same = published_facts(through_dag) == published_facts(direct)
    show("the backfill published the facts the direct build did", "yes" if same else "NO")


def bench_native(site: ReplaySite, work: Path, days: list[date], pg_url: str) -> None:
    from danvan.orchestrate import run_after

    print(f"\nnative `airflow backfill create` of {len(days)} days on PostgreSQL (scheduler, LocalExecutor)")
    data = DataDir(work / "native")
    with metadata_database(pg_url) as database:
        runs, took = native_backfill(
            data,
            database,
            replay_env(data, site),
            run_after(days[0]).isoformat(),
            run_after(days[-1]).isoformat(),
            len(days),
        )
    states = sorted(run["state"] for run in runs)
    spans = [
        (datetime.fromisoformat(run["end_date"]) - datetime.fromisoformat(run["start_date"])).total_seconds()
        for run in runs
    ]
    show("runs", ", ".join(states))
    show(
        "each run's own duration (start to end, as Airflow records it)",
        ", ".join(f"{s:.0f} s" for s in spans),
    )
    show("backfill create to the last run's end, wall", f"{took:.0f} s")
    show("per day", f"{took / len(days) / 60:.2f} min", "against 4.7 min before")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--days", type=int, default=30, help="length of the backfill (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each nothing-new command (default 3)")
    parser.add_argument("--pg-url", default=os.environ.get("DANVAN_TEST_PG_URL"), help="PostgreSQL server")
    parser.add_argument("--keep", type=Path, help="work in this (new or empty) directory and keep it")
    parser.add_argument(
        "--parts", default="runs,backfill,native", help="which figures: runs, backfill, native (default all)"
    )
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="danvan-bench-orchestration-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        with ReplaySite() as site:
            days = replay_days(site)
            parts = set(args.parts.split(","))
            if "runs" in parts:
                bench_runs(site, work, days, args.repeat)
            if "backfill" in parts:
                bench_backfill(site, work, days, args.days)
            if "native" not in parts:
                pass
            elif args.pg_url:
                bench_native(site, work, days, args.pg_url)
            else:
                print(
                    "\nnative backfill: skipped (set DANVAN_TEST_PG_URL or --pg-url to a PostgreSQL server)"
                )
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
