"""Per-source state survives runs, is written atomically under a lock, and never breaks a crawl."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from scrapers.state import MAX_VALIDATORS, read_state, record_failure, state_path, update_state

WHEN = datetime(2025, 3, 10, 18, 0, tzinfo=UTC)


def test_a_source_that_never_ran_has_an_empty_state(data):
    state = read_state(data, "hanoimoi")

    assert state["last_success_at"] is None and state["last_error"] is None
    assert state["warnings"] == [] and state["validators"] == {}


def test_datetimes_come_back_as_aware_datetimes(data):
    update_state(data, "hanoimoi", lambda state: state.update(last_success_at=WHEN, newest_seen_at=WHEN))

    state = read_state(data, "hanoimoi")

    assert state["last_success_at"] == WHEN and state["newest_seen_at"].tzinfo is not None


def test_a_failure_is_recorded_with_its_time_reason_and_warnings(data):
    record_failure(data, "mattran", WHEN, "source unavailable: HTTP 503", ["empty feed: x"])

    state = read_state(data, "mattran")

    assert (state["last_error_at"], state["last_error"], state["warnings"]) == (
        WHEN,
        "source unavailable: HTTP 503",
        ["empty feed: x"],
    )


def test_a_corrupt_state_file_reads_as_empty(data):
    data.state.mkdir(parents=True)
    state_path(data, "hanoimoi").write_text("{không phải json", encoding="utf-8")

    assert read_state(data, "hanoimoi")["last_success_at"] is None


def test_concurrent_updates_of_one_source_lose_nothing(data):
    def add(n: int) -> None:
        update_state(data, "hanoimoi", lambda state: state["validators"].update({f"https://x.vn/{n}": {}}))

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(add, range(40)))

    assert len(read_state(data, "hanoimoi")["validators"]) == 40
    assert not list(data.state.glob("*.tmp"))


def test_only_the_newest_validators_are_kept(data):
    many = {f"https://x.vn/{n}": {"etag": str(n)} for n in range(MAX_VALIDATORS + 5)}

    update_state(data, "hanoimoi", lambda state: state["validators"].update(many))

    validators = read_state(data, "hanoimoi")["validators"]
    assert len(validators) == MAX_VALIDATORS and "https://x.vn/4" not in validators
