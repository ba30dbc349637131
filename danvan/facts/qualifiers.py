"""What a statistic's fact says beyond its number: the level of who holds a dialogue, the kind of
dialogue or complaint, the award form, recipient and issuer, the place and the period; and the Fact row
built from a mention with them.

Each qualifier is read from the words around the number first, then its clause, its sentence, the
sentences before it in its paragraph, the headline and the article, in that order: the vocabularies are
the rule seeds (rules_vocabulary.csv).
"""

from __future__ import annotations

import re
from dataclasses import replace

from danvan.facts.document import Document, Fact, Mention, first_level_in, unit_start
from danvan.facts.localities import Place
from danvan.facts.periods import Period, period_before

_CLAUSE_END = re.compile(r"[,;(]")


def term_values(terms: tuple, text: str) -> list[tuple[int, str]]:
    found = []
    for term in terms:
        for m in term.finditer(text):
            found.append((m.start(), term.value))
    return sorted(found)


def explicit_level(doc: Document, mention: Mention) -> str | None:
    """The level named with the number itself: after it in its clause ("78 hội nghị cấp xã"), or right
    before it ("cấp huyện 4 cuộc"). A level after the number that stands right before the next number is
    that number's ("71 cuộc đối thoại: cấp huyện 7 cuộc")."""
    low, token = doc.low, mention.token
    explicit = doc.rules.terms("level_explicit")
    window = low[token.end : mention.unit_end] + _LEVEL_CLAUSE_END.split(mention.after, 1)[0]
    for _, end, value in term_spans(explicit, window):
        if mention.paren is None and _NUMBER_NEXT.match(low, token.end + end):
            break
        return value
    sentence = doc.sentences[mention.sentence_index]
    clause = max(low.rfind(";", sentence.start, token.start) + 1, sentence.start)
    before = term_spans(explicit, low[clause : token.start])
    if before and not _HAS_DIGIT.search(low, clause + before[-1][1], token.start):
        return before[-1][2]
    return None


_LEVEL_CLAUSE_END = re.compile(r"[,;(:]|\svà\s")
_NUMBER_NEXT = re.compile(r"[\s:]*\d")
_HAS_DIGIT = re.compile(r"\d")


def admin_level(doc: Document, mention: Mention) -> str:
    own = explicit_level(doc, mention)
    if own:
        return own
    if mention.mixed_levels:
        return "unspecified"
    low = doc.low
    sentence = doc.sentences[mention.sentence_index]
    clause = max(low.rfind(";", sentence.start, mention.token.start) + 1, sentence.start)
    earlier = term_values(doc.rules.terms("level_explicit"), low[clause : mention.token.start])
    if earlier:
        return earlier[-1][1]
    # The holder is named before the number; units after it are mostly the audience ("215 người dân các
    # xóm trên địa bàn xã"), so the sentences before it in the paragraph are asked first.
    i = mention.sentence_index
    if mention.rule.fact_table == "fct_dialogues" and _held_centrally(doc, i):
        return "central"
    level = first_level_in(doc.rules, low[sentence.start : mention.token.start])
    j = i - 1
    while level is None and j >= 0 and doc.sentences[j].paragraph == sentence.paragraph:
        level = doc.first_level(j)
        j -= 1
    if level is None and mention.rule.fact_table == "fct_dialogues":
        level = doc.holder_level(i)
    if level is None and doc.title_low:
        level = first_level_in(doc.rules, doc.title_low)
    if level is None:
        level = doc.first_level(i)
    return level or doc.article_level or "unspecified"


def _held_centrally(doc: Document, i: int) -> bool:
    """Whether the dialogue told of in sentence i's paragraph, up to it, is held by a central authority
    ("Thủ tướng Chính phủ đối thoại với nông dân tại tỉnh Sơn La"): the venue's level is not the holder's."""
    paragraph = doc.sentences[i].paragraph
    j = i
    while j >= 0 and doc.sentences[j].paragraph == paragraph:
        if doc.sentence_holder(j) == "central":
            return True
        j -= 1
    return False


def own_kinds(doc: Document, category: str, mention: Mention) -> list[str]:
    """The kinds named right after the number: its unit, then a run of kind words joined by commas or
    "và" ("đơn khiếu nại, tố cáo, kiến nghị"); a clause that moves on ("đơn, trong đó: khiếu nại") ends it."""
    window = doc.low[mention.token.end : mention.unit_end] + mention.after
    kinds, at = [], 0
    for start, end, value in term_spans(doc.rules.terms(category), window):
        gap = window[at:start]
        if start < at or not (_KIND_JOINT.fullmatch(gap) or (not kinds and _KIND_LEAD.fullmatch(gap))):
            break
        kinds.append(value)
        at = end
    return kinds


