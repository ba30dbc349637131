"""An article as the rule engine reads it: its text, sentences, places and periods computed once, and the
numbers (tokens) and statistics (mentions) found in it; the Fact rows the engine returns.

Also the small text measures the reading shares: words between a cue and a number, the last match of a
pattern, where a unit starts after a number.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from typing import TypeVar

from danvan.facts.localities import ArticlePlaces, Place, canonical_tones
from danvan.facts.periods import Period, find_periods, periods_in
from danvan.facts.rules import MeasureRule, Rules
from danvan.facts.sentences import Sentence, paragraphs, split_sentences

T = TypeVar("T")


@dataclass(frozen=True)
class Article:
    """One article as the extractor reads it."""

    url: str
    text: str
    title: str | None = None
    published_at: date | None = None
    source: str | None = None
    source_province: str | None = None  # its source's province (YAML): the article's when it names none


@dataclass(frozen=True)
class Fact:
    """One statistic: a measure, its value and the dimensions that qualify it (see shared/spec/facts.md)."""

    fact_table: str
    measure: str
    value: float
    value_text: str
    value_qualifier: str
    admin_level: str | None
    dialogue_kind: str | None
    complaint_kind: str | None
    award_form: str | None
    recipient_type: str | None
    issuer: str | None
    province: str | None
    province_today: str | None
    locality: str | None
    period_label: str | None
    period_year: int | None
    evidence: str
    sentence_index: int
    char_offset: int
    parent_offset: int | None = None  # char_offset of the fact of this article it is a part of

    def to_row(self) -> dict[str, object]:
        return asdict(self)


def article_text(article: Article) -> str:
    """The text the extractor reads (offsets refer to it): NFC, with the title on top when the body
    does not already open with it."""
    text = unicodedata.normalize("NFC", article.text or "")
    title = unicodedata.normalize("NFC", (article.title or "").strip())
    if title and title not in text[: len(title) + 400]:
        return f"{title}\n\n{text}"
    return text


def matching_text(text: str) -> str:
    """Lower case with modern tone placement, the same length as `text` so offsets carry over."""
    low = canonical_tones(text).lower()
    return low if len(low) == len(text) else text.lower() if len(text.lower()) == len(text) else text


@dataclass
class Token:
    start: int
    end: int  # end of the number, or of its scale word ("43 nghìn")
    text: str
    value: float
    denominator: float | None = None
    denominator_text: str | None = None
    denominator_start: int | None = None

    @property
    def is_fraction(self) -> bool:
        return self.denominator is not None


@dataclass
class Mention:
    token: Token
    rule: MeasureRule
    sentence_index: int
    unit_end: int
    after: str
    paren: tuple[int, int] | None
    children: list[Mention] = field(default_factory=list)
    mixed_levels: bool = False  # a total the sentence breaks down by level ("trong đó cấp huyện 4 cuộc, …")
    mixed_kinds: bool = False  # a total the sentence breaks down by kind ("gồm 37 đơn khiếu nại, 21 …")
    measure: str | None = None  # when not the rule's: the total of a split fraction ("176 đơn (…)/221 đơn")
    parent: Mention | None = None  # the total this number is a part of ("81 cuộc, trong đó 78 …")
    period_pair: bool = False  # "giảm 3,9% (233/240)": this period's count over the one before's


def opening_of(low: str) -> str:
    """The headline and lead paragraph: they name the event a report's later paragraphs tell of
    ("đã có buổi gặp mặt, đối thoại với công nhân …" before "đã trả lời trực tiếp 17 ý kiến")."""
    spans = paragraphs(low)[:2]
    return low[spans[0][0] : spans[-1][1]] if spans else ""


@dataclass
class Document:
    """An article being read, with what is derived from it computed once, on demand."""

    article: Article
    rules: Rules
    text: str
    low: str
    canonical: bool = False  # the text has no old tone marks: it is its own canonical_tones form
    memo: dict[tuple, object] = field(default_factory=dict)

    def once(self, key: tuple, compute: Callable[[], T]) -> T:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]  # type: ignore[return-value]

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text)

    @cached_property
    def starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def paragraph_spans(self) -> dict[int, tuple[int, int]]:
        spans: dict[int, tuple[int, int]] = {}
        for s in self.sentences:
            start = spans.get(s.paragraph, (s.start, s.end))[0]
            spans[s.paragraph] = (start, s.end)
        return spans

    @cached_property
    def opening(self) -> str:
        return opening_of(self.low)

    def paragraph_span(self, p: int) -> tuple[int, int]:
        """Paragraph p with the one before it: a statistic's context may stand in the lead-in line."""
        start = self.paragraph_spans.get(p - 1, self.paragraph_spans[p])[0]
        return start, self.paragraph_spans[p][1]

    @cached_property
    def title_low(self) -> str:
        return matching_text(unicodedata.normalize("NFC", self.article.title or ""))

    def sentence_low(self, i: int) -> str:
        s = self.sentences[i]
        return self.low[s.start : s.end]

    def scope_has(self, pattern: re.Pattern[str], i: int, scope: str) -> bool:
        """Whether `pattern` occurs in sentence i, in its paragraph (or the title), or in the article."""

        def found(text: str) -> bool:
            return self.rules.may_occur(pattern, text) and pattern.search(text) is not None

        if scope == "sentence":
            return found(self.sentence_low(i))
        if scope == "paragraph":
            p = self.sentences[i].paragraph
            start, end = self.paragraph_span(p)
            return self.once(
                ("paragraph", pattern.pattern, p),
                lambda: found(self.low[start:end]) or found(self.title_low) or found(self.opening),
            )
        return self.once(("article", pattern.pattern), lambda: found(self.low) or found(self.title_low))

    def live_rules(self, i: int, units: frozenset[str]) -> tuple[MeasureRule, ...]:
        """Of the rules for `units` (those that follow a number in sentence i), the ones whose cue,
        context and sentence requirement the sentence has at all."""
        s = self.sentences[i]
        sentence = self.low[s.start : s.end]
        may_occur = self.rules.may_occur
        live = []
        for rule in self.rules.measures_for(units):
            if rule.cue is not None and not may_occur(rule.cue, sentence):
                continue
            if rule.sentence_requires is not None and not (
                may_occur(rule.sentence_requires, sentence) and rule.sentence_requires.search(sentence)
            ):
                continue
            if rule.context is not None and not self.scope_has(rule.context, i, rule.scope):
                continue
            live.append(rule)
        return tuple(live)

    def exclusions_present(self, i: int) -> frozenset[str]:
        """The exclusions whose literals sentence i holds (the only ones that may apply in it)."""

        return self.once(("exclusions", i), lambda: self.rules.exclusions_in(self.sentence_low(i)))

    def periods(self, i: int) -> list[Period]:
        s, published_at = self.sentences[i], self.article.published_at

        def compute() -> list[Period]:
            if self.low is self.text:  # lower-casing changed the length: no lower-case twin to read
                return find_periods(s.text, published_at)
            return periods_in(self.text, self.low, s.start, s.end, published_at)

        return self.once(("periods", i), compute)

    def dated_period_before(self, i: int) -> Period | None:
        """The last period with a year named in the sentences before sentence i."""

        def compute() -> Period | None:
            if i == 0:
                return None
            dated = [p for p in self.periods(i - 1) if p.year]
            return dated[-1] if dated else self.dated_period_before(i - 1)

        return self.once(("dated_before", i), compute)

    @cached_property
    def article_level(self) -> str | None:
        """The level of the first unit the article names, the last resort for a fact's level."""
        return next((level for i in range(len(self.sentences)) if (level := self.first_level(i))), None)

    def holder_level(self, i: int) -> str | None:
        """The level of who holds the dialogue told of nearest before sentence i, else in the headline:
        the unit named last before "đối thoại" ("…, xã Cư An, Thường trực Huyện ủy đã tổ chức hội nghị
        đối thoại" is district)."""

        def compute() -> str | None:
            if i < 0:
                return holder_level_in(self.rules, self.title_low)
            return self.sentence_holder(i) or self.holder_level(i - 1)

        return self.once(("holder", i), compute)

    def sentence_holder(self, i: int) -> str | None:
        """The level of who holds a dialogue sentence i tells of, if it tells of one."""
        return self.once(("sentence holder", i), lambda: holder_level_in(self.rules, self.sentence_low(i)))

    def first_level(self, i: int) -> str | None:
        """The first unit named in sentence i (xã, huyện, Tỉnh ủy…), audiences left out."""
        return self.once(("level", i), lambda: first_level_in(self.rules, self.sentence_low(i)))

    @cached_property
    def places(self) -> ArticlePlaces:
        canonical = self.text if self.canonical else None
        article = self.article
        return ArticlePlaces(
            self.text, article.url, article.published_at, article.title, canonical, article.source_province
        )

    @cached_property
    def lead_place(self) -> Place:
        """Where the headline and the lead paragraph say the article is: the locality of a statistic
        whose sentence names none ("Quỳ Hợp biểu dương …", then "toàn huyện đã xây dựng 125 mô hình")."""
        lead = [s for s in self.sentences if s.paragraph <= self.sentences[0].paragraph + 1]
        return self.places.place(0, lead[-1].end) if lead else Place(None, None, None)

    def place(self, i: int) -> Place:
        s = self.sentences[i]
        return self.once(("place", i), lambda: self.places.place(s.start, s.end))


