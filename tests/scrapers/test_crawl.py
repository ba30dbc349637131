"""A crawl discovers a window's items, fetches them politely, lands one partition and records state."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta
from itertools import pairwise

import pytest
from sitekit import Reply, article, rss, write_sources

from scrapers.crawl import (
    SourceUnavailable,
    crawl_source,
    crawl_window,
    discover_stage,
    fetch_stage,
    interval_label,
    land_stage,
    spool,
)
from scrapers.land import iter_warc_records, manifest_partitions, manifest_path, read_manifest
from scrapers.state import read_state

START = datetime(2025, 3, 9, 17, 0, tzinfo=UTC)  # 2025-03-10 00:00 in Vietnam
END = START + timedelta(days=1)
IN_WINDOW = "Mon, 10 Mar 2025 08:30:00 +0700"
ALSO_IN_WINDOW = "Mon, 10 Mar 2025 15:00:00 +0700"
BEFORE = "Sun, 09 Mar 2025 21:00:00 +0700"


def rows(data, source="testsite", interval="2025-03-10"):
    return read_manifest(manifest_path(data, source, interval))


def site_with_two_articles(server):
    server.page(
        "/feed.rss",
        rss(
            (server.url("/a/doi-thoai-1001.html"), IN_WINDOW),
            (server.url("/a/tiep-dan-1002.html"), ALSO_IN_WINDOW),
            (server.url("/a/cu-1000.html"), BEFORE),
        ),
        content_type="application/rss+xml",
    )
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


def test_the_three_stages_run_apart_land_what_one_crawl_lands_and_clear_their_spool(
    data, server, make_source, fast
):
    site_with_two_articles(server)
    make_source()

    discovered = discover_stage("testsite", START, END, data, config=fast)
    fetched = fetch_stage("testsite", START, END, data, config=fast)
    assert not manifest_partitions(data), "nothing is committed before the land stage"
    summary = land_stage("testsite", START, data)

    assert (discovered["discovered"], fetched["fetched"], summary.landed) == (2, 2, 2)
    assert {row["url"] for row in rows(data)} == {
        server.url("/a/doi-thoai-1001.html"),
        server.url("/a/tiep-dan-1002.html"),
    }
    assert not spool(data, "testsite", "2025-03-10").root.exists()
    assert read_state(data, "testsite")["newest_seen_at"] == datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


def test_the_rate_limit_holds_from_the_discover_stage_to_the_fetch_stage(data, server, make_source, fast):
    site_with_two_articles(server)
    make_source(rate_limit=2)

    discover_stage("testsite", START, END, data, config=fast)
    fetch_stage("testsite", START, END, data, config=fast)

    # robots.txt and the feed, then robots.txt again and the two articles: each 0.5 s after the one before
    times = [hit.at for hit in server.hits]
    assert len(times) == 5
    # 0.5 s slots; arrival may slip by a scheduling delay on a loaded machine
    assert min(later - earlier for earlier, later in pairwise(times)) >= 0.4


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


def test_refetching_is_conditional_and_an_unchanged_page_keeps_its_landed_copy(
    data, server, make_source, fast
):
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
    assert crawl_window(
        START - timedelta(days=30), END - timedelta(days=30), newest
    ).cutoff == START - timedelta(days=30)


def test_a_source_whose_every_discovery_fails_raises_and_records_the_error(data, server, make_source, fast):
    server.route("/feed.rss", Reply(status=503))
    server.route("/tin-moi", Reply(status=502))
    make_source(
        [
            {"kind": "rss", "url": server.url("/feed.rss")},
            {"kind": "listing", "url": server.url("/tin-moi")},
        ]
    )

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
        '<ul><li class="item"><a href="/a/doi-thoai-1001.html">Đối thoại</a>'
        "<span>10/03/2025 08:30</span></li></ul>",
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-03-10T08:30:00+07:00"))
    make_source(
        [
            {"kind": "rss", "url": server.url("/feed.rss")},
            {"kind": "listing", "url": server.url("/chinh-tri"), "item_selector": "li.item"},
        ]
    )

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


FAULTS = {
    "404": ([Reply(status=404)], "HTTP 404"),
    "500 every time": ([Reply(status=500)], "HTTP 500 (after 3 attempts)"),
    "429 every time": ([Reply(status=429, headers={"Retry-After": "0"})], "HTTP 429 (after 3 attempts)"),
    "read timeout": ([Reply(action="stall", stall=1.0)], "read timeout (after 3 attempts)"),
    "connection reset": ([Reply(action="reset")], "connection reset (after 3 attempts)"),
    "truncated body": (
        [Reply(body="<p>" + "chữ " * 500, action="truncate")],
        "truncated body (after 3 attempts)",
    ),
    "not html": ([Reply(body=b"%PDF-1.7", content_type="application/pdf")], "content type application/pdf"),
    "oversized": ([Reply(body=b"<p>" + b"x" * 400_000)], "body larger than 300000 bytes refused"),
    "foreign redirect": (
        [Reply(status=301, headers={"Location": "https://baomoi.example/bai"})],
        "redirect to https://baomoi.example/bai refused: host baomoi.example is not an allowed host",
    ),
    "private redirect": (
        [Reply(status=302, headers={"Location": "http://192.168.10.5/bai"})],
        "refused: IP literal host 192.168.10.5 is not allowed",
    ),
    "robots disallow": ([Reply(body="<p>Trang nội bộ</p>")], "disallowed by robots.txt"),
}


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_page_is_a_recorded_error_row_and_the_rest_lands_and_reruns_add_no_duplicates(
    fault, data, server, make_source, fast
):
    replies, reason = FAULTS[fault]
    site_with_two_articles(server)
    server.page("/robots.txt", "User-agent: *\nDisallow: /noi-bo/\n", content_type="text/plain")
    bad = "/noi-bo/hong-1003.html" if fault == "robots disallow" else "/a/hong-1003.html"
    server.route(bad, *replies)
    server.page(
        "/feed.rss",
        rss(
            (server.url("/a/doi-thoai-1001.html"), IN_WINDOW),
            (server.url(bad), IN_WINDOW),
            (server.url("/a/tiep-dan-1002.html"), ALSO_IN_WINDOW),
        ),
        content_type="application/rss+xml",
    )
    make_source()

    first = crawl_source("testsite", START, END, data, config=fast)
    crawl_source("testsite", START - timedelta(days=1), START, data, config=fast)  # another source interval
    second = crawl_source("testsite", START, END, data, config=fast)

    landed = rows(data)
    by_url = {row["url"]: row for row in landed}
    assert len(landed) == len(by_url) == 3
    assert reason in by_url[server.url(bad)]["error"]
    assert by_url[server.url(bad)]["warc_file"] is None
    assert by_url[server.url("/a/doi-thoai-1001.html")]["error"] is None
    assert by_url[server.url("/a/tiep-dan-1002.html")]["error"] is None
    assert (first.landed, first.errors) == (2, 1)
    assert second.landed == 2


def test_another_source_carries_on_when_one_source_fails(data, servers, fast):
    good, broken = servers(), servers()
    site_with_two_articles(good)
    broken.route("/feed.rss", Reply(action="reset"))
    write_sources(
        data,
        [
            {
                "name": name,
                "base_url": site.url("/"),
                "allowed_hosts": ["127.0.0.1"],
                "rate_limit": 50,
                "discovery": [{"kind": "rss", "url": site.url("/feed.rss")}],
            }
            for name, site in (("tot", good), ("hong", broken))
        ],
    )

    with pytest.raises(SourceUnavailable):
        crawl_source("hong", START, END, data, config=fast)
    summary = crawl_source("tot", START, END, data, config=fast)

    assert summary.landed == 2
    assert read_state(data, "hong")["last_error"] and read_state(data, "tot")["last_error"] is None


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("utf-8 declared as latin-1", "text/html; charset=iso-8859-1"),
        ("windows-1258 declared as utf-8", "text/html; charset=utf-8"),
        ("windows-1258 with no charset", "text/html"),
        ("decomposed (NFD) utf-8", "text/html; charset=utf-8"),
    ],
)
def test_a_page_with_a_wrong_or_missing_charset_lands_as_nfc_vietnamese_with_raw_bytes_kept(
    body, content_type, data, server, make_source, fast
):
    title = "Tiếp công dân định kỳ tại phường Đống Đa"
    html = article(title, "2025-03-10T15:00:00+07:00").replace('<meta charset="utf-8">', "")
    if body.startswith("windows-1258"):
        raw = windows_1258(html)
    elif body.startswith("decomposed"):
        raw = unicodedata.normalize("NFD", html).encode("utf-8")
    else:
        raw = html.encode("utf-8")
    server.page(
        "/feed.rss", rss((server.url("/a/tiep-dan-1002.html"), ALSO_IN_WINDOW)), content_type="text/xml"
    )
    server.page("/a/tiep-dan-1002.html", raw, content_type=content_type)
    make_source()

    crawl_source("testsite", START, END, data, config=fast)

    row = rows(data)[0]
    assert row["title"] == title and unicodedata.is_normalized("NFC", row["text"])
    assert "công tác dân vận chính quyền" in row["text"]
    (_, _, payload, _), *_ = iter_warc_records(data, row["warc_file"])
    assert payload == raw


def windows_1258(text: str) -> bytes:
    """Vietnamese in Windows-1258: base letters precomposed where the code page has them, tones combining."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += base.encode("cp1258") + "".join(c for c in decomposed if c in tones).encode("cp1258")
    return bytes(out)


