"""Reporting periods as Vietnamese reports name them, with the last year each one covers.

"9 tháng năm 2018" → 2018; "từ năm 2021 đến nay" → the article's year; "nhiệm kỳ 2020–2025" → 2025;
"quý I/2023" → 2023; "5 năm (2019-2023)" → 2023; "từ tháng 1.2014 đến tháng 12.2016" → 2016. Dates
of documents ("ngày 03 tháng 8 năm 2023") are not periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_Y = r"((?:19|20)\d{2})"
_SEP = r"\s*[-–—]\s*"
_MONTH = r"tháng\s+\d{1,2}(?:\s*[./]\s*|\s+năm\s+)"
_SO_FAR = r"(?:đến|tới)\s+nay"
# One alternation, so the longest reading starts first: "từ năm 2021 đến nay" before "năm 2021".
_PERIOD = re.compile(
    "|".join(
        (
            rf"từ\s+(?:đầu\s+)?(?:năm\s+|{_MONTH}){_Y}\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+|{_MONTH}){_Y}",
            rf"(?:từ\s+)?(?:đầu\s+)?(?:năm\s+|{_MONTH}){_Y}\s*,?\s*{_SO_FAR}",
            rf"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+{_Y}{_SEP}{_Y}",
            rf"\d{{1,2}}\s+năm\s*\(\s*{_Y}{_SEP}{_Y}\s*\)",
            rf"\d{{1,2}}\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+{_Y}",
            rf"quý\s+(?:I{{1,3}}|IV|[1-4])\s*(?:/|\s+năm\s+){_Y}",
            rf"(?<!ngày )(?<!\d )(?<!\d)tháng\s+\d{{1,2}}\s*[./]\s*{_Y}",
            rf"(?<!tháng \d )(?<!tháng \d\d )năm\s+{_Y}(?!\s*[-–—]\s*\d)",
            rf"từ\s+đầu\s+năm\s+{_SO_FAR}",
            r"\d{1,2}\s+tháng\s+(?:đầu\s+năm|qua|vừa\s+qua)",
            r"(?:trong\s+)?năm\s+(?:qua|nay)",
        )
    ),
    re.I,
)
_YEAR = re.compile(_Y)
_SO_FAR_RE = re.compile(_SO_FAR, re.I)
_ANCHOR = re.compile(r"năm|tháng|quý|nhiệm kỳ|giai đoạn|thời kỳ")
_WORD = re.compile(r"\w+")
_OPENING_REACH = 30


@dataclass(frozen=True)
class Period:
    """A reporting period: its label as written, the last year it covers, and where it stands."""

    label: str
    year: int | None
    start: int


def find_periods(sentence: str, published_at: date | None = None) -> list[Period]:
    """Every period named in `sentence`, in order. A period that runs to the present ("đến nay",
    "năm nay", "từ đầu năm") ends in the article's year, unknown without its date."""
    lowered = sentence.lower()
    if len(lowered) != len(sentence):
        return [_period(m, published_at, 0) for m in _PERIOD.finditer(sentence)]
    return periods_in(sentence, lowered, 0, len(sentence), published_at)


def periods_in(text: str, lowered: str, start: int, end: int, published_at: date | None) -> list[Period]:
    """find_periods of text[start:end], with offsets from `start`, reading a text already lower-cased
    (`lowered`, of the same length) instead of copying the span.

    _PERIOD is tried only near the words every period holds (năm, tháng, quý…): a period opens at most
    two words before the first of them ("từ đầu năm", "9 tháng"), and scanning the whole alternation at
    every position costs many times more."""
    found: list[Period] = []
    done = start
    for anchor in _ANCHOR.finditer(lowered, start, end):
        at = anchor.start()
        if at < done:
            continue
        opening = [w.start() for w in _WORD.finditer(lowered, max(done, at - _OPENING_REACH), at)][-2:]
        for begin in (*opening, at):
            m = _PERIOD.match(text, begin, end)
            if m:
                found.append(_period(m, published_at, start))
                done = m.end()
                break
    return found


def _period(m: re.Match[str], published_at: date | None, offset: int) -> Period:
    years = [int(y) for y in _YEAR.findall(m.group(0))]
    if _SO_FAR_RE.search(m.group(0)) or not years:
        year = published_at.year if published_at else None
    else:
        year = max(years)
    return Period(m.group(0), year, m.start() - offset)


def period_before(periods: list[Period], offset: int) -> Period | None:
    """The period named nearest before `offset`, else the first one after it."""
    before = [p for p in periods if p.start < offset]
    if before:
        return before[-1]
    return periods[0] if periods else None
