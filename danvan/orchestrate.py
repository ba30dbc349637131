"""Run the danvan_nightly DAG on the embedded Airflow (SQLite metadata under DANVAN_DATA_DIR).

`danvan run` and `danvan backfill` go through the DAG itself with `dag.test()`, so the code path is the
production one; a deployment with a scheduler runs the same DAG (see docker-compose.yml).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from danvan.paths import DAGS_DIR, DataDir
from danvan.settings import DAG_ID, FIRST_DAY, LOCAL_TZ, RUN_HOUR, WAREHOUSE_POOL

# a deployment may point the metadata database elsewhere (PostgreSQL in production)
OVERRIDABLE = frozenset({"AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"})


def airflow_environment(data: DataDir) -> dict[str, str]:
    """Airflow's configuration for the embedded deployment: every file it writes stays in the state dir."""
    return {
        "DANVAN_DATA_DIR": str(data.root),
        "AIRFLOW_HOME": str(data.airflow_home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_DIR),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{data.airflow_home / 'airflow.db'}",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(data.logs / "airflow"),
    }


def configure_airflow(data: DataDir) -> None:
    """Point this process's Airflow at the embedded deployment; call before airflow is imported."""
    if "airflow" in sys.modules and os.environ.get("AIRFLOW_HOME") != str(data.airflow_home):
        raise RuntimeError("Airflow was imported before danvan configured it; run danvan in a fresh process")
    data.airflow_home.mkdir(parents=True, exist_ok=True)
    (data.logs / "airflow").mkdir(parents=True, exist_ok=True)
    # `airflow standalone` starts its components as `airflow` from PATH: this environment's, as `uv run`.
    scripts = str(Path(sys.executable).parent)
    if os.environ.get("PATH", "").split(os.pathsep)[0] != scripts:
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    for key, value in airflow_environment(data).items():
        if key in OVERRIDABLE:
            os.environ.setdefault(key, value)
        else:
            os.environ[key] = value


def _airflow(args: list[str]) -> None:
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), *args], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)


def ensure_metadata_db(data: DataDir) -> None:
    """Create the metadata database and the one-slot warehouse pool, and migrate the database again
    after an Airflow upgrade: the marker records the version it was migrated by."""
    from airflow import __version__ as airflow_version

    marker = data.airflow_home / ".migrated"
    if marker.exists() and marker.read_text().strip() == airflow_version:
        return
    _airflow(["db", "migrate"])
    _airflow(["pools", "set", WAREHOUSE_POOL, "1", "One DuckDB writer at a time"])
    marker.write_text(airflow_version)


def run_after(day: date) -> datetime:
    """When the nightly run that collects `day` starts: 01:00 local on the following day. This is the
    run's logical date; its data interval starts at 01:00 on `day`, and the scrape covers that whole
    local calendar day (danvan.nightly.day_window)."""
    return datetime.combine(day + timedelta(days=1), time(RUN_HOUR), LOCAL_TZ)


def default_run_date() -> date:
    """Yesterday in Asia/Ho_Chi_Minh: the last whole day."""
    return datetime.now(LOCAL_TZ).date() - timedelta(days=1)


def today() -> date:
    return datetime.now(LOCAL_TZ).date()


def day_refusal(day: date, today: date) -> str | None:
    """Why the DAG cannot collect `day`, or None: Airflow runs no task of a run before the DAG's
    start_date (such a run would "succeed" with nothing scraped), and a day yet to come has no articles."""
    if day < FIRST_DAY:
        return f"{day} is before {FIRST_DAY}, the first day {DAG_ID} collects (its start_date)"
    if day > today:
        return f"{day} has not come yet in Asia/Ho_Chi_Minh (today is {today})"
    return None


def range_refusal(start: date, end: date, today: date) -> str | None:
    """Why a backfill of start..end cannot run, or None."""
    if end < start:
        return f"--to {end} is before --from {start}"
    return day_refusal(start, today) or day_refusal(end, today)


