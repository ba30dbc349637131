"""Provinces (the 63 before the 2025 reorganisation and the 34 after), their districts and the
mapping between them, from the administrative-unit data that danvan.facts.localities carries."""

import pyarrow as pa

from danvan.facts.localities import locality_rows


def model(dbt, session):
    dbt.config(materialized="table")
    return pa.Table.from_pylist(locality_rows())
