"""Re-extraction: landed WARC records are parsed again offline and their manifest rows rewritten."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bench.extraction import ArticleFixture, article_fixtures, shipped_hints
from danvan.paths import DataDir
from scrapers.land import LandedPage, land_partition, manifest_path, read_manifest, text_md5
from scrapers.reextract import reextract

FETCHED = datetime(2024, 3, 7, 1, 0, tzinfo=UTC)


def fixture(source: str) -> ArticleFixture:
    """The source's first article fixture extracted with its shipped hints (not a legacy page that
    carries the hints of its time), so re-extraction with the source's YAML reproduces it."""
    shipped = shipped_hints()[source]
    return next(f for f in article_fixtures() if f.source == source and f.hints == shipped)


def stale_page(f: ArticleFixture) -> LandedPage:
    """The page as an older extractor landed it: raw body intact, extracted fields poor."""
    return LandedPage(
        url=f.url,
        source=f.source,
        fetched_at=f.fetched_at,
        body=f.html,
        http_status=200,
        content_type=f.content_type,
        response_headers=(("Content-Type", f.content_type or "text/html"),),
        title="(không có tiêu đề)",
        text="",
        discovered_via="rss",
    )


@pytest.fixture
def data(tmp_path) -> DataDir:
    return DataDir(tmp_path)


def land_mixed_partition(data: DataDir) -> None:
    hanoimoi = fixture("hanoimoi")
    land_partition(
        data,
        "hanoimoi",
        "2019-08-19",
        [
            stale_page(hanoimoi),
            LandedPage(
                url="https://hanoimoi.vn/loi.html", source="hanoimoi", fetched_at=FETCHED, error="HTTP 404"
            ),
            LandedPage(
                url="https://hanoimoi.vn/van-ban.pdf",
                source="hanoimoi",
                fetched_at=FETCHED,
                body=b"%PDF-1.4 not an article",
                http_status=200,
                content_type="application/pdf",
                response_headers=(("Content-Type", "application/pdf"),),
                text="văn bản gốc",
            ),
        ],
    )


def test_reextract_updates_extracted_fields_and_keeps_every_row(data):
    land_mixed_partition(data)
    manifest = manifest_path(data, "hanoimoi", "2019-08-19")
    before = read_manifest(manifest)

    summary = reextract(data)

    after = read_manifest(manifest)
    expected = fixture("hanoimoi").expected
    assert len(after) == len(before) == 3
    assert [row["url"] for row in after] == [row["url"] for row in before]
    article = after[0]
    assert article["title"] == expected["title"]
    assert article["author"] == expected["author"]
    assert article["canonical_url"] == expected["canonical_url"]
    assert article["published_at"] == datetime.fromisoformat(expected["published_at"])
    assert article["text"] == fixture("hanoimoi").expected_text
    assert article["text_md5"] == text_md5(article["title"], article["text"])
    derived = ("title", "author", "canonical_url", "published_at", "text", "text_md5")
    assert {k: v for k, v in article.items() if k not in derived} == {
        k: v for k, v in before[0].items() if k not in derived
    }
    assert after[1:] == before[1:]
    assert (summary.rows, summary.reextracted, summary.changed, summary.missing_records) == (3, 1, 1, 0)


def test_a_second_reextract_changes_nothing_and_leaves_the_partition_file_alone(data):
    land_mixed_partition(data)
    reextract(data)
    manifest = manifest_path(data, "hanoimoi", "2019-08-19")
    stamp = manifest.stat().st_mtime_ns

    summary = reextract(data)

    assert summary.changed == 0 and summary.reextracted == 1
    assert manifest.stat().st_mtime_ns == stamp


def test_reextract_applies_each_sources_yaml_hints_and_reports_progress_per_partition(data):
    mattran = fixture("mattran")
    land_partition(data, "mattran", "2018-10-18", [stale_page(mattran)])
    land_mixed_partition(data)
    seen = []

    reextract(data, progress=seen.append)

    row = read_manifest(manifest_path(data, "mattran", "2018-10-18"))[0]
    assert row["title"] == mattran.expected["title"]
    assert row["text"] == mattran.expected_text
    assert sorted(result.manifest.parent.parent.name for result in seen) == [
        "source=hanoimoi",
        "source=mattran",
    ]


def test_a_row_whose_warc_is_gone_is_counted_missing_and_kept(data):
    land_mixed_partition(data)
    (data.root / read_manifest(manifest_path(data, "hanoimoi", "2019-08-19"))[0]["warc_file"]).unlink()

    summary = reextract(data)

    assert summary.missing_records == 1 and summary.changed == 0
    assert read_manifest(manifest_path(data, "hanoimoi", "2019-08-19"))[0]["title"] == "(không có tiêu đề)"


def test_an_empty_landing_zone_reextracts_nothing(data):
    assert reextract(data).partitions == ()


def test_explicit_hints_replace_the_yaml_ones(data):
    land_partition(data, "mattran", "2018-10-18", [stale_page(fixture("mattran"))])

    reextract(data, hints_by_source={"mattran": {"title": ".article__meta time"}})

    assert read_manifest(manifest_path(data, "mattran", "2018-10-18"))[0]["title"] == "14:10 18/11/2025"
