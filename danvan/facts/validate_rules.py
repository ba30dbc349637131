"""Checks of the rule seeds an analyst edits, run before dbt builds anything.

The engine (danvan.facts.rules) refuses a broken row too, but only once dbt runs the model that reads
the seeds, in the middle of a build and without saying where the row is. These checks name the seed
file, the row and the field. They also hold the rules to the marts' contract: the measures, fact tables
and vocabulary values a rule hands on must be ones the marts accept (their `accepted_values` in
models/marts/_marts.yml), so the seeds and the marts cannot drift apart.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from danvan.facts.rules import EXCLUSION_SIDES, SCOPES, SIDES, TABLES

# Vocabulary categories whose values become the values of a mart column.
VALUE_COLUMNS = {
    "qualifier": "value_qualifier",
    "level_explicit": "admin_level",
    "level_unit": "admin_level",
    "level_holder": "admin_level",
    "dialogue_kind": "dialogue_kind",
    "complaint_kind": "complaint_kind",
    "award_form": "award_form",
    "recipient_type": "recipient_type",
}
NUMBER_WORD_ROLES = ("add", "multiply")


@dataclass(frozen=True)
class SeedProblem:
    """One field of one seed row that the build cannot use."""

    seed: str  # file name: rules_measures.csv
    row: int  # data row, 1 for the first row under the header; 0 for the header itself
    line: int  # line of the file the row starts on
    label: str  # what the row is, for the reader: "rule_id case_resolved"
    field: str
    message: str

    def __str__(self) -> str:
        where = "header" if self.row == 0 else f"row {self.row}"
        label = f", {self.label}" if self.label else ""
        return f"seeds/{self.seed} {where} (line {self.line}{label}), field {self.field}: {self.message}"


@dataclass(frozen=True)
class Contract:
    """What the marts accept and the seeds document, read from the dbt project's YAML."""

    measures: Mapping[str, frozenset[str]]  # per fact table
    values: Mapping[str, frozenset[str]]  # per mart column, over the fact tables that have it
    categories: frozenset[str]  # the vocabulary categories rules.yml documents
    seed_columns: Mapping[str, tuple[str, ...]]  # per seed, the columns rules.yml documents


def accepted_values(column: Mapping) -> frozenset[str] | None:
    """The values an `accepted_values` test on a documented column allows; None without such a test."""
    for test in column.get("data_tests") or ():
        if isinstance(test, dict) and "accepted_values" in test:
            spec = test["accepted_values"]
            return frozenset(str(v) for v in (spec.get("arguments") or spec)["values"])
    return None


def fact_tables(marts: Mapping) -> dict[str, dict[str, frozenset[str]]]:
    """The marts with a measure column, each with the accepted values of its columns."""
    tables = {}
    for model in marts["models"]:
        columns = {c["name"]: accepted_values(c) for c in model.get("columns") or ()}
        if columns.get("measure") is not None:
            tables[model["name"]] = {name: values for name, values in columns.items() if values is not None}
    return tables


def read_contract(project_dir: Path) -> Contract:
    marts = yaml.safe_load((project_dir / "models" / "marts" / "_marts.yml").read_text(encoding="utf-8"))
    seeds = yaml.safe_load((project_dir / "seeds" / "rules.yml").read_text(encoding="utf-8"))
    tables = fact_tables(marts)
    values: dict[str, frozenset[str]] = {}
    for columns in tables.values():
        for name, allowed in columns.items():
            values[name] = values.get(name, frozenset()) | allowed
    documented = {seed["name"]: seed.get("columns") or () for seed in seeds["seeds"]}
    category = next(c for c in documented["rules_vocabulary"] if c["name"] == "category")
    return Contract(
        measures={table: columns["measure"] for table, columns in tables.items()},
        values=values,
        categories=accepted_values(category) or frozenset(),
        seed_columns={name: tuple(c["name"] for c in columns) for name, columns in documented.items()},
    )


def pattern_problem(pattern: str) -> str | None:
    """Why a regular expression does not compile; None when it does."""
    try:
        re.compile(pattern)
    except re.error as err:
        return f"pattern {pattern!r} does not compile: {err}"
    return None


def number_problem(text: str, whole: bool) -> str | None:
    """Why a field is not a number (a whole number if `whole`); None when it is or is empty."""
    try:
        value = float(text) if text else 0.0
    except ValueError:
        return f"{text!r} is not a number"
    if not math.isfinite(value):
        return f"{text!r} is not a number"
    return f"{text!r} is not a whole number" if whole and value != int(value) else None


def choice_problem(value: str, allowed: Iterable[str], what: str, optional: bool = False) -> str | None:
    """Why a value is not one of `allowed`; None when it is (or is empty and `optional`: the engine then
    takes its default)."""
    options = sorted(allowed)
    if value in options or (optional and not value):
        return None
    return f"{value!r} is not {what} ({', '.join(options)})"


def required(value: str) -> str | None:
    return None if value else "is empty; this field is required"


Check = Callable[[Mapping[str, str]], Iterator[tuple[str, str | None]]]