def test_malformed_html_still_lands_with_what_could_be_read(data, server, make_source, fast):
    server.page(
        "/feed.rss", rss((server.url("/a/hong-1004.html"), IN_WINDOW)), content_type="application/rss+xml"
    )
    server.page(
        "/a/hong-1004.html",
        "<html><head><title>Hội nghị đối thoại</title><body><div><p>Ý kiến của cử tri <b>được tiếp thu<p>"
        "Chủ tịch xã trả lời 12 ý kiến tại chỗ.</div></span></td></html><<>>",
    )
    make_source()

    summary = crawl_source("testsite", START, END, data, config=fast)

    row = rows(data)[0]
    assert summary.landed == 1 and row["error"] is None and row["warc_file"]
    assert "Chủ tịch xã trả lời 12 ý kiến" in row["text"]


def test_an_undated_item_whose_page_dates_it_outside_the_window_is_not_landed(
    data, server, make_source, fast
):
    server.page(
        "/tin",
        '<ul><li><a href="/a/cu-2001.html">Bài cũ</a></li>'
        '<li><a href="/a/moi-2002.html">Bài mới</a></li></ul>',
    )
    server.page("/a/cu-2001.html", article("Bài cũ", "2025-02-01T08:00:00+07:00"))
    server.page("/a/moi-2002.html", article("Bài mới", "2025-03-10T09:00:00+07:00"))
    make_source([{"kind": "listing", "url": server.url("/tin")}])

    summary = crawl_source("testsite", START, END, data, config=fast)

    assert [row["title"] for row in rows(data)] == ["Bài mới"]
    assert summary.out_of_window == 1


