"""The `danvan` command refuses what cannot run before anything runs, and says why."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import pytest

from danvan.demo import measure_figure
from danvan.orchestrate import RunOutcome, day_refusal, range_refusal

DANVAN = [sys.executable, "-m", "danvan.cli"]


def danvan(data, *args: str) -> tuple[int, str, float]:
    started = time.monotonic()
    done = subprocess.run(
        [*DANVAN, *args],
        env={**os.environ, "DANVAN_DATA_DIR": str(data.root)},
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stderr, time.monotonic() - started


@pytest.mark.parametrize(
    ("args", "complaint"),
    [
        (
            ["run", "--source", "nosuchsource"],
            "no valid source named nosuchsource; the sources are: ",
        ),
        (
            [
                "backfill",
                "--from",
                "2025-01-01",
                "--to",
                "2025-01-02",
                "--source",
                "hanoimoi",
                "--source",
                "x",
            ],
            "no valid source named x",
        ),
        (
            ["run", "--date", "1999-12-31"],
            "1999-12-31 is before 2000-01-01, the first day danvan_nightly collects",
        ),
        (["run", "--date", "2999-01-01"], "2999-01-01 has not come yet"),
        (
            ["backfill", "--from", "2025-01-03", "--to", "2025-01-01"],
            "--to 2025-01-01 is before --from 2025-01-03",
        ),
        (["backfill", "--from", "1990-01-01", "--to", "2015-01-01"], "1990-01-01 is before 2000-01-01"),
    ],
)
def test_what_cannot_run_is_refused_at_once_and_nothing_runs(data, args, complaint):
    code, said, took = danvan(data, *args)

    assert code == 2
    assert complaint in said and "nothing was run" in said
    assert "Traceback" not in said
    assert took < 15
    assert not data.airflow_home.exists() and not data.logs.exists()


def test_a_source_with_an_invalid_entry_is_named_with_what_is_wrong(data):
    data.sources.mkdir()
    (data.sources / "mine.yaml").write_text(
        "sources:\n  - name: mine\n    base_url: nowhere\n", encoding="utf-8"
    )

    code, said, _ = danvan(data, "run", "--source", "mine")

    assert code == 2
    assert "no valid source named mine (its entry is invalid:" in said and "base_url" in said


def test_the_demo_says_which_port_is_taken_and_how_to_choose_others(data):
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        code, said, _ = danvan(data, "demo", "--port", str(port - 1))

    assert code == 2
    assert f"port {port} on 127.0.0.1 is in use" in said
    assert "danvan demo --port N" in said
    assert "Errno" not in said and "Traceback" not in said


def test_the_help_of_a_long_verb_says_how_to_stop_it():
    done = subprocess.run([*DANVAN, "backfill", "--help"], capture_output=True, text=True)

    assert "Ctrl-C or SIGTERM stops it within seconds (exit 130 or 143)" in done.stdout


def test_a_day_is_collectable_from_the_dag_start_date_to_today():
    from datetime import date

    today = date(2026, 12, 5)
    assert day_refusal(date(2000, 1, 1), today) is None
    assert day_refusal(date(2015, 6, 1), today) is None
    assert day_refusal(today, today) is None
    assert "before 2000-01-01" in day_refusal(date(1999, 12, 31), today)
    assert "has not come yet" in day_refusal(date(2026, 12, 6), today)
    assert range_refusal(date(2015, 1, 1), date(2024, 12, 31), today) is None


def test_a_run_that_published_nothing_is_no_success_whatever_airflow_says():
    from datetime import date

    assert not RunOutcome(date(2015, 6, 1), "success", (), published=False).succeeded
    assert RunOutcome(date(2015, 6, 1), "success", (), published=True).succeeded
    assert not RunOutcome(date(2015, 6, 1), "success", ("scrape.land",), published=True).succeeded


def test_the_demo_summary_gives_counts_a_total_and_rates_their_range():
    assert measure_figure("cases_resolved", 372.0, 5.0, 120.0) == "total 372"
    assert measure_figure("resolution_rate_pct", 372.0, 85.5, 100.0) == "rates from 85.5% to 100%"


def test_a_worker_leaves_with_its_exit_code_its_output_and_its_exit_handlers_run(data):
    """The supervised worker skips the interpreter's teardown (seconds after a run), not what must happen at
    exit: its exit code, its flushed output and the handlers registered with atexit."""
    worker = (
        "import atexit, runpy, sys\n"
        "atexit.register(print, 'exit handler ran', flush=True)\n"
        "class Garbage:\n"
        "    def __del__(self):\n"
        "        print('teardown ran', flush=True)\n"
        "garbage = Garbage()\n"
        f"sys.argv = ['danvan', '--data-dir', {str(data.root)!r}, 'status']\n"
        "runpy.run_module('danvan.cli', run_name='__main__')\n"
    )
    env = {**os.environ, "DANVAN_WORKER": "1"}
    done = subprocess.run([sys.executable, "-c", worker], env=env, capture_output=True, text=True)
    plain = subprocess.run(
        [*DANVAN, "--data-dir", str(data.root), "status"], capture_output=True, text=True, env=os.environ
    )
    assert done.returncode == plain.returncode
    assert done.stdout == plain.stdout + "exit handler ran\n"
    assert "teardown ran" not in done.stdout
