"""The rule engine: every statistic an article states about dialogues, complaints and awards.

A fact is a number followed by a unit a measure rule knows ("85 cuộc", "836 đơn", "15 tập thể"). Among the
rules whose unit matches, the one whose cue stands nearest the number wins (ties: the lower priority
value); a cue before the number may govern a list ("tặng Bằng khen cho 03 tập thể, 05 cá nhân"), a cue
after it only reaches the next number. An exclusion near the number then drops it (a change, a backlog,
a proposal). Numbers in brackets right after a fact ("221 đơn (196 khiếu nại, 25 tố cáo)") are its
subtotals when no rule of their own reads them; a breakdown after "trong đó" reads its items as parts of
the fact before it. The rules are data (rules.py); the structure of a statement (windows, lists,
brackets, fractions, breakdowns, dedup) is here, the article being read in document.py and what a fact
says beyond its number in qualifiers.py.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache

from danvan.facts.document import (
    BRACKETED,
    Article,
    Document,
    Fact,
    Mention,
    Token,
    after_spaces,
    article_text,
    last_match,
    matching_text,
    opening_of,
    unit_start,
    words,
)
from danvan.facts.localities import has_old_tones
from danvan.facts.numbers import NUMBER_TOKEN, read_token, spelled_value
from danvan.facts.qualifiers import explicit_level, fact_of, own_kinds
from danvan.facts.rules import MeasureRule, Rules
from danvan.facts.sentences import Sentence

__all__ = ["Article", "Fact", "article_text", "extract_facts", "matching_text"]


_TWO_WORDS_BEFORE = re.compile(r"(\S+) (\S+) $")
_CODE_AFTER = re.compile(r"[-/.]?[^\W\d_]")  # 07-CT/TU, 1960/QĐ-UBND, 84QĐ/TU: document numbers
_PAREN_REACH = 160
NO_CUE = 1000  # distance of a rule that needs no cue: any rule with a cue in reach wins over it
UNSPECIFIED = ("unspecified", "other", None)
_WARD_NAMED = re.compile(
    r"(?<!\w)(?:phường|(?<!thị )xã|thôn|ấp|khu phố|tổ dân phố|tổ|khu|bản|làng|trường|thcs|thpt|tiểu học"
    r"|cụm|khối)\s+\S+\s+\S+\s*$"
)


def _in_a_name(text: str, start: int) -> bool:
    """A number after two capitalised words is part of a name ("phường Mỹ Đình 1", "Yên Lạc 2")."""
    if start < 2 or text[start - 1] != " " or not text[start - 2].isalpha():
        return False
    words = _TWO_WORDS_BEFORE.search(text, max(0, start - 40), start)
    return bool(words) and all(w.isalpha() and w.istitle() for w in words.groups())


# "250 hội viên … từ 15 huyện, thị xã tham dự": a count of places describing the people before it
_FROM_PLACES_BEFORE = re.compile(r"(?<!\w)(?:từ|của|thuộc|ở|tại)\s+$")
_PLACES_AFTER = re.compile(
    r"\s*(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh|thôn|bản|ấp|tổ dân phố|khu phố|khu công "
    r"nghiệp|khu vực|điểm cầu|địa phương|đơn vị|cơ quan|doanh nghiệp)(?!\w)"
)


def _describes_places(low: str, token: Token) -> bool:
    return bool(
        _FROM_PLACES_BEFORE.search(low, max(0, token.start - 12), token.start)
        and _PLACES_AFTER.match(low, token.end)
    )


def _tokens(doc: Document, sentence: Sentence) -> list[Token]:
    """Numbers of a sentence that may be statistics: not years, dates, ranges, document numbers, the
    numbers in names ("phường Mỹ Đình 1") or counts of places describing what went before."""
    low, rules = doc.low, doc.rules
    tokens: list[Token] = []
    for m in NUMBER_TOKEN.finditer(low, sentence.start, sentence.end):
        if _CODE_AFTER.match(low, m.end()):
            continue
        if _in_a_name(doc.text, m.start()) and not (
            rules.units_after(low, after_spaces(low, m.end()))
            and (m.end() - m.start() > 1 or not _WARD_NAMED.search(low, max(0, m.start() - 60), m.start()))
        ):
            # "phường Mỹ Đình 1", "trường Yên Lạc 2"; but only wards, villages and schools carry numbers in
            # their names, and of one digit: in "huyện Nông Cống 2 lượt đoàn", "Quảng Ninh 6 lượt đoàn",
            # "phường Hòa Bình 71 lượt" a number a unit follows is a count
            continue
        reading = read_token(m.group(0))
        if reading.kind == "number" or (
            reading.kind == "year" and _a_count_like_a_year(doc, m.start(), m.end())
        ):
            value = reading.value if reading.kind == "number" else float(m.group(0))
            tokens.append(Token(m.start(), m.end(), doc.text[m.start() : m.end()], value))
        elif reading.kind == "fraction":
            slash = m.group(0).index("/")
            tokens.append(
                Token(
                    m.start(),
                    m.end(),
                    doc.text[m.start() : m.start() + slash],
                    reading.value,
                    reading.denominator,
                    reading.denominator_text,
                    m.start() + slash + 1,
                )
            )
    if rules.spelled:
        for m in rules.spelled.finditer(low, sentence.start, sentence.end):
            if m.start() and low[m.start() - 1].isalnum():
                continue
            value = spelled_value(m.group(0), rules.number_words, rules.multipliers)
            if value:
                tokens.append(Token(m.start(), m.end(), doc.text[m.start() : m.end()], value))
        tokens.sort(key=lambda t: t.start)
    for t in tokens:
        _apply_scale(doc, t)
    return _fractions_in_words(low, [t for t in tokens if not _describes_places(low, t)])


# the numerator's unit may stand before it: "63 vụ việc khiếu nại, tố cáo trên tổng số 71 vụ việc"
_OUT_OF = re.compile(r"\s+(?:[^\W\d_]+[\s,]+){0,8}?trên tổng số\s+")


def _fractions_in_words(low: str, tokens: list[Token]) -> list[Token]:
    """ "45 trên tổng số 52 vụ việc" is the fraction 45/52."""
    merged: list[Token] = []
    for t in tokens:
        last = merged[-1] if merged else None
        if last and not last.is_fraction and not t.is_fraction and _OUT_OF.fullmatch(low, last.end, t.start):
            merged[-1] = Token(last.start, t.end, last.text, last.value, t.value, t.text, t.start)
        else:
            merged.append(t)
    return merged


_YEAR_BEFORE = re.compile(r"(?:năm|niên khóa|giai đoạn|từ|đến|tới|-|–|/)\s*$")


def _a_count_like_a_year(doc: Document, start: int, end: int) -> bool:
    """A four-digit number a unit follows and no word of time precedes is a count ("hơn 2000 công nhân"),
    not a year ("năm 2020 cuộc thi …" stays a year)."""
    low = doc.low
    return bool(doc.rules.units_after(low, after_spaces(low, end))) and not _YEAR_BEFORE.search(
        low, max(0, start - 20), start
    )


def _apply_scale(doc: Document, token: Token) -> None:
    if doc.rules.scale is None or token.is_fraction:
        return
    m = doc.rules.scale.match(doc.low, token.end)
    if not m:
        return
    word = m.group(0).strip()
    for term in doc.rules.terms("scale"):
        if term.pattern.fullmatch(word):
            token.value = round(token.value * float(term.value), 6)
            token.end = m.end()
            token.text = doc.text[token.start : token.end]
            return


_WORDS_TO_BRACKET = re.compile(r"(?:\s+(?:[^\W\d_]+|“[^”]{0,60}”|\"[^\"]{0,60}\")){0,3}\s*\(")


def _closing_paren(low: str, pos: int, limit: int) -> tuple[int, int] | None:
    """The bracket that opens at `pos`, after spaces or a few words naming the unit's kind ("527 vụ việc
    KN (118 vụ việc …)"), and where it closes."""
    opening = _WORDS_TO_BRACKET.match(low, pos, limit)
    if opening is None:
        return None
    pos = opening.end() - 1
    close = low.find(")", pos, min(limit, pos + _PAREN_REACH))
    return (pos, close) if close > 0 else None