def test_hosts_are_crawled_in_parallel_each_at_its_own_rate(data, servers, fast):
    hosts = [servers(), servers()]
    for site in hosts:
        for n in range(3):
            site.page(f"/a/bai-{n}.html", article(f"Bài {n}", "2025-03-10T09:00:00+07:00"))
    hosts[0].page(
        "/feed.rss",
        rss(*[(site.url(f"/a/bai-{n}.html"), IN_WINDOW) for site in hosts for n in range(3)]),
        content_type="application/rss+xml",
    )
    write_sources(
        data,
        [
            {
                "name": "hai_may",
                "base_url": hosts[0].url("/"),
                "allowed_hosts": ["127.0.0.1"],
                "rate_limit": 2,
                "discovery": [{"kind": "rss", "url": hosts[0].url("/feed.rss")}],
            }
        ],
    )

    summary = crawl_source("hai_may", START, END, data, config=fast)

    assert summary.landed == 6
    first, second = ([hit.at for hit in site.hits if hit.path.startswith("/a/")] for site in hosts)
    # Sends are spaced by 1/rate = 0.5 s; a request held up on its way out (the other host's thread busy
    # extracting, a loaded machine) arrives that much closer to the next one, never in a burst.
    assert all(later - earlier >= 0.4 for times in (first, second) for earlier, later in pairwise(times))
    # The second host's pages are fetched while the first host's are, not after them.
    assert second[0] < first[-1]


def test_a_rendering_source_without_a_browser_is_unavailable_with_the_reason(
    data, server, make_source, fast, monkeypatch
):
    monkeypatch.setenv("DANVAN_CHROMIUM", str(data.root / "khong-co-chromium"))
    make_source([{"kind": "listing", "url": server.url("/tin")}], render=True)

    with pytest.raises(SourceUnavailable, match="cannot render pages: no Chromium at"):
        crawl_source("testsite", START, END, data, config=fast)

    assert "no Chromium" in read_state(data, "testsite")["last_error"]
