"""Every statistic each article states, read by the rule engine in danvan.facts.

Incremental by article: a run reads only the articles staged since the newest one it has read (a
watermark on fetched_at; a new version of an article is a new landing), so a nightly build costs what
its new articles cost, and delete+insert by article replaces the facts of a changed article. The rules
are the `rules_*` seeds; after editing them run `danvan transform --full-refresh` so the whole history
is read again with the new rules.

The text comes from the landed Parquet files (stg_landing__page_texts), joined to the staged versions;
each article carries the province its source declares (stg_config__sources), its place when it names none.
DuckDB first drops the articles that name none of the rules' topics (the engine would skip them too,
but only after Python has received their text); the rest are read in batches, spread over one worker
process per core when there are enough of them (danvan.facts.batch).
"""

import re
from datetime import UTC, datetime

import pyarrow as pa

from danvan.facts.batch import FACT_SCHEMA, fact_batches, worker_count
from danvan.facts.rules import topic_phrases

BATCH = 500


def rows_as_dicts(relation):
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def names_a_topic(topics):
    """A filter keeping the articles whose title or body contains a topic phrase (lower case, literal),
    as the engine's own first test does; a superset of it, since the title is always included. One
    case-insensitive regular expression, so the text is scanned once, not once per phrase, and not
    copied to lower case first (which took three times as long as the scan)."""
    pattern = "|".join(re.escape(topic) for topic in topics)
    return f"regexp_matches(coalesce(title, '') || chr(10) || body_text, {sql_literal(pattern)}, 'i')"


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="article_url",
        incremental_strategy="delete+insert",
        on_schema_change="append_new_columns",
    )
    # dbt finds a Python model's parents by reading its source: each ref names its seed literally
    tables = {
        "rules_measures": rows_as_dicts(dbt.ref("rules_measures")),
        "rules_vocabulary": rows_as_dicts(dbt.ref("rules_vocabulary")),
        "rules_exclusions": rows_as_dicts(dbt.ref("rules_exclusions")),
        "rules_number_words": rows_as_dicts(dbt.ref("rules_number_words")),
    }
    topics = topic_phrases(tables)
    pages = dbt.ref("stg_landing__pages")
    texts = dbt.ref("stg_landing__page_texts")
    sources = dbt.ref("stg_config__sources")
    if dbt.is_incremental:
        watermark = session.sql(f"select max(article_fetched_at) from {dbt.this}").fetchall()[0][0]
        if watermark is not None:
            # a literal on both sides: DuckDB then skips the Parquet files of older landings
            landed_since = f"fetched_at > '{watermark.isoformat()}'::timestamptz"
            pages = pages.filter(landed_since)
            texts = texts.filter(landed_since)
        # delete+insert replaces only the articles that return facts: a changed article that now states
        # none would keep its old version's facts
        read_again = pages.select("article_url").sql_query()
        session.execute(f"delete from {dbt.this} where article_url in ({read_again})")
    pages = pages.set_alias("pages").join(
        texts.set_alias("texts"), "pages.url = texts.url and pages.fetched_at = texts.fetched_at"
    )
    # left: an imported document's source need not be a configured one
    pages = pages.join(sources.set_alias("sources"), "pages.source_name = sources.source_name", how="left")
    if topics:
        pages = pages.filter(names_a_topic(topics))
    # the fields of danvan.facts.batch.LandedArticle
    pages = pages.select(
        "pages.article_url as url, pages.article_version as version, pages.title, texts.body_text as text,"
        " pages.published_at, pages.source_name as source, sources.province as source_province,"
        " pages.fetched_at"
    )
    # kept, so that counting them and reading them do not each filter the text again
    session.execute(f"create or replace temp table articles_to_read as {pages.sql_query()}")
    articles = session.table("articles_to_read")
    workers = worker_count(articles.count("*").fetchall()[0][0])

    batches = fact_batches(articles.to_arrow_reader(BATCH), tables, workers, datetime.now(UTC))
    return pa.Table.from_batches(list(batches), schema=FACT_SCHEMA)