def _outside_brackets(low: str, tokens: list[Token], start: int, end: int) -> list[Token]:
    """The tokens that do not stand inside a bracket opened after `start`: a list goes on past the
    asides of its items ("527 vụ việc KN (118 …), 46 vụ việc TC (1 …) thuộc thẩm quyền")."""
    if "(" not in low[start:end]:
        return tokens
    spans = [m.span() for m in BRACKETED.finditer(low, start, end)]
    return [t for t in tokens if not any(a < t.start < b for a, b in spans)]


_AND = re.compile(r"\s*(?:và|cùng)\s*")
_CONNECTOR = re.compile(r"\s*(?:,|và|cùng)?\s*")
_LIST_TAIL = re.compile(r"(?:,|và|cùng)\s*$")
_LIST_HOP_WORDS = 4


def _part_of_it(low: str, unit: re.Match[str], resume: int, following: Token) -> bool:
    """Whether the number after a bare comma, in the same unit and nothing between to tell them apart, is
    a part of this one: "có 12 ý kiến, 9 ý kiến được trả lời" but not "310 vụ việc KN (…), 27 vụ việc TC"."""
    return (
        not BRACKETED.sub("", low[unit.end() : resume]).strip()
        and low[resume : following.start].strip() == ","
        and low.startswith(unit.group(), unit_start(low, following))
    )


def _after_window(
    rules: Rules, low: str, unit: re.Match[str], tokens: list[Token], sentence_end: int
) -> tuple[str, str, str, tuple[int, int] | None, int]:
    """The text after the unit up to the next number, how far a cue after it reaches, how far an exclusion
    after it reaches (across "và" only: "21 tập thể và 36 cá nhân được đề nghị…", but not "đã giải quyết
    30 vụ, 5 vụ đang giải quyết"), and how many words of the cue's reach are the list the number opens.

    A bracket right after the unit (its subtotals) is skipped, so "221 đơn (196 khiếu nại, 25 tố cáo)
    thuộc thẩm quyền" reads as one statement. A cue reaches across a list: in "25 tập thể và 42 cá
    nhân được tặng Bằng khen" the cue after 42 is 25's too, unless that is a part of this one (_part_of_it).
    """
    unit_end = unit.end()
    paren = _closing_paren(low, unit_end, sentence_end)
    resume = paren[1] + 1 if paren else unit_end
    following = [t for t in tokens if t.start >= resume]
    boundary = following[0].start if following else sentence_end
    skipped = low[unit_end : paren[0]] + " " if paren else ""
    own = skipped + low[resume:boundary]
    reach_end, k = boundary, 0
    items = _outside_brackets(low, following, resume, sentence_end)
    if (
        items
        and _CONNECTOR.fullmatch(_without_kinds(rules, low[resume : items[0].start]))
        and not _part_of_it(low, unit, resume, items[0])
    ):
        while True:
            reach_end = items[k + 1].start if k + 1 < len(items) else sentence_end
            tail = BRACKETED.sub(" ", low[items[k].end : reach_end])
            if k + 1 >= len(items) or len(tail.split()) > _LIST_HOP_WORDS or not _LIST_TAIL.search(tail):
                break
            k += 1
    reach = skipped + low[resume:reach_end]
    # the items of the list stand between the first one and a cue after the list: they are not its gap
    listed = words(_without_kinds(rules, low[resume : items[k].end])) if reach_end > boundary else 0
    if reach_end < sentence_end and "," in reach and ";" not in reach[reach.rfind(",") :]:
        # the words between the last comma and the next number lead into that number: in "512 đơn, đã
        # giải quyết 487 đơn" the cue after 512 is 487's
        reach = reach[: reach.rfind(",")]
    tail = reach if _AND.fullmatch(low, resume, boundary) else own
    if tail is own and following and "," in own:
        # likewise for an exclusion: in "nhận mới 1.048 đơn, kỳ trước chuyển sang 53 đơn" the backlog is 53
        tail = own[: own.rfind(",")]
    return own, reach, tail, paren, listed


# "Hơn 500 công nhân …", "Hội nghị có khoảng 250 hội viên …": the number opens its clause's subject
_SUBJECT_OPENING = re.compile(
    r"\W*(?:(?:[^\W\d_]+\s+){1,4}(?=có\s))?(?:(?:hơn|trên|gần|khoảng|có|đã có|tổng cộng|với|ngót|chừng)\s+)*"
)
_SUBJECT_REACH = 30


def _cue_distance(rules: Rules, rule: MeasureRule, before: str, reach: str, listed: int = 0) -> int | None:
    """Words between the rule's nearest cue and the number (or its unit), the `listed` words of the list
    the number opens left out; None when out of reach."""
    if rule.cue is None or rule.cue_side == "none":
        return NO_CUE
    best: int | None = None
    if rule.cue_side in ("before", "either") and rules.may_occur(rule.cue, before):
        m = last_match(rule.cue, before)
        if m and words(before[m.end() :]) <= rule.cue_gap:
            best = words(before[m.end() :])
    reach = reach.split(";", 1)[0]  # a cue in the next clause is that clause's
    if (lead := _LEAD_WORDS.search(reach)) is not None:  # and one after "trong đó" is its subset's
        reach = reach[: lead.start()]
    if rule.cue_side in ("after", "either") and rules.may_occur(rule.cue, reach):
        m = rule.cue.search(reach)
        gap = max(0, words(_without_kinds(rules, reach[: m.start()])) - listed) if m else None
        # a number that opens its clause is its subject: the verb may stand after a long description
        # ("Hơn 500 công nhân của các doanh nghiệp trong khu công nghiệp đã tham dự")
        reach_limit = (
            max(rule.cue_gap, _SUBJECT_REACH) if _SUBJECT_OPENING.fullmatch(before) else rule.cue_gap
        )
        if gap is not None and gap <= reach_limit:
            best = gap if best is None else min(best, gap)
    return best


