"""A crawl discovers a window's items, fetches them politely, lands one partition and records state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sitekit import Reply, article, rss

from scrapers.crawl import SourceUnavailable, crawl_source, crawl_window, interval_label
from scrapers.land import manifest_partitions, manifest_path, read_manifest
from scrapers.state import read_state

START = datetime(2025, 3, 9, 17, 0, tzinfo=UTC)  # 2025-03-10 00:00 in Vietnam
END = START + timedelta(days=1)
IN_WINDOW = "Mon, 10 Mar 2025 08:30:00 +0700"
ALSO_IN_WINDOW = "Mon, 10 Mar 2025 15:00:00 +0700"
BEFORE = "Sun, 09 Mar 2025 21:00:00 +0700"


def rows(data, source="testsite", interval="2025-03-10"):
    return read_manifest(manifest_path(data, source, interval))


def site_with_two_articles(server):
    server.page("/feed.rss", rss(
        (server.url("/a/doi-thoai-1001.html"), IN_WINDOW),
        (server.url("/a/tiep-dan-1002.html"), ALSO_IN_WINDOW),
        (server.url("/a/cu-1000.html"), BEFORE),
    ), content_type="application/rss+xml")
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-03-10T08:30:00+07:00"))
    server.page("/a/tiep-dan-1002.html", article("Tiếp công dân định kỳ", "2025-03-10T15:00:00+07:00"))


def test_interval_label_is_the_local_date_of_the_start_in_vietnam():
    assert interval_label(START) == "2025-03-10"
    assert interval_label(datetime(2025, 3, 10, 16, 59, tzinfo=UTC)) == "2025-03-10"
    assert interval_label(datetime(2025, 3, 10, 17, 0, tzinfo=UTC)) == "2025-03-11"


def test_crawl_lands_the_items_of_the_window_and_nothing_older(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source()

    summary = crawl_source("testsite", START, END, data, config=fast)

    assert (summary.discovered, summary.fetched, summary.landed, summary.errors) == (2, 2, 2, 0)
    landed = {row["url"]: row for row in rows(data)}
    assert set(landed) == {server.url("/a/doi-thoai-1001.html"), server.url("/a/tiep-dan-1002.html")}
    row = landed[server.url("/a/doi-thoai-1001.html")]
    assert row["title"] == "Đối thoại với Nhân dân"
    assert row["published_at"] == datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    assert row["http_status"] == 200 and row["warc_file"] and row["error"] is None
    assert row["discovered_via"] == f"rss:{server.url('/feed.rss')}"
    assert server.count("/a/cu-1000.html") == 0


def test_a_rerun_replaces_its_partition_without_duplicates(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source()
    crawl_source("testsite", START, END, data, config=fast)

    crawl_source("testsite", START, END, data, config=fast)

    assert len(manifest_partitions(data)) == 1
    assert sorted(row["url"] for row in rows(data)) == sorted(
        [server.url("/a/doi-thoai-1001.html"), server.url("/a/tiep-dan-1002.html")]
    )


def test_a_page_that_fails_on_rerun_keeps_its_landed_copy(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source()
    crawl_source("testsite", START, END, data, config=fast)
    server.route("/a/tiep-dan-1002.html", Reply(status=500))

    summary = crawl_source("testsite", START, END, data, config=fast)

    landed = {row["url"]: row for row in rows(data)}
    assert landed[server.url("/a/tiep-dan-1002.html")]["error"] is None
    assert landed[server.url("/a/tiep-dan-1002.html")]["title"] == "Tiếp công dân định kỳ"
    assert any("kept the landed copy" in warning for warning in summary.warnings)


def test_a_rerun_of_the_same_interval_does_not_refetch_items_well_before_the_newest_seen(
    data, server, make_source, fast
):
    site_with_two_articles(server)
    make_source()
    crawl_source("testsite", START, END, data, config=fast)

    crawl_source("testsite", START, END, data, config=fast)

    assert server.count("/a/doi-thoai-1001.html") == 1
    assert server.count("/a/tiep-dan-1002.html") == 2
    assert len(rows(data)) == 2


def test_an_earlier_error_row_is_retried_and_replaced_by_the_page(data, server, make_source, fast):
    site_with_two_articles(server)
    server.route("/a/tiep-dan-1002.html", Reply(status=503))
    make_source()
    first = crawl_source("testsite", START, END, data, config=fast)
    assert first.errors == 1
    server.page("/a/tiep-dan-1002.html", article("Tiếp công dân định kỳ", "2025-03-10T15:00:00+07:00"))
    server.page("/feed.rss", rss(), content_type="application/rss+xml")

    crawl_source("testsite", START, END, data, config=fast)

    landed = {row["url"]: row for row in rows(data)}
    assert len(landed) == 2
    assert all(row["error"] is None for row in landed.values())


def test_refetching_is_conditional_and_an_unchanged_page_keeps_its_landed_copy(data, server, make_source, fast):
    site_with_two_articles(server)
    body = article("Tiếp công dân định kỳ", "2025-03-10T15:00:00+07:00")
    server.route(
        "/a/tiep-dan-1002.html",
        Reply(body=body, headers={"ETag": '"v1"', "Last-Modified": "Mon, 10 Mar 2025 02:00:00 GMT"}),
        Reply(status=304, content_type=None),
    )
    make_source()
    crawl_source("testsite", START, END, data, config=fast)

    summary = crawl_source("testsite", START, END, data, config=fast)

    second = [hit for hit in server.hits if hit.path == "/a/tiep-dan-1002.html"][1]
    assert second.headers.get("If-None-Match") == '"v1"'
    assert second.headers.get("If-Modified-Since") == "Mon, 10 Mar 2025 02:00:00 GMT"
    assert summary.unchanged == 1
    landed = {row["url"]: row for row in rows(data)}
    assert landed[server.url("/a/tiep-dan-1002.html")]["title"] == "Tiếp công dân định kỳ"
    assert landed[server.url("/a/tiep-dan-1002.html")]["warc_file"]


def test_state_records_success_and_the_newest_item_seen(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source()

    crawl_source("testsite", START, END, data, config=fast)

    state = read_state(data, "testsite")
    assert state["last_success_at"] is not None and state["last_error"] is None
    assert state["newest_seen_at"] == datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
    assert state["last_run"]["landed"] == 2


def test_a_repeated_run_of_the_current_interval_stops_at_known_ground():
    newest = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
    assert crawl_window(START, END, newest).cutoff == newest - timedelta(hours=1)
    # A backfill of an older interval is not cut by what later intervals saw.
    assert crawl_window(START - timedelta(days=30), END - timedelta(days=30), newest).cutoff == START - timedelta(
        days=30
    )


def test_a_source_whose_every_discovery_fails_raises_and_records_the_error(data, server, make_source, fast):
    server.route("/feed.rss", Reply(status=503))
    server.route("/tin-moi", Reply(status=502))
    make_source([
        {"kind": "rss", "url": server.url("/feed.rss")},
        {"kind": "listing", "url": server.url("/tin-moi")},
    ])

    with pytest.raises(SourceUnavailable, match="HTTP 503"):
        crawl_source("testsite", START, END, data, config=fast)

    state = read_state(data, "testsite")
    assert "source unavailable" in state["last_error"] and state["last_error_at"] is not None
    assert manifest_partitions(data) == []


def test_a_source_with_no_server_at_all_is_unavailable(data, server, make_source, fast):
    make_source(discovery=[{"kind": "rss", "url": "http://127.0.0.1:9/feed.rss"}])

    with pytest.raises(SourceUnavailable, match="connection refused"):
        crawl_source("testsite", START, END, data, config=fast)


def test_an_empty_feed_is_a_warning_and_the_listing_is_the_fallback(data, server, make_source, fast):
    server.page("/feed.rss", rss(), content_type="application/rss+xml")
    server.page(
        "/chinh-tri",
        '<ul><li class="item"><a href="/a/doi-thoai-1001.html">Đối thoại</a> <span>10/03/2025 08:30</span></li></ul>',
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-03-10T08:30:00+07:00"))
    make_source([
        {"kind": "rss", "url": server.url("/feed.rss")},
        {"kind": "listing", "url": server.url("/chinh-tri"), "item_selector": "li.item"},
    ])

    summary = crawl_source("testsite", START, END, data, config=fast)

    assert summary.landed == 1
    assert any(w.startswith("empty feed") for w in summary.warnings)
    assert any(w.startswith("empty feed") for w in read_state(data, "testsite")["warnings"])


def test_progress_reports_each_page(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source()
    lines: list[str] = []

    crawl_source("testsite", START, END, data, progress=lines.append, config=fast)

    assert any("discovered 2 items" in line for line in lines)
    assert sum(1 for line in lines if line.endswith("— ok")) == 2
