"""transform: dbt builds and tests the warehouse from the landing zone, incrementally, then publishes it."""

from __future__ import annotations

import json
import shutil

import duckdb
import pytest
import yaml

from danvan.imports import import_documents
from danvan.settings import FACT_TABLES
from danvan.transform import run_dbt, transform

FIRST = {
    "url": "https://baothu.vn/doi-thoai-1",
    "source": "baothu",
    "title": "Huyện Tân Kỳ tổ chức 24 cuộc đối thoại với Nhân dân",
    "published_at": "2024-11-05",
    "text": "Năm 2024, huyện Tân Kỳ, tỉnh Nghệ An đã tổ chức 24 cuộc đối thoại giữa người đứng đầu cấp ủy, "
    "chính quyền với Nhân dân, tiếp nhận 312 ý kiến, kiến nghị.",
}
SECOND = {
    "url": "https://baothu.vn/khen-thuong-2",
    "source": "baothu",
    "title": "Trao Bằng khen cho các điển hình Dân vận khéo",
    "published_at": "2024-11-06",
    "text": "Chủ tịch UBND tỉnh Nghệ An tặng Bằng khen cho 14 tập thể và 21 cá nhân có thành tích xuất sắc "
    "trong phong trào thi đua Dân vận khéo năm 2024.",
}


def land(data, tmp_path, name, *docs) -> None:
    inbox = tmp_path / f"{name}.jsonl"
    inbox.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in docs), encoding="utf-8")
    import_documents(data, inbox)