def _without_kinds(rules: Rules, text: str) -> str:
    """`text` without the kind words that belong to the unit before it ("71 đơn khiếu nại và 18 đơn tố
    cáo đã được giải quyết": no words stand between "đơn" and its verb)."""
    for term in rules.terms("complaint_kind"):
        if term.may_occur(text):
            text = term.pattern.sub(" ", text)
    return text


_LISTED_ITEM = re.compile(r"\d[\d.,]*\s+\S+(?:\s+\S+)?\s*(?:,|và)\s*")
# "… là 1.052 đơn, còn lại là đơn không thuộc thẩm quyền": what follows is the rest, another item
_THE_REST = re.compile(r",\s*(?:(?:số|phần) )?còn lại(?!\w)")


def _exclusion_side(
    doc: Document,
    rule: MeasureRule,
    before: str,
    after: str,
    sentence_low: str,
    i: int,
    cue_after: bool = False,
) -> str | None:
    """Where a phrase stands that makes this reading no fact (before, after, sentence), or None. A phrase
    before the number reaches across the items of a list ("giảm 61 lượt tiếp, 85 lượt người"), but not
    into a breakdown whose item its own cue after it defines ("đủ điều kiện xử lý, gồm: 6.343 đơn thuộc
    thẩm quyền")."""
    may_occur = doc.rules.may_occur
    present = doc.exclusions_present(i)
    after = after.split(";", 1)[0]  # "… 12 tập thể; đồng thời đề nghị …": the proposal is the next clause's
    after = _THE_REST.split(after, 1)[0]
    if "(" in before:  # an aside before the number is about its own numbers ("(118 vụ … chuyển sang), 46")
        before = BRACKETED.sub(" ", before)
    for exc in doc.rules.exclusions_for[rule.rule_id]:
        if exc.rule_id not in present:
            continue
        if exc.side == "sentence":
            if may_occur(exc.pattern, sentence_low) and exc.pattern.search(sentence_low):
                return exc.side
        elif exc.side == "before":
            if not may_occur(exc.pattern, before):
                continue
            m = last_match(exc.pattern, before)
            if m is None or (cue_after and _LEAD_WORDS.search(before, m.end())):
                continue
            gap = before[m.end() :]
            items_left_out = _LISTED_ITEM.sub(" ", gap)
            if rule.cue is None or not rule.cue.search(
                items_left_out
            ):  # unless the number has a cue of its own
                gap = items_left_out
            if words(gap) <= exc.gap:
                return exc.side
        else:
            m = exc.pattern.search(after) if may_occur(exc.pattern, after) else None
            if m and words(_without_kinds(doc.rules, after[: m.start()])) <= exc.gap:
                return exc.side
    return None


@dataclass(frozen=True)
class _Reading:
    """How one rule reads a number: where its unit ends, the text after it, a bracket of subtotals."""

    rule: MeasureRule
    unit_end: int
    after: str
    tail: str
    paren: tuple[int, int] | None
    distance: int
    cue_after: bool = False  # its cue stands after the number: the number's own statement defines it


def _best_reading(
    doc: Document,
    rules: tuple[MeasureRule, ...],
    tokens: list[Token],
    n: int,
    before: str,
    sentence_end: int,
    need_cue: bool = True,
    carried: dict[str, int] | None = None,
) -> _Reading | None:
    """Of `rules`, the one whose unit follows token n and whose cue stands nearest to it (with
    need_cue=False, the first whose unit follows it). `carried` gives rules the distance their cue has
    to the first item of the list the token continues."""
    token, low = tokens[n], doc.low
    unit_pos = unit_start(low, token)
    boundary = tokens[n + 1].start if n + 1 < len(tokens) else sentence_end
    units: dict[str, re.Match[str] | None] = {}
    windows: dict[int, tuple[str, str, str, tuple[int, int] | None, int]] = {}
    best: _Reading | None = None
    # a fraction is a part and its total ("giải quyết 238/316 vụ việc") where some rule of its unit reads
    # it so; a fraction of a unit no such rule reads is its numerator ("xây dựng được 105/130 mô hình")
    parts_and_totals = token.is_fraction and any(
        r.total_measure and r.unit.match(low, unit_pos, boundary) for r in doc.rules.measures
    )
    for rule in rules:
        if parts_and_totals and rule.total_measure is None:
            continue
        if rule.unit.pattern not in units:
            units[rule.unit.pattern] = rule.unit.match(low, unit_pos, boundary)
        unit = units[rule.unit.pattern]
        if unit is None:
            continue
        if unit.end() not in windows:
            windows[unit.end()] = _after_window(doc.rules, low, unit, tokens[n + 1 :], sentence_end)
        after, reach, tail, paren, listed = windows[unit.end()]
        distance = _cue_distance(doc.rules, rule, before, reach, listed) if need_cue else NO_CUE
        if carried and rule.rule_id in carried:
            distance = carried[rule.rule_id] if distance is None else min(distance, carried[rule.rule_id])
        if distance is not None and (
            best is None or (distance, rule.priority) < (best.distance, best.rule.priority)
        ):
            cue_after = distance < NO_CUE and _cue_distance(doc.rules, rule, "", reach, listed) == distance
            best = _Reading(rule, unit.end(), after, tail, paren, distance, cue_after)
    return best


@dataclass
class _Seen:
    """A number a rule read, kept or excluded, for the lists and brackets that follow it."""

    mention: Mention
    excluded_by: str | None
    distance: int


def _pure_list(doc: Document, live: tuple[MeasureRule, ...], previous: Token, token: Token) -> bool:
    """No cue stands between two list items ("giải quyết 24 đơn khiếu nại, 6 đơn tố cáo"), so the
    verb before the first governs the second too."""
    between = doc.low[previous.end : token.start]
    may_occur = doc.rules.may_occur
    return not any(r.cue and may_occur(r.cue, between) and r.cue.search(between) for r in live)


