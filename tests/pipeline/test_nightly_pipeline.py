"""The nightly DAG against the replay sites: the same HTTP, landing, dbt and publish path as live.

Slow: every run goes through Airflow (dag.test on the embedded SQLite deployment) and dbt.
"""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from pipeline_support import (
    REPLAY_DAYS,
    danvan,
    published_facts,
    replay_env,
    table_counts,
)

from danvan.paths import DataDir
from danvan.replay import ReplaySite
from danvan.settings import FACT_TABLES
from scrapers.land import manifest_partitions, read_manifest

pytestmark = pytest.mark.slow


def test_every_replay_article_is_landed_once(site, backfilled):
    rows = [row for path in manifest_partitions(backfilled) for row in read_manifest(path)]

    landed = sorted(row["url"] for row in rows if row["error"] is None)
    assert landed == sorted(article["url"] for article in site.articles())
    assert all(row["text"] for row in rows), "every landed page has body text"


def test_the_facts_are_the_replay_corpus_statistics(site, backfilled):
    expected = Counter((f["url"], f["measure"], round(float(f["value"]), 2)) for f in site.expected_facts())

    found = published_facts(backfilled)

    assert found - expected == Counter(), "facts the corpus does not state"
    assert expected - found == Counter(), "statistics the warehouse missed"


def test_each_fact_is_in_the_province_the_corpus_gives_it_named_or_not(site, backfilled):
    expected = {(f["url"], f["measure"], round(f["value"], 2), f["province"]) for f in site.expected_facts()}

    con = duckdb.connect(str(backfilled.warehouse), read_only=True)
    try:
        found = set()
        for table in FACT_TABLES:
            found |= set(
                con.execute(
                    f"select article_url, measure, round(value, 2), province from marts.{table}"
                ).fetchall()
            )
    finally:
        con.close()

    assert found == expected


def test_backfilling_the_same_days_again_leaves_every_table_as_it_was(site, backfilled):
    before = table_counts(backfilled)
    facts_before = published_facts(backfilled)

    done = danvan(
        "backfill",
        "--from",
        REPLAY_DAYS[0],
        "--to",
        REPLAY_DAYS[1],
        "--rerun",
        env=replay_env(backfilled, site),
    )

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert table_counts(backfilled) == before
    assert published_facts(backfilled) == facts_before


def test_a_backfill_resumes_by_skipping_the_days_already_done(site, backfilled):
    done = danvan(
        "backfill", "--from", REPLAY_DAYS[0], "--to", REPLAY_DAYS[1], env=replay_env(backfilled, site)
    )

    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.count("already done, skipped") == 3


def test_a_failing_source_fails_alone_and_status_says_so(tmp_path):
    data = DataDir(tmp_path)
    with ReplaySite(failing=frozenset({"yenthanh_portal"})) as broken:
        env = replay_env(data, broken)
        run = danvan("run", "--date", REPLAY_DAYS[0], env=env)
        status = danvan("status", env=env)

    assert run.returncode == 1, "the run reports the failed source"
    assert "yenthanh_portal: FAILED" in run.stdout
    landed_sources = {path.parent.parent.name for path in manifest_partitions(data)}
    assert landed_sources == {"source=baothaibinh_replay", "source=mattran_cantho"}
    assert published_facts(data), "the other sources' facts were built and published"
    failing_line = next(line for line in status.stdout.splitlines() if "yenthanh_portal" in line)
    assert "FAILING" in failing_line
    healthy_line = next(line for line in status.stdout.splitlines() if "mattran_cantho" in line)
    assert healthy_line.rstrip().endswith("ok") or "ok (warning" in healthy_line
