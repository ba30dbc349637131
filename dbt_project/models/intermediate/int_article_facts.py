"""Every statistic each article states, read by the rule engine in danvan.facts.

Incremental by article: a run reads only the articles landed since the newest one it has read (a
watermark on fetched_at; a new version of an article is a new landing), so a nightly build costs what
its new articles cost, and delete+insert by article replaces the facts of a changed article. The rules
are the `rules_*` seeds; after editing them run `danvan transform --full-refresh` so the whole history
is read again with the new rules.
"""

import hashlib
from datetime import UTC, datetime

import pyarrow as pa

from danvan.facts import Article, extract_facts, rules_from_tables

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


def fact_id(article_url, fact):
    """Stable across rebuilds of the same input: the article, the measure and where the number stands."""
    key = f"{article_url}|{fact.fact_table}|{fact.measure}|{fact.char_offset}"
    return hashlib.md5(key.encode("utf-8")).hexdigest()


def rows_as_dicts(relation):
    names = relation.columns
    return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="article_url",
        incremental_strategy="delete+insert",
    )
    rules = rules_from_tables(
        {
            "rules_measures": rows_as_dicts(dbt.ref("rules_measures")),
            "rules_vocabulary": rows_as_dicts(dbt.ref("rules_vocabulary")),
            "rules_exclusions": rows_as_dicts(dbt.ref("rules_exclusions")),
            "rules_number_words": rows_as_dicts(dbt.ref("rules_number_words")),
        }
    )
    pages = dbt.ref("stg_landing__pages")
    if dbt.is_incremental:
        watermark = session.sql(f"select max(article_fetched_at) from {dbt.this}").fetchall()[0][0]
        if watermark is not None:
            pages = pages.filter(f"fetched_at > '{watermark.isoformat()}'::timestamptz")
    pages = pages.select(
        "article_url, article_version, title, body_text, published_at, source_name, fetched_at"
    )

    extracted_at = datetime.now(UTC)
    rows = []
    for url, version, title, text, published_at, source, fetched_at in pages.fetchall():
        article = Article(
            url=url,
            title=title,
            text=text,
            published_at=published_at.date() if published_at else None,
            source=source,
        )
        for fact in extract_facts(article, rules):
            row = fact.to_row()
            row.update(
                fact_id=fact_id(url, fact),
                article_url=url,
                article_version=version,
                article_fetched_at=fetched_at,
                extracted_at=extracted_at,
            )
            rows.append({name: row.get(name) for name, _ in FACT_COLUMNS})
    return pa.Table.from_pylist(rows, schema=SCHEMA)
