"""The rule seeds are checked before a build: a broken row is named by file, row and field, and the
seeds' vocabularies agree with what the marts accept."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from danvan.facts.validate_rules import VALUE_COLUMNS, read_contract, seed_problems, seed_rows
from danvan.paths import DBT_PROJECT_DIR

# Values the engine gives a fact itself, without a vocabulary row: no qualifier word reads "exact", no
# kind word leaves the kind "unspecified", a total broken down by several kinds is "mixed".
ENGINE_VALUES = {
    "value_qualifier": {"exact"},
    "admin_level": {"unspecified"},
    "dialogue_kind": {"unspecified"},
    "complaint_kind": {"unspecified", "mixed"},
}


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the dbt project's seeds and mart contract an analyst can break."""
    copy = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR / "seeds", copy / "seeds")
    (copy / "models" / "marts").mkdir(parents=True)
    shutil.copy(DBT_PROJECT_DIR / "models" / "marts" / "_marts.yml", copy / "models" / "marts")
    return copy


def edit_row(project: Path, seed: str, row: int, **fields: str) -> dict[str, str]:
    """Change fields of data row `row` (1 = first under the header) of a seed; returns the row."""
    path = project / "seeds" / f"{seed}.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        header, rows = reader.fieldnames, list(reader)
    rows[row - 1].update(fields)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header)
        writer.writeheader()
        writer.writerows(rows)
    return rows[row - 1]


def test_the_shipped_seeds_have_no_broken_row():
    assert [str(p) for p in seed_problems(DBT_PROJECT_DIR)] == []


@pytest.mark.parametrize(
    ("seed", "row", "change", "field", "message"),
    [
        (
            "rules_measures",
            2,
            {"measure": "dialogue_meetings", "fact_table": "fct_dialogues", "total_measure": ""},
            "measure",
            "is not a measure of fct_dialogues",
        ),
        ("rules_measures", 3, {"fact_table": "fct_meetings"}, "fact_table", "is not a fact table"),
        ("rules_measures", 4, {"cue": "tiếp nhận (và"}, "cue", "does not compile"),
        ("rules_measures", 5, {"unit": ""}, "unit", "is empty"),
        ("rules_measures", 6, {"cue_side": "below"}, "cue_side", "is not a cue side"),
        ("rules_measures", 7, {"priority": "high"}, "priority", "is not a number"),
        (
            "rules_measures",
            8,
            {
                "measure": "cases_resolved",
                "fact_table": "fct_complaints",
                "total_measure": "dialogue_sessions",
            },
            "total_measure",
            "is not a measure of fct_complaints",
        ),
        ("rules_vocabulary", 3, {"category": "levels"}, "category", "is not a vocabulary category"),
        ("rules_vocabulary", 3, {"pattern": "khoảng ["}, "pattern", "does not compile"),
        ("rules_exclusions", 2, {"applies_to": "fct_meetings"}, "applies_to", "is not all, a fact table"),
        ("rules_exclusions", 2, {"gap": "2.5"}, "gap", "is not a whole number"),
        ("rules_number_words", 1, {"role": "divide"}, "role", "is not a role"),
    ],
)
def test_a_broken_row_is_named_by_its_seed_file_row_and_field(project, seed, row, change, field, message):
    edited = edit_row(project, seed, row, **change)

    problems = seed_problems(project)

    assert len(problems) == 1, [str(p) for p in problems]
    (problem,) = problems
    assert (problem.seed, problem.row, problem.field) == (f"{seed}.csv", row, field)
    assert message in problem.message
    described = str(problem)
    assert described.startswith(f"seeds/{seed}.csv row {row} (line {row + 1}")
    assert f"field {field}:" in described
    label = edited.get("rule_id") or edited.get("word")
    assert label is None or label in described


def test_a_vocabulary_value_the_marts_do_not_accept_is_named_with_the_values_they_do(project):
    row = next(
        n
        for n, (_, r) in enumerate(seed_rows(project / "seeds" / "rules_vocabulary.csv")[1], 1)
        if r["category"] == "recipient_type"
    )
    edit_row(project, "rules_vocabulary", row, value="collectives")

    (problem,) = seed_problems(project)

    assert problem.field == "value"
    assert "'collectives' is not a value recipient_type accepts" in problem.message
    assert "collective, individual, mixed, model" in problem.message


def test_a_repeated_rule_id_is_named_at_its_second_row(project):
    first = edit_row(project, "rules_measures", 1)
    edit_row(project, "rules_measures", 9, rule_id=first["rule_id"])

    (problem,) = seed_problems(project)

    assert (problem.row, problem.field) == (9, "rule_id")
    assert "repeats row 1" in problem.message


def test_a_row_spanning_lines_is_placed_at_the_line_it_starts_on(project):
    path = project / "seeds" / "rules_number_words.csv"
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["mười\nhai", "12", "halve"])
    rows = seed_rows(path)[1]

    (problem,) = seed_problems(project)

    assert problem.row == len(rows)
    assert problem.line == len(path.read_text(encoding="utf-8").splitlines()) - 1


def test_a_seed_without_a_documented_column_is_named_at_its_header(project):
    path = project / "seeds" / "rules_exclusions.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("applies_to", "applies", 1), encoding="utf-8")

    problems = seed_problems(project)

    assert [(p.row, p.line, p.field) for p in problems] == [(0, 1, "applies_to")]
    assert str(problems[0]).startswith("seeds/rules_exclusions.csv header (line 1)")


def vocabulary_values(column: str) -> set[str]:
    _, rows = seed_rows(DBT_PROJECT_DIR / "seeds" / "rules_vocabulary.csv")
    categories = {category for category, mapped in VALUE_COLUMNS.items() if mapped == column}
    return {row["value"] for _, row in rows if row["category"] in categories}


@pytest.mark.parametrize("column", sorted(set(VALUE_COLUMNS.values())))
def test_every_value_the_marts_accept_is_one_the_rules_or_the_engine_give(column):
    contract = read_contract(DBT_PROJECT_DIR)

    assert contract.values[column] == vocabulary_values(column) | ENGINE_VALUES.get(column, set())


def test_every_measure_the_marts_accept_has_a_rule_that_reads_it():
    contract = read_contract(DBT_PROJECT_DIR)
    _, rows = seed_rows(DBT_PROJECT_DIR / "seeds" / "rules_measures.csv")

    for table, measures in contract.measures.items():
        assert measures == {row["measure"] for _, row in rows if row["fact_table"] == table}, table
