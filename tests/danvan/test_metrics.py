"""MetricFlow runs in a deployment's own directory: the project's files, and the build's artifacts as
its target (the queries themselves are tested on the replay's warehouse, tests/pipeline)."""

from __future__ import annotations

from danvan.metrics import PROJECT_FILES, metricflow_project
from danvan.paths import DBT_PROJECT_DIR


def test_the_metricflow_directory_links_the_project_and_the_build_target(data):
    root = metricflow_project(data)

    assert root.parent == data.build
    for name in PROJECT_FILES:
        assert (root / name).resolve() == (DBT_PROJECT_DIR / name).resolve()
    assert (root / "target").resolve() == data.dbt_target.resolve()


def test_preparing_it_twice_keeps_the_links(data):
    first = metricflow_project(data)

    assert metricflow_project(data) == first
    assert (first / "models").is_symlink()
