"""Every statistic each article states, read by the rule engine in danvan.facts.

Incremental by article: a run reads only the articles staged since the newest one it has read (a
watermark on fetched_at; a new version of an article is a new landing), so a nightly build costs what
its new articles cost, and delete+insert by article replaces the facts of a changed article. The rules
are the `rules_*` seeds; after editing them run `danvan transform --full-refresh` so the whole history
is read again with the new rules.

DuckDB first drops the articles that name none of the rules' topics (the engine would skip them too,
but only after Python has received their text); the rest are read in chunks, spread over one worker
process per core when there are enough of them (danvan.facts.batch).
"""

from datetime import UTC, datetime

import pyarrow as pa

from danvan.facts import rules_from_tables
from danvan.facts.batch import LandedArticle, fact_rows_of_chunks, worker_count

CHUNK = 500
FACT_COLUMNS = [
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
]
SCHEMA = pa.schema(FACT_COLUMNS)


def rows_as_dicts(relation):
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def names_a_topic(topics):
    """A filter keeping the articles whose title or body contains a topic phrase (lower case, literal),
    as the engine's own first test does; a superset of it, since the title is always included."""
    haystack = "lower(coalesce(title, '') || chr(10) || body_text)"
    return " or ".join(f"contains({haystack}, {sql_literal(topic)})" for topic in topics)


def landed_chunks(pages, size):
    for batch in pages.to_arrow_reader(size):
        yield [LandedArticle(**row) for row in batch.to_pylist()]


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="article_url",
        incremental_strategy="delete+insert",
    )
    # dbt finds a Python model's parents by reading its source: each ref names its seed literally
    tables = {
        "rules_measures": rows_as_dicts(dbt.ref("rules_measures")),
        "rules_vocabulary": rows_as_dicts(dbt.ref("rules_vocabulary")),
        "rules_exclusions": rows_as_dicts(dbt.ref("rules_exclusions")),
        "rules_number_words": rows_as_dicts(dbt.ref("rules_number_words")),
    }
    topics = rules_from_tables(tables).topics
    pages = dbt.ref("stg_landing__pages")
    if dbt.is_incremental:
        watermark = session.sql(f"select max(article_fetched_at) from {dbt.this}").fetchall()[0][0]
        if watermark is not None:
            pages = pages.filter(f"fetched_at > '{watermark.isoformat()}'::timestamptz")
        # delete+insert replaces only the articles that return facts: a changed article that now states
        # none would keep its old version's facts
        pages.select("article_url").to_view("articles_read_again", replace=True)
        session.execute(f"delete from {dbt.this} where article_url in (select * from articles_read_again)")
    if topics:
        pages = pages.filter(names_a_topic(topics))
    pages = pages.select(
        "article_url as url, article_version as version, title, body_text as text, published_at,"
        " source_name as source, fetched_at"
    )
    workers = worker_count(pages.count("*").fetchall()[0][0])

    extracted_at = datetime.now(UTC)
    rows = []
    for chunk_rows in fact_rows_of_chunks(landed_chunks(pages, CHUNK), tables, workers):
        for row in chunk_rows:
            row["extracted_at"] = extracted_at
            rows.append({name: row.get(name) for name, _ in FACT_COLUMNS})
    return pa.Table.from_pylist(rows, schema=SCHEMA)