def _continues_list(doc: Document, previous: Token, token: Token) -> bool:
    """Whether `token` is the next item of a list that `previous` opens ("03 tập thể, 05 cá nhân",
    "khiếu nại 320 đơn, tố cáo 85 đơn"). A semicolon ends the list unless the clause after it goes on
    with the list, opening with the number or its kind ("trong đó: 37 đơn khiếu nại; 21 đơn tố cáo"; see
    _clause_start): "tiếp nhận 212 đơn; đã xử lý 193 đơn" is no list, whatever colon comes before."""
    between = doc.low[previous.end : token.start]
    if _clause_start(doc, previous.end, token.start) > previous.end:
        return False
    return len(_without_kinds(doc.rules, between).split()) <= _LIST_WORDS and bool(
        _LIST_JOINT.search(between)
    )


_LEAD_WORDS = re.compile(r"(?<!\w)(?:trong đó|cụ thể|gồm)(?!\w)")
_BREAKDOWN = re.compile(r"\s*" + _LEAD_WORDS.pattern)
_DIGIT = re.compile(r"\d")
# "…; kế đến là thị xã Giá Rai (205 lượt)": the next places of a ranking go on with its verb
_JOINERS = re.compile(r"[\s,:]*(?:(?:và|gồm|có|của|cho|(?:kế|tiếp|sau) (?:đến|theo|đó) là)[\s,:]+)*")
_ELIDED_REACH = 60
# a place an item of a list names before its number, capitalised as written ("Mộc Châu", "huyện Mai Sơn")
_PLACE_NAME = re.compile(
    r"\s*(?:(?:huyện|quận|thị xã|thành phố|xã|phường|TP\.?|TX\.?)\s+)?(?:[A-ZÀ-ỸĐ][^\W\d_]*\s+){1,4}"
)


def _elided(doc: Document, at: int) -> bool:
    """Whether the clause at `at` opens with its number, or with only the kind, level or place of it ("; 35
    vụ việc TC, đạt 76%", "; tố cáo 7 đơn", "; cấp xã 20 cuộc", "; Mộc Châu 98 lượt", "; cờ thi đua của
    Chính phủ cho 5 đơn vị"): its verb is the one of the clause before."""
    digit = _DIGIT.search(doc.low, at, at + _ELIDED_REACH)
    if digit is None:
        return False
    head = doc.low[at : digit.start()]
    rules = doc.rules
    for category in ("complaint_kind", "level_explicit", "qualifier", "award_form", "issuer"):
        for term in rules.terms(category):
            if term.may_occur(head):
                head = term.pattern.sub(" ", head)
    named_at = _JOINERS.match(doc.low, at, digit.start()).end()
    return bool(_JOINERS.fullmatch(head) or _PLACE_NAME.fullmatch(doc.text, named_at, digit.start()))


def _clause_start(doc: Document, start: int, pos: int) -> int:
    """Where the clause holding `pos` begins, not before `start`: after the last semicolon before it,
    unless that semicolon opens a breakdown of the clause before it ("tiếp nhận 1.234 đơn; trong đó:
    khiếu nại 234 đơn") or goes on with its list ("giải quyết 376 vụ KN, đạt 71,3%; 35 vụ TC, đạt 76%"),
    which read as part of that clause."""
    low = doc.low
    if _ATTENDEES.match(low, start):
        return start
    while (semicolon := low.rfind(";", start, pos)) >= 0:
        if not (_BREAKDOWN.match(low, semicolon + 1) or _elided(doc, semicolon + 1)):
            return semicolon + 1
        pos = semicolon
    return start


# "Dự hội nghị có đồng chí …; lãnh đạo các sở …; và hơn 200 đại biểu nông dân": a list of those attending,
# its items parted by semicolons, is one clause
_ATTENDEES = re.compile(r"\W*(?:cùng )?(?:tham dự|về dự|dự)(?: [^\s\d;,.]+){0,4}? (?:còn )?có ")


_LIST_WORDS = 8
_LIST_JOINT = re.compile(r",|:|;|(?<!\w)(?:và|cùng)(?!\w)")


def _sentence_mentions(
    doc: Document, i: int, units: frozenset[str], before_it: list[Mention] | None = None
) -> list[Mention]:
    """The statistics sentence i states: numbers its rules read, the subtotals in a bracket after a
    fact, the next items of a list a fact opens, the breakdown of the facts of the sentence before it
    (`before_it`) when it opens with one."""
    sentence = doc.sentences[i]
    low = doc.low
    sentence_low = doc.sentence_low(i)
    lead = before_it if before_it and _LEADS_IN.match(sentence_low) else None
    live = doc.live_rules(i, units)
    if not live and not lead:
        return []
    tokens = _tokens(doc, sentence)
    seen: list[_Seen] = []
    for n, token in enumerate(tokens):
        clause_start = _clause_start(doc, sentence.start, token.start)
        before = low[clause_start : token.start]
        previous = _list_head(doc, seen, token)
        carried = None
        if previous and previous.distance < NO_CUE and _pure_list(doc, live, previous.mention.token, token):
            # after "trong đó" or a semicolon the item is a subset or a clause its own cue may define: that
            # cue wins a tie ("tiếp nhận 238 đơn, trong đó 36 đơn thuộc thẩm quyền", "nhận 267 đơn; 84 đơn
            # thuộc thẩm quyền"); in a plain list the first item's verb does
            between = low[previous.mention.token.end : token.start]
            subset = ";" in between or _LEAD_WORDS.search(between) is not None
            carried = {previous.mention.rule.rule_id: previous.distance + subset}
        pair = _period_pair_reading(doc, live, token, clause_start)
        reading = pair or _best_reading(doc, live, tokens, n, before, sentence.end, carried=carried)
        head = _bracketing_head(seen, token)
        source = head or previous
        inherited_from = None
        percent = low.startswith("%", unit_start(low, token))
        # A subtotal or list item with no reading of its own, or only a cue-less one, takes the reading
        # of the fact it belongs to (a bracket's head, the list's first item).
        fits = not token.is_fraction or bool(source and source.mention.rule.total_measure)
        if _inherits(reading, source) and fits and not percent:
            rule = source.mention.rule
            inherited = _best_reading(doc, (rule,), tokens, n, before, sentence.end, need_cue=False)
            # a bracket of subtotals opens with an item ("(196 khiếu nại, 25 tố cáo)"); one that opens with
            # words tells something else ("20 đoàn (vụ việc cũ 11 vụ, mới 09 vụ)"); out of brackets an item
            # may name its kind for its unit ("giải quyết 24 đơn khiếu nại, 6 tố cáo")
            if (
                inherited is None
                and reading is None
                and (
                    (source is head and _elided(doc, head.mention.paren[0] + 1))
                    or _kind_follows(doc, token)
                    or (
                        _LEAD_WORDS.search(low, sentence.start, token.start)
                        and _stands_bare(doc, token, _item_start(low, token))
                    )
                )
            ):
                inherited = _unit_free_reading(doc, rule, tokens, n, sentence.end)
            if inherited is not None:
                reading, inherited_from = inherited, source
        breaks_down = None
        # after "trong đó" an item the number before could not lend its reading to may break down an
        # earlier one ("giải quyết 512/563 vụ việc, đạt 90,94%; trong đó khiếu nại 447/489 vụ việc")
        if reading is None and (
            source is None or _LEAD_WORDS.search(low, source.mention.token.end, token.start) is not None
        ):
            reading, breaks_down = _breakdown_reading(doc, seen, lead, tokens, n, before, sentence)
        if reading is None:
            continue
        excluded_by = (
            None
            if pair
            else _exclusion_side(doc, reading.rule, before, reading.tail, sentence_low, i, reading.cue_after)
        )
        opener = _bracket_opener(doc, seen, token, sentence.start)
        if (
            excluded_by is None
            and opener
            and opener.excluded_by
            and opener.mention.rule.measure == reading.rule.measure
        ):
            # a breakdown of an excluded subset ("900 đơn đủ điều kiện (…, 795 đơn …)")
            excluded_by = opener.excluded_by
        if (
            excluded_by is None
            and previous is not None
            and previous.excluded_by == "before"
            and previous.mention.rule.measure == reading.rule.measure
            and not _outgrows(low, previous.mention.token, token)
            and (
                inherited_from is not None
                or (carried is not None and carried.get(reading.rule.rule_id) == reading.distance)
                or NO_CUE > reading.distance > words(low[previous.mention.token.end : token.start])
            )
        ):
            # The list shares its verb with an excluded first item ("đề nghị tặng … 10 tập thể, 15 cá nhân").
            excluded_by = "before"
        if excluded_by is None and _shares_an_excluded_clause(low, seen, reading, token, clause_start):
            excluded_by = "before"
        mention = Mention(token, reading.rule, i, reading.unit_end, reading.after, reading.paren)
        mention.period_pair = pair is not None
        if seen and _SPLIT_FRACTION.search(low, sentence.start, token.start):
            numerator = seen[-1].mention.rule
            if numerator.total_measure and numerator.measure == reading.rule.measure:
                mention.measure = numerator.total_measure
        if head is not None and excluded_by is None:
            head.mention.children.append(mention)
        # a part's next list item is a part of the same whole ("trong đó: khiếu nại 12 đơn; tố cáo 7 đơn")
        whole = head.mention if head is not None else breaks_down or (previous and previous.mention.parent)
        if whole is not None and whole.rule.measure == reading.rule.measure and not mention.measure:
            mention.parent = whole
        for k in _respective_items(low, seen, tokens, n):
            # "lần lượt 6 và 41 cuộc": the earlier numbers take the unit and reading of the last
            item = _unit_free_reading(doc, reading.rule, tokens, k, sentence.end)
            seen.append(
                _Seen(Mention(tokens[k], reading.rule, i, item.unit_end, item.after, None), excluded_by, 0)
            )
        seen.append(_Seen(mention, excluded_by, reading.distance))
    return [s.mention for s in seen if s.excluded_by is None]


