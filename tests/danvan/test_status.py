"""status reads the landing zone, the sources' crawl state and the published warehouse."""

from __future__ import annotations

from datetime import UTC, datetime

from danvan.status import render_status, source_statuses
from scrapers.land import LandedPage, land_partition
from scrapers.state import record_failure

WHEN = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)


def test_a_source_that_failed_after_its_last_success_is_failing(data):
    land_partition(
        data,
        "hanoimoi",
        "2025-03-09",
        [LandedPage(url="http://h/1", source="hanoimoi", fetched_at=WHEN, body=b"x", text="x")],
    )
    record_failure(data, "hanoimoi", WHEN, "source unavailable: HTTP 500", [])

    status = {s.source: s for s in source_statuses(data)}["hanoimoi"]

    assert status.failing
    assert status.pages_landed == 1
    assert "FAILING: source unavailable: HTTP 500" in render_status(data)


def test_sources_never_crawled_say_so_and_no_facts_are_published_yet(data):
    report = render_status(data)

    assert "never run" in report
    assert "Published facts: none yet" in report
