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
from zoneinfo import ZoneInfo

from danvan.nightly import FIRST_DAY
from danvan.paths import DAGS_DIR, DataDir

DAG_ID = "danvan_nightly"
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
RUN_HOUR = 1  # the DAG's cron: 01:00 local
WAREHOUSE_POOL = "danvan_warehouse"
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
        "AIRFLOW__COSMOS__CACHE_DIR": str(data.airflow_home / "cosmos_cache"),
        "AIRFLOW__COSMOS__ENABLE_CACHE": "True",
        "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
    }


def configure_airflow(data: DataDir) -> None:
    """Point this process's Airflow at the embedded deployment; call before airflow is imported."""
    if "airflow" in sys.modules and os.environ.get("AIRFLOW_HOME") != str(data.airflow_home):
        raise RuntimeError("Airflow was imported before danvan configured it; run danvan in a fresh process")
    data.airflow_home.mkdir(parents=True, exist_ok=True)
    (data.logs / "airflow").mkdir(parents=True, exist_ok=True)
    # Cosmos looks for `dbt` on PATH: put this environment's scripts first, as `uv run` does.
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

    @property
    def succeeded(self) -> bool:
        """The whole run worked, through to publishing. Airflow marks a run whose only failures are
        sources as a success, since the build and publish went on without them; for us a failed source is
        a failed day, so a resumed backfill tries it again. A run whose tasks never ran (Airflow creates
        none before the DAG's start_date) is a success to Airflow too, and no success here."""
        return self.state == "success" and not self.failed_tasks and self.published


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


def run_interval(data: DataDir, run_date: date, verbose: bool = False) -> RunOutcome:
    """Run the DAG once, in this process, for the articles of the local day `run_date`; the task logs
    go to logs/runs/ unless `verbose`."""
    configure_airflow(data)
    ensure_metadata_db(data)
    log = None if verbose else run_log(data, run_date)
    with output_to(log) if log else nullcontext():
        dag = _load_dag()
        dag_run = dag.test(logical_date=run_after(run_date))
        states = [(ti.task_id, ti.state) for ti in dag_run.get_task_instances()]
    failed = tuple(sorted(task for task, state in states if state == "failed"))
    published = ("publish", "success") in states
    return RunOutcome(run_date, str(dag_run.state), failed, log, published)


def outcome_label(outcome: RunOutcome) -> str:
    """Airflow's state of the run, unless the run "succeeded" without publishing."""
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


def completed_runs(data: DataDir) -> dict[str, str]:
    """Run dates whose DAG run succeeded, with when: what a resumed backfill skips."""
    path = _ledger_path(data)
    return json.loads(path.read_text()) if path.exists() else {}


def record_completed(data: DataDir, run_date: date) -> None:
    done = completed_runs(data)
    done[run_date.isoformat()] = datetime.now(LOCAL_TZ).isoformat()
    path = _ledger_path(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(done, indent=1, sort_keys=True))
    os.replace(tmp, path)


def backfill(
    data: DataDir,
    start: date,
    end: date,
    rerun: bool = False,
    progress: Callable[[str], None] = print,
    verbose: bool = False,
) -> list[RunOutcome]:
    """Run every daily interval from `start` to `end` in order; resumable: done dates are skipped
    unless `rerun`, and re-running a date replaces its landing partitions, so it is idempotent."""
    refusal = range_refusal(start, end, today())
    if refusal:
        raise ValueError(refusal)
    days = list(interval_days(start, end))
    done = completed_runs(data)
    outcomes = []
    for number, day in enumerate(days, 1):
        if not rerun and day.isoformat() in done:
            progress(f"[{number}/{len(days)}] {day}: already done, skipped (use --rerun to repeat it)")
            continue
        progress(f"[{number}/{len(days)}] {day}: running {DAG_ID}")
        outcome = run_interval(data, day, verbose=verbose)
        outcomes.append(outcome)
        if outcome.succeeded:
            record_completed(data, day)
        for line in source_report(data):
            progress(line)
        progress(
            f"[{number}/{len(days)}] {day}: {outcome_label(outcome)}"
            + (f" (failed: {', '.join(outcome.failed_tasks)})" if outcome.failed_tasks else "")
            + (f"; log: {outcome.log}" if outcome.log else "")
        )
    return outcomes