_RESPECTIVELY = re.compile(r"lần lượt(?: là)?(?: [^\s\d,;]+){0,2}\s*$")
_RESPECTIVE_JOINT = re.compile(r"\s*(?:,|và)\s*")


def _respective_items(low: str, seen: list[_Seen], tokens: list[Token], n: int) -> list[int]:
    """The numbers before token n that 'lần lượt' lists with it and that have no reading of their own
    ("lần lượt 6 và 41 cuộc", "lần lượt tiếp nhận 1.120, 980 và 2.045 đơn"), in text order."""
    read = {s.mention.token.start for s in seen}
    k = n
    while (
        k > 0
        and tokens[k - 1].start not in read
        and _RESPECTIVE_JOINT.fullmatch(low, tokens[k - 1].end, tokens[k].start)
    ):
        k -= 1
    if k == n or not _RESPECTIVELY.search(low, max(0, tokens[k].start - 20), tokens[k].start):
        return []
    return list(range(k, n))


_SPLIT_FRACTION = re.compile(r"/\s*$")


# a sentence that opens a breakdown: "Trong đó …", or a short heading with a colon ("Phân loại:")
# a line of a list may open with its bullet ("- Đơn khiếu nại: 1.021 đơn;")
_LEADS_IN = re.compile(r"[\s\-–+•*]*(?:" + _LEAD_WORDS.pattern + r"|(?:[^\W\d_]+,? ){0,5}[^\W\d_]+\s*:)")


# "số lượt người được tiếp giảm 3,9% (233/240)": the counts of this period and the one before, of what the
# subject names
_CHANGE_THEN_PAIR = re.compile(r"(?<!\w)(?:tăng|giảm)(?: [^\s\d;]+){0,2} \d[\d.,]*\s*%\s*\(\s*$")
_NUMBERED_SUBJECT = re.compile(r"(?<!\w)số ")
# found from its percent sign, the rarer anchor: a scan of every text for "tăng|giảm" costs more
_PAIR_AFTER_PERCENT = re.compile(r"%\s*\(\s*(?P<pair>\d[\d.]*\s*/\s*\d[\d.]*)\s*\)")
_PAIR_SUBJECT_REACH = 200


def _period_pair_reading(
    doc: Document, live: tuple[MeasureRule, ...], token: Token, clause_start: int
) -> _Reading | None:
    """A fraction in brackets after a change ("số đoàn đông người giảm 13% (13/15)") is the count of this
    period and of the one before: read as the subject after "số" reads, with the subject in place of the
    unit (its cue, if the rule has one, in the clause before the change)."""
    low = doc.low
    if not token.is_fraction:
        return None
    change = _CHANGE_THEN_PAIR.search(low, max(clause_start, token.start - 40), token.start)
    subject = change and last_match(_NUMBERED_SUBJECT, low[clause_start : change.start()])
    if not subject:
        return None
    at = clause_start + subject.end()
    for rule in sorted(live, key=lambda r: r.priority):
        unit = rule.unit.match(low, at, change.start())
        if unit is None or (rule.cue is not None and not rule.cue.search(low, clause_start, change.start())):
            continue
        return _Reading(rule, token.end, "", "", None, 0)
    return None


