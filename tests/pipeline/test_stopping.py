"""What an operator does by hand is safe: Ctrl-C or SIGTERM stops a run within seconds, with every process
it started, leaving a state the same command resumes from; a day from the sites' archives, before 2025,
is scraped like any other. Signals go to the real `danvan` command, as a terminal or `kill` sends them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest
from pipeline_support import DANVAN, REPLAY_DAYS, danvan, replay_env

from danvan.orchestrate import completed_runs
from danvan.paths import DataDir
from danvan.replay import ReplaySite

pytestmark = pytest.mark.slow

# Stopping takes well under a second; this leaves room for a loaded machine.
STOP_WITHIN_SECONDS = 5


def start(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [*DANVAN, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def wait_for_line(process: subprocess.Popen, text: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    for line in process.stdout:
        if text in line:
            return
        assert time.monotonic() < deadline, f"no line with {text!r} within {timeout} s"
    raise AssertionError(f"the command ended without printing {text!r}")


def stop(process: subprocess.Popen, signum: int) -> tuple[int, float, str, list[psutil.Process]]:
    """Send `signum` to the command; its exit code, how long it took to exit, what it said on stderr, and
    the processes it had started that are still alive."""
    started = psutil.Process(process.pid).children(recursive=True)
    assert started, "the command had not started its work"
    sent = time.monotonic()
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    took = time.monotonic() - sent
    alive = [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    return process.returncode, took, stderr, alive


@pytest.fixture
def replay(tmp_path):
    with ReplaySite() as site:
        data = DataDir(tmp_path / "data")
        yield site, data, replay_env(data, site)


def test_ctrl_c_stops_a_backfill_mid_day_and_the_same_command_resumes_it(replay):
    site, data, env = replay
    backfill = ["backfill", "--from", REPLAY_DAYS[0], "--to", REPLAY_DAYS[1]]
    process = start(backfill, env)
    wait_for_line(process, f"[1/3] {REPLAY_DAYS[0]}: running")
    time.sleep(15)  # well into the day's tasks: the scrape, or dbt

    code, took, said, alive = stop(process, signal.SIGINT)

    assert (code, alive) == (130, [])
    assert took < STOP_WITHIN_SECONDS
    assert f"resume with `danvan backfill --from {REPLAY_DAYS[0]} --to {REPLAY_DAYS[1]}`" in said
    assert REPLAY_DAYS[0] not in completed_runs(data)

    resumed = danvan(*backfill, env=env)

    assert resumed.returncode == 0, resumed.stdout[-3000:] + resumed.stderr[-3000:]
    assert set(completed_runs(data)) == {REPLAY_DAYS[0], "2025-03-11", REPLAY_DAYS[1]}
    glob = str(data.manifests / "source=*" / "interval=*" / "part.parquet")
    landed = duckdb.sql(f"select url from read_parquet('{glob}') where error is null").fetchall()
    assert sorted(url for (url,) in landed) == sorted(a["url"] for a in site.articles())


@pytest.mark.parametrize(
    ("verb", "busy", "signum", "code"),
    [
        # 10 s into a run Airflow is scraping; 4 s into a transform dbt is parsing or building
        (["run", "--date", REPLAY_DAYS[0]], 10, signal.SIGTERM, 143),
        (["transform"], 4, signal.SIGINT, 130),
        (["transform"], 4, signal.SIGTERM, 143),
    ],
)
def test_run_and_transform_stop_on_a_signal_within_seconds(replay, verb, busy, signum, code):
    _, data, env = replay
    process = start(verb, env)
    time.sleep(busy)

    returncode, took, said, alive = stop(process, signum)

    assert (returncode, alive) == (code, [])
    assert took < STOP_WITHIN_SECONDS
    assert "stopped by SIG" in said and "again" in said
    assert not data.warehouse.exists(), "a stopped build was published"


def free_ports(count: int) -> int:
    """The first of `count` consecutive ports nothing listens on."""
    for first in range(28760, 40000, count):
        probes = [socket.socket() for _ in range(count)]
        try:
            for number, probe in enumerate(probes):
                probe.bind(("127.0.0.1", first + number))
            return first
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise AssertionError("no free ports")


def test_the_demo_stops_on_sigterm_and_takes_its_replay_sources_with_it(tmp_path):
    data = DataDir(tmp_path / "data")
    env = {**os.environ, "DANVAN_DATA_DIR": str(data.root)}
    process = start(["demo", "--port", str(free_ports(3))], env)
    wait_for_line(process, "running danvan_nightly")
    time.sleep(5)

    code, took, said, alive = stop(process, signal.SIGTERM)

    assert (code, alive) == (143, [])
    assert took < STOP_WITHIN_SECONDS
    assert "run `danvan demo` again" in said
    assert not (data.sources / "replay.yaml").exists()


def test_a_day_from_before_2025_is_scraped_and_recorded_as_done(replay):
    site, data, env = replay
    day = "2015-06-01"

    done = danvan("backfill", "--from", day, "--to", day, env=env)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    asked = {name for name, _, _ in site.request_log}
    assert asked == set(site.names), "the sites were not asked for that day's articles"
    assert day in completed_runs(data)
    assert {p.parent.name for p in data.manifests.glob("source=*/interval=*/part.parquet")} >= {
        f"interval={day}"
    }


def test_stopping_airflow_standalone_stops_every_process_it_started(tmp_path):
    data = DataDir(tmp_path / "data")
    port = free_ports(1)
    env = {
        **os.environ,
        "DANVAN_DATA_DIR": str(data.root),
        "AIRFLOW__API__PORT": str(port),
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    }
    process = subprocess.Popen(
        [*DANVAN, "airflow", "standalone"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 300
    while not answers(port):
        assert process.poll() is None, process.stderr.read()[-3000:]
        assert time.monotonic() < deadline, "the API server never answered"
        time.sleep(1)
    time.sleep(5)  # every component up

    code, took, _, alive = stop(process, signal.SIGTERM)

    assert code == 143
    assert alive == [], [p.cmdline() for p in alive]
    assert not answers(port)
    assert took < 25


def answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0
