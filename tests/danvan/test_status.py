"""status reads the landing zone, the sources' crawl state and the published warehouse, with its quality
flags."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from danvan.imports import import_documents
from danvan.status import render_status, source_statuses
from danvan.transform import transform
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