def _breakdown_reading(
    doc: Document,
    seen: list[_Seen],
    lead: list[Mention] | None,
    tokens: list[Token],
    n: int,
    before: str,
    sentence: Sentence,
) -> tuple[_Reading | None, Mention | None]:
    """A number in a breakdown ("…; trong đó: khiếu nại 12 đơn; tố cáo 7 đơn", or a sentence that opens
    with "Trong đó" after the facts `lead` of the sentence before) reads as the last fact before the
    breakdown with its unit, when only its kind stands before it in its item (not "Trong đó, đã chuyển
    41 đơn") and nothing in the sentence excludes that reading: that reading, and the fact it breaks
    down."""
    low, token = doc.low, tokens[n]
    words = last_match(_LEAD_WORDS, low[sentence.start : token.start])
    opening = sentence.start + words.end() if words else sentence.start
    heads = (
        [s.mention for s in seen if s.excluded_by is None and s.mention.token.end <= opening] if words else []
    )
    heading = _LEADS_IN.match(low, sentence.start, token.start)
    if not heads and lead and heading and heading.end() >= opening:
        heads, opening = lead, heading.end()
    item = max(opening, _item_start(low, token))
    digit = _DIGIT.search(low, item, token.end)
    if not heads or digit is None or digit.start() != token.start or not _elided(doc, item):
        return None, None
    # an outcome or a state after the last item of the item's clause is every item's ("có 7 vụ KN, 12 vụ TC
    # đúng"); a phrase before a number (a change) is that number's alone, read with it as usual
    clause_end = low.find(";", token.end, sentence.end)
    clause = _THE_REST.split(low[item : clause_end if clause_end >= 0 else sentence.end], 1)[0]
    rest = low[token.end : clause_end if clause_end >= 0 else sentence.end]
    for mention in reversed(heads):
        exclusions = doc.rules.exclusions_for[mention.rule.rule_id]
        if any(exc.side != "before" and exc.pattern.search(clause) for exc in exclusions):
            continue
        if mention.rule.cue is not None and mention.rule.cue.search(rest):
            # the item names that measure with its own verb for another number ("Khiếu nại: 74 vụ việc,
            # đã giải quyết 69 vụ việc" after "83 vụ việc thuộc thẩm quyền; đã giải quyết 77"): not this one's
            continue
        reading = _best_reading(doc, (mention.rule,), tokens, n, before, sentence.end, need_cue=False)
        # "gồm 68 khiếu nại, 10 tố cáo"; "trong đó cấp tỉnh 12, cấp huyện 87"; "8 đoàn đông người, trong
        # đó 3 đoàn của xã A"
        if reading is None and (
            _kind_follows(doc, token)
            or _stands_bare(doc, token, item)
            or _head_noun_follows(doc, mention, token)
        ):
            reading = _unit_free_reading(doc, mention.rule, tokens, n, sentence.end)
        if reading is not None:
            return reading, mention
    return None, None


def _opens_with_an_item(doc: Document, seen: list[_Seen], token: Token, at: int) -> bool:
    """Whether a statistic, with at most its kind before it, opens the text at `at` ("(105 đơn khiếu nại,
    …", "(khiếu nại 12 đơn, …"; not "(6 tháng đầu năm 2019 tiếp nhận …")."""
    if not _elided(doc, at):
        return False
    first = _DIGIT.search(doc.low, at)
    return first is not None and (
        first.start() == token.start or any(s.mention.token.start == first.start() for s in seen)
    )


def _bracket_opener(doc: Document, seen: list[_Seen], token: Token, sentence_start: int) -> _Seen | None:
    """The last number read before the bracket `token` stands in, when the bracket breaks it down ("(trong
    đó …", "(khiếu nại 12 …"); a bracket with a statement of its own ("(năm trước tiếp nhận 1.405 đơn)")
    is no breakdown."""
    low = doc.low
    opening = low.rfind("(", sentence_start, token.start)
    if opening < 0 or low.rfind(")", opening, token.start) >= 0:
        return None
    if not (_LEADS_IN.match(low, opening + 1) or _opens_with_an_item(doc, seen, token, opening + 1)):
        return None
    return next((s for s in reversed(seen) if s.mention.token.start < opening), None)


def _shares_an_excluded_clause(
    low: str, seen: list[_Seen], reading: _Reading, token: Token, clause_start: int
) -> bool:
    """Whether the number stands in a clause that goes on from the one before a semicolon (its verb is that
    clause's) whose fact of the same measure a phrase before it excluded ("xét duyệt cờ thi đua … cho 69 đơn
    vị; cờ thi đua của Chính phủ cho 5 đơn vị": the 5 are proposed too)."""
    own_clause = low.rfind(";", clause_start, token.start)
    if own_clause < 0:
        return False
    earlier = [s for s in seen if clause_start <= s.mention.token.start < own_clause]
    same = [s for s in earlier if s.mention.rule.measure == reading.rule.measure]
    return bool(same) and same[-1].excluded_by == "before" and reading.distance < NO_CUE


def _outgrows(low: str, head: Token, token: Token) -> bool:
    """Whether `token` opens a breakdown after `head` yet exceeds it, so breaks down something else ("kỳ
    trước chuyển sang 53 đơn gồm: 1.141 đơn khiếu nại, …" lists the year's petitions, not the 53)."""
    return token.value > head.value and _LEAD_WORDS.search(low, head.end, token.start) is not None


def _list_head(doc: Document, seen: list[_Seen], token: Token) -> _Seen | None:
    """The item `token` continues a list of: the last number read, or the one before it when that is a
    rate the item states ("giải quyết 376 vụ KN, đạt 71,3%; 35 vụ TC": 35 continues 376)."""
    candidates = seen[-1:]
    if seen and doc.low.startswith("%", unit_start(doc.low, seen[-1].mention.token)):
        candidates = seen[-2:-3:-1] + candidates
    for back in candidates:
        if _continues_list(doc, back.mention.token, token):
            return back
    return None


def _inherits(reading: _Reading | None, source: _Seen | None) -> bool:
    if source is None:
        return False
    if reading is None:
        return True
    rule = source.mention.rule
    return (
        reading.distance == NO_CUE
        and source.excluded_by is None
        and rule.cue is not None
        and rule.measure != reading.rule.measure
    )


def _kind_follows(doc: Document, token: Token) -> bool:
    """Whether a complaint's kind stands right after the number, in the place of its unit ("68 khiếu nại")."""
    at = unit_start(doc.low, token)
    return any(term.pattern.match(doc.low, at) for term in doc.rules.terms("complaint_kind"))


def _head_noun_follows(doc: Document, whole: Mention, token: Token) -> bool:
    """Whether the head noun of the whole's unit follows the number, its qualifiers left out: "3 đoàn"
    after "8 lượt đoàn đông người"."""
    unit_words = doc.low[unit_start(doc.low, whole.token) : whole.unit_end].split()
    head = next((w for w in unit_words if w != "lượt"), None)
    at = unit_start(doc.low, token)
    return (
        head is not None
        and doc.low.startswith(head, at)
        and not doc.low[at + len(head) : at + len(head) + 1].isalpha()
    )


_ITEM_MARK = re.compile(r"[;,:(]|(?<!\w)và(?!\w)")


def _item_start(low: str, token: Token) -> int:
    """Where the list item holding `token` begins: after the last comma, semicolon, colon or "và"."""
    marks = list(_ITEM_MARK.finditer(low, max(0, token.start - _ELIDED_REACH), token.start))
    return marks[-1].end() if marks else token.start


