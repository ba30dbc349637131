"""An analyst's three questions, answered on the replay's warehouse from the statistics mart, from
MetricFlow and from the Superset datasets (through Superset's pinned duckdb-engine), each equal to the
answer the replay corpus (danvan/replay/articles.yaml) gives.

The known answers, read from the corpus's articles (headline figures, each counted once):

- Dialogue sessions. Thái Bình 2024: 46 periodic (of which 4 district and 42 commune: parts) and 9
  ad hoc = 55; Thái Bình 2025: Kiến Xương's 3 thematic (Feb.–Mar. 2025). Cần Thơ 2024: 132 (of which
  2 city, 18 district, 112 commune: parts); Cần Thơ 2025: Ninh Kiều's 2 (March 2025). Nghệ An 2024:
  Yên Thành's communes, 78 periodic and 6 ad hoc = 84.
- Resolution rate, as the reports state it, averaged per province and year: Thái Bình 2024: 92.1
  (province) and 95.1 (Quỳnh Phụ) → 93.6; Cần Thơ 2024: 91.5; Nghệ An 2024: 93.8.
- Award recipients per year, all for 2024 (the periods the award ceremonies review): Vũ Thư 12 + 18 +
  25, Đông Hưng 8 + 11, Yên Thành 2 + 15 + 22, Cần Thơ 3 + 20 + 25 + 14 = 175.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import duckdb
import pytest

from danvan.metrics import query
from danvan.serve import Serving, serve

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SESSIONS = {
    ("Thái Bình", 2024): 55,
    ("Thái Bình", 2025): 3,
    ("Cần Thơ", 2024): 132,
    ("Cần Thơ", 2025): 2,
    ("Nghệ An", 2024): 84,
}
RESOLUTION_RATE = {("Thái Bình", 2024): 93.6, ("Cần Thơ", 2024): 91.5, ("Nghệ An", 2024): 93.8}
AWARD_RECIPIENTS = {2024: 175}


def mart_answers(data) -> dict[str, dict]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        by_province = con.execute(
            """
            select
                province,
                period_year,
                sum(value) filter (where measure = 'dialogue_sessions'),
                avg(value) filter (where measure = 'resolution_rate_pct')
            from marts.fct_statistics
            where is_headline and period_year is not null
            group by all
            """
        ).fetchall()
        awards = con.execute(
            "select period_year, sum(value) from marts.fct_statistics "
            "where is_headline and measure = 'award_recipients' group by all"
        ).fetchall()
    finally:
        con.close()
    return {
        "sessions": {(p, y): s for p, y, s, _ in by_province if s is not None},
        "rate": {(p, y): round(r, 1) for p, y, _, r in by_province if r is not None},
        "awards": dict(awards),
    }


def test_the_statistics_mart_answers_the_three_questions(backfilled):
    answers = mart_answers(backfilled)

    assert answers["sessions"] == SESSIONS
    assert answers["rate"] == RESOLUTION_RATE
    assert answers["awards"] == AWARD_RECIPIENTS


def test_summing_the_fact_table_naively_would_count_the_parts_of_a_total_again(backfilled):
    con = duckdb.connect(str(backfilled.warehouse), read_only=True)
    naive, headline = con.execute(
        "select sum(value), sum(value) filter (where parent_fact_id is null) from marts.fct_dialogues "
        "where measure = 'dialogue_sessions' and province = 'Cần Thơ' and period_year = 2024"
    ).fetchone()
    con.close()

    assert (naive, headline) == (264, 132)


def test_metricflow_answers_the_three_questions(backfilled):
    by_province = query(
        backfilled,
        ["dialogue_sessions", "resolution_rate"],
        ["statistic__province", "statistic__period_year"],
    )
    per_year = query(backfilled, ["award_recipients"], ["metric_time__year"])

    def keyed(column: str) -> dict:
        return {
            (row["statistic__province"], int(row["statistic__period_year"])): round(float(row[column]), 1)
            for row in by_province
            if row[column] and row["statistic__period_year"]
        }

    assert keyed("dialogue_sessions") == SESSIONS
    assert keyed("resolution_rate") == RESOLUTION_RATE
    assert {
        int(r["metric_time__year"][:4]): float(r["award_recipients"])
        for r in per_year
        if r["award_recipients"]
    } == AWARD_RECIPIENTS


def superset_queries(
    source: str = "danvan_duckdb", headline_name: str = "headline_statistics"
) -> dict[str, str]:
    """Each dataset's query, and each chart's question asked of it the way Superset wraps a dataset."""
    import yaml

    datasets = {}
    for path in (ROOT / "bi" / "superset" / "assets" / "datasets" / source).glob("*.yaml"):
        dataset = yaml.safe_load(path.read_text(encoding="utf-8"))
        datasets[dataset["table_name"]] = dataset
    headline = datasets[headline_name]
    metric = {m["metric_name"]: m["expression"] for m in headline["metrics"]}
    inner = f"({headline['sql']}) as virtual_table"
    return {
        **{name: f"select * from ({d['sql']}) as virtual_table" for name, d in datasets.items()},
        "sessions": f"select province, period_year, {metric['dialogue_sessions']} from {inner} group by 1, 2",
        "rate": f"select province, period_year, {metric['resolution_rate']} from {inner} group by 1, 2",
        "awards": f"select period_year, {metric['award_recipients']} from {inner} group by 1",
    }


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv installs Superset's client set in isolation")
def test_superset_datasets_answer_through_the_pinned_duckdb_engine(backfilled, tmp_path):
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps(superset_queries()), encoding="utf-8")

    done = subprocess.run(
        [
            "uv",
            "run",
            "--isolated",
            "--no-project",
            "--with-requirements",
            str(ROOT / "bi" / "superset" / "requirements.txt"),
            "--with",
            "pytz",  # DuckDB reads time zones with it; Superset's image has it through pandas
            "python",
            str(ROOT / "tests" / "bi" / "superset_probe.py"),
            str(backfilled.warehouse),
            str(queries),
        ],
        capture_output=True,
        text=True,
    )

    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    assert result["versions"][0].startswith("1.5.")
    assert {"statistic_id", "is_headline", "evidence"} <= set(result["columns"])
    assert result["headline_statistics"] and result["latest_facts"]
    assert {(p, y): s for p, y, s in result["sessions"] if s is not None and y is not None} == SESSIONS
    assert {(p, y): round(r, 1) for p, y, r in result["rate"] if r is not None} == RESOLUTION_RATE
    assert {y: a for y, a in result["awards"] if a is not None} == AWARD_RECIPIENTS


PG_URL = os.environ.get("DANVAN_TEST_PG_URL")


@pytest.mark.skipif(PG_URL is None, reason="needs DANVAN_TEST_PG_URL (.ci/run starts PostgreSQL)")
def test_the_postgresql_marts_give_the_same_answers_to_the_read_only_role(backfilled):
    import psycopg2

    server = PG_URL.replace("postgresql+psycopg2://", "postgresql://", 1).rsplit("/", 1)[0]
    name = f"danvan_answers_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(f"{server}/postgres")
    admin.autocommit = True
    admin.cursor().execute(f'create database "{name}"')
    try:
        serve(backfilled, Serving(f"{server}/{name}", f"{name}_reader", "pw"))
        host = server.split("@", 1)[-1].removeprefix("postgresql://")
        reader = psycopg2.connect(f"postgresql://{name}_reader:pw@{host}/{name}")
        answers = {}
        with reader.cursor() as cursor:
            for key, sql in superset_queries("danvan_postgresql", "headline_statistics_postgresql").items():
                cursor.execute(sql)
                answers[key] = cursor.fetchall()
        reader.close()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'drop database "{name}" with (force)')
            cursor.execute(f'drop role if exists "{name}_reader"')
        admin.close()

    assert {(p, y): s for p, y, s in answers["sessions"] if s is not None and y is not None} == SESSIONS
    assert {(p, y): round(float(r), 1) for p, y, r in answers["rate"] if r is not None} == RESOLUTION_RATE
    assert {y: a for y, a in answers["awards"] if a is not None} == AWARD_RECIPIENTS
