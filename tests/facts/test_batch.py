"""Reading many articles at once: the rows the warehouse stores, the same whether one process reads them
or several worker processes do."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pytest

from danvan.facts.batch import (
    ARTICLES_PER_WORKER,
    FACT_SCHEMA,
    LandedArticle,
    fact_batches,
    fact_rows,
    worker_count,
)
from danvan.facts.rules import load_rules, read_tables

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"
FETCHED = datetime(2025, 3, 11, 2, 0, tzinfo=UTC)
TEMPLATES = (
    "Năm {year}, UBND huyện Lạc Thủy đã tổ chức {n} hội nghị đối thoại với nhân dân, tiếp nhận {m} ý kiến.",
    "Từ đầu năm {year}, các cơ quan hành chính tỉnh đã tiếp {n} lượt công dân và nhận {m} đơn khiếu nại.",
    "Chiều qua, đội bóng đá của xã giành chiến thắng {n}-{m} trong trận chung kết giải mùa xuân {year}.",
)


def landed(i: int) -> LandedArticle:
    text = TEMPLATES[i % len(TEMPLATES)].format(year=2020 + i % 5, n=10 + i, m=200 + 3 * i)
    return LandedArticle(
        url=f"https://baotinh.example.vn/bai-{i}.html",
        version=f"v{i}",
        title=f"Tin số {i}",
        text=text,
        published_at=datetime(2025, 3, 10, tzinfo=UTC),
        source="baotinh",
        fetched_at=FETCHED,
    )


def test_each_fact_row_carries_its_article_version_and_a_stable_id():
    rules = load_rules(SEEDS)
    first = fact_rows([landed(0)], rules)
    again = fact_rows([landed(0)], rules)
    assert [(r["measure"], r["value"]) for r in first] == [
        ("dialogue_sessions", 10.0),
        ("dialogue_opinions", 200.0),
    ]
    assert {r["article_version"] for r in first} == {"v0"}
    assert {r["article_fetched_at"] for r in first} == {FETCHED}
    assert [r["fact_id"] for r in first] == [r["fact_id"] for r in again]
    assert len({r["fact_id"] for r in first}) == len(first)


def test_off_topic_articles_give_no_rows():
    assert fact_rows([landed(2), landed(5)], load_rules(SEEDS)) == []


def test_worker_processes_give_the_facts_one_process_gives_in_the_same_order():
    articles = [asdict(landed(i)) for i in range(60)]
    batches = [pa.RecordBatch.from_pylist(articles[k : k + 7]) for k in range(0, len(articles), 7)]
    tables = read_tables(SEEDS)
    extracted_at = datetime(2025, 3, 11, 3, 0, tzinfo=UTC)

    alone = pa.Table.from_batches(list(fact_batches(batches, tables, 1, extracted_at)), schema=FACT_SCHEMA)
    shared = pa.Table.from_batches(list(fact_batches(batches, tables, 2, extracted_at)), schema=FACT_SCHEMA)

    assert alone.num_rows == 80
    assert shared.equals(alone)
    assert set(alone.column("extracted_at").to_pylist()) == {extracted_at}
    assert alone.column("fact_id").to_pylist() == [
        row["fact_id"] for row in fact_rows(map(landed, range(60)), load_rules(SEEDS))
    ]


def test_one_worker_per_core_only_when_each_has_enough_articles(monkeypatch):
    monkeypatch.delenv("DANVAN_EXTRACT_WORKERS", raising=False)
    assert worker_count(100, cores=2) == 1
    assert worker_count(ARTICLES_PER_WORKER * 2, cores=2) == 2
    assert worker_count(ARTICLES_PER_WORKER * 50, cores=2) == 2
    monkeypatch.setenv("DANVAN_EXTRACT_WORKERS", "1")
    assert worker_count(ARTICLES_PER_WORKER * 50, cores=2) == 1


def test_a_worker_count_that_is_not_a_whole_number_is_refused(monkeypatch):
    monkeypatch.setenv("DANVAN_EXTRACT_WORKERS", "many")
    with pytest.raises(ValueError, match="DANVAN_EXTRACT_WORKERS"):
        worker_count(10_000)


def test_an_article_that_names_no_province_takes_its_source_province():
    rules = load_rules(SEEDS)
    unplaced = fact_rows([landed(1)], rules)
    placed = fact_rows([replace(landed(1), source_province="Hòa Bình")], rules)
    assert {(r["province"], r["province_today"]) for r in unplaced} == {(None, None)}
    assert {(r["province"], r["province_today"]) for r in placed} == {("Hòa Bình", "Phú Thọ")}


def test_a_part_row_names_the_fact_id_of_its_total_and_a_headline_figure_names_none():
    article = replace(
        landed(0),
        text="Năm 2024, Thanh tra tỉnh tiếp nhận 229 đơn khiếu nại, trong đó 12 đơn khiếu nại, 7 đơn tố cáo.",
    )
    rows = fact_rows([article], load_rules(SEEDS))
    ids = {r["value"]: r["fact_id"] for r in rows}
    assert {r["value"]: r["parent_fact_id"] for r in rows} == {229: None, 12: ids[229], 7: ids[229]}
