"""The nightly DAG's task bodies: the run's log says what the rule seeds and the published facts hold."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime

import pytest

import danvan.paths
from danvan.imports import import_documents
from danvan.nightly import build_due, landing_complete, publish
from danvan.transform import TransformFailed, build


def test_publish_logs_how_many_facts_carry_each_quality_flag(data, tmp_path, capsys):
    doc = {
        "url": "https://baothu.vn/giai-quyet-vuot",
        "source": "baothu",
        "title": "Kết quả giải quyết khiếu nại, tố cáo năm 2024",
        "published_at": "2024-12-20",
        "text": "Năm 2024, các cơ quan hành chính huyện Lâm Thao có 30 vụ việc thuộc thẩm quyền, "
        "đã giải quyết 34 vụ việc.",
    }
    inbox = tmp_path / "inbox.jsonl"
    inbox.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    import_documents(data, inbox)
    build(data)

    handed_on = publish()

    assert handed_on["quality_flags"] == {"resolved_exceeds_in_jurisdiction": 1}
    logged = capsys.readouterr().out.splitlines()
    assert ["resolved_exceeds_in_jurisdiction", "1"] in [line.split() for line in logged]


def test_the_gate_before_the_build_fails_on_a_broken_rule_seed_row(data, tmp_path, monkeypatch):
    project = tmp_path / "dbt_project"
    shutil.copytree(danvan.paths.DBT_PROJECT_DIR, project)
    vocabulary = project / "seeds" / "rules_vocabulary.csv"
    vocabulary.write_text(
        vocabulary.read_text(encoding="utf-8") + "recipient,tập thể,collective,\n", encoding="utf-8"
    )
    monkeypatch.setattr(danvan.paths, "DBT_PROJECT_DIR", project)

    with pytest.raises(TransformFailed, match=r"seeds/rules_vocabulary\.csv row \d+ .*field category"):
        landing_complete(datetime(2025, 3, 9, tzinfo=UTC))


def test_a_run_builds_unless_its_conf_says_not_to_or_runs_are_queued_behind_it():
    assert build_due(conf={}, queued_runs=0)
    assert build_due(conf={"build": True}, queued_runs=0)
    assert not build_due(conf={"build": False}, queued_runs=0), "danvan backfill: every day but the last"
    assert not build_due(conf={}, queued_runs=2), "airflow backfill create: the last queued run builds"


def test_the_gate_of_a_run_that_leaves_the_build_to_a_later_one_does_not_check_the_seeds(
    data, tmp_path, monkeypatch
):
    project = tmp_path / "dbt_project"
    shutil.copytree(danvan.paths.DBT_PROJECT_DIR, project)
    (project / "seeds" / "rules_vocabulary.csv").write_text("broken\n", encoding="utf-8")
    monkeypatch.setattr(danvan.paths, "DBT_PROJECT_DIR", project)

    assert landing_complete(datetime(2025, 3, 9, tzinfo=UTC), {"build": False}) is False
    assert data.manifests.is_dir(), "the landing zone is there for the later build"
