"""status reads the landing zone, the sources' crawl state and the published warehouse, with its quality
flags."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from sitekit import FAST, Reply, SiteServer, article, rss, write_sources

from danvan.imports import import_documents
from danvan.status import render_status, source_statuses
from danvan.transform import transform
from scrapers.crawl import crawl_source
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


def test_the_pages_that_failed_in_the_last_run_are_listed_by_reason(data):
    """A crawl against a real local server: one page lands, two answer 404, one resets the connection
    and one redirects off the source's hosts."""
    when = "Mon, 10 Mar 2025 08:30:00 +0700"
    server = SiteServer()
    try:
        server.page("/a/1.html", article("Đối thoại với Nhân dân", "2025-03-10T08:30:00+07:00"))
        server.route("/a/2.html", Reply(404))
        server.route("/a/3.html", Reply(404))
        server.route("/a/4.html", Reply(action="reset"))
        server.route("/a/5.html", Reply(302, headers={"Location": "http://169.254.169.254/latest/"}))
        server.page(
            "/feed.rss",
            rss(*((server.url(f"/a/{n}.html"), when) for n in range(1, 6))),
            content_type="application/rss+xml",
        )
        write_sources(
            data,
            [
                {
                    "name": "testsite",
                    "base_url": server.url("/"),
                    "allowed_hosts": ["127.0.0.1"],
                    "discovery": [{"kind": "rss", "url": server.url("/feed.rss")}],
                    "rate_limit": 50,
                }
            ],
        )
        start = datetime(2025, 3, 9, 17, 0, tzinfo=UTC)
        crawl_source("testsite", start, start + timedelta(days=1), data, config=FAST)
    finally:
        server.close()

    status = {s.source: s for s in source_statuses(data)}["testsite"]
    report = render_status(data)

    assert status.failed_pages == (
        ("HTTP 404", 2),
        ("connection reset (after 3 attempts)", 1),
        ("redirect to … refused: IP literal host 169.254.169.254 is not allowed", 1),
    )
    assert "4 pages failed in the last run (2025-03-10)" in report
    assert "   2 × HTTP 404" in report
    assert "   1 × connection reset (after 3 attempts)" in report


def test_every_source_configuration_error_is_shown_with_its_file_entry_and_field(data):
    path = write_sources(
        data,
        [
            {"name": "typo", "base_url": "https://typo.vn/", "discovery": [{"kind": "rss", "url": "x"}]},
            {"name": "nohost", "discovery": [{"kind": "rss", "url": "https://a.vn/rss"}]},
        ],
        "mine.yaml",
    )
    (data.sources / "broken.yaml").write_text("sources: [unclosed\n", encoding="utf-8")

    report = render_status(data)

    assert "Source configuration errors" in report
    assert f"{path}: source 'typo': field 'discovery[0].url'" in report
    assert f"{path}: source 'nohost': field 'base_url'" in report
    assert f"{data.sources / 'broken.yaml'}: source '(file)'" in report


def publish_article(data, tmp_path, text: str) -> None:
    """Land one article of ours and build and publish the warehouse from it."""
    doc = {
        "url": "https://baothu.vn/giai-quyet-khieu-nai",
        "source": "baothu",
        "title": "Kết quả giải quyết khiếu nại, tố cáo năm 2024",
        "published_at": "2024-12-20",
        "text": text,
    }
    inbox = tmp_path / "inbox.jsonl"
    inbox.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_documents(data, inbox)
    transform(data)


def test_status_counts_the_published_facts_carrying_each_quality_flag(data, tmp_path):
    publish_article(
        data,
        tmp_path,
        "Năm 2024, UBND huyện Yên Lạc đã giải quyết 45/50 vụ việc khiếu nại thuộc thẩm quyền, đạt tỷ lệ 60%; "
        "huyện tổ chức 2,5 cuộc đối thoại với Nhân dân.",
    )

    lines = render_status(data).splitlines()

    heading = next(n for n, line in enumerate(lines) if line.startswith("Quality flags"))
    assert [line.split() for line in lines[heading + 1 :]] == [
        ["count_not_whole", "1"],
        ["rate_disagrees_with_counts", "1"],
    ]


def test_status_says_when_no_published_fact_carries_a_flag(data, tmp_path):
    publish_article(
        data,
        tmp_path,
        "Năm 2024, UBND huyện Yên Lạc đã giải quyết 45/50 vụ việc thuộc thẩm quyền, đạt tỷ lệ 90%.",
    )

    assert "Quality flags: none" in render_status(data)
