"""Per-source crawl state: one JSON file per source under $DANVAN_DATA_DIR/state/.

It holds what `danvan status` shows (last success, last error, warnings of the last run), the newest item
seen (so a repeated run of the current interval stops at known ground) and the ETag / Last-Modified
validators of landed pages (so re-fetching them is a conditional request). Crawls of several intervals of
one source may run at once, so every update is a read-modify-write under an exclusive file lock, and the
file is replaced atomically.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from danvan.paths import DataDir

DATETIME_FIELDS = ("last_success_at", "last_error_at", "newest_seen_at", "last_run_at")
# Validators of this many most recently landed URLs are kept; older pages are re-fetched in full.
MAX_VALIDATORS = 20_000


def empty_state() -> dict[str, Any]:
    return {
        "last_success_at": None,
        "last_error_at": None,
        "last_error": None,
        "newest_seen_at": None,
        "warnings": [],
        "last_run_at": None,
        "last_run": None,
        "validators": {},
    }


def state_path(data: DataDir, name: str) -> Path:
    return data.state / f"{name}.json"


def _decoded(raw: dict[str, Any]) -> dict[str, Any]:
    state = {**empty_state(), **raw}
    for key in DATETIME_FIELDS:
        if isinstance(state[key], str):
            state[key] = datetime.fromisoformat(state[key])
    return state


def _encoded(state: dict[str, Any]) -> dict[str, Any]:
    return {key: value.isoformat() if isinstance(value, datetime) else value for key, value in state.items()}


def read_state(data: DataDir, name: str) -> dict[str, Any]:
    """The source's state (datetimes as aware datetimes); an empty state if it never ran."""
    path = state_path(data, name)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return empty_state()
    except (json.JSONDecodeError, UnicodeDecodeError):
        # A state file is a cache of facts the landing zone also holds; a corrupt one starts afresh.
        return empty_state()
    return _decoded(raw if isinstance(raw, dict) else {})


@contextmanager
def _locked(data: DataDir, name: str) -> Iterator[None]:
    data.state.mkdir(parents=True, exist_ok=True)
    with (data.state / f".{name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update_state(data: DataDir, name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Apply `change` to the current state under the source's lock and write it back atomically."""
    with _locked(data, name):
        state = read_state(data, name)
        change(state)
        validators = state["validators"]
        if len(validators) > MAX_VALIDATORS:
            state["validators"] = dict(list(validators.items())[-MAX_VALIDATORS:])
        path = state_path(data, name)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(_encoded(state), ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)
        return state


def record_failure(
    data: DataDir, name: str, when: datetime, error: str, warnings: list[str]
) -> dict[str, Any]:
    def change(state: dict[str, Any]) -> None:
        state["last_error_at"] = when
        state["last_error"] = error
        state["last_run_at"] = when
        state["warnings"] = warnings

    return update_state(data, name, change)
