"""Numbers as Vietnamese news writes them: "1.009" (dot groups thousands), "88,24" (comma is the decimal
mark), "2,5 nghìn", "03" (leading zero), and the small numbers spelled out ("ba cuộc").

Only the reading of a single token lives here; which tokens are statistics is the extractor's business.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

# Where a number starts. The digit comes first so the engine skips to digits in C ([0-9] is scanned faster
# than \d); then it must not continue a word or number. After a slash it continues a fraction ("245/268")
# or a code; a slash after a word opens a number of its own ("tiếp 458 lượt/512 người").
NUMBER_START = r"[0-9](?<![\w.,-][0-9])(?<![0-9]/[0-9])"
# A run of digits with the separators Vietnamese numbers, dates and document numbers use inside them.
NUMBER_TOKEN = re.compile(NUMBER_START + r"(?:[\d.,/-]*\d)?")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
_PLAIN = re.compile(r"\d+(?:,\d+)?")
_FRACTION = re.compile(r"(\d{1,3}(?:\.\d{3})*|\d+)/(\d{1,3}(?:\.\d{3})*|\d+)")
_YEAR_MIN, _YEAR_MAX = 1945, 2099


@dataclass(frozen=True)
class Reading:
    """What one number token says: a value, or a fraction's two values, or nothing countable."""

    kind: str  # number | fraction | year | other
    value: float | None = None
    denominator: float | None = None
    denominator_text: str | None = None
    numerator_text: str | None = None


def parse_vietnamese_number(text: str) -> float | None:
    """The value of "1.009", "88,24", "03" or "135.000"; None for dates ("17.10") and the like."""
    text = text.strip()
    if _THOUSANDS.fullmatch(text):
        return float(text.replace(".", "").replace(",", "."))
    if _PLAIN.fullmatch(text):
        return float(text.replace(",", "."))
    return None


def is_year(text: str) -> bool:
    """A bare four-digit token in the range of years the news talks about (2018, 1954)."""
    return text.isdigit() and len(text) == 4 and _YEAR_MIN <= int(text) <= _YEAR_MAX


@functools.lru_cache(maxsize=8192)
def read_token(text: str) -> Reading:
    """Classify one NUMBER_TOKEN match: a plain number, an x/y fraction, a year or something else."""
    if is_year(text):
        return Reading("year")
    value = parse_vietnamese_number(text)
    if value is not None:
        return Reading("number", value=value)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        num, den = (parse_vietnamese_number(g) for g in fraction.groups())
        if num is not None and den is not None and not is_year(fraction.group(2)):
            return Reading(
                "fraction",
                value=num,
                denominator=den,
                numerator_text=fraction.group(1),
                denominator_text=fraction.group(2),
            )
    return Reading("other")


def spelled_value(phrase: str, words: dict[str, float], multipliers: frozenset[str]) -> float | None:
    """The value of a spelled number: "ba" → 3, "mười hai" → 12, "hai mươi lăm" → 25, "hai trăm năm
    mươi" → 250. A multiplier of a hundred or more closes the group before it; a smaller one scales it."""
    tokens = phrase.lower().split()
    if all(token in multipliers for token in tokens):
        return None  # "hàng trăm", "mươi": an order of magnitude, no number
    total = group = 0.0
    for token in tokens:
        if token not in words:
            return None
        if token in multipliers and words[token] >= 100:
            total += (group or 1.0) * words[token]
            group = 0.0
        elif token in multipliers:
            group = (group or 1.0) * words[token]
        else:
            group += words[token]
    return total + group
