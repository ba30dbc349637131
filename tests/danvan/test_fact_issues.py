"""Quality flags: what an article states is published however implausible, with the checks it fails.

The articles are ours, written to state figures that disagree; each is built through the real dbt
project into a published warehouse.
"""

from __future__ import annotations

import json

import duckdb
import pytest

from danvan.imports import import_documents
from danvan.transform import transform

TITLE = "Kết quả tiếp công dân, giải quyết khiếu nại, tố cáo và đối thoại với Nhân dân năm 2024"


def article(slug: str, text: str) -> dict:
    return {
        "url": f"https://baothu.vn/{slug}",
        "source": "baothu",
        "title": TITLE,
        "published_at": "2024-12-20",
        "text": text,
    }


RATE_AGAINST_COUNTS = article(
    "ty-le-lech",
    "Năm 2024, UBND huyện Yên Lạc đã giải quyết 45/50 vụ việc khiếu nại thuộc thẩm quyền, đạt tỷ lệ 60%.",
)
MORE_RESOLVED_THAN_IN_JURISDICTION = article(
    "giai-quyet-vuot",
    "Năm 2024, các cơ quan hành chính huyện Lâm Thao có 30 vụ việc thuộc thẩm quyền, "
    "đã giải quyết 34 vụ việc.",
)
SUBTOTAL_OVER_TOTAL = article(
    "tong-nho-hon-phan",
    "Năm 2024, huyện Tam Nông tổ chức 12 cuộc đối thoại với Nhân dân, "
    "trong đó cấp xã 15 cuộc, cấp huyện 2 cuộc.",
)
RATE_OVER_A_HUNDRED = article(
    "ty-le-qua-tram",
    "Năm 2024, UBND huyện Cẩm Khê đã giải quyết 20/25 vụ việc thuộc thẩm quyền, đạt tỷ lệ 125%.",
)
HALF_A_SESSION = article("nua-cuoc", "Năm 2024, huyện Đoan Hùng tổ chức 2,5 cuộc đối thoại với Nhân dân.")
CONSISTENT = article(
    "nhat-quan",
    "Năm 2024, UBND huyện Thanh Ba đã giải quyết 45/50 vụ việc khiếu nại thuộc thẩm quyền, đạt tỷ lệ 90%; "
    "tổ chức 12 cuộc đối thoại với Nhân dân, trong đó cấp xã 10 cuộc, cấp huyện 2 cuộc.",
)
ARTICLES = (
    RATE_AGAINST_COUNTS,
    MORE_RESOLVED_THAN_IN_JURISDICTION,
    SUBTOTAL_OVER_TOTAL,
    RATE_OVER_A_HUNDRED,
    HALF_A_SESSION,
    CONSISTENT,
)


def land(data, tmp_path, name, *docs) -> None:
    inbox = tmp_path / f"{name}.jsonl"
    inbox.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    import_documents(data, inbox)


