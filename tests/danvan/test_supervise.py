"""A supervised command stops on SIGINT or SIGTERM within a second, with everything it started.

The supervisor runs in a real process and the signals go to it, as a terminal's Ctrl-C or `kill PID` would;
its child behaves like Airflow's in-process task runner (it survives SIGINT and SIGTERM) and starts a
grandchild that leaves the process group, as a browser or a server component may.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

# The child: ignores (or, with "clean", handles) the stop signals, starts a grandchild in a session of its
# own, records both pids, then waits forever.
CHILD = textwrap.dedent(
    """
    import json, os, signal, subprocess, sys, time
    pids, mode = sys.argv[1], sys.argv[2]
    if mode == "clean":
        def leave(signum, frame):
            open(pids + ".cleaned", "w").write(str(signum))
            sys.exit(0)
        signal.signal(signal.SIGINT, leave)
        signal.signal(signal.SIGTERM, leave)
    else:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                                  start_new_session=True)
    json.dump([os.getpid(), grandchild.pid], open(pids + ".tmp", "w"))
    os.replace(pids + ".tmp", pids)
    time.sleep(600)
    """
)

SUPERVISOR = textwrap.dedent(
    """
    import sys
    from danvan.supervise import run_supervised
    child, pids, mode, grace = sys.argv[1:5]
    sys.exit(run_supervised([sys.executable, "-c", child, pids, mode], grace=float(grace)).exit_code)
    """
)


def start(tmp_path: Path, mode: str, grace: float) -> tuple[subprocess.Popen, list[int]]:
    pids = tmp_path / "pids.json"
    supervisor = subprocess.Popen([sys.executable, "-c", SUPERVISOR, CHILD, str(pids), mode, str(grace)])
    deadline = time.monotonic() + 60
    while not pids.exists():
        assert time.monotonic() < deadline, "the child never started"
        time.sleep(0.05)
    return supervisor, json.loads(pids.read_text())


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.parametrize(("signum", "exit_code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_child_that_survives_the_signal_is_killed_with_its_descendants_at_once(tmp_path, signum, exit_code):
    supervisor, started = start(tmp_path, "stubborn", grace=0)
    sent = time.monotonic()
    supervisor.send_signal(signum)
    assert supervisor.wait(timeout=30) == exit_code
    assert time.monotonic() - sent < 2
    assert not [pid for pid in started if alive(pid)]


def test_with_a_grace_period_the_child_gets_the_signal_and_stops_cleanly(tmp_path):
    supervisor, started = start(tmp_path, "clean", grace=10)
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=30) == 143
    assert (tmp_path / "pids.json.cleaned").read_text() == str(int(signal.SIGTERM))
    assert not [pid for pid in started if alive(pid)], "the grandchild outside the group was left running"


def test_a_child_that_ignores_the_signal_is_killed_when_the_grace_period_ends(tmp_path):
    supervisor, started = start(tmp_path, "stubborn", grace=1)
    sent = time.monotonic()
    supervisor.send_signal(signal.SIGINT)
    assert supervisor.wait(timeout=30) == 130
    assert 1 <= time.monotonic() - sent < 3
    assert not [pid for pid in started if alive(pid)]


def test_a_second_signal_does_not_wait_for_the_grace_period(tmp_path):
    supervisor, started = start(tmp_path, "stubborn", grace=60)
    supervisor.send_signal(signal.SIGINT)
    time.sleep(0.5)
    sent = time.monotonic()
    supervisor.send_signal(signal.SIGINT)
    assert supervisor.wait(timeout=30) == 130
    assert time.monotonic() - sent < 2
    assert not [pid for pid in started if alive(pid)]


def test_without_a_signal_the_command_exits_with_the_child_s_code():
    code = (
        "import sys; from danvan.supervise import run_supervised; "
        "sys.exit(run_supervised([sys.executable, '-c', 'raise SystemExit(3)']).exit_code)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 3