def facts(data) -> list[tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        rows = []
        for table in FACT_TABLES:
            rows += con.execute(
                f"select fact_id, article_url, measure, value, extracted_at from marts.{table}"
            ).fetchall()
        return sorted(rows)
    finally:
        con.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from danvan.paths import DataDir

    tmp = tmp_path_factory.mktemp("transform")
    data = DataDir(tmp / "data")
    land(data, tmp, "first", FIRST)
    transform(data)
    return data, tmp


def test_the_published_warehouse_holds_the_facts_of_landed_articles(built):
    data, _ = built

    measures = {(url, measure, value) for _, url, measure, value, _ in facts(data)}

    assert (FIRST["url"], "dialogue_sessions", 24.0) in measures
    assert (FIRST["url"], "dialogue_opinions", 312.0) in measures


def test_a_nightly_build_reads_only_new_articles(built):
    data, tmp = built
    before = {row[0]: row for row in facts(data)}
    land(data, tmp, "second", SECOND)

    transform(data)

    after = {row[0]: row for row in facts(data)}
    assert all(after[fact_id] == row for fact_id, row in before.items()), "old facts were not re-read"
    assert {(r[2], r[3]) for r in after.values() if r[1] == SECOND["url"]} == {
        ("award_recipients", 14.0),
        ("award_recipients", 21.0),
    }


def articles(data) -> dict[str, tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        rows = con.execute("select url, versions_seen, fact_count from marts.dim_articles").fetchall()
        return {url: (versions, count) for url, versions, count in rows}
    finally:
        con.close()


def sources(data) -> list[tuple]:
    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        return con.execute("select * from marts.dim_sources order by source_name").fetchall()
    finally:
        con.close()


def test_a_changed_article_replaces_its_facts_and_counts_its_versions(built):
    data, tmp = built
    changed = {
        **FIRST,
        "title": FIRST["title"].replace("24", "26"),
        "text": FIRST["text"].replace("24", "26"),
    }
    land(data, tmp, "changed", changed)

    transform(data)

    sessions = {r[3] for r in facts(data) if r[1] == FIRST["url"] and r[2] == "dialogue_sessions"}
    assert sessions == {26.0}
    assert articles(data)[FIRST["url"]] == (2, 2)
    assert articles(data)[SECOND["url"]] == (1, 2)


def test_an_article_that_no_longer_states_a_statistic_loses_its_facts(built):
    data, tmp = built
    rewritten = {**SECOND, "title": "Gặp mặt các điển hình", "text": "Buổi gặp mặt diễn ra ấm cúng."}
    land(data, tmp, "rewritten", rewritten)

    transform(data)

    assert [r for r in facts(data) if r[1] == SECOND["url"]] == []
    assert articles(data)[SECOND["url"]] == (2, 0)
    land(data, tmp, "restored", SECOND)
    transform(data)
    assert {(r[2], r[3]) for r in facts(data) if r[1] == SECOND["url"]} == {
        ("award_recipients", 14.0),
        ("award_recipients", 21.0),
    }


def test_a_full_refresh_reproduces_the_same_rows_and_fact_ids(built):
    data, _ = built
    before = [row[:4] for row in facts(data)]
    versions = articles(data)
    landed = sources(data)

    transform(data, full_refresh=True)

    assert [row[:4] for row in facts(data)] == before
    assert articles(data) == versions
    assert sources(data) == landed


def test_the_marts_refuse_a_fact_without_evidence_or_with_a_repeated_id(built, tmp_path):
    data, _ = built
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(data.build_warehouse, copy)
    con = duckdb.connect(str(copy))
    try:
        fact = con.execute("select * from marts.fct_dialogues limit 1").fetchone()
        columns = [d[0] for d in con.description]
        insert = f"insert into marts.fct_dialogues values ({', '.join('?' * len(columns))})"
        without_evidence = [None if c == "evidence" else v for c, v in zip(columns, fact, strict=True)]

        with pytest.raises(duckdb.ConstraintException):
            con.execute(insert, without_evidence)
        with pytest.raises(duckdb.ConstraintException):
            con.execute(insert, list(fact))
    finally:
        con.close()


def test_docs_generate_shows_the_marts_and_their_lineage(built):
    data, _ = built

    result = run_dbt(data, "docs generate")

    assert result.success
    manifest = json.loads((data.dbt_target / "manifest.json").read_text())
    parents = manifest["parent_map"]["model.danvan.fct_dialogues"]
    assert parents == ["model.danvan.fct_fact_issues", "model.danvan.int_article_facts"]
    catalog = json.loads((data.dbt_target / "catalog.json").read_text())
    assert "model.danvan.fct_dialogues" in catalog["nodes"]
    assert "exposure.danvan.dan_van_dashboard" in manifest["exposures"]


def test_a_broken_rule_seed_row_stops_the_build_before_any_model_runs_naming_file_row_and_field(
    tmp_path, monkeypatch
):
    import danvan.transform
    from danvan.paths import DBT_PROJECT_DIR, DataDir
    from danvan.transform import TransformFailed

    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project)
    seed = project / "seeds" / "rules_measures.csv"
    header, first, *rest = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    rule_id, _measure, fact_table, *fields = first.split(",")
    seed.write_text(
        header + ",".join([rule_id, "dialogue_meetings", fact_table, *fields]) + "".join(rest),
        encoding="utf-8",
    )
    monkeypatch.setattr(danvan.transform, "DBT_PROJECT_DIR", project)
    data = DataDir(tmp_path / "data")
    land(data, tmp_path, "first", FIRST)

    with pytest.raises(TransformFailed) as failed:
        transform(data)

    assert f"seeds/rules_measures.csv row 1 (line 2, rule_id {rule_id}), field measure:" in str(failed.value)
    assert f"'dialogue_meetings' is not a measure of {fact_table}" in str(failed.value)
    assert not data.build_warehouse.exists(), "dbt ran"
    assert not data.warehouse.exists()


def test_a_large_build_reads_its_articles_in_worker_processes_with_the_same_result(tmp_path, monkeypatch):
    from danvan.facts.batch import ARTICLES_PER_WORKER
    from danvan.paths import DataDir

    data = DataDir(tmp_path / "data")
    many = [
        {
            "url": f"https://baothu.vn/doi-thoai-{i}",
            "source": "baothu",
            "title": f"Xã số {i} đối thoại với Nhân dân",
            "published_at": "2024-11-05",
            "text": f"Năm 2024, xã số {i} đã tổ chức {i % 40 + 2} cuộc đối thoại với Nhân dân, "
            f"tiếp nhận {i % 300 + 10} ý kiến, kiến nghị.",
        }
        for i in range(2 * ARTICLES_PER_WORKER)
    ]
    land(data, tmp_path, "many", *many)
    monkeypatch.setenv("DANVAN_EXTRACT_WORKERS", "2")
    transform(data)
    in_workers = facts(data)

    monkeypatch.setenv("DANVAN_EXTRACT_WORKERS", "1")
    transform(data, full_refresh=True)

    assert len(in_workers) == 2 * len(many)
    assert [row[:4] for row in facts(data)] == [row[:4] for row in in_workers]


def test_facts_of_an_article_that_names_no_province_are_placed_in_its_source_province(tmp_path):
    from danvan.paths import DataDir

    data = DataDir(tmp_path / "data")
    site = "http://127.0.0.1:8080"
    data.sources.mkdir(parents=True)
    entry = {
        "name": "baotinh",
        "base_url": site,
        "province": "Hòa Bình",
        "discovery": [{"kind": "rss", "url": site}],
    }
    (data.sources / "baotinh.yaml").write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True))

    def article(slug, published_at, sessions, where="các xã", source="baotinh"):
        return {
            "url": f"{site}/{slug}",
            "source": source,
            "title": "Đối thoại với Nhân dân",
            "published_at": published_at,
            "text": f"Năm {published_at[:4]}, {where} đã tổ chức {sessions} cuộc đối thoại với Nhân dân.",
        }

    land(
        data,
        tmp_path,
        "places",
        article("truoc-sap-xep", "2024-11-05", 24),
        article("sau-sap-xep", "2025-08-05", 31),
        article("tinh-khac", "2024-11-05", 12, where="tỉnh Nghệ An"),
        article("nguon-khac", "2024-11-05", 9, source="baokhac"),
    )

    transform(data)

    con = duckdb.connect(str(data.warehouse), read_only=True)
    try:
        placed = con.execute(
            "select article_url, value, province, province_today from marts.fct_dialogues"
            " where measure = 'dialogue_sessions'"
        ).fetchall()
    finally:
        con.close()
    assert sorted(placed) == [
        (f"{site}/nguon-khac", 9.0, None, None),
        (f"{site}/sau-sap-xep", 31.0, "Phú Thọ", "Phú Thọ"),
        (f"{site}/tinh-khac", 12.0, "Nghệ An", "Nghệ An"),
        (f"{site}/truoc-sap-xep", 24.0, "Hòa Bình", "Phú Thọ"),
    ]


def test_dbt_keeps_its_parsed_project_between_builds_and_parses_a_changed_file_again(tmp_path, monkeypatch):
    import danvan.transform
    from danvan.paths import DataDir

    project = tmp_path / "dbt_project"
    shutil.copytree(
        danvan.transform.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs")
    )
    monkeypatch.setattr(danvan.transform, "DBT_PROJECT_DIR", project)
    data = DataDir(tmp_path / "data")
    probe = project / "models" / "staging" / "probe.sql"

    def answer() -> int:
        con = duckdb.connect(str(data.build_warehouse), read_only=True)
        try:
            (schema,) = con.execute(
                "select schema_name from duckdb_views() where view_name = 'probe'"
            ).fetchone()
            return con.execute(f"select answer from {schema}.probe").fetchone()[0]
        finally:
            con.close()

    probe.write_text("select 1 as answer\n")
    assert run_dbt(data, "run", ["--select", "probe"]).success
    assert (data.dbt_target / "partial_parse.msgpack").exists(), (
        "the parsed project is kept for the next build"
    )
    assert answer() == 1

    probe.write_text("select 2 as answer\n")
    assert run_dbt(data, "run", ["--select", "probe"]).success
    assert answer() == 2, "the changed model was parsed again, not taken from the kept project"