def measure_row(contract: Contract) -> Check:
    every_measure = frozenset().union(*contract.measures.values())

    def check(row: Mapping[str, str]) -> Iterator[tuple[str, str | None]]:
        table = row["fact_table"]
        measures = contract.measures.get(table, every_measure)
        of_table = f"a measure of {table}" if table in contract.measures else "a measure of a fact table"
        yield "rule_id", required(row["rule_id"])
        yield "measure", choice_problem(row["measure"], measures, of_table)
        yield "fact_table", choice_problem(table, contract.measures, "a fact table")
        yield "unit", required(row["unit"]) or pattern_problem(row["unit"])
        for field in ("cue", "context", "sentence_requires"):
            yield field, pattern_problem(row[field])
        yield "cue_side", choice_problem(row["cue_side"], SIDES, "a cue side", optional=True)
        yield "scope", choice_problem(row["scope"], SCOPES, "a scope", optional=True)
        yield "cue_gap", number_problem(row["cue_gap"], whole=True)
        yield "priority", number_problem(row["priority"], whole=True)
        yield "total_measure", choice_problem(row["total_measure"], measures, of_table, optional=True)
        yield "also_measure", choice_problem(row.get("also_measure", ""), measures, of_table, optional=True)

    return check


def vocabulary_row(contract: Contract) -> Check:
    def check(row: Mapping[str, str]) -> Iterator[tuple[str, str | None]]:
        category, pattern, value = row["category"], row["pattern"], row["value"]
        yield "category", choice_problem(category, contract.categories, "a vocabulary category")
        # topic phrases are literal text, not patterns
        yield "pattern", required(pattern) or (None if category == "topic" else pattern_problem(pattern))
        if category in VALUE_COLUMNS:
            column = VALUE_COLUMNS[category]
            yield "value", choice_problem(value, contract.values[column], f"a value {column} accepts")
        if category == "scale":
            yield "value", required(value) or number_problem(value, whole=False)

    return check


def exclusion_row(contract: Contract) -> Check:
    targets = frozenset({"all", *contract.measures, *frozenset().union(*contract.measures.values())})

    def check(row: Mapping[str, str]) -> Iterator[tuple[str, str | None]]:
        yield "rule_id", required(row["rule_id"])
        yield "pattern", required(row["pattern"]) or pattern_problem(row["pattern"])
        yield "side", choice_problem(row["side"], EXCLUSION_SIDES, "a side", optional=True)
        yield "gap", number_problem(row["gap"], whole=True)
        yield "applies_to", choice_problem(row["applies_to"], targets, "all, a fact table or a measure", True)

    return check


def number_word_row(_contract: Contract) -> Check:
    def check(row: Mapping[str, str]) -> Iterator[tuple[str, str | None]]:
        yield "word", required(row["word"])
        yield "value", required(row["value"]) or number_problem(row["value"], whole=True)
        yield "role", choice_problem(row["role"], NUMBER_WORD_ROLES, "a role")

    return check


ROW_CHECKS: dict[str, Callable[[Contract], Check]] = {
    "rules_measures": measure_row,
    "rules_vocabulary": vocabulary_row,
    "rules_exclusions": exclusion_row,
    "rules_number_words": number_word_row,
}
# The field that names a row, and whether it must be unique in its seed.
LABELS = {
    "rules_measures": ("rule_id", True),
    "rules_vocabulary": ("category", False),
    "rules_exclusions": ("rule_id", True),
    "rules_number_words": ("word", True),
}


def seed_rows(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """A seed's header and its rows, each with the line it starts on (a quoted field may span lines),
    fields stripped as the engine strips them."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, restval="")
        header = list(reader.fieldnames or ())
        rows, start = [], reader.line_num + 1
        for row in reader:
            rows.append((start, {k: (v or "").strip() for k, v in row.items() if k is not None}))
            start = reader.line_num + 1
    return header, rows


def seed_file_problems(seed: str, path: Path, contract: Contract) -> list[SeedProblem]:
    header, rows = seed_rows(path)
    file = f"{seed}.csv"
    missing = [c for c in contract.seed_columns.get(seed, ()) if c not in header]
    if missing:
        # without its columns no row can be read
        return [SeedProblem(file, 0, 1, "", c, "column missing from the header") for c in missing]
    check = ROW_CHECKS[seed](contract)
    label_field, unique = LABELS[seed]
    first_row: dict[str, int] = {}
    problems = []
    for number, (line, row) in enumerate(rows, start=1):
        name = row[label_field]
        found = [(field, message) for field, message in check(row) if message]
        if unique and name in first_row:
            found.append((label_field, f"{name!r} repeats row {first_row[name]}; it must be unique"))
        first_row.setdefault(name, number)
        label = f"{label_field} {name}" if name else ""
        problems += [SeedProblem(file, number, line, label, field, message) for field, message in found]
    return problems


def seed_problems(project_dir: Path) -> list[SeedProblem]:
    """Every field of the rule seeds in a dbt project that the build could not use, in file order."""
    contract = read_contract(project_dir)
    return [
        problem
        for seed in TABLES
        for problem in seed_file_problems(seed, project_dir / "seeds" / f"{seed}.csv", contract)
    ]