_QUOTED = re.compile(r"“[^”]{0,120}”|\"[^\"]{0,120}\"")
BRACKETED = re.compile(r"\([^()]{0,160}\)")


def words(text: str) -> int:
    """Syllables between a cue and a number; a quoted name ("Dân vận khéo") counts as one, an aside in
    brackets ("532 lượt (giảm 0,37% so với cùng kỳ) với 616 người") as none."""
    if "“" in text or '"' in text:
        text = _QUOTED.sub("Q", text)
    if "(" in text:
        text = BRACKETED.sub(" ", text)
    return len(text.split())


def last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    last = None
    for last in pattern.finditer(text):  # noqa: B007 - the last match is the nearest to the number
        pass
    return last


def after_spaces(low: str, pos: int) -> int:
    while pos < len(low) and low[pos] == " ":
        pos += 1
    return pos


def unit_start(low: str, token: Token) -> int:
    return after_spaces(low, token.end)


_DIALOGUE = re.compile(r"đối thoại")
_HOLDER_REACH = 120
_AGENT = re.compile(r"(?<!\w)(?:do|được|bởi)\s")
_AGENT_REACH = 40


def holder_level_in(rules: Rules, low: str) -> str | None:
    """The level of the authority named last before the first "đối thoại" of a text ("Thường trực Huyện
    ủy Đak Pơ đã tổ chức hội nghị đối thoại"); places named there ("tại thôn An Định, xã Cư An") are no
    holders."""
    verb = _DIALOGUE.search(low)
    if verb is None:
        return None
    before = low[max(0, verb.start() - _HOLDER_REACH) : verb.start()]
    found = [(m.end(), term.value) for term in rules.terms("level_holder") for m in term.finditer(before)]
    if found:
        return max(found)[1]
    # or named as the agent after it ("9 cuộc đối thoại … đã được Chủ tịch UBND tỉnh trực tiếp chủ trì")
    agent = _AGENT.search(low, verb.end(), verb.end() + _HOLDER_REACH)
    if agent is None:
        return None
    after = low[agent.end() : agent.end() + _AGENT_REACH]
    found = [(m.start(), term.value) for term in rules.terms("level_holder") for m in term.finditer(after)]
    return min(found)[1] if found else None


def first_level_in(rules: Rules, low: str) -> str | None:
    """The level of the first unit a text names; audiences and the "cấp …" of a subtotal left out."""
    for skip in (*rules.terms("level_skip"), *rules.terms("level_explicit")):
        if skip.may_occur(low):
            low = skip.pattern.sub(lambda m: " " * len(m.group(0)), low)
    best: tuple[int, str] | None = None
    for term in rules.terms("level_unit"):
        m = term.search(low)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), term.value)
    return best[1] if best else None
