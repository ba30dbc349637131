"""Facts of many articles at once: the rows the warehouse stores, read in worker processes when there
are enough articles to pay for starting them.

The rule engine is pure Python, so one process reads on one core; a full rebuild of a large history
spreads the articles over one process per core. Articles go to the workers and facts come back as Arrow
record batches, which cross a process boundary as buffers, so the calling process (the dbt model) only
moves data. The rules travel as the seed tables they were built from (plain rows pickle; compiled rules
need not).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from danvan.facts.extract import Article, Fact, extract_facts
from danvan.facts.rules import Rules, rules_from_tables

# Below this many articles a worker's start-up (a fresh interpreter importing the engine and compiling
# the rules, about a second) costs more than it saves.
ARTICLES_PER_WORKER = 2_000
WORKERS_VARIABLE = "DANVAN_EXTRACT_WORKERS"

RuleTables = Mapping[str, list[dict[str, object]]]

# The columns of intermediate.int_article_facts, in order.
FACT_SCHEMA = pa.schema(
    [
        ("fact_id", pa.string()),
        ("article_url", pa.string()),
        ("article_version", pa.string()),
        ("fact_table", pa.string()),
        ("measure", pa.string()),
        ("value", pa.float64()),
        ("value_text", pa.string()),
        ("value_qualifier", pa.string()),
        ("admin_level", pa.string()),
        ("dialogue_kind", pa.string()),
        ("complaint_kind", pa.string()),
        ("award_form", pa.string()),
        ("recipient_type", pa.string()),
        ("issuer", pa.string()),
        ("province", pa.string()),
        ("province_today", pa.string()),
        ("locality", pa.string()),
        ("period_label", pa.string()),
        ("period_year", pa.int32()),
        ("evidence", pa.string()),
        ("sentence_index", pa.int32()),
        ("char_offset", pa.int32()),
        ("article_fetched_at", pa.timestamp("us", tz="UTC")),
        ("extracted_at", pa.timestamp("us", tz="UTC")),
        ("parent_fact_id", pa.string()),
    ]
)


@dataclass(frozen=True)
class LandedArticle:
    """One staged article version: what the engine reads, and what identifies the version. The fields
    are the columns of the record batches handed to `fact_batches`."""

    url: str
    version: str
    title: str | None
    text: str
    published_at: datetime | None
    source: str | None
    fetched_at: datetime
    source_province: str | None = None  # as its source's YAML entry sets it


def fact_id(article_url: str, fact: Fact) -> str:
    """Stable across rebuilds of the same input: the article, the measure and where the number stands."""
    return _fact_key(article_url, fact.fact_table, fact.measure, fact.char_offset)


def parent_fact_id(article_url: str, fact: Fact) -> str | None:
    """The fact_id of the total this fact is a part of (same article and measure), if it is one."""
    if fact.parent_offset is None:
        return None
    return _fact_key(article_url, fact.fact_table, fact.measure, fact.parent_offset)


def _fact_key(article_url: str, fact_table: str, measure: str, char_offset: int) -> str:
    key = f"{article_url}|{fact_table}|{measure}|{char_offset}"
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def fact_rows(articles: Iterable[LandedArticle], rules: Rules) -> list[dict[str, object]]:
    """One row per fact the articles state, with its fact_id and the version it was read from."""
    rows = []
    for landed in articles:
        article = Article(
            url=landed.url,
            title=landed.title,
            text=landed.text,
            published_at=landed.published_at.date() if landed.published_at else None,
            source=landed.source,
            source_province=landed.source_province,
        )
        for fact in extract_facts(article, rules):
            row = fact.to_row()
            row.update(
                fact_id=fact_id(landed.url, fact),
                parent_fact_id=parent_fact_id(landed.url, fact),
                article_url=landed.url,
                article_version=landed.version,
                article_fetched_at=landed.fetched_at,
            )
            rows.append(row)
    return rows


def fact_batch(articles: pa.RecordBatch, rules: Rules, extracted_at: datetime) -> pa.RecordBatch:
    """The facts of a batch of articles as rows of int_article_facts."""
    rows = fact_rows((LandedArticle(**row) for row in articles.to_pylist()), rules)
    for row in rows:
        row["extracted_at"] = extracted_at
    return pa.RecordBatch.from_pylist(rows, schema=FACT_SCHEMA)


def worker_count(articles: int, cores: int | None = None) -> int:
    """How many processes should read `articles` articles: one per core, none idle for want of work.

    DANVAN_EXTRACT_WORKERS caps the count (1 reads everything in the calling process)."""
    cores = cores or len(os.sched_getaffinity(0))
    configured = os.environ.get(WORKERS_VARIABLE)
    if configured:
        if not configured.isdigit() or int(configured) < 1:
            raise ValueError(f"{WORKERS_VARIABLE} must be a whole number ≥ 1, not {configured!r}")
        cores = int(configured)
    return max(1, min(cores, articles // ARTICLES_PER_WORKER))


_worker_rules: Rules | None = None


def _start_worker(tables: RuleTables) -> None:
    global _worker_rules
    _worker_rules = rules_from_tables(tables)


def _worker_fact_batch(articles: pa.RecordBatch, extracted_at: datetime) -> pa.RecordBatch:
    assert _worker_rules is not None, "the worker was started without its rules"
    return fact_batch(articles, _worker_rules, extracted_at)


def fact_batches(
    batches: Iterable[pa.RecordBatch], tables: RuleTables, workers: int, extracted_at: datetime
) -> Iterator[pa.RecordBatch]:
    """The facts of each batch of articles, in the batches' order.

    With several workers, at most two batches per worker are in flight, so memory holds a few batches,
    not the whole history. Workers are started fresh ("spawn"): forking a process that has DuckDB's
    threads running could copy a lock some thread holds.
    """
    if workers <= 1:
        rules = rules_from_tables(tables)
        for batch in batches:
            yield fact_batch(batch, rules, extracted_at)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(tables,)
    ) as pool:
        pending: deque[Future[pa.RecordBatch]] = deque()
        for batch in batches:
            pending.append(pool.submit(_worker_fact_batch, batch, extracted_at))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
