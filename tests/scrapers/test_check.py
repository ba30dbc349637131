"""check-source says which step of a source works and which fails, with what it saw."""

from __future__ import annotations

from datetime import UTC, datetime

from sitekit import Reply, article, rss

from scrapers.check import check_source

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=UTC)
RECENT = "Mon, 10 Mar 2025 08:30:00 +0700"


def test_a_working_source_passes_every_step(data, server, make_source, fast):
    server.page("/feed.rss", rss((server.url("/a/1001.html"), RECENT)), content_type="application/rss+xml")
    server.page("/a/1001.html", article("Đối thoại với Nhân dân", "2025-03-10T08:30:00+07:00"))
    make_source()

    report = check_source("testsite", data, config=fast, now=NOW)

    assert report.ok
    assert [step.status for step in report.steps] == ["ok", "ok", "ok", "ok"]
    assert "title: Đối thoại với Nhân dân" in report.steps[-1].detail
    assert "result: ok" in report.render()


def test_a_broken_feed_is_reported_as_the_failing_step_and_other_methods_still_run(
    data, server, make_source, fast
):
    server.route("/feed.rss", Reply(status=404))
    server.page("/tin", '<ul><li><a href="/a/2002.html">Tiếp dân</a> 10/03/2025 09:00</li></ul>')
    server.page("/a/2002.html", article("Tiếp công dân", "2025-03-10T09:00:00+07:00"))
    make_source(
        [{"kind": "rss", "url": server.url("/feed.rss")}, {"kind": "listing", "url": server.url("/tin")}]
    )

    report = check_source("testsite", data, config=fast, now=NOW)

    statuses = {step.name: step.status for step in report.steps}
    assert statuses[f"discover rss:{server.url('/feed.rss')}"] == "failed"
    assert "HTTP 404" in report.steps[1].detail
    assert statuses[f"discover listing:{server.url('/tin')}"] == "ok"
    assert statuses["extract"] == "ok"
    assert not report.ok


def test_an_article_that_cannot_be_fetched_fails_the_fetch_step(data, server, make_source, fast):
    server.page("/feed.rss", rss((server.url("/a/1001.html"), RECENT)), content_type="application/rss+xml")
    server.page("/robots.txt", "User-agent: *\nDisallow: /a/\n", content_type="text/plain")
    make_source()

    report = check_source("testsite", data, config=fast, now=NOW)

    assert report.steps[-1].name == f"fetch {server.url('/a/1001.html')}"
    assert report.steps[-1].status == "failed" and report.steps[-1].detail == "disallowed by robots.txt"


def test_a_page_without_article_text_fails_the_extract_step(data, server, make_source, fast):
    server.page("/feed.rss", rss((server.url("/a/1001.html"), RECENT)), content_type="application/rss+xml")
    server.page("/a/1001.html", "<html><body><div id='root'></div></body></html>")
    make_source()

    report = check_source("testsite", data, config=fast, now=NOW)

    assert report.steps[-1].name == "extract" and report.steps[-1].status == "failed"
    assert "missing: title, text" in report.steps[-1].detail


def test_an_unknown_source_fails_at_its_entry(data):
    report = check_source("khong_co", data)

    assert not report.ok
    assert (
        report.steps[0].name == "source entry"
        and "no valid source named 'khong_co'" in report.steps[0].detail
    )


def test_an_empty_window_is_a_warning_not_a_failure(data, server, make_source, fast):
    server.page("/feed.rss", rss(), content_type="application/rss+xml")
    make_source()

    report = check_source("testsite", data, config=fast, now=NOW)

    assert report.steps[1].status == "warning"
    assert report.steps[-1].detail == "nothing discovered to fetch"
