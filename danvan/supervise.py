"""Run a long command's work in a child process that Ctrl-C and SIGTERM always stop.

Airflow's dag.test() runs each task in the calling process and takes a KeyboardInterrupt or SIGTERM inside a
task for a task failure to retry, and `airflow standalone` stops its components on SIGINT only; dbt, the
rule engine's workers and Chromium start processes of their own. So the `danvan` verbs that run for long do
their work in a child process in a session of its own, and the command itself only waits. On SIGINT or
SIGTERM it stops the child's whole process group (and any descendant that left it), then exits 128 + the
signal number. With no grace period the group is killed outright: what kill -9 does, which leaves the
landing zone, the ledger of completed days and the published warehouse consistent (every one of them is
replaced atomically). With a grace period the signal is passed on first, for programs that shut down
cleanly on it, and whatever is left when it ends is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import psutil

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
POLL_SECONDS = 0.05
REAP_SECONDS = 10.0


@dataclass(frozen=True)
class Finished:
    """How a supervised child ended: its exit code, or the signal that made us stop it."""

    returncode: int
    stopped_by: signal.Signals | None = None

    @property
    def exit_code(self) -> int:
        """What the command exits with: the child's code, or 128 + the signal (130 for SIGINT, 143 for
        SIGTERM), as a shell reports a program a signal ended."""
        if self.stopped_by is not None:
            return 128 + self.stopped_by
        # a child a signal ended on its own (the OOM killer…) is reported the shell's way too
        return 128 - self.returncode if self.returncode < 0 else self.returncode


def _signal_all(group: int, descendants: list[psutil.Process], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signum)
    for process in descendants:
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signum)


def _alive(process: psutil.Process) -> bool:
    """Still running: a zombie has released everything and waits only for its parent (which, orphaned
    in a container whose init does not reap, may never come)."""
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def run_supervised(argv: Sequence[str], env: Mapping[str, str] | None = None, grace: float = 0.0) -> Finished:
    """Run `argv` in a new session and wait for it. A first SIGINT or SIGTERM stops it: killed at once
    when `grace` is 0, else sent the same signal and killed `grace` seconds later if still running; a
    second signal kills at once."""
    child = subprocess.Popen(list(argv), env=dict(env) if env is not None else None, start_new_session=True)
    received: list[signal.Signals] = []
    known: list[psutil.Process] = []
    deadline = [float("inf")]

    def on_signal(signum: int, _frame: object) -> None:
        received.append(signal.Signals(signum))
        # Descendants that started a session of their own are not in the group: remember them now, while
        # the child still holds them as its descendants.
        known.extend(_descendants(child.pid))
        if len(received) == 1 and grace > 0:
            deadline[0] = time.monotonic() + grace
            _signal_all(child.pid, known, signum)
        else:
            deadline[0] = time.monotonic()

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    try:
        while child.poll() is None:
            if time.monotonic() >= deadline[0]:
                _signal_all(child.pid, known, signal.SIGKILL)
            time.sleep(POLL_SECONDS)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if not received:
        return Finished(child.returncode)
    # What the child left behind when it ended (a component it was still stopping) goes too, and the
    # command returns once it is gone: a large process takes a moment to release its memory and ports.
    _signal_all(child.pid, known, signal.SIGKILL)
    deadline = time.monotonic() + REAP_SECONDS
    while any(_alive(process) for process in known) and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
    return Finished(child.returncode, received[0])
