"""Facts of many articles at once: the rows the warehouse stores, read in worker processes when there
are enough articles to pay for starting them.

The rule engine is pure Python, so one process reads on one core; a full rebuild of a large history
spreads the articles over one process per core. The rules travel to the workers as the seed tables they
were built from (plain rows pickle; compiled rules need not).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from danvan.facts.extract import Article, Fact, extract_facts
from danvan.facts.rules import Rules, rules_from_tables

# Below this many articles a worker's start-up (a fresh interpreter importing the engine and compiling
# the rules, about a second) costs more than it saves.
ARTICLES_PER_WORKER = 2_000
WORKERS_VARIABLE = "DANVAN_EXTRACT_WORKERS"

RuleTables = Mapping[str, list[dict[str, object]]]


@dataclass(frozen=True)
class LandedArticle:
    """One staged article version: what the engine reads, and what identifies the version."""

    url: str
    version: str
    title: str | None
    text: str
    published_at: datetime | None
    source: str | None
    fetched_at: datetime


def fact_id(article_url: str, fact: Fact) -> str:
    """Stable across rebuilds of the same input: the article, the measure and where the number stands."""
    key = f"{article_url}|{fact.fact_table}|{fact.measure}|{fact.char_offset}"
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
        )
        for fact in extract_facts(article, rules):
            row = fact.to_row()
            row.update(
                fact_id=fact_id(landed.url, fact),
                article_url=landed.url,
                article_version=landed.version,
                article_fetched_at=landed.fetched_at,
            )
            rows.append(row)
    return rows


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


def _worker_fact_rows(chunk: Sequence[LandedArticle]) -> list[dict[str, object]]:
    assert _worker_rules is not None, "the worker was started without its rules"
    return fact_rows(chunk, _worker_rules)


def fact_rows_of_chunks(
    chunks: Iterable[Sequence[LandedArticle]], tables: RuleTables, workers: int
) -> Iterator[list[dict[str, object]]]:
    """The fact rows of each chunk of articles, in the chunks' order.

    With several workers, at most two chunks per worker are in flight, so memory holds a few chunks,
    not the whole history. Workers are started fresh ("spawn"): forking a process that has DuckDB's
    threads running could copy a lock some thread holds.
    """
    if workers <= 1:
        rules = rules_from_tables(tables)
        for chunk in chunks:
            yield fact_rows(chunk, rules)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(tables,)
    ) as pool:
        pending: deque[Future[list[dict[str, object]]]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_worker_fact_rows, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