def source_refusal(data: DataDir, names: list[str]) -> str | None:
    """Why a run cannot be limited to `names`, or None: each must be a valid configured source."""
    from scrapers.sources import load_sources_and_errors

    sources, errors = load_sources_and_errors(data)
    unknown = [name for name in names if name not in sources]
    if not unknown:
        return None
    invalid = {error.entry: error for error in errors}
    reasons = [
        f"{name} (its entry is invalid: {invalid[name]})" if name in invalid else name for name in unknown
    ]
    return f"no valid source named {', '.join(reasons)}; the sources are: {', '.join(sorted(sources))}"


def interval_days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class RunOutcome:
    run_date: date
    state: str
    failed_tasks: tuple[str, ...]
    log: Path | None = None
    published: bool = False
    # whether the run was to build and publish, or only to scrape its day (a backfill's days but its last)
    builds: bool = True
    landed: bool = False

    @property
    def succeeded(self) -> bool:
        """The whole run worked, through to publishing (or landing, for a run that leaves the build to a
        later one). Airflow marks a run whose only failures are sources as a success, since the build
        and publish went on without them; for us a failed source is a failed day, so a resumed backfill
        tries it again. A run whose tasks never ran (Airflow creates none before the DAG's start_date) is
        a success to Airflow too, and no success here."""
        finished = self.published if self.builds else self.landed
        return self.state == "success" and not self.failed_tasks and finished


def _load_dag():
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAGS_DIR))
    if bag.import_errors:
        raise RuntimeError(f"the DAG does not import: {bag.import_errors}")
    return bag.get_dag(DAG_ID)


@contextmanager
def output_to(log: Path) -> Iterator[None]:
    """Send everything this process writes (Airflow's and dbt's task logs included) to a file."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    with log.open("ab") as fh:
        os.dup2(fh.fileno(), 1)
        os.dup2(fh.fileno(), 2)
        try:
            yield
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            os.close(saved[0])
            os.close(saved[1])


def run_log(data: DataDir, run_date: date) -> Path:
    stamp = datetime.now(LOCAL_TZ).strftime("%Y%m%dT%H%M%S")
    return data.logs / "runs" / f"{run_date.isoformat()}_{stamp}.log"


def run_interval(data: DataDir, run_date: date, verbose: bool = False, build: bool = True) -> RunOutcome:
    """Run the DAG once, in this process, for the articles of the local day `run_date`; the task logs
    go to logs/runs/ unless `verbose`. Unless `build`, the run scrapes its day and leaves the build to a
    later run."""
    from danvan.nightly import BUILD_CONF_KEY

    configure_airflow(data)
    ensure_metadata_db(data)
    log = None if verbose else run_log(data, run_date)
    with output_to(log) if log else nullcontext():
        dag = _load_dag()
        dag_run = dag.test(logical_date=run_after(run_date), run_conf={BUILD_CONF_KEY: build})
        states = [(ti.task_id, ti.state) for ti in dag_run.get_task_instances()]
    failed = tuple(sorted(task for task, state in states if state == "failed"))
    published = ("publish", "success") in states
    landed = ("landing_complete", "success") in states
    return RunOutcome(run_date, str(dag_run.state), failed, log, published, build, landed)


def outcome_label(outcome: RunOutcome) -> str:
    """Airflow's state of the run, unless the run "succeeded" without publishing."""
    if not outcome.builds and outcome.succeeded:
        return "landed (the backfill's last day builds)"
    if outcome.state == "success" and not outcome.failed_tasks and not outcome.published:
        return "not done (the run published nothing)"
    return outcome.state


def source_report(data: DataDir) -> list[str]:
    """One line per source of the last run: what it landed, or why it failed."""
    from danvan.nightly import configured_sources
    from scrapers.state import read_state

    lines = []
    for name in configured_sources():
        state = read_state(data, name)
        last_run = state.get("last_run") or {}
        failed = state.get("last_error_at") and (
            not state.get("last_success_at") or state["last_error_at"] > state["last_success_at"]
        )
        if failed:
            lines.append(f"    {name}: FAILED: {state.get('last_error')}")
        else:
            lines.append(
                f"    {name}: {last_run.get('interval')}: {last_run.get('landed', 0)} landed, "
                f"{last_run.get('errors', 0)} errors"
            )
    return lines


def _ledger_path(data: DataDir) -> Path:
    return data.state / "runs.json"


def _landed_path(data: DataDir) -> Path:
    return data.state / "landed.json"