_BARE_AFTER = re.compile(r"[ \t]*(?:[,;.)\n]|và(?!\w))")


def _stands_bare(doc: Document, token: Token, item: int) -> bool:
    """Whether a number stands with nothing after it in its item, named by the level or place before it
    ("trong đó cấp tỉnh 12, cấp huyện 87"): it counts what the whole it breaks down counts."""
    named = doc.low[item : token.start].strip(" ,:")
    return bool(named) and (token.end >= len(doc.low) or bool(_BARE_AFTER.match(doc.low, token.end)))


def _unit_free_reading(
    doc: Document, rule: MeasureRule, tokens: list[Token], n: int, sentence_end: int
) -> _Reading | None:
    """A subtotal in a bracket without the head's unit ("(196 khiếu nại, 25 tố cáo)")."""
    token = tokens[n]
    boundary = tokens[n + 1].start if n + 1 < len(tokens) else sentence_end
    unit = doc.rules.unit_any.match(doc.low, unit_start(doc.low, token), boundary)
    unit_end = unit.end() if unit else token.end
    after = doc.low[unit_end:boundary]
    return _Reading(rule, unit_end, after, after, None, NO_CUE)


def _bracketing_head(seen: list[_Seen], token: Token) -> _Seen | None:
    for s in reversed(seen):
        m = s.mention
        if s.excluded_by is None and m.paren and m.paren[0] < token.start < m.paren[1]:
            return s
    return None


def _broken_down(doc: Document, mentions: list[Mention]) -> None:
    """Mark the totals a sentence breaks down: a number with no level (or kind) of its own followed by
    numbers of its measure at two or more named levels ("46 cuộc, trong đó cấp huyện 4 cuộc, cấp xã 42
    cuộc") counts dialogues of several levels, so its level is unspecified; one followed by items of
    several kinds ("412 đơn, gồm 37 đơn khiếu nại, 21 đơn tố cáo…") is of mixed kind."""
    if len(mentions) < 2:
        return
    counts = Counter(m.rule.measure for m in mentions)
    if max(counts.values()) < 2:
        return
    levels = [explicit_level(doc, m) if counts[m.rule.measure] > 2 else None for m in mentions]
    complaints = [m.rule.fact_table == "fct_complaints" for m in mentions]
    kinds = [
        set(own_kinds(doc, "complaint_kind", m)) if c else set()
        for m, c in zip(mentions, complaints, strict=True)
    ]
    for k, mention in enumerate(mentions):
        same = [n for n in range(k + 1, len(mentions)) if mentions[n].rule.measure == mention.rule.measure]
        if levels[k] is None:
            mention.mixed_levels = len({levels[n] for n in same} - {None}) >= 2
        if complaints[k] and not kinds[k]:
            mention.mixed_kinds = len(set().union(*(kinds[n] for n in same))) >= 2
        if mention.mixed_levels or mention.mixed_kinds:
            for n in same:
                if mentions[n].parent is None and (levels[n] or kinds[n]):
                    mentions[n].parent = mention


def _breakdowns_after_lead_words(doc: Document, mentions: list[Mention], before_it: list[Mention]) -> None:
    """A number after "trong đó" / "gồm" / "cụ thể" is a part of the last number of its measure before
    those words: in the sentence, or, when they open it, in the sentence before ("Tiếp nhận 1.234 đơn.
    Trong đó, tiếp thường xuyên 161/201 người …")."""
    low = doc.low
    for mention in mentions:
        if mention.parent is not None or mention.measure:
            continue
        start = doc.sentences[mention.sentence_index].start
        words = last_match(_LEAD_WORDS, low[start : mention.token.start])
        if words is None:
            continue
        opens = not low[start : start + words.start()].strip()
        wholes = [
            m
            for m in (*(before_it if opens else ()), *mentions)
            if m.rule.measure == mention.rule.measure
            and (m.sentence_index < mention.sentence_index or m.token.end <= start + words.start())
        ]
        if wholes:
            mention.parent = wholes[-1]


# what tells two statements of one number apart ("TP. Đồng Hới 1 lượt đoàn, Tuyên Hóa 1 lượt đoàn" are two;
# so are "UBND tỉnh tặng Bằng khen 60 cá nhân; Ủy ban MTTQ tỉnh tặng Bằng khen 60 cá nhân")
_QUALIFIERS = (
    "admin_level",
    "dialogue_kind",
    "complaint_kind",
    "recipient_type",
    "award_form",
    "issuer",
    "locality",
)


def _same_statistic(a: Fact, b: Fact) -> bool:
    """The same number stated twice (a headline and its body): no qualifier both state differently."""
    for q in _QUALIFIERS:
        x, y = getattr(a, q), getattr(b, q)
        if x not in UNSPECIFIED and y not in UNSPECIFIED and x != y:
            return False
    return True


def _specificity(f: Fact) -> int:
    return sum(getattr(f, q) not in UNSPECIFIED for q in _QUALIFIERS)


def _headline_span(text: str, title: str | None) -> tuple[int, int] | None:
    """Where the headline stands in the text the extractor reads (article_text puts it on top)."""
    title = unicodedata.normalize("NFC", (title or "").strip())
    at = text.find(title, 0, len(title) + 400) if title else -1
    return (at, at + len(title)) if at >= 0 else None


def _deduplicated(facts: list[Fact], headline: tuple[int, int] | None = None) -> list[Fact]:
    """One fact per statistic. A headline number the body states too is the body's fact, whatever the
    headline's wording adds or leaves out ("Hơn 2.300 ý kiến" over "2.300 ý kiến…"); a rounded headline
    figure ("Gần 94%" beside 93,7%) is a value of its own and stays."""
    if headline is not None:
        in_headline = [headline[0] <= f.char_offset < headline[1] for f in facts]
        body = {(f.measure, round(f.value, 2)) for f, top in zip(facts, in_headline, strict=True) if not top}
        facts = [
            f
            for f, top in zip(facts, in_headline, strict=True)
            if not (top and (f.measure, round(f.value, 2)) in body)
        ]
    kept: list[Fact] = []
    for fact in facts:
        for n, other in enumerate(kept):
            if (other.measure, round(other.value, 2), other.value_qualifier) == (
                fact.measure,
                round(fact.value, 2),
                fact.value_qualifier,
            ) and _same_statistic(other, fact):
                if _specificity(fact) > _specificity(other):
                    kept[n] = fact
                break
        else:
            kept.append(fact)
    return kept


@dataclass(frozen=True)
class _Candidate:
    """A number followed by a unit some rule knows: where it starts and which unit patterns follow it."""

    start: int
    units: frozenset[str]


