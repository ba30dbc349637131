"""The `danvan` command: a thin shell over the pipeline's functions."""

from __future__ import annotations

import argparse
import atexit
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from danvan.demo import DEMO_FIRST_PORT
from danvan.paths import data_dir

# Set in the child process that does a stoppable verb's work (see danvan.supervise).
WORKER_ENV = "DANVAN_WORKER"
# `airflow standalone` stops its components on SIGINT; the scheduler may take a while to finish its loop
AIRFLOW_GRACE_SECONDS = 20.0
STOP_NOTE = (
    "\n\nCtrl-C or SIGTERM stops it within seconds (exit 130 or 143), leaving the state consistent, "
    "and says how to resume."
)

EPILOG = """\
State lives in one directory, DANVAN_DATA_DIR (default ./data): landing zone, warehouse, the published
warehouse.duckdb for BI tools, Parquet exports, the embedded Airflow (SQLite) and logs.
"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@dataclass(frozen=True)
class Stoppable:
    """A verb whose work runs in a supervised child process, so SIGINT and SIGTERM stop it within seconds.

    `refusal` says why the arguments cannot run (checked before anything starts), `after_stop` what the
    state is after a stop and how to resume, `cleanup` undoes what the work would have undone on its way
    out, and `grace` is how long the child may take to stop on the signal before it is killed (0: killed
    at once, as kill -9 would, which leaves the state consistent)."""

    after_stop: Callable[[argparse.Namespace], str]
    refusal: Callable[[argparse.Namespace], str | None] = lambda _args: None
    cleanup: Callable[[argparse.Namespace], None] = lambda _args: None
    grace: float = 0.0


def _say(line: str) -> None:
    print(line, flush=True)


def _select_sources(names: list[str] | None) -> None:
    if names:
        os.environ["DANVAN_SOURCES"] = ",".join(names)


def run_refusal(args: argparse.Namespace) -> str | None:
    from danvan.orchestrate import day_refusal, source_refusal, today

    return (args.date and day_refusal(args.date, today())) or (
        args.source and source_refusal(data_dir(), args.source)
    )


def backfill_refusal(args: argparse.Namespace) -> str | None:
    from danvan.orchestrate import range_refusal, source_refusal, today

    return range_refusal(args.start, args.end, today()) or (
        args.source and source_refusal(data_dir(), args.source)
    )


def cmd_run(args: argparse.Namespace) -> int:
    from danvan.orchestrate import default_run_date, outcome_label, run_interval, source_report

    _select_sources(args.source)
    data = data_dir()
    run_date = args.date or default_run_date()
    print(f"danvan_nightly collecting the articles of {run_date} (Asia/Ho_Chi_Minh)", flush=True)
    outcome = run_interval(data, run_date, verbose=args.verbose)
    for line in source_report(data):
        print(line)
    print(
        f"{run_date}: {outcome_label(outcome)}"
        + (f"; failed tasks: {', '.join(outcome.failed_tasks)}" if outcome.failed_tasks else "")
        + (f"; log: {outcome.log}" if outcome.log else "")
    )
    return 0 if outcome.succeeded else 1


def cmd_backfill(args: argparse.Namespace) -> int:
    from danvan.orchestrate import backfill

    _select_sources(args.source)
    outcomes = backfill(
        data_dir(), args.start, args.end, rerun=args.rerun, progress=_say, verbose=args.verbose
    )
    failed = [o for o in outcomes if not o.succeeded]
    print(f"backfill {args.start}..{args.end}: {len(outcomes) - len(failed)} succeeded, {len(failed)} failed")
    return 1 if failed else 0


def cmd_import_docs(args: argparse.Namespace) -> int:
    from danvan.imports import InvalidDocument, import_documents

    try:
        summaries = import_documents(data_dir(), args.file)
    except InvalidDocument as exc:
        print(f"import-docs: {exc}", file=sys.stderr)
        return 2
    for s in summaries:
        print(f"landed {s.pages} documents for source {s.source} ({s.manifest})")
    return 0


def cmd_transform(args: argparse.Namespace) -> int:
    from danvan.status import fact_counts, flag_counts, flag_lines
    from danvan.transform import TransformFailed, transform

    data = data_dir()
    try:
        result = transform(data, full_refresh=args.full_refresh)
    except TransformFailed as exc:
        print(f"transform: {exc}", file=sys.stderr)
        return 1
    print(f"built and tested {result.nodes} dbt nodes; published {data.warehouse}")
    for table, count in fact_counts(data).items():
        print(f"  marts.{table}: {count} facts")
    print("\n".join(flag_lines(flag_counts(data))))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from danvan.status import render_status

    print(render_status(data_dir()))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from danvan.demo import DemoPortsTaken, run_demo

    try:
        ok = run_demo(data_dir(), progress=_say, first_port=args.port, verbose=args.verbose)
    except DemoPortsTaken as exc:
        print(f"danvan demo: {exc}", file=sys.stderr)
        return 2
    return 0 if ok else 1


def cmd_check_source(args: argparse.Namespace) -> int:
    from scrapers.check import check_source

    report = check_source(args.name, data_dir())
    print(report.render())
    return 0 if report.ok else 1


def cmd_reextract(args: argparse.Namespace) -> int:
    from scrapers.reextract import reextract

    summary = reextract(data_dir(), progress=lambda line: print(line, flush=True))
    print(summary)
    return 0


def cmd_airflow(args: argparse.Namespace) -> int:
    from danvan.orchestrate import configure_airflow, ensure_metadata_db

    data = data_dir()
    configure_airflow(data)
    ensure_metadata_db(data)
    airflow = Path(sys.executable).with_name("airflow")
    os.execv(airflow, [str(airflow), *args.airflow_args])


def run_stopped(args: argparse.Namespace) -> str:
    return (
        "the day is not recorded as done, and its landing partition is only ever replaced whole; "
        "run the same command again to collect it"
    )


def backfill_stopped(args: argparse.Namespace) -> str:
    return (
        "the days that finished are recorded as done, the interrupted one is not; resume with "
        f"`danvan backfill --from {args.start} --to {args.end}` (done days are skipped)"
    )


def transform_stopped(args: argparse.Namespace) -> str:
    return (
        "the published warehouse is still the last complete build (a build is published only after "
        "every model and test passed); run `danvan transform` again"
    )


def demo_stopped(args: argparse.Namespace) -> str:
    return "the replay sites are down and their source entries removed; run `danvan demo` again to start over"


def demo_cleanup(args: argparse.Namespace) -> None:
    from danvan.demo import remove_replay_sources

    remove_replay_sources(data_dir())


def demo_refusal(args: argparse.Namespace) -> str | None:
    from danvan.demo import port_refusal

    return port_refusal(args.port)


def airflow_stopped(args: argparse.Namespace) -> str:
    return "Airflow and every process it started have stopped"


def supervised(args: argparse.Namespace, argv: list[str], stoppable: Stoppable) -> int:
    """Run this same command line in a supervised child (danvan.supervise) and report a stop."""
    from danvan.supervise import run_supervised

    finished = run_supervised(
        [sys.executable, "-m", "danvan.cli", *argv], {**os.environ, WORKER_ENV: "1"}, stoppable.grace
    )
    if finished.stopped_by is None:
        return finished.exit_code
    stoppable.cleanup(args)
    name = signal.Signals(finished.stopped_by).name
    print(
        f"\ndanvan {args.verb}: stopped by {name}; {stoppable.after_stop(args)}", file=sys.stderr, flush=True
    )
    return finished.exit_code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan",
        description="Open data warehouse of dân vận chính quyền news: dialogues, complaints and awards.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, help="state directory (overrides DANVAN_DATA_DIR)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(
        name: str, handler, help_text: str, description: str, stoppable: Stoppable | None = None
    ) -> argparse.ArgumentParser:
        sub = verbs.add_parser(
            name,
            help=help_text,
            description=description + (STOP_NOTE if stoppable and not stoppable.grace else ""),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler, stoppable=stoppable)
        return sub

    run = verb(
        "run",
        cmd_run,
        "one nightly run through the Airflow DAG",
        "Run danvan_nightly once (dag.test on the embedded Airflow) for the articles of one day\n"
        "(Asia/Ho_Chi_Minh): scrape every configured source, build, test, publish. The run is the one\n"
        "the schedule starts at 01:00 the next morning. Exits 0 when every source and the build\n"
        "succeeded, 1 when anything failed, 2 when the arguments are refused (unknown source, a day\n"
        "before 2000-01-01 or yet to come).",
        Stoppable(run_stopped, refusal=run_refusal),
    )
    run.add_argument("--date", type=_date, help="the day to collect (default: yesterday in Asia/Ho_Chi_Minh)")
    run.add_argument("--source", action="append", help="only this source (repeatable)")
    run.add_argument("--verbose", action="store_true", help="show Airflow's and dbt's logs here")

    back = verb(
        "backfill",
        cmd_backfill,
        "run every daily interval of a date range",
        "Run danvan_nightly for each day from --from to --to (the days collected), in order.\n"
        "Dates that already succeeded are skipped, so an interrupted backfill resumes; --rerun\n"
        "repeats them (a re-run replaces its own landing partitions: idempotent). Any day from\n"
        "2000-01-01 to today can be collected, as far back as the sites' archives go.",
        Stoppable(backfill_stopped, refusal=backfill_refusal),
    )
    back.add_argument("--from", dest="start", type=_date, required=True, help="first run date")
    back.add_argument("--to", dest="end", type=_date, required=True, help="last run date (inclusive)")
    back.add_argument("--rerun", action="store_true", help="repeat dates that already succeeded")
    back.add_argument("--source", action="append", help="only this source (repeatable)")
    back.add_argument("--verbose", action="store_true", help="show Airflow's and dbt's logs here")

    imp = verb(
        "import-docs",
        cmd_import_docs,
        "land documents from a JSON Lines file",
        "Land documents that were not scraped: one JSON object a line with url (required), source,\n"
        "title, published_at (ISO date or null) and text or html. Re-importing a file replaces it.",
    )
    imp.add_argument("file", type=Path, help="the JSON Lines file")

    tr = verb(
        "transform",
        cmd_transform,
        "build and test the warehouse with dbt, then publish it",
        "dbt build (seeds, models, tests) into the private build copy; when everything passes,\n"
        "publish $DANVAN_DATA_DIR/warehouse.duckdb (DuckDB 1.4 storage) and Parquet exports.",
        Stoppable(transform_stopped),
    )
    tr.add_argument(
        "--full-refresh",
        action="store_true",
        help="rebuild incremental facts from every landed article (after editing rules)",
    )

    verb(
        "status",
        cmd_status,
        "pages landed, last success and error per source; facts per table",
        "Per source: pages landed, fetch errors, last success, last error, warnings; per fact table:\n"
        "rows in the published warehouse.",
    )
    demo = verb(
        "demo",
        cmd_demo,
        "offline try-out against a local replay of news sites",
        "Serve a replay of three Vietnamese news sites on localhost, run the real DAG against it for\n"
        "its three days, and print a summary of the fact tables.",
        Stoppable(demo_stopped, refusal=demo_refusal, cleanup=demo_cleanup),
    )
    demo.add_argument(
        "--port",
        type=int,
        default=DEMO_FIRST_PORT,
        help=f"first of the three ports the replay sites take on 127.0.0.1 (default {DEMO_FIRST_PORT}); "
        "the article URLs, and so their identities, include it: keep one port per data directory",
    )
    demo.add_argument("--verbose", action="store_true", help="show Airflow's and dbt's logs here")
    chk = verb(
        "check-source",
        cmd_check_source,
        "live smoke check of one configured source",
        "Discover a few recent items of a source, fetch and extract one, and say which step failed.",
    )
    chk.add_argument("name", help="the source's name (see `danvan status`)")
    verb(
        "reextract",
        cmd_reextract,
        "re-parse every landed WARC record without the network",
        "Re-run article extraction over the raw responses already landed, rewriting the manifests.",
    )
    af = verb(
        "airflow",
        cmd_airflow,
        "the airflow CLI on the embedded deployment",
        "Run an airflow command with this deployment's configuration, e.g.\n"
        "`danvan airflow standalone` (scheduler, DAG processor, triggerer and the UI on\n"
        "http://localhost:8080) or `danvan airflow dags list`. Ctrl-C or SIGTERM to this command\n"
        f"stops Airflow and every process it started (killed after {AIRFLOW_GRACE_SECONDS:g} s).",
        Stoppable(airflow_stopped, grace=AIRFLOW_GRACE_SECONDS),
    )
    af.add_argument("airflow_args", nargs=argparse.REMAINDER, help="arguments for airflow")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser().parse_args(argv)
    if args.data_dir:
        os.environ["DANVAN_DATA_DIR"] = str(args.data_dir.expanduser().resolve())
    stoppable: Stoppable | None = args.stoppable
    if stoppable is None or os.environ.get(WORKER_ENV):
        return args.handler(args)
    refusal = stoppable.refusal(args)
    if refusal:
        print(f"danvan {args.verb}: {refusal}; nothing was run", file=sys.stderr)
        return 2
    return supervised(args, argv, stoppable)


def leave(code: int) -> None:
    """End a supervised worker without the interpreter's final teardown, which frees the object graphs
    of Airflow, dbt and their API schemas one by one: about 2 s after a run. The exit handlers still run
    (log handlers, Airflow's database connections, multiprocessing's semaphores), and everything the work
    wrote is already in place: landings, ledgers and warehouses are replaced atomically, and DuckDB is
    closed after each dbt command."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    exit_code = main()
    if os.environ.get(WORKER_ENV):
        leave(exit_code)
    sys.exit(exit_code)
