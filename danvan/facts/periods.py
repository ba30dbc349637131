"""Reporting periods as Vietnamese reports name them, with the last year each one covers.

"9 tháng năm 2018" → 2018; "từ năm 2021 đến nay" → the article's year; "nhiệm kỳ 2020–2025" → 2025;
"quý I/2023" → 2023; "từ tháng 1.2014 đến tháng 12.2016" → 2016. Dates of documents ("ngày 03 tháng 8 năm
2023") are not periods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_Y = r"((?:19|20)\d{2})"
_SEP = r"\s*[-–—]\s*"
_MONTH = r"tháng\s+\d{1,2}(?:\s*[./]\s*|\s+năm\s+)"
_SO_FAR = r"(?:đến|tới)\s+nay"
_PATTERNS = (
    # Ranges first, so "từ năm 2021 đến nay" is not read as "năm 2021".
    re.compile(
        rf"từ\s+(?:đầu\s+)?(?:năm\s+|{_MONTH}){_Y}\s+(?:đến|tới)\s+(?:hết\s+)?(?:năm\s+|{_MONTH}){_Y}", re.I
    ),
    re.compile(rf"từ\s+(?:đầu\s+)?(?:năm\s+|{_MONTH}){_Y}\s*(?:,\s*)?{_SO_FAR}", re.I),
    re.compile(rf"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+{_Y}{_SEP}{_Y}", re.I),
    re.compile(rf"\d{{1,2}}\s+tháng\s+(?:đầu\s+|cuối\s+)?năm\s+{_Y}", re.I),
    re.compile(rf"quý\s+(?:I{{1,3}}|IV|[1-4])\s*(?:/|\s+năm\s+){_Y}", re.I),
    re.compile(rf"(?<!ngày )(?<!\d )(?<!\d)tháng\s+\d{{1,2}}\s*[./]\s*{_Y}", re.I),
    re.compile(rf"(?<!tháng \d )(?<!tháng \d\d )năm\s+{_Y}(?!\s*[-–—]\s*\d)", re.I),
)
_RELATIVE = re.compile(
    rf"từ\s+đầu\s+năm\s+{_SO_FAR}|\d{{1,2}}\s+tháng\s+(?:đầu\s+năm|qua|vừa\s+qua)|(?:trong\s+)?năm\s+(?:qua|nay)",
    re.I,
)
_SO_FAR_RE = re.compile(_SO_FAR, re.I)
_PERIOD_WORDS = ("năm", "tháng", "quý", "nhiệm kỳ", "giai đoạn", "thời kỳ")


@dataclass(frozen=True)
class Period:
    """A reporting period: its label as written, the last year it covers, and where it stands."""

    label: str
    year: int | None
    start: int


def find_periods(sentence: str, published_at: date | None = None) -> list[Period]:
    """Every period named in `sentence`, in order; relative ones ("từ đầu năm đến nay") take the
    article's year when it is known."""
    lowered = sentence.lower()
    if not any(word in lowered for word in _PERIOD_WORDS):
        return []
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            years = [int(y) for y in m.groups() if y]
            year = max(years) if years else None
            if _SO_FAR_RE.search(m.group(0)) and published_at:
                year = published_at.year
            found.append(Period(m.group(0), year, m.start()))
    for m in _RELATIVE.finditer(sentence):
        if not any(m.start() < end and start < m.end() for start, end in taken):
            taken.append(m.span())
            found.append(Period(m.group(0), published_at.year if published_at else None, m.start()))
    return sorted(found, key=lambda p: p.start)


def period_before(periods: list[Period], offset: int) -> Period | None:
    """The period named nearest before `offset`, else the first one after it."""
    before = [p for p in periods if p.start < offset]
    if before:
        return before[-1]
    return periods[0] if periods else None