def _read_ledger(path: Path) -> dict[str, str]:
    return json.loads(path.read_text()) if path.exists() else {}


def _write_ledger(path: Path, entries: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(entries, indent=1, sort_keys=True))
    os.replace(tmp, path)


def completed_runs(data: DataDir) -> dict[str, str]:
    """Run dates whose DAG run succeeded and whose build published, with when: what a resumed backfill
    skips."""
    return _read_ledger(_ledger_path(data))


def landed_runs(data: DataDir) -> dict[str, str]:
    """Run dates of a backfill that scraped every source and wait for the build at the backfill's end."""
    return _read_ledger(_landed_path(data))


def record_completed(data: DataDir, run_dates: list[date]) -> None:
    """The days are built and published: done, and no longer waiting for a build."""
    now = datetime.now(LOCAL_TZ).isoformat()
    _write_ledger(_ledger_path(data), completed_runs(data) | {day.isoformat(): now for day in run_dates})
    built = {day.isoformat() for day in run_dates}
    _write_ledger(_landed_path(data), {d: when for d, when in landed_runs(data).items() if d not in built})


def record_landed(data: DataDir, run_date: date) -> None:
    now = datetime.now(LOCAL_TZ).isoformat()
    _write_ledger(_landed_path(data), landed_runs(data) | {run_date.isoformat(): now})


def backfill_plan(days: list[date], done: set[str], waiting: set[str], rerun: bool) -> list[tuple[date, str]]:
    """What a backfill does with each day, in order: "done" (skipped: built and published before),
    "landed" (skipped: landed by an interrupted run of the backfill, waiting for its build), "scrape"
    (a run that lands the day and leaves the build to the last one) or "build" (the last day to run:
    it lands its day, then builds and publishes for all). `--rerun` runs every day again."""
    pending = [day for day in days if rerun or day.isoformat() not in done]
    last = pending[-1] if pending else None
    plan = []
    for day in days:
        if day not in pending:
            plan.append((day, "done"))
        elif day == last:
            plan.append((day, "build"))
        elif not rerun and day.isoformat() in waiting:
            plan.append((day, "landed"))
        else:
            plan.append((day, "scrape"))
    return plan


def backfill(
    data: DataDir,
    start: date,
    end: date,
    rerun: bool = False,
    progress: Callable[[str], None] = print,
    verbose: bool = False,
) -> list[RunOutcome]:
    """Run every daily interval from `start` to `end` in order, then build once: each day's run scrapes
    and lands its day, and the last day's run builds and publishes the warehouse for all of them.

    Resumable: done dates are skipped unless `rerun`, and so are dates that landed in an interrupted
    backfill and wait for its build; re-running a date replaces its landing partitions, so it is
    idempotent. A day counts as done once the build that read it has published."""
    refusal = range_refusal(start, end, today())
    if refusal:
        raise ValueError(refusal)
    days = list(interval_days(start, end))
    plan = backfill_plan(days, set(completed_runs(data)), set(landed_runs(data)), rerun)
    outcomes = []
    for number, (day, action) in enumerate(plan, 1):
        step = f"[{number}/{len(days)}] {day}"
        if action == "done":
            progress(f"{step}: already done, skipped (use --rerun to repeat it)")
            continue
        if action == "landed":
            progress(f"{step}: landed by an earlier run of this backfill, built at its end")
            continue
        builds = action == "build"
        progress(f"{step}: running {DAG_ID}" + ("" if builds else " (scrape only; the last day builds)"))
        outcome = run_interval(data, day, verbose=verbose, build=builds)
        outcomes.append(outcome)
        if outcome.succeeded and not builds:
            record_landed(data, day)
        if outcome.published:
            landed = [date.fromisoformat(d) for d in landed_runs(data)]
            built = [d for d in landed if start <= d <= end] + ([day] if outcome.succeeded else [])
            record_completed(data, built)
        for line in source_report(data):
            progress(line)
        progress(
            f"{step}: {outcome_label(outcome)}"
            + (f" (failed: {', '.join(outcome.failed_tasks)})" if outcome.failed_tasks else "")
            + (f"; log: {outcome.log}" if outcome.log else "")
        )
    return outcomes
