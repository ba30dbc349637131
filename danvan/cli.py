"""The `danvan` command: a thin shell over the pipeline's functions."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from danvan.paths import data_dir

EPILOG = """\
State lives in one directory, DANVAN_DATA_DIR (default ./data): landing zone, warehouse, the published
warehouse.duckdb for BI tools, Parquet exports, the embedded Airflow (SQLite) and logs.
"""


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from exc


def _select_sources(names: list[str] | None) -> None:
    if names:
        os.environ["DANVAN_SOURCES"] = ",".join(names)


def cmd_run(args: argparse.Namespace) -> int:
    from danvan.orchestrate import default_run_date, run_interval, source_report

    _select_sources(args.source)
    data = data_dir()
    run_date = args.date or default_run_date()
    print(f"danvan_nightly collecting the articles of {run_date} (Asia/Ho_Chi_Minh)", flush=True)
    outcome = run_interval(data, run_date, verbose=args.verbose)
    for line in source_report(data):
        print(line)
    print(
        f"{run_date}: {outcome.state}"
        + (f"; failed tasks: {', '.join(outcome.failed_tasks)}" if outcome.failed_tasks else "")
        + (f"; log: {outcome.log}" if outcome.log else "")
    )
    return 0 if outcome.succeeded else 1


def cmd_backfill(args: argparse.Namespace) -> int:
    from danvan.orchestrate import backfill

    _select_sources(args.source)
    outcomes = backfill(
        data_dir(), args.start, args.end, rerun=args.rerun, progress=lambda line: print(line, flush=True)
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
    from danvan.demo import run_demo

    return (
        0 if run_demo(data_dir(), progress=lambda line: print(line, flush=True), verbose=args.verbose) else 1
    )


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="danvan",
        description="Open data warehouse of dân vận chính quyền news: dialogues, complaints and awards.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, help="state directory (overrides DANVAN_DATA_DIR)")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")

    def verb(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        sub = verbs.add_parser(
            name,
            help=help_text,
            description=description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    run = verb(
        "run",
        cmd_run,
        "one nightly run through the Airflow DAG",
        "Run danvan_nightly once (dag.test on the embedded Airflow) for the articles of one day\n"
        "(Asia/Ho_Chi_Minh): scrape every configured source, build, test, publish. The run is the one\n"
        "the schedule starts at 01:00 the next morning.",
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
        "repeats them (a re-run replaces its own landing partitions: idempotent).",
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
        "`danvan airflow standalone` or `danvan airflow dags list`.",
    )
    af.add_argument("airflow_args", nargs=argparse.REMAINDER, help="arguments for airflow")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.data_dir:
        os.environ["DANVAN_DATA_DIR"] = str(args.data_dir.expanduser().resolve())
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
