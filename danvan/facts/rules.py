"""The extraction rules, read from the `rules_*` seed tables and compiled once per Rules object.

Every phrase the engine knows is a row an analyst can edit (dbt_project/seeds/rules_*.csv, documented
in rules.yml); this module only turns rows into compiled patterns. Patterns are regular expressions over
lower-cased text with modern tone placement ("ủy", "hòa"); the engine adds word boundaries around them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from re import _constants as sre_constants  # the parser's node names, to read literals out of a pattern
from re import _parser as sre_parse

from danvan.facts.numbers import NUMBER_START

TABLES = ("rules_measures", "rules_vocabulary", "rules_exclusions", "rules_number_words")
SIDES = ("before", "after", "either", "none")
SCOPES = ("sentence", "paragraph", "article")
EXCLUSION_SIDES = ("before", "after", "sentence")


class RulesError(ValueError):
    """A rule row that cannot be used: unknown side or scope, or a pattern that does not compile."""


def _anchors(items: sre_parse.SubPattern | list) -> frozenset[str] | None:
    """Literal strings of which every match of a parsed pattern contains at least one; None if the
    pattern has no such set (an optional part, a character class)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in items:
        if op is sre_constants.LITERAL:
            run.append(chr(av))
            continue
        flush()
        sub: frozenset[str] | None = None
        if op is sre_constants.SUBPATTERN:
            sub = _anchors(av[3])
        elif op is sre_constants.BRANCH:
            branches = [_anchors(b) for b in av[1]]
            sub = frozenset().union(*branches) if all(branches) else None
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            sub = _anchors(av[2])
        if sub:
            candidates.append(sub)
    flush()
    return max(candidates, key=lambda c: min(len(a) for a in c), default=None)


def _prefixes(items: list) -> frozenset[str] | None:
    """Literal strings of which every match of a parsed pattern starts with one; None if unknown."""
    head = ""
    for k, (op, av) in enumerate(items):
        if op is sre_constants.LITERAL:
            head += chr(av)
            continue
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
            if head:
                break
            continue
        rest = items[k + 1 :]
        if op is sre_constants.SUBPATTERN:
            options = [_prefixes(list(av[3]) + rest)]
        elif op is sre_constants.BRANCH:
            options = [_prefixes(list(branch) + rest) for branch in av[1]]
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            options = [_prefixes(list(av[2]) + rest)] + ([] if av[0] >= 1 else [_prefixes(rest)])
        else:
            break
        if all(options):
            return frozenset(head + tail for option in options for tail in option)
        break
    return frozenset({head}) if head else None


def prefixes(pattern: str) -> tuple[str, ...]:
    """The literals one of which any match of `pattern` starts with; () if none can be told."""
    found = _prefixes(list(sre_parse.parse(pattern)))
    return tuple(sorted(found)) if found else ()


def anchors(pattern: str) -> tuple[str, ...]:
    """The literals one of which any match of `pattern` contains, for a cheap `in` test; () if none."""
    found = _anchors(sre_parse.parse(pattern))
    return tuple(sorted(found)) if found else ()


def _quick_test(literals: tuple[str, ...]) -> Callable[[str], bool]:
    """Whether a text holds one of `literals`: `in` for one or two (faster than a regex), else a regex."""
    if len(literals) == 1:
        (only,) = literals
        return lambda text: only in text
    if len(literals) == 2:
        first, second = literals
        return lambda text: first in text or second in text
    finder = re.compile("|".join(re.escape(a) for a in literals))
    return lambda text: finder.search(text) is not None


_GUARD_OPEN, _GUARD_CLOSE = r"(?<!\w)(?:", r")(?!\w)"


def bounded(pattern: str) -> re.Pattern[str]:
    """`pattern` as whole words: not glued to a letter or digit on either side."""
    try:
        return re.compile(_GUARD_OPEN + pattern + _GUARD_CLOSE)
    except re.error as err:
        raise RulesError(f"pattern {pattern!r} does not compile: {err}") from err


