"""Drift: a source whose pages answer 200 but whose entry no longer finds anything is reported by name,
with the methods it tried, once its last runs all landed nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sitekit import article

from scrapers.crawl import crawl_source
from scrapers.drift import drift_warnings, landing_drift

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime(2025, 9, 1, tzinfo=VIETNAM)


def crawl_days(name: str, days: int, data, fast) -> None:
    for n in range(days):
        start = FIRST + timedelta(days=n)
        crawl_source(name, start, start + timedelta(days=1), data, config=fast)


def test_a_listing_whose_selector_matches_nothing_is_reported_after_three_empty_runs(
    data, server, make_source, fast
):
    # The site redesigned its list: the page answers 200, the configured item selector matches nothing.
    server.page(
        "/chinh-tri",
        '<div class="b-grid"><h3 class="b-grid__title"><a href="/doi-thoai-1234567.html">Đối thoại</a>'
        "</h3></div>",
    )
    method = {
        "kind": "listing",
        "url": server.url("/chinh-tri"),
        "max_pages": 1,
        "item_selector": "article.story",
    }
    make_source([method])

    crawl_days("testsite", 2, data, fast)
    assert landing_drift(data) == []  # two empty runs are not yet drift

    crawl_days("testsite", 3, data, fast)

    drifts = landing_drift(data)
    assert [d.source for d in drifts] == ["testsite"]
    warning = drift_warnings(data)["testsite"]
    assert "landed nothing in its last 3 runs" in warning
    assert f"listing:{server.url('/chinh-tri')}" in warning
    assert "danvan check-source testsite" in warning


def test_a_source_that_landed_in_one_of_its_last_runs_is_not_drift(data, server, make_source, fast):
    server.page(
        "/chinh-tri",
        '<ul><li><a href="/a/doi-thoai-1001.html">Đối thoại</a> 03/09/2025 09:00</li></ul>',
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-09-03T09:00:00+07:00"))
    make_source([{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}])

    crawl_days("testsite", 5, data, fast)  # 1-2 Sep nothing, 3 Sep one page, 4-5 Sep nothing

    assert landing_drift(data) == []
    assert [d.source for d in landing_drift(data, runs=2)] == ["testsite"]


def test_danvan_status_shows_the_drift_warning_on_the_source_line(data, server, make_source, fast):
    from danvan.status import render_status

    server.page("/chinh-tri", "<div><p>Trang đang bảo trì</p></div>")
    make_source(
        [{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1, "item_selector": "article"}]
    )
    crawl_days("testsite", 3, data, fast)

    line = next(line for line in render_status(data).splitlines() if line.strip().startswith("testsite"))
    assert "landed nothing in its last 3 runs" in line
