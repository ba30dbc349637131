"""Sentences of a Vietnamese news text, with their offsets, so evidence can be quoted verbatim.

A line break ends a sentence (headlines, captions and paragraphs stand on their own lines), except where a
site wraps a sentence mid-way: a line without final punctuation followed by a line that starts in lower
case is one sentence. Inside a line, ". ", "! ", "? " and "… " end a sentence when the next word starts
with a capital or a digit, but not after abbreviations ("TP. Hà Nội", "ThS. Lan") or inside “quoted
phrases”; "1.009" and "88,24%" have no space after the mark and never split.
"""

from __future__ import annotations

import re
from typing import NamedTuple

ABBREVIATIONS = frozenset(
    {
        "tp",
        "tx",
        "tt",
        "ts",
        "ths",
        "pgs",
        "gs",
        "bs",
        "ks",
        "q",
        "p",
        "h",
        "x",
        "st",
        "mr",
        "ms",
        "v.v",
        "ông",
        "bà",
    }
)
_LINE = re.compile(r"\S(?:[^\n]*\S)?")
# "[.!?…][.!?…]*" rather than "[.!?…]+": the engine then skips to the marks in C.
_END = re.compile(r"[.!?…][.!?…]*[”\"')\]]*(?=\s+[\"“'(\[]?[0-9A-ZÀ-ỸĐ])")
_OPEN, _CLOSE = "“", "”"
_QUOTE_REACH = 300
_WORD_REACH = 40
_FINAL = '.!?…:;”"'


class Sentence(NamedTuple):
    """One sentence: its text as written, where it starts in the article, and its paragraph's number."""

    text: str
    start: int
    paragraph: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: non-empty lines, with wrapped lines joined back."""
    spans: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        start, end = m.span()
        if spans and _continues(text, spans[-1], start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _continues(text: str, previous: tuple[int, int], start: int) -> bool:
    """A wrapped line: the previous line has no final punctuation and this one starts in lower case,
    with no blank line between them."""
    last = text[previous[1] - 1]
    gap = text[previous[1] : start]
    return gap.count("\n") == 1 and last not in _FINAL and text[start].islower()


def _inside_quote(text: str, start: int, pos: int) -> bool:
    opened = text.rfind(_OPEN, start, pos)
    if opened < 0 or text.rfind(_CLOSE, opened, pos) >= 0:
        return False
    closes = text.find(_CLOSE, pos, pos + _QUOTE_REACH)
    return closes >= 0


def _after_abbreviation(text: str, start: int, mark: int) -> bool:
    if text[mark] != ".":
        return False
    # The word before the mark: after the last blank, bracket or opening quote (the 40 characters before
    # the mark hold any word an abbreviation or an initial may end).
    tail = text[max(start, mark - _WORD_REACH) : mark].split()
    word = tail[-1] if tail else ""
    for opener in '(“"':
        word = word.rpartition(opener)[2]
    word = word.lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()) or "." in word


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of `text`, in order, each with its start offset and paragraph number."""
    sentences: list[Sentence] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        start = p_start
        for m in _END.finditer(text, p_start, p_end):
            if _after_abbreviation(text, p_start, m.start()) or _inside_quote(text, start, m.start()):
                continue
            sentences.append(Sentence(text[start : m.end()], start, number))
            start = m.end()
            while start < p_end and text[start].isspace():
                start += 1
        if start < p_end:
            sentences.append(Sentence(text[start:p_end], start, number))
    return sentences
