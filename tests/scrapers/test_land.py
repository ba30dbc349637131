"""Landing writes immutable partitions: a WARC of raw responses plus a manifest that indexes it."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scrapers.land import (
    MANIFEST_SCHEMA,
    SCHEMA_ANCHOR,
    LandedPage,
    ensure_landing_zone,
    iter_warc_records,
    land_partition,
    manifest_partitions,
    manifest_path,
    read_manifest,
)

FETCHED = datetime(2025, 3, 10, 2, 0, tzinfo=UTC)


def page(url: str, body: str = "<html><p>Nội dung</p></html>", **fields) -> LandedPage:
    defaults = dict(
        source="baothu",
        fetched_at=FETCHED,
        body=body.encode("utf-8"),
        http_status=200,
        content_type="text/html; charset=utf-8",
        response_headers=(("Content-Type", "text/html; charset=utf-8"),),
        title="Tiêu đề",
        text="Nội dung",
    )
    return LandedPage(url=url, **{**defaults, **fields})


def test_a_partition_indexes_every_raw_response_by_warc_offset(data):
    summary = land_partition(
        data, "baothu", "2025-03-10", [page("http://a/1"), page("http://a/2", body="khác")]
    )

    rows = read_manifest(summary.manifest)
    records = {
        url: (offset, payload) for offset, url, payload, _ in iter_warc_records(data, rows[0]["warc_file"])
    }
    assert [r["url"] for r in rows] == ["http://a/1", "http://a/2"]
    for row in rows:
        offset, _payload = records[row["url"]]
        assert row["warc_offset"] == offset
        assert row["content_sha256"] is not None and len(row["content_sha256"]) == 64
    assert records["http://a/2"][1] == "khác".encode()


def test_fetch_errors_are_manifest_rows_without_a_warc_record(data):
    failed = LandedPage(
        url="http://a/x", source="baothu", fetched_at=FETCHED, http_status=500, error="HTTP 500"
    )
    summary = land_partition(data, "baothu", "2025-03-10", [page("http://a/1"), failed])

    rows = {r["url"]: r for r in read_manifest(summary.manifest)}
    assert rows["http://a/x"]["error"] == "HTTP 500"
    assert rows["http://a/x"]["warc_file"] is None
    assert summary.errors == 1


def test_relanding_replaces_only_its_own_partition(data):
    land_partition(data, "baothu", "2025-03-10", [page("http://a/1"), page("http://a/2")])
    land_partition(data, "baothu", "2025-03-11", [page("http://a/3")])
    land_partition(data, "baothu", "2025-03-10", [page("http://a/1")])

    assert [r["url"] for r in read_manifest(manifest_path(data, "baothu", "2025-03-10"))] == ["http://a/1"]
    assert [r["url"] for r in read_manifest(manifest_path(data, "baothu", "2025-03-11"))] == ["http://a/3"]
    assert len(list((data.warcs / "source=baothu" / "interval=2025-03-10").glob("*.warc.gz"))) == 1


def test_a_landing_that_fails_leaves_the_previous_partition_readable(data):
    land_partition(data, "baothu", "2025-03-10", [page("http://a/1")])
    broken = page("http://a/2", http_status="oops")  # not a number: the manifest cannot be written

    with pytest.raises((pa.ArrowInvalid, pa.ArrowTypeError)):
        land_partition(data, "baothu", "2025-03-10", [broken])

    rows = read_manifest(manifest_path(data, "baothu", "2025-03-10"))
    assert [r["url"] for r in rows] == ["http://a/1"]
    assert [url for _, url, _, _ in iter_warc_records(data, rows[0]["warc_file"])] == ["http://a/1"]


def test_imported_documents_land_as_resource_records(data):
    doc = LandedPage(
        url="seed://1", source="import", fetched_at=FETCHED, body="Văn bản".encode(), text="Văn bản"
    )
    summary = land_partition(data, "import", "import-batch", [doc])

    row = read_manifest(summary.manifest)[0]
    assert row["http_status"] is None
    assert [payload for _, _, payload, _ in iter_warc_records(data, row["warc_file"])] == ["Văn bản".encode()]


def test_the_landing_zone_lists_committed_partitions_only(data):
    land_partition(data, "baothu", "2025-03-10", [page("http://a/1")])

    assert manifest_partitions(data) == [manifest_path(data, "baothu", "2025-03-10")]


def test_text_lands_clean_nfc_with_paragraphs_kept(data):
    decomposed = "Đối thoại  với\u00a0nhân dân\r\n\n\n  xã Hòa\u0300 Bình "
    summary = land_partition(data, "baothu", "2025-03-10", [page("http://a/1", text=decomposed)])

    assert read_manifest(summary.manifest)[0]["text"] == "Đối thoại với nhân dân\n\nxã Hòà Bình"


def test_each_page_lands_with_the_version_digest_the_warehouse_would_compute(data):
    summary = land_partition(
        data,
        "baothu",
        "2025-03-10",
        [page("http://a/1", title="Đối thoại", text="Có 12 cuộc."), page("http://a/2", title=None)],
    )

    digests = duckdb.sql(
        "select url, text_md5 = md5(coalesce(nullif(title, ''), '') || chr(10) || text) "
        f"from read_parquet('{summary.manifest}') order by url"
    ).fetchall()
    assert digests == [("http://a/1", True), ("http://a/2", True)]


def test_an_older_landing_zone_gets_a_schema_partition_with_the_new_columns(data):
    ensure_landing_zone(data)
    anchor = next(data.manifests.glob(f"source={SCHEMA_ANCHOR}/*/part.parquet"))
    pq.write_table(MANIFEST_SCHEMA.remove(MANIFEST_SCHEMA.get_field_index("text_md5")).empty_table(), anchor)

    ensure_landing_zone(data)

    assert pq.read_schema(anchor).equals(MANIFEST_SCHEMA)