def _candidates(low: str, rules: Rules) -> list[_Candidate]:
    """Numbers, in digits or spelled out, followed by a unit some rule knows."""
    units_after = rules.units_after
    found = []
    for m in rules.number_at.finditer(low):
        units = units_after(low, m.end())
        if units:
            found.append(_Candidate(m.start(), units))
    for m in _PAIR_AFTER_PERCENT.finditer(low):
        # the units of a pair are its subject's ("số đoàn đông người giảm 13% (13/15)")
        if not _CHANGE_THEN_PAIR.search(low, max(0, m.start() - 40), m.start("pair")):
            continue
        clause = max(low.rfind(mark, max(0, m.start() - _PAIR_SUBJECT_REACH), m.start()) for mark in ";.\n")
        subject = last_match(_NUMBERED_SUBJECT, low[clause + 1 : m.start()])
        units = units_after(low, clause + 1 + subject.end()) if subject else None
        if units:
            found.append(_Candidate(m.start("pair"), units))
    if rules.spelled_unit is not None and rules.spelled is not None:
        for m in rules.spelled_unit.finditer(low):
            if not (m.start() and low[m.start() - 1].isalnum()):
                words = rules.spelled.match(low, m.start())
                if words:
                    end = words.end()
                    if rules.scale is not None:
                        scale = rules.scale.match(low, end)
                        end = scale.end() if scale else end
                    while end < len(low) and low[end] == " ":
                        end += 1
                    units = units_after(low, end)
                    if units:
                        found.append(_Candidate(m.start(), units))
    return found


_NEAR, _PARAGRAPH_REACH = 400, 1500


_RELATED_LINKS = re.compile(
    r"^[ \t]*(?:xem thêm|đọc thêm|tin liên quan|bài liên quan|tin cùng chuyên mục|tin khác|các tin khác)"
    r"[ \t]*:?[ \t]*$",
    re.M,
)


_HEADLINE_LINE = re.compile(r"[^\n]{0,200}(?<![.!?…])[ \t]*(?:\n|$)")


def _without_related_links(low: str) -> str:
    """`low` with the blocks of links to other articles blanked ("Xem thêm:" and the headlines under it,
    each a line with no final stop): their figures are those articles', not this one's. Blanking keeps
    every offset."""
    blanked = list(low)
    for marker in _RELATED_LINKS.finditer(low):
        end = marker.end()
        while end < len(low) and low[end] == "\n":
            end += 1
        while (line := _HEADLINE_LINE.match(low, end)) and line.end() > end:
            end = line.end()
        blanked[marker.start() : end] = re.sub(r"[^\n]", " ", low[marker.start() : end])
    return "".join(blanked)


def _worth_reading(
    low: str, title_low: str, opening: Callable[[], str], candidate: _Candidate, rules: Rules
) -> bool:
    """Whether some rule of the candidate's units may read it: each of the rule's cue, requirement and
    context has a literal near enough (a cheap superset of the exact test done later)."""
    at = candidate.start
    near = low[max(0, at - _NEAR) : at + _NEAR]
    may_occur = rules.may_occur
    for unit in candidate.units:
        for rule in rules.by_unit[unit]:
            if rule.cue is not None and not may_occur(rule.cue, near):
                continue
            if rule.sentence_requires is not None and not may_occur(rule.sentence_requires, near):
                continue
            context = rule.context
            if context is not None:
                if rule.scope == "sentence":
                    found = may_occur(context, near)
                elif rule.scope == "paragraph":
                    paragraph = low[max(0, at - _PARAGRAPH_REACH) : at + _NEAR]
                    found = may_occur(context, paragraph) or may_occur(context, opening())
                else:
                    found = may_occur(context, low) or may_occur(context, title_low)
                if not found:
                    continue
            return True
    return False


def extract_facts(article: Article, rules: Rules) -> list[Fact]:
    """The facts `article` states, in text order, one per statistic."""
    text = article_text(article)
    plain = text.lower()
    if rules.topics and not any(topic in plain for topic in rules.topics):
        return []
    # Old tone placement ("hoà", "uỷ") is rare; only then is the costlier canonical_tones needed.
    low = matching_text(text) if has_old_tones(text, plain) else plain
    if len(low) != len(text):
        low = text
    title_low = matching_text(unicodedata.normalize("NFC", article.title or ""))
    if _RELATED_LINKS.search(low):
        low = _without_related_links(low)
    found = _candidates(low, rules)
    # The cheap test only decides whether the article is worth splitting into sentences; once it is,
    # the exact per-sentence test (live_rules) sorts the remaining candidates.
    opening = cache(lambda: title_low + "\n" + opening_of(low))
    first = next((k for k, c in enumerate(found) if _worth_reading(low, title_low, opening, c, rules)), None)
    if first is None:
        return []
    candidates = found[first:]
    doc = Document(article, rules, text, low, canonical=low is plain)
    facts: list[Fact] = []
    units: dict[int, frozenset[str]] = {}
    for c in candidates:
        i = max(bisect_right(doc.starts, c.start) - 1, 0)
        units[i] = units.get(i, frozenset()) | c.units
    mentions: list[Mention] = []
    for i in sorted(units):
        before_it = _lead_of(mentions) if mentions and _next_to(doc, mentions[0].sentence_index, i) else None
        mentions = _sentence_mentions(doc, i, units[i], before_it)
        _broken_down(doc, mentions)
        _breakdowns_after_lead_words(doc, mentions, before_it or [])
        for mention in mentions:
            facts.append(fact_of(doc, mention))
            if mention.token.is_fraction and (mention.rule.total_measure or mention.period_pair):
                total = mention.rule.measure if mention.period_pair else mention.rule.total_measure
                facts.append(fact_of(doc, mention, total, denominator=True))
            if mention.rule.also_measure and not mention.measure:
                facts.append(fact_of(doc, mention, mention.rule.also_measure))
    return _with_parents_kept(_deduplicated(facts, _headline_span(text, article.title)))


def _next_to(doc: Document, earlier: int, i: int) -> bool:
    """Whether sentence i follows sentence `earlier` with at most lead-in lines between ("…, đạt 92,77%.
    Cụ thể:" before "+ Khiếu nại: 74 vụ việc")."""
    return all(doc.sentence_low(j).rstrip().endswith(":") for j in range(earlier + 1, i))


def _lead_of(mentions: list[Mention]) -> list[Mention]:
    """What the next sentence may break down: the facts of this one, a part standing for the whole it is
    a part of (one line of a list, "- Đơn khiếu nại: 1.021 đơn;", leaves the next line another part of
    the same whole)."""
    return list({id(whole): whole for whole in (m.parent or m for m in mentions)}.values())


def _with_parents_kept(facts: list[Fact]) -> list[Fact]:
    """A part whose total was dropped as a repetition is a headline figure of its own."""
    kept = {(f.measure, f.char_offset) for f in facts}
    return [
        f
        if f.parent_offset is None or (f.measure, f.parent_offset) in kept
        else replace(f, parent_offset=None)
        for f in facts
    ]
