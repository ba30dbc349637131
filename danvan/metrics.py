"""Metrics: the dbt semantic layer's metrics (dbt_project/models/marts/_semantic.yml) queried with
MetricFlow against a deployment's warehouse.

MetricFlow's `mf` reads the semantic manifest from `target/` of the dbt project it runs in and writes its
log beside it, while danvan keeps dbt's artifacts under $DANVAN_DATA_DIR/build. So `mf` runs in a
directory of the deployment's own that links the project's files and puts the build's artifacts at
`target/`: the metrics are those of the last build, read from the warehouse that build wrote.

    python -m danvan.metrics dialogue_sessions statistic__province statistic__period_year
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from danvan.paths import DBT_PROJECT_DIR, DataDir
from danvan.transform import dbt_environment

PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "tests")


class MetricQueryFailed(RuntimeError):
    """mf could not answer the query; the message has its output."""


def metricflow_project(data: DataDir) -> Path:
    """The deployment's MetricFlow working directory: the dbt project's files, and the build's target."""
    root = data.build / "metricflow"
    root.mkdir(parents=True, exist_ok=True)
    links = {name: DBT_PROJECT_DIR / name for name in PROJECT_FILES} | {"target": data.dbt_target}
    for name, source in links.items():
        link = root / name
        if link.is_symlink() and link.resolve() == source.resolve():
            continue
        link.unlink(missing_ok=True)
        link.symlink_to(source)
    return root


def query(
    data: DataDir, metrics: Sequence[str], group_by: Sequence[str], order: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Rows of `mf query`, as text keyed by column (metrics, and dimensions as `statistic__province`)."""
    project = metricflow_project(data)
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "result.csv"
        command = ["mf", "query", "--metrics", ",".join(metrics), "--group-by", ",".join(group_by)]
        command += ["--order", ",".join(order or group_by), "--csv", str(out)]
        env = {**os.environ, **dbt_environment(data), "DBT_PROJECT_DIR": str(project)}
        env["DBT_PROFILES_DIR"] = str(project)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
        done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
        if done.returncode != 0 or not out.exists():
            raise MetricQueryFailed(f"mf query failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
        with out.open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m danvan.metrics METRIC[,METRIC] [GROUP_BY…]`: print the metric's rows as CSV."""
    from danvan.paths import data_dir

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(__doc__)
        return 2
    rows = query(data_dir(), args[0].split(","), args[1:])
    if rows:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
