"""import-docs lands documents that were not scraped through the same landing path."""

from __future__ import annotations

import json

import pytest

from danvan.imports import InvalidDocument, import_documents, parse_published_at
from scrapers.land import iter_warc_records, read_manifest


def write_jsonl(path, docs) -> None:
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs) + "\n", encoding="utf-8")


def test_documents_land_one_partition_per_source(data, tmp_path):
    inbox = tmp_path / "batch.jsonl"
    write_jsonl(
        inbox,
        [
            {
                "url": "doc://1",
                "source": "baothu",
                "title": "Một",
                "published_at": "2024-05-02",
                "text": "Câu một.",
            },
            {"url": "doc://2", "source": "baothu", "text": "Câu hai."},
            {"url": "doc://3", "text": "Không nguồn."},
        ],
    )

    summaries = import_documents(data, inbox)

    assert {(s.source, s.pages) for s in summaries} == {("baothu", 2), ("import", 1)}
    rows = {r["url"]: r for s in summaries for r in read_manifest(s.manifest)}
    assert rows["doc://1"]["text"] == "Câu một."
    assert rows["doc://1"]["published_at"].isoformat() == "2024-05-01T17:00:00+00:00"
    payloads = [p for _, _, p, _ in iter_warc_records(data, rows["doc://1"]["warc_file"])]
    assert "Câu một.".encode() in payloads


def test_reimporting_a_file_replaces_its_partitions(data, tmp_path):
    inbox = tmp_path / "batch.jsonl"
    write_jsonl(inbox, [{"url": "doc://1", "text": "a"}, {"url": "doc://2", "text": "b"}])
    import_documents(data, inbox)
    write_jsonl(inbox, [{"url": "doc://1", "text": "a"}])

    summaries = import_documents(data, inbox)

    assert [r["url"] for r in read_manifest(summaries[0].manifest)] == ["doc://1"]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("{not json", "not JSON"),
        ('{"text": "x"}', "needs a `url`"),
        ('{"url": "u"}', "needs `text` or `html`"),
        ('{"url": "u", "text": "x", "published_at": "03/2024"}', "not an ISO date"),
    ],
)
def test_a_bad_line_is_named_with_its_file_and_line_number(data, tmp_path, line, complaint):
    inbox = tmp_path / "bad.jsonl"
    inbox.write_text('{"url": "ok", "text": "x"}\n' + line + "\n", encoding="utf-8")

    with pytest.raises(InvalidDocument, match=rf"bad.jsonl:2: .*{complaint}"):
        import_documents(data, inbox)


def test_a_bare_date_is_midnight_in_vietnam():
    assert parse_published_at("2019-08-19").isoformat() == "2019-08-19T00:00:00+07:00"
    assert parse_published_at(None) is None