_SINCE_LAST_ITEM = re.compile(r".*\d[^,)]*[,)]|.*\d", re.S)
_KIND_JOINT = re.compile(r"[\s,;/]*(?:(?:và|hoặc)\s*)?")
_KIND_LEAD = re.compile(r"\s*(?:[^\W\d_]+\s+){0,3}")


def term_spans(terms: tuple, text: str) -> list[tuple[int, int, str]]:
    return sorted((m.start(), m.end(), term.value) for term in terms for m in term.finditer(text))


_SESSION_COUNT = re.compile(r"\d\s+(?:cuộc|buổi|hội nghị|phiên)(?!\w)")


def dialogue_kind(doc: Document, mention: Mention) -> str:
    """Named right after the number, else the nearest before it in the sentence ("81 cuộc đối thoại
    định kỳ, trong đó 78 hội nghị cấp xã" are both periodic). Opinions and participants of "the
    dialogue" take the kind of the dialogue told of before them (in the paragraph, the one before it, the
    headline or the lead) when only one kind is named there; a count of dialogues with no kind is of no
    kind."""
    terms = doc.rules.terms("dialogue_kind")
    window = doc.low[mention.token.end : mention.unit_end] + _CLAUSE_END.split(mention.after, 1)[0]
    own = term_values(terms, window)
    if own:
        return own[0][1]
    start = doc.sentences[mention.sentence_index].start
    before = term_values(terms, doc.low[start : mention.token.start])
    if before:
        return before[-1][1]
    if mention.rule.measure == "dialogue_sessions" or _SESSION_COUNT.search(
        doc.low, start, mention.token.start
    ):
        return "unspecified"
    paragraph_start, _ = doc.paragraph_span(doc.sentences[mention.sentence_index].paragraph)
    for context in (doc.low[paragraph_start:start], doc.title_low, doc.opening[:start]):
        kinds = {value for _, value in term_values(terms, context)}
        if kinds:
            return kinds.pop() if len(kinds) == 1 else "unspecified"
    return "unspecified"


def complaint_kind(doc: Document, mention: Mention) -> str:
    """Named after the number or by its subtotals, else in its clause before it; several → mixed."""
    kinds = set(own_kinds(doc, "complaint_kind", mention))
    kinds |= {complaint_kind(doc, child) for child in mention.children} - {"unspecified"}
    if not kinds and mention.mixed_kinds:
        return "mixed"
    if not kinds:
        sentence = doc.sentences[mention.sentence_index]
        clause = max(doc.low.rfind(";", sentence.start, mention.token.start) + 1, sentence.start)
        before = doc.low[clause : mention.token.start]
        # The kind named since the previous number ("khiếu nại 320 đơn, tố cáo 85 đơn"), else in the clause.
        since = _SINCE_LAST_ITEM.search(before)
        for text in (before[since.end() :] if since else before, before):
            kinds = {v for _, v in term_values(doc.rules.terms("complaint_kind"), text)}
            if kinds:
                break
    if len(kinds) > 1 or "mixed" in kinds:
        return "mixed"
    return kinds.pop() if kinds else "unspecified"


def award_form(doc: Document, mention: Mention) -> str | None:
    """The form named nearest before the number in its clause ("tặng Bằng khen cho 03 tập thể"), else
    the nearest after it ("15 tập thể được tặng Bằng khen"); none when none is named ("khen thưởng 40
    tập thể, cá nhân")."""
    named = term_values(doc.rules.terms("award_form"), doc.low[mention.token.end : mention.unit_end])
    if named:
        return named[0][1]
    i = mention.sentence_index
    sentence = doc.sentences[i]
    found = doc.once(
        ("award_forms", i), lambda: term_values(doc.rules.terms("award_form"), doc.sentence_low(i))
    )
    where = mention.token.start - sentence.start
    clause = doc.low.rfind(";", sentence.start, mention.token.start) + 1 - sentence.start
    clause_end = doc.low.find(";", mention.token.start, sentence.end)
    clause_end = (clause_end if clause_end >= 0 else sentence.end) - sentence.start
    before = [value for at, value in found if max(clause, 0) <= at < where]
    after = [value for at, value in found if where < at < clause_end]
    return before[-1] if before else after[0] if after else None


def recipient_type(doc: Document, mention: Mention) -> str | None:
    unit = doc.low[unit_start(doc.low, mention.token) : mention.unit_end]
    for term in doc.rules.terms("recipient_type"):
        if term.search(unit):
            return term.value
    return None


def issuer(doc: Document, mention: Mention) -> str | None:
    i = mention.sentence_index
    return doc.once(("issuer", i), lambda: _issuer_in(doc, i))


