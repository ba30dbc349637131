"""import-docs lands documents that were not scraped through the same landing path."""

from __future__ import annotations

import json
import subprocess
import sys

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
                "url": "https://docs.example.vn/1",
                "source": "baothu",
                "title": "Một",
                "published_at": "2024-05-02",
                "text": "Câu một.",
            },
            {"url": "https://docs.example.vn/2", "source": "baothu", "text": "Câu hai."},
            {"url": "https://docs.example.vn/3", "text": "Không nguồn."},
        ],
    )

    summaries = import_documents(data, inbox)

    assert {(s.source, s.pages) for s in summaries} == {("baothu", 2), ("import", 1)}
    rows = {r["url"]: r for s in summaries for r in read_manifest(s.manifest)}
    assert rows["https://docs.example.vn/1"]["text"] == "Câu một."
    assert rows["https://docs.example.vn/1"]["published_at"].isoformat() == "2024-05-01T17:00:00+00:00"
    payloads = [p for _, _, p, _ in iter_warc_records(data, rows["https://docs.example.vn/1"]["warc_file"])]
    assert "Câu một.".encode() in payloads


def test_reimporting_a_file_replaces_its_partitions(data, tmp_path):
    inbox = tmp_path / "batch.jsonl"
    write_jsonl(
        inbox,
        [
            {"url": "https://docs.example.vn/1", "text": "a"},
            {"url": "https://docs.example.vn/2", "text": "b"},
        ],
    )
    import_documents(data, inbox)
    write_jsonl(inbox, [{"url": "https://docs.example.vn/1", "text": "a"}])

    summaries = import_documents(data, inbox)

    assert [r["url"] for r in read_manifest(summaries[0].manifest)] == ["https://docs.example.vn/1"]


@pytest.mark.parametrize(
    ("line", "complaint"),
    [
        ("{not json", "not JSON"),
        ('{"url": "javascript:alert(1)", "text": "x"}', "not a URL with a scheme and a host"),
        ('{"url": "javascript://x/%0Aalert(1)", "text": "x"}', "not a URL with a scheme and a host"),
        ('{"url": "https:///no-host", "text": "x"}', "not a URL with a scheme and a host"),
        ('{"url": "https://a.vn/1", "text": ["x"]}', "`text` must be a string"),
        (
            '{"url": "https://a.vn/1", "text": "x", "published_at": 20240301}',
            "`published_at` must be a string",
        ),
        ('{"text": "x"}', "needs a `url`"),
        ('{"url": "https://a.vn/u"}', "needs `text` or `html`"),
        ('{"url": "https://a.vn/u", "text": "x", "published_at": "03/2024"}', "not an ISO date"),
    ],
)
def test_a_bad_line_is_named_with_its_file_and_line_number(data, tmp_path, line, complaint):
    inbox = tmp_path / "bad.jsonl"
    inbox.write_text('{"url": "https://a.vn/ok", "text": "x"}\n' + line + "\n", encoding="utf-8")

    with pytest.raises(InvalidDocument, match=rf"bad.jsonl:2: .*{complaint}"):
        import_documents(data, inbox)


def test_a_bare_date_is_midnight_in_vietnam():
    assert parse_published_at("2019-08-19").isoformat() == "2019-08-19T00:00:00+07:00"
    assert parse_published_at(None) is None


def test_files_of_the_same_name_in_different_folders_keep_their_own_partitions(data, tmp_path):
    for folder, url in (("april", "https://a.vn/april"), ("may", "https://a.vn/may")):
        (tmp_path / folder).mkdir()
        write_jsonl(tmp_path / folder / "batch.jsonl", [{"url": url, "text": "x"}])
        import_documents(data, tmp_path / folder / "batch.jsonl")

    landed = sorted(
        r["url"] for path in data.manifests.glob("source=import/*/part.parquet") for r in read_manifest(path)
    )

    assert landed == ["https://a.vn/april", "https://a.vn/may"]


def test_control_characters_are_stripped_and_line_breaks_kept(data, tmp_path):
    inbox = tmp_path / "nul.jsonl"
    write_jsonl(
        inbox,
        [{"url": "https://a.vn/1", "title": "Tiêu\u0000 đề", "text": "Tiếp\u0000 12 lượt\u001b.\nHai."}],
    )

    (summary,) = import_documents(data, inbox)

    (row,) = read_manifest(summary.manifest)
    assert (row["title"], row["text"]) == ("Tiêu đề", "Tiếp 12 lượt.\nHai.")


def test_a_line_separator_inside_a_json_string_is_part_of_the_document(data, tmp_path):
    inbox = tmp_path / "u2028.jsonl"
    # json.dumps with ensure_ascii=False leaves U+2028 unescaped, as many exporters do
    write_jsonl(inbox, [{"url": "https://a.vn/1", "text": "Câu một.\u2028Câu hai."}])

    (summary,) = import_documents(data, inbox)

    assert read_manifest(summary.manifest)[0]["text"] == "Câu một.\u2028Câu hai."


@pytest.mark.parametrize(
    ("content", "complaint"),
    [
        (None, "no such file"),
        ("", "holds no documents"),
        ("\n  \n", "holds no documents"),
        ('{"url": "https://a.vn/1", "text": "x"}\n'.encode("utf-16"), "is UTF-16"),
        (b'{"url": "https://a.vn/1", "text": "\xe9"}\n', "not UTF-8"),
    ],
)
def test_a_file_that_holds_no_documents_is_refused_saying_why(data, tmp_path, content, complaint):
    inbox = tmp_path / "inbox.jsonl"
    if isinstance(content, str):
        inbox.write_text(content, encoding="utf-8")
    elif content is not None:
        inbox.write_bytes(content)

    with pytest.raises(InvalidDocument, match=complaint):
        import_documents(data, inbox)


def test_the_command_reports_a_missing_file_without_a_traceback(data, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "import-docs", str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
    )

    assert done.returncode == 2
    assert done.stderr.strip() == f"import-docs: {tmp_path / 'missing.jsonl'}: no such file"


def test_identities_of_the_fact_contracts_gold_sets_are_accepted(data, tmp_path):
    inbox = tmp_path / "gold.jsonl"
    write_jsonl(inbox, [{"url": "seed://000", "text": "Đối thoại"}, {"url": "https://a.vn/1", "text": "x"}])

    summaries = import_documents(data, inbox)

    assert sorted(r["url"] for r in read_manifest(summaries[0].manifest)) == ["https://a.vn/1", "seed://000"]
