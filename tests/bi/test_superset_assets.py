"""Superset provisioned as code (bi/superset/assets): the import bundle holds together, and its datasets
only name columns and metrics the marts have."""

from __future__ import annotations

from pathlib import Path

import yaml

ASSETS = Path(__file__).resolve().parents[2] / "bi" / "superset" / "assets"


def load(kind: str) -> list[dict]:
    return [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted((ASSETS / kind).rglob("*.yaml"))
    ]


def test_every_reference_in_the_bundle_resolves():
    databases = {d["uuid"] for d in load("databases")}
    datasets = {d["uuid"]: d for d in load("datasets")}
    charts = {c["uuid"]: c for c in load("charts")}
    (dashboard,) = load("dashboards")

    assert len(databases) == 2, "the DuckDB release and the PostgreSQL marts"
    assert {d["database_uuid"] for d in datasets.values()} <= databases
    assert {c["dataset_uuid"] for c in charts.values()} <= set(datasets)
    chart_ids = [
        item["meta"]["chartId"]
        for item in dashboard["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    ]
    assert len(set(chart_ids)) == len(chart_ids), "Superset's import needs a distinct chartId per chart"
    placed = {
        item["meta"]["uuid"]
        for item in dashboard["position"].values()
        if isinstance(item, dict) and item.get("type") == "CHART"
    }
    assert placed == set(charts)


def test_charts_use_only_metrics_and_columns_of_their_dataset():
    datasets = {d["uuid"]: d for d in load("datasets")}
    for chart in load("charts"):
        dataset = datasets[chart["dataset_uuid"]]
        metrics = {m["metric_name"] for m in dataset["metrics"]}
        columns = {c["column_name"] for c in dataset["columns"]}
        params = chart["params"]
        assert set(params.get("metrics", [])) <= metrics, chart["slice_name"]
        named = [
            *params.get("groupbyRows", []),
            *params.get("groupbyColumns", []),
            *params.get("groupby", []),
        ]
        named += [params["x_axis"]] if "x_axis" in params else []
        named += params.get("all_columns", [])
        assert set(named) <= columns, chart["slice_name"]


def test_the_statistics_datasets_read_only_headline_figures_where_they_sum():
    (headline,) = [d for d in load("datasets") if d["table_name"] == "headline_statistics"]

    assert "from marts.fct_statistics" in headline["sql"]
    assert "where is_headline" in headline["sql"]
