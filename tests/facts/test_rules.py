"""Rules come from seed rows; bad rows fail loudly; literals gate the patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from danvan.facts import Article, RulesError, extract_facts, load_rules, rules_from_tables
from danvan.facts.rules import anchors, read_tables, topic_phrases

SEEDS = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

MEASURE = {
    "rule_id": "sessions",
    "measure": "dialogue_sessions",
    "fact_table": "fct_dialogues",
    "unit": "cuộc đối thoại",
    "cue": None,
    "cue_side": "none",
    "cue_gap": 0,
    "context": None,
    "scope": "sentence",
    "sentence_requires": None,
    "total_measure": None,
    "priority": 10,
    "note": None,
}


def test_rows_as_dbt_hands_them_over_typed_and_with_nulls_make_rules():
    rules = rules_from_tables({"rules_measures": [MEASURE], "rules_vocabulary": [], "rules_exclusions": []})
    found = extract_facts(Article(url="u", text="Xã tổ chức 7 cuộc đối thoại."), rules)
    assert [(f.measure, f.value) for f in found] == [("dialogue_sessions", 7.0)]


def test_the_seed_files_and_their_rows_give_the_same_rules():
    from_files = load_rules(SEEDS)
    from_rows = rules_from_tables(read_tables(SEEDS))
    assert [r.rule_id for r in from_files.measures] == [r.rule_id for r in from_rows.measures]
    assert len(from_files.exclusions) == len(from_rows.exclusions)


def test_rules_are_ordered_by_priority():
    rules = load_rules(SEEDS)
    priorities = [r.priority for r in rules.measures]
    assert priorities == sorted(priorities)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"cue_side": "somewhere"}, "cue_side"),
        ({"scope": "chapter"}, "scope"),
        ({"unit": "cuộc (đối"}, "does not compile"),
        ({"unit": ""}, "without a unit"),
        ({"priority": "high"}, "whole number"),
    ],
)
def test_a_bad_row_is_refused_with_a_reason(change, message):
    with pytest.raises(RulesError, match=message):
        rules_from_tables({"rules_measures": [dict(MEASURE, **change)]})


def test_anchors_are_literals_every_match_contains():
    assert anchors(r"(?:tiếp nhận|nhận được)(?: mới)?") == ("nhận được", "tiếp nhận")
    assert anchors(r"(?:đã )?được (?:\S+ ){0,3}?giải quyết") == ("giải quyết",)
    assert anchors(r"\d+") == ()


def test_the_topic_phrases_can_be_read_without_compiling_the_rules():
    tables = read_tables(SEEDS)
    phrases = topic_phrases(tables)
    assert "đối thoại" in phrases and "dân vận khéo" in phrases
    assert phrases == rules_from_tables(tables).topics