@dataclass(frozen=True)
class MeasureRule:
    """One way a measure is stated: the unit after the number, an optional cue near it, a context."""

    rule_id: str
    measure: str
    fact_table: str
    unit: re.Pattern[str]
    cue: re.Pattern[str] | None
    cue_side: str
    cue_gap: int
    context: re.Pattern[str] | None
    scope: str
    sentence_requires: re.Pattern[str] | None
    total_measure: str | None
    # the measure the same number states too ("thụ lý và giải quyết 19 đơn": resolved and in jurisdiction)
    also_measure: str | None
    priority: int


@dataclass(frozen=True)
class Exclusion:
    """A phrase that, near a number, makes it no fact (a change, a backlog, a proposal…)."""

    rule_id: str
    pattern: re.Pattern[str]
    side: str
    gap: int
    applies_to: str

    def applies(self, rule: MeasureRule) -> bool:
        return self.applies_to in ("all", rule.measure, rule.fact_table)


@dataclass(frozen=True)
class Term:
    """A vocabulary entry: a pattern and the value it stands for (a level, a kind, a qualifier…)."""

    pattern: re.Pattern[str]
    value: str
    quick: Callable[[str], bool] | None = None  # whether a text holds a literal every match holds

    def may_occur(self, text: str) -> bool:
        return self.quick is None or self.quick(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_occur(text) else iter(())

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_occur(text) else None


def _term(pattern: str, value: str) -> Term:
    found = anchors(pattern)
    return Term(bounded(pattern), value, _quick_test(found) if found else None)


@dataclass
class Rules:
    """Compiled rules. Build with load_rules() or rules_from_tables(); treat as read-only."""

    measures: tuple[MeasureRule, ...]
    exclusions: tuple[Exclusion, ...]
    vocabulary: dict[str, tuple[Term, ...]]
    number_words: dict[str, float]
    multipliers: frozenset[str]
    topics: tuple[str, ...]
    quick_tests: dict[str, Callable[[str], bool]] = field(init=False)
    exclusion_literals: tuple[tuple[str, frozenset[str]], ...] = field(init=False)
    exclusions_for: dict[str, tuple[Exclusion, ...]] = field(init=False)
    unit_any: re.Pattern[str] = field(init=False)
    units: tuple[re.Pattern[str], ...] = field(init=False)
    unit_starts: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = field(init=False)
    units_at: dict[str, tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = field(init=False)
    units_anywhere: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = field(init=False)
    by_unit: dict[str, tuple[MeasureRule, ...]] = field(init=False)
    number_at: re.Pattern[str] = field(init=False)
    spelled: re.Pattern[str] | None = field(init=False)
    spelled_unit: re.Pattern[str] | None = field(init=False)
    qualifier: re.Pattern[str] = field(init=False)
    scale: re.Pattern[str] | None = field(init=False)
    _measures_for: dict[frozenset[str], tuple[MeasureRule, ...]] = field(init=False, default_factory=dict)
    _units_at_head: dict[str, tuple[tuple[re.Pattern[str], tuple[str, ...]], ...]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        # A pattern only runs on text that holds one of its literals (`in` tests are far cheaper).
        own = {
            p.pattern: anchors(p.pattern)
            for rule in self.measures
            for p in (rule.unit, rule.cue, rule.context, rule.sentence_requires)
            if p is not None
        }
        own.update((e.pattern.pattern, anchors(e.pattern.pattern)) for e in self.exclusions)
        self.quick_tests = {pattern: _quick_test(found) for pattern, found in own.items() if found}
        by_literal: dict[str, set[str]] = {}
        for e in self.exclusions:
            for literal in own[e.pattern.pattern] or ("",):
                by_literal.setdefault(literal, set()).add(e.rule_id)
        self.exclusion_literals = tuple((literal, frozenset(ids)) for literal, ids in by_literal.items())
        self.exclusions_for = {
            r.rule_id: tuple(e for e in self.exclusions if e.applies(r)) for r in self.measures
        }
        units = "|".join(dict.fromkeys(f"(?:{r.unit.pattern})" for r in self.measures))
        self.unit_any = re.compile(units or r"(?!)")
        self.units = tuple({r.unit.pattern: r.unit for r in self.measures}.values())
        self.unit_starts = tuple((u, prefixes(u.pattern) or ("",)) for u in self.units)
        # Units by the first two characters their literal starts have ("ng" → người; "%" stands alone), so a
        # number is checked against the few units that may follow it.
        at: dict[str, list[tuple[re.Pattern[str], tuple[str, ...]]]] = {}
        for unit, starts in self.unit_starts:
            for head in {start[:2] for start in starts if start}:
                at.setdefault(head, []).append((unit, starts))
        self.units_at = {head: tuple(units) for head, units in at.items()}
        self.units_anywhere = tuple((u, starts) for u, starts in self.unit_starts if "" in starts)
        self.by_unit = {
            u.pattern: tuple(r for r in self.measures if r.unit.pattern == u.pattern) for u in self.units
        }
        words = sorted(self.number_words, key=len, reverse=True)
        word_alt = "|".join(re.escape(w) for w in words)
        # No lookbehind in front (the engine then skips ahead in C): callers check that a match does not
        # continue a word.
        self.spelled = re.compile(rf"(?:{word_alt})(?:\s+(?:{word_alt}))*(?!\w)") if words else None
        # Spelled numbers are rare; this cheap scan finds the ones followed by a unit.
        self.spelled_unit = re.compile(rf"(?:{word_alt}) (?:{units})") if words else None
        scales = self.terms("scale")
        scale_alt = "|".join(t.pattern.pattern for t in scales)
        self.scale = re.compile(rf"\s*(?:{scale_alt})") if scales else None
        # Numbers in digits whose next word may open a unit; the unit itself is checked after.
        starts: list[str] = []
        for p in sorted({p for r in self.measures for p in prefixes(r.unit.pattern) or ("",)}, key=len):
            if not any(p.startswith(shorter) for shorter in starts):
                starts.append(p)
        start_alt = "|".join(re.escape(p) for p in starts)
        first_chars = "".join(sorted({re.escape(p[0]) for p in starts if p}))
        if first_chars and all(starts):
            start_alt = f"(?=[{first_chars}])(?:{start_alt})"
        scale_opt = f"(?:\\s*(?:{scale_alt}))?" if scales else ""
        # A number starts as NUMBER_START says; a match runs on over a scale word and spaces to where the
        # unit starts.
        self.number_at = re.compile(rf"{NUMBER_START}(?>[\d.,/-]*\d)?{scale_opt} *(?={start_alt})")
        qualifiers = self.terms("qualifier")
        self.qualifier = (
            re.compile(
                "(?:"
                + "|".join(f"(?P<q{i}>{t.pattern.pattern})" for i, t in enumerate(qualifiers))
                + r")\s*$"
            )
            if qualifiers
            else re.compile(r"(?!)")
        )

    def may_occur(self, pattern: re.Pattern[str], text: str) -> bool:
        """False when `text` holds none of the pattern's literals, so the pattern cannot match in it."""
        quick = self.quick_tests.get(pattern.pattern)
        return quick is None or quick(text)

    def exclusions_in(self, text: str) -> frozenset[str]:
        """The rule_ids of the exclusions that may apply somewhere in `text` (it holds one of their
        literals): one substring test per literal, shared by all exclusions."""
        present: set[str] = set()
        for literal, ids in self.exclusion_literals:
            if literal in text:
                present |= ids
        return frozenset(present)

    def measures_for(self, units: frozenset[str]) -> tuple[MeasureRule, ...]:
        """The measure rules whose unit is one of `units`, in priority order."""
        found = self._measures_for.get(units)
        if found is None:
            found = self._measures_for[units] = tuple(r for r in self.measures if r.unit.pattern in units)
        return found

    def units_after(self, text: str, pos: int) -> frozenset[str]:
        """The unit patterns that match `text` at `pos`."""
        head = text[pos : pos + 2]
        units = self._units_at_head.get(head)
        if units is None:
            units = self._units_at_head[head] = (
                *self.units_at.get(head, ()),
                *self.units_at.get(head[:1], ()),
                *self.units_anywhere,
            )
        return frozenset(
            unit.pattern for unit, starts in units if text.startswith(starts, pos) and unit.match(text, pos)
        )

    def terms(self, category: str) -> tuple[Term, ...]:
        return self.vocabulary.get(category, ())

    def qualifier_value(self, match: re.Match[str]) -> str:
        for name, text in match.groupdict().items():
            if text is not None:
                return self.terms("qualifier")[int(name[1:])].value
        return "exact"


def _text(row: Mapping[str, object], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _int(row: Mapping[str, object], key: str, default: int) -> int:
    text = _text(row, key)
    try:
        return int(float(text)) if text else default
    except ValueError as err:
        raise RulesError(f"{key}={text!r} is not a whole number in {dict(row)}") from err


def _choice(row: Mapping[str, object], key: str, allowed: tuple[str, ...], default: str) -> str:
    value = _text(row, key) or default
    if value not in allowed:
        raise RulesError(f"{key}={value!r} is not one of {allowed} in {dict(row)}")
    return value


def _optional(pattern: str) -> re.Pattern[str] | None:
    return bounded(pattern) if pattern else None


def _measure(row: Mapping[str, object]) -> MeasureRule:
    unit = _text(row, "unit")
    if not unit:
        raise RulesError(f"measure rule without a unit: {dict(row)}")
    unit_pattern = "%" if unit == "%" else rf"(?:{unit})(?!\w)"
    try:
        compiled_unit = re.compile(unit_pattern)
    except re.error as err:
        raise RulesError(f"unit {unit!r} does not compile: {err}") from err
    return MeasureRule(
        rule_id=_text(row, "rule_id"),
        measure=_text(row, "measure"),
        fact_table=_text(row, "fact_table"),
        unit=compiled_unit,
        cue=_optional(_text(row, "cue")),
        cue_side=_choice(row, "cue_side", SIDES, "none"),
        cue_gap=_int(row, "cue_gap", 0),
        context=_optional(_text(row, "context")),
        scope=_choice(row, "scope", SCOPES, "sentence"),
        sentence_requires=_optional(_text(row, "sentence_requires")),
        total_measure=_text(row, "total_measure") or None,
        also_measure=_text(row, "also_measure") or None,
        priority=_int(row, "priority", 100),
    )


def _exclusion(row: Mapping[str, object]) -> Exclusion:
    return Exclusion(
        rule_id=_text(row, "rule_id"),
        pattern=bounded(_text(row, "pattern")),
        side=_choice(row, "side", EXCLUSION_SIDES, "before"),
        gap=_int(row, "gap", 0),
        applies_to=_text(row, "applies_to") or "all",
    )


def topic_phrases(tables: Mapping[str, Iterable[Mapping[str, object]]]) -> tuple[str, ...]:
    """The topic phrases (lower case): an article naming none of them is not read."""
    return tuple(
        _text(row, "pattern").lower()
        for row in tables.get("rules_vocabulary", ())
        if _text(row, "category") == "topic"
    )


def rules_from_tables(tables: Mapping[str, Iterable[Mapping[str, object]]]) -> Rules:
    """Rules from rows keyed by seed name (rules_measures, rules_vocabulary, rules_exclusions,
    rules_number_words), as dbt hands a Python model its seeds."""
    measures = sorted((_measure(r) for r in tables.get("rules_measures", ())), key=lambda m: m.priority)
    vocabulary: dict[str, list[Term]] = {}
    for row in tables.get("rules_vocabulary", ()):
        if _text(row, "category") == "topic":
            continue
        vocabulary.setdefault(_text(row, "category"), []).append(
            _term(_text(row, "pattern"), _text(row, "value"))
        )
    word_rows = list(tables.get("rules_number_words", ()))
    number_words = {_text(row, "word").lower(): float(_text(row, "value")) for row in word_rows}
    multipliers = frozenset(
        _text(row, "word").lower() for row in word_rows if _text(row, "role") == "multiply"
    )
    return Rules(
        measures=tuple(measures),
        exclusions=tuple(_exclusion(r) for r in tables.get("rules_exclusions", ())),
        vocabulary={k: tuple(v) for k, v in vocabulary.items()},
        number_words=number_words,
        multipliers=multipliers,
        topics=topic_phrases(tables),
    )


def read_tables(seeds_dir: Path) -> dict[str, list[dict[str, str]]]:
    """The rules_*.csv files of a dbt seeds directory, as rows."""
    tables: dict[str, list[dict[str, str]]] = {}
    for name in TABLES:
        path = seeds_dir / f"{name}.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            tables[name] = list(csv.DictReader(fh))
    return tables


def load_rules(seeds_dir: Path) -> Rules:
    """Rules from the rules_*.csv files in `seeds_dir` (dbt_project/seeds)."""
    return rules_from_tables(read_tables(seeds_dir))