def published(data, sql: str) -> list[tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def flags(data, doc: dict) -> dict[tuple[str, float], str | None]:
    """(measure, value) → quality_flags of the published facts of one article."""
    every_fact = " union all ".join(
        f"select article_url, measure, value, quality_flags from marts.{table}"
        for table in ("fct_dialogues", "fct_complaints", "fct_awards")
    )
    rows = published(
        data, f"select measure, value, quality_flags from ({every_fact}) where article_url = '{doc['url']}'"
    )
    return {(measure, value): flagged for measure, value, flagged in rows}


def issues(data, doc: dict) -> list[tuple]:
    return published(
        data,
        "select measure, value, check_name, expected_min, expected_max, compared_with "
        f"from marts.fct_fact_issues where article_url = '{doc['url']}' order by measure, value, check_name",
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from danvan.paths import DataDir

    tmp = tmp_path_factory.mktemp("issues")
    data = DataDir(tmp / "data")
    land(data, tmp, "articles", *ARTICLES)
    transform(data)
    return data, tmp


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            RATE_AGAINST_COUNTS,
            {
                ("cases_resolved", 45.0): None,
                ("cases_in_jurisdiction", 50.0): None,
                ("resolution_rate_pct", 60.0): "rate_disagrees_with_counts",
            },
        ),
        (
            MORE_RESOLVED_THAN_IN_JURISDICTION,
            {
                ("cases_in_jurisdiction", 30.0): None,
                ("cases_resolved", 34.0): "resolved_exceeds_in_jurisdiction",
            },
        ),
        (
            SUBTOTAL_OVER_TOTAL,
            {
                ("dialogue_sessions", 12.0): None,
                ("dialogue_sessions", 15.0): "subtotal_exceeds_total",
                ("dialogue_sessions", 2.0): None,
            },
        ),
        (
            RATE_OVER_A_HUNDRED,
            {
                ("cases_resolved", 20.0): None,
                ("cases_in_jurisdiction", 25.0): None,
                ("resolution_rate_pct", 125.0): "rate_disagrees_with_counts,value_out_of_range",
            },
        ),
        (HALF_A_SESSION, {("dialogue_sessions", 2.5): "count_not_whole"}),
    ],
    ids=["rate-against-counts", "more-resolved", "subtotal-over-total", "rate-over-100", "half-a-session"],
)
def test_an_article_stating_implausible_figures_is_published_with_the_checks_they_fail(built, doc, expected):
    data, _ = built

    assert flags(data, doc) == expected


def test_an_article_whose_figures_agree_carries_no_flag(built):
    data, _ = built

    assert set(flags(data, CONSISTENT).values()) == {None}
    assert issues(data, CONSISTENT) == []


def test_each_issue_names_the_numbers_its_check_compared(built):
    data, _ = built

    assert issues(data, RATE_AGAINST_COUNTS) == [
        (
            "resolution_rate_pct",
            60.0,
            "rate_disagrees_with_counts",
            89.0,
            91.0,
            "cases_resolved 45 ÷ cases_in_jurisdiction 50 = 90%",
        )
    ]
    assert issues(data, MORE_RESOLVED_THAN_IN_JURISDICTION) == [
        ("cases_resolved", 34.0, "resolved_exceeds_in_jurisdiction", None, 30.0, "cases_in_jurisdiction 30")
    ]
    assert issues(data, SUBTOTAL_OVER_TOTAL) == [
        ("dialogue_sessions", 15.0, "subtotal_exceeds_total", None, 12.0, "dialogue_sessions total 12")
    ]
    rate_over_a_hundred = issues(data, RATE_OVER_A_HUNDRED)
    assert ("resolution_rate_pct", 125.0, "value_out_of_range", 0.0, 100.0, "a percentage from 0 to 100") in (
        rate_over_a_hundred
    )


def test_a_corrected_article_loses_its_flags_and_the_others_keep_theirs(built):
    data, tmp = built
    corrected = {**RATE_AGAINST_COUNTS, "text": RATE_AGAINST_COUNTS["text"].replace("60%", "90%")}
    land(data, tmp, "corrected", corrected)

    transform(data)

    assert flags(data, RATE_AGAINST_COUNTS)[("resolution_rate_pct", 90.0)] is None
    assert issues(data, RATE_AGAINST_COUNTS) == []
    assert flags(data, HALF_A_SESSION) == {("dialogue_sessions", 2.5): "count_not_whole"}


def test_a_full_refresh_gives_every_fact_the_flags_the_nightly_builds_gave(built):
    data, _ = built
    every = "select fact_id, quality_flags from marts.{} order by fact_id"
    tables = ("fct_dialogues", "fct_complaints", "fct_awards")
    before = [published(data, every.format(t)) for t in tables]
    issues_before = published(data, "select * from marts.fct_fact_issues order by fact_id, check_name")

    transform(data, full_refresh=True)

    assert [published(data, every.format(t)) for t in tables] == before
    assert (
        published(data, "select * from marts.fct_fact_issues order by fact_id, check_name") == issues_before
    )
