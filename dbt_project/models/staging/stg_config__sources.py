"""The configured sources (the shipped YAML entries and the deployment's own, scrapers.sources) and the
province each declares: the province of an article's facts when the article names none.

Read at every build, so it follows the configuration; int_article_facts applies it to the articles it
reads, so after changing a source's province run `danvan transform --full-refresh` to place the history
anew. Invalid entries are left out, as the crawler leaves them out (`danvan status` names them).
"""

import pyarrow as pa

from danvan.paths import data_dir
from scrapers.sources import load_sources

SCHEMA = pa.schema([("source_name", pa.string()), ("province", pa.string())])


def model(dbt, session):
    dbt.config(materialized="table")
    sources = load_sources(data_dir()).values()
    return pa.Table.from_pylist(
        [{"source_name": source.name, "province": source.province} for source in sources], schema=SCHEMA
    )