def _issuer_in(doc: Document, i: int) -> str | None:
    """The first authority sentence i names as giving awards, as written."""
    sentence = doc.sentences[i]
    low = doc.sentence_low(i)
    found = []
    for term in doc.rules.terms("issuer"):
        m = term.search(low)
        if m:
            found.append((m.start(), -len(m.group(0)), m.end()))
    if not found:
        return None
    start, _, end = min(found)
    return sentence.text[start:end]


_ITEM_MARKS = ",;:("
_DIGIT = re.compile(r"\d")
# a name as a list item writes it: up to four capitalised words, after "TP." or "TX." perhaps
_ITEM_NAME = re.compile(
    r"\s*(?:và\s+)?((?:TP\.?|TX\.?)?\s*(?:[A-ZÀ-ỸĐ][^\W\d_]*\s+){0,3}[A-ZÀ-ỸĐ][^\W\d_]*)\s*"
)


def item_place(doc: Document, mention: Mention) -> Place | None:
    """The place a list item names right before its number ("huyện Mường Lát 1 lượt đoàn, thị xã Bỉm Sơn
    4 lượt đoàn"): each figure of a breakdown by place is that place's."""
    start = doc.sentences[mention.sentence_index].start
    end = mention.token.start
    item = max(start, *(doc.low.rfind(mark, start, end) + 1 for mark in _ITEM_MARKS))
    if item > start and doc.low[item - 1] == "(":  # "thị xã Bỉm Sơn 4 lượt đoàn (52 người)": the item's
        end = item - 1
        item = max(start, *(doc.low.rfind(mark, start, end) + 1 for mark in _ITEM_MARKS))
    if item == start:
        return None
    if doc.places.names_locality(item, end):
        return doc.places.place(item, end)
    # a district named without its unit word ("…, Lệ Thủy 2 lượt đoàn (31 người), Quảng Trạch 1 lượt đoàn"):
    # the name as written, in the sentence's province
    digit = _DIGIT.search(doc.text, item, end)
    name = _ITEM_NAME.fullmatch(doc.text, item, digit.start() if digit else end)
    if name is None:
        return None
    return replace(doc.place(mention.sentence_index), locality=name.group(1))


def fact_period(doc: Document, mention: Mention) -> Period | None:
    i = mention.sentence_index
    own = period_before(doc.periods(i), mention.token.start - doc.sentences[i].start)
    if own and own.year:
        return own
    return doc.dated_period_before(i) or own


def fact_of(doc: Document, mention: Mention, measure: str | None = None, denominator: bool = False) -> Fact:
    rule, token = mention.rule, mention.token
    table = rule.fact_table
    measure = measure or mention.measure or rule.measure
    sentence = doc.sentences[mention.sentence_index]
    place = item_place(doc, mention) or doc.place(mention.sentence_index)
    lead = doc.lead_place
    if place.locality is None and lead.locality and place.province in (None, lead.province):
        place = lead if place.province is None else replace(place, locality=lead.locality)
    # the earlier count of a pair ("giảm 3,9% (233/240)") is of the period before, which goes unnamed
    period = None if denominator and mention.period_pair else fact_period(doc, mention)
    is_award = measure == "award_recipients"
    is_model = measure == "dan_van_kheo_models"
    if denominator:
        value, value_text, offset, qualifier = (
            token.denominator,
            token.denominator_text,
            token.denominator_start,
            "exact",
        )
    else:
        # A qualifier ends right before the number; the longest ("trên dưới", "ước khoảng") fits in 20.
        q = doc.rules.qualifier.search(doc.low, max(sentence.start, token.start - 20), token.start)
        value, value_text, offset = token.value, token.text, token.start
        qualifier = doc.rules.qualifier_value(q) if q else "exact"
    return Fact(
        fact_table=table,
        measure=measure,
        value=float(value),
        value_text=value_text,
        value_qualifier=qualifier,
        admin_level=admin_level(doc, mention) if table == "fct_dialogues" or is_model else None,
        dialogue_kind=dialogue_kind(doc, mention) if table == "fct_dialogues" else None,
        complaint_kind=complaint_kind(doc, mention) if table == "fct_complaints" else None,
        award_form=award_form(doc, mention) if is_award else None,
        recipient_type=recipient_type(doc, mention) if is_award else ("model" if is_model else None),
        issuer=issuer(doc, mention) if is_award else None,
        province=place.province,
        province_today=place.province_today,
        locality=place.locality,
        period_label=period.label if period else None,
        period_year=period.year if period else None,
        evidence=sentence.text,
        sentence_index=mention.sentence_index,
        char_offset=offset,
        parent_offset=mention.parent.token.start if mention.parent and not denominator else None,
    )
