"""Which province (and finer locality) a statistic is about, named as at the article's date.

Vietnam had 63 provinces until 30 June 2025 and 34 from 1 July 2025 (Nghị quyết 202/2025/QH15), when the
district level was abolished too. Articles name the units of their own time, so a mention is first tied to
one of the 63 former provinces (the finer grain), then named for the article's date, and mapped to the
province it belongs to today.

The former provinces, their alternate spellings and URL slugs live in data/provinces.csv, the former
districts and communes in data/districts.csv and data/wards.csv (data/README.md says where they come from);
today's communes come from the vietnam-provinces package.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

DATA_DIR = Path(__file__).parent / "data"
MERGER_DATE = date(2025, 7, 1)
UNKNOWN = "unknown"

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_PROVINCE_PREFIX = r"(?i:thành\s+phố|tp\.?|tỉnh)"
_DASH = r"\s*[-–—]\s*"

# Words that, right before a province's name, make it a street, commune, river… of that name elsewhere
# ("đường Hải Phòng" in Đà Nẵng, "huyện Quảng Ninh" in Quảng Bình, "xã Hòa Bình" in many provinces), or
# the name of an outlet ("Theo dõi Báo Gia Lai trên Google News" over a report on Kon Tum).
_NOT_A_PROVINCE_BEFORE = re.compile(
    r"(?i:(?<!thị )xã|phường|trấn|huyện|quận|đường|phố|thôn|ấp|bản|xóm|khóm|khu|cầu|sông|chợ|hẻm|ngõ|kiệt|"
    r"làng|số|hồ|đèo|núi|đảo|bến|tổ|khối|báo|đài)\s+$"
)
# A province's name right after a family name, "Văn"/"Thị" or a form of address is part of a person's name
# ("đồng chí Nguyễn Hải Dương", "ông Lê Văn Bình Dương").
_PERSON_BEFORE = re.compile(
    r"(?:(?<!\w)(?:Nguyễn|Trần|Lê|Phạm|Huỳnh|Hoàng|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đinh|Đào|Trịnh|"
    r"Lương|Trương|Lại|Văn|Thị)|(?<!\w)(?:[ôÔ]ng|[bB]à|anh|[cC]hị|[đĐ]ồng chí|em|[cC]háu|[cC]ụ))\s+$"
)
# Phrases that contain a province's name but are not about it.
_BLOCKED_PHRASES = ("Thái Bình Dương", "THÁI BÌNH DƯƠNG", "Điện Biên Phủ", "ĐIỆN BIÊN PHỦ")
# Outlet bylines that open an article: "(HBĐT) - …" is Báo Hòa Bình điện tử.
_BYLINES = {
    "HBĐT": "Hòa Bình",
    "BGĐT": "Bắc Giang",
    "HNM": "Hà Nội",
    "QNO": "Quảng Nam",
    "SGGP": "Hồ Chí Minh",
    "GLO": "Gia Lai",
    "BPO": "Bình Phước",
    "NTO": "Ninh Thuận",
}
_BYLINE_RE = re.compile(r"\((" + "|".join(_BYLINES) + r")\)")
# "Thủ đô" alone is Hà Nội; followed by a name it may be another country's capital (Thủ đô Viêng Chăn).
_CAPITAL_RE = re.compile(rf"T(?<!\wT)(?:hủ đô|HỦ ĐÔ)(?!\w)(?!\s+[{_UPPER}])")  # a literal first: scanned in C
# Host labels that name a unit before the district slug: huyenuyphucu.vn is the Phù Cừ party committee.
_HOST_UNIT_PREFIXES = ("huyenuy", "huyen", "ubnd", "thixa", "quan", "thanhpho", "tp", "tx", "bao")
_GENERIC_HOST_LABELS = frozenset({"www", "m", "vn", "com", "gov", "org", "net", "edu", "info", "dcs", "sub"})

_WEIGHT_TITLE = 2.0
_WEIGHT_TEXT = 1.0
_WEIGHT_BYLINE = 2.0
_WEIGHT_DISTRICT = 0.5
_WEIGHT_URL_HOST = 3.0
_WEIGHT_URL_PATH = 1.0
# This many provinces tied for the most mentions, with neither URL nor title to choose: no dominant one.
_NO_DOMINANT_TIE = 3


@dataclass(frozen=True)
class Place:
    """Where one statistic is: province as named at the article's date, today's province, finer unit."""

    province: str | None
    province_today: str | None
    locality: str | None


@dataclass(frozen=True)
class Province:
    """One row of data/provinces.csv: a former (63) or current (34) province."""

    code: int
    name: str
    full_name: str
    kind: str
    is_current: bool
    valid_from: date
    valid_to: date | None
    province_today: str
    aliases: tuple[str, ...]
    prefix_only_aliases: tuple[str, ...]
    url_slugs: tuple[str, ...]


@dataclass(frozen=True)
class District:
    """One former district (huyện, quận, thị xã, thành phố thuộc tỉnh) of data/districts.csv."""

    code: int
    province: str
    name: str
    units: tuple[str, ...]


def canonical_tones(text: str) -> str:
    """NFC text with the "òa/úy" tone placement (Hoà Bình → Hòa Bình), keeping every character's offset."""
    text = unicodedata.normalize("NFC", text)
    if not has_old_tones(text):  # most modern text: no copy, no per-match call
        return text
    return _TONE_RE.sub(lambda m: _TONE_SWAP.get(m.group(0), m.group(0)), text)


def has_old_tones(text: str, lowered: str | None = None) -> bool:
    """Whether canonical_tones would move a tone mark in `text` (`lowered`: text.lower(), if at hand;
    a search over one case is about twice as fast)."""
    if lowered is None:
        return _TONE_RE.search(text) is not None
    return _LOWER_TONE_RE.search(lowered) is not None


def _tone_swaps() -> dict[str, str]:
    """ "oà" → "òa", "uý" → "úy"…, in lower, title and upper case."""
    swaps: dict[str, str] = {}
    for first, second, toned_seconds, toned_firsts in (
        ("o", "a", "àáảãạ", "òóỏõọ"),
        ("o", "e", "èéẻẽẹ", "òóỏõọ"),
        ("u", "y", "ỳýỷỹỵ", "ùúủũụ"),
    ):
        for toned_second, toned_first in zip(toned_seconds, toned_firsts, strict=True):
            swaps[first + toned_second] = toned_first + second
            swaps[first.upper() + toned_second] = toned_first.upper() + second
            swaps[(first + toned_second).upper()] = (toned_first + second).upper()
    return swaps


_TONE_SWAP = _tone_swaps()
# Only at a syllable's end ("hoà", not "hoàn"), and not after q, where "u" is part of the consonant ("quý").
# The character class comes first so the engine scans for it in C; the lookbehind is checked on a hit.
_TONE_RE = re.compile(r"[oOuU](?<![qQ][oOuU])[àáảãạèéẻẽẹỳýỷỹỵÀÁẢÃẠÈÉẺẼẸỲÝỶỸỴ](?!\w)")
_LOWER_TONE_RE = re.compile(r"o(?<!qo)[àáảãạèéẻẽẹ](?!\w)|u(?<!qu)[ỳýỷỹỵ](?!\w)")


def deaccented(text: str) -> str:
    """Lower-case ASCII letters and digits only: "Bà Rịa - Vũng Tàu" → "bariavungtau"."""
    return re.sub(r"[^a-z0-9]", "", _ascii_folded(text).lower())


def _ascii_folded(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _split(field: str) -> tuple[str, ...]:
    return tuple(part for part in field.split("|") if part)


def _as_date(field: str) -> date | None:
    return date.fromisoformat(field) if field else None


@functools.cache
def provinces() -> tuple[Province, ...]:
    """All rows of data/provinces.csv: the 63 former provinces then the 34 current ones."""
    with (DATA_DIR / "provinces.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            Province(
                code=int(row["code"]),
                name=row["name"],
                full_name=row["full_name"],
                kind=row["kind"],
                is_current=row["is_current"] == "true",
                valid_from=date.fromisoformat(row["valid_from"]),
                valid_to=_as_date(row["valid_to"]),
                province_today=row["province_today"],
                aliases=_split(row["aliases"]),
                prefix_only_aliases=_split(row["prefix_only_aliases"]),
                url_slugs=_split(row["url_slugs"]),
            )
            for row in csv.DictReader(f)
        )


@functools.cache
def former_provinces() -> dict[str, Province]:
    """The 63 provinces of 2008–2025 by short name."""
    return {p.name: p for p in provinces() if not p.is_current}


@functools.cache
def current_provinces() -> dict[str, Province]:
    """The 34 provinces in force from 1 July 2025 by short name."""
    return {p.name: p for p in provinces() if p.is_current}


@functools.cache
def districts() -> tuple[District, ...]:
    """Former districts of the 63-province structure (data/districts.csv)."""
    with (DATA_DIR / "districts.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            District(
                code=int(row["code"]), province=row["province"], name=row["name"], units=_split(row["units"])
            )
            for row in csv.DictReader(f)
        )


@functools.cache
def district_names(province: str) -> frozenset[str]:
    """The names of a former province's districts."""
    return frozenset(d.name for d in districts() if d.province == province)


@dataclass(frozen=True)
class Commune:
    """One former commune (xã, phường, thị trấn) of data/wards.csv, or a current one (xã, phường, đặc khu)."""

    province: str
    district: str | None
    unit: str
    name: str


@functools.cache
def former_communes() -> tuple[Commune, ...]:
    """Communes of the 63-province structure (data/wards.csv)."""
    with (DATA_DIR / "wards.csv").open(encoding="utf-8", newline="") as f:
        return tuple(
            Commune(province=row["province"], district=row["district"], unit=row["unit"], name=row["name"])
            for row in csv.DictReader(f)
        )


@functools.cache
def current_communes() -> tuple[Commune, ...]:
    """Communes of the 34 provinces from 1 July 2025, as vietnam-provinces ships them."""
    from vietnam_provinces import Province as PackageProvince
    from vietnam_provinces import Ward

    names = {p.code: _short_province_name(p.name) for p in PackageProvince.iter_all()}
    communes = []
    for ward in Ward.iter_all():
        unit, _, name = canonical_tones(ward.name).partition(" ")
        if unit.lower() == "đặc":
            unit, name = "đặc khu", name.removeprefix("khu ")
        communes.append(
            Commune(province=names[ward.province_code], district=None, unit=unit.lower(), name=name)
        )
    return tuple(communes)


def _short_province_name(full_name: str) -> str:
    return re.sub(r"^(?:Tỉnh|Thành phố)\s+", "", canonical_tones(full_name))


def _name_key(name: str) -> str:
    """A province's name compared loosely: tone placement, case, blanks and dashes, "tỉnh"/"TP." prefix."""
    key = _phrase_key(canonical_tones(name)).lower()
    return re.sub(r"^(?:tỉnh|thành phố|tp\.?)\s*", "", key)


@functools.cache
def _former_by_name() -> dict[str, str]:
    """Former province by every way a deployment may write it: its name and spellings, then today's
    provinces under their own name (a current one that is no former one's name, Huế, is its
    territory's former province)."""
    by_name: dict[str, str] = {}
    for p in former_provinces().values():
        for spelling in (p.name, *p.aliases, *p.prefix_only_aliases):
            by_name.setdefault(_name_key(spelling), p.name)
    for p in current_provinces().values():
        merged = [f.name for f in former_provinces().values() if f.province_today == p.name]
        if len(merged) == 1:
            by_name.setdefault(_name_key(p.name), merged[0])
    return by_name


def named_province(name: str) -> str | None:
    """The former province a configured name denotes ("Hòa Bình", "TP. Hồ Chí Minh", "Huế"), if any."""
    return _former_by_name().get(_name_key(name))


def province_at(former: str, published_at: date | None) -> str:
    """The name under which a former province's territory was known on a date (undated: the former name)."""
    if published_at is None:
        return former
    today = former_provinces()[former].province_today
    if published_at >= current_provinces()[today].valid_from:
        return today
    return former


@functools.lru_cache(maxsize=4096)
def _phrase_key(matched: str) -> str:
    return re.sub(r"\s*[-–—]\s*", " - ", re.sub(r"\s+", " ", matched)).strip()


@dataclass(frozen=True)
class _Matcher:
    regex: re.Pattern[str]  # the names alone, one trie-shaped alternation: it opens on a capital letter
    bare: dict[str, str | None]  # phrase → former province (None: a blocked phrase)
    prefix_only: dict[str, str]


def _trie_pattern(phrases: list[str]) -> str:
    """One alternation matching any of `phrases`, shaped as a trie so the regex engine tries a handful of
    branches at each position instead of every name; the longest phrase wins, as in a longest-first
    alternation."""
    trie: dict[str, dict] = {}
    for phrase in phrases:
        node = trie
        for token in re.findall(r" - |\s+|\S", phrase):
            node = node.setdefault(" " if token.isspace() else token, {})
        node[""] = {}

    def alternation(node: dict[str, dict]) -> str:
        branches = []
        for token, child in sorted(node.items()):
            if token:
                step = _DASH if token == " - " else r"\s+" if token == " " else re.escape(token)
                branches.append(step + alternation(child))
        if not branches:
            return ""
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return alternation(trie)


@functools.cache
def _province_matcher() -> _Matcher:
    bare: dict[str, str | None] = {}
    prefix_only: dict[str, str] = {}
    for p in former_provinces().values():
        spellings = [] if p.name in p.prefix_only_aliases else [p.name]
        for phrase in spellings + list(p.aliases):
            for variant in (phrase, phrase.upper()):
                bare[_phrase_key(canonical_tones(variant))] = p.name
        for phrase in p.prefix_only_aliases:
            for variant in (phrase, phrase.upper()):
                prefix_only[_phrase_key(canonical_tones(variant))] = p.name
    for phrase in _BLOCKED_PHRASES:
        bare[_phrase_key(phrase)] = None
    # No lookbehind in front: a pattern that opens on a literal lets the engine skip ahead in C.
    regex = re.compile("(?P<name>" + _trie_pattern(sorted(set(bare) | set(prefix_only))) + r")(?!\w)")
    return _Matcher(regex=regex, bare=bare, prefix_only=prefix_only)


_PREFIX_BEFORE = re.compile(rf"(?<!\w){_PROVINCE_PREFIX}\s*$")
# A name inside a list of units of a lower level is one of them: "các xã Bình Thanh, Bình Định và Hồng Tiến".
_LIST_NAME = rf"[{_UPPER}][\w']*(?:\s+[{_UPPER}][\w']*){{0,3}}"
_UNIT_LIST_BEFORE = re.compile(
    rf"(?P<plural>(?i:các|những|hai|ba|bốn|năm|sáu|\d+)\s+)?"
    rf"(?i:xã|phường|thị\s+trấn|huyện|quận|thị\s+xã)\s+(?:{_LIST_NAME}\s*(?:,|\s+và)\s*){{1,8}}$"
)
_MORE_LIST_AFTER = re.compile(rf"\s+và\s+[{_UPPER}]")
_LIST_REACH = 160


def _listed_as_lower_unit(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is an item of a list of communes or districts."""
    listed = _UNIT_LIST_BEFORE.search(text, max(0, start - _LIST_REACH), start)
    return bool(listed) and (bool(listed.group("plural")) or bool(_MORE_LIST_AFTER.match(text, end)))


def province_mentions(text: str) -> list[str]:
    """Former provinces named in a text, in order, one entry per mention (text already canonical_tones)."""
    return [province for _, province in _province_spans(text)]


def _province_spans(text: str) -> list[tuple[int, str]]:
    """(offset, former province) of each province named in a (canonical_tones) text."""
    matcher = _province_matcher()
    found = []
    for m in matcher.regex.finditer(text):
        start = m.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        key = _phrase_key(m.group("name"))
        prefix = _PREFIX_BEFORE.search(text, max(0, start - 14), start) if start else None
        if prefix:
            province = matcher.bare.get(key) or matcher.prefix_only.get(key)
            start = prefix.start()
        else:
            province = matcher.bare.get(key)
        if province is None:
            continue
        before = text[max(0, start - 12) : start]
        if _NOT_A_PROVINCE_BEFORE.search(before):
            continue
        if not prefix and (_PERSON_BEFORE.search(before) or _listed_as_lower_unit(text, start, m.end())):
            continue
        found.append((start, province))
    return found


_UNIT_WORDS = (
    r"(?:(?:thị\s+trấn|thị\s+xã|thành\s+phố|đặc\s+khu|huyện|quận|phường|xã)\s+|(?:tp|tx)(?:\.\s*|\s+))"
)
_NAME_WORD = rf"[{_UPPER}][\w']*"
# What ends a place name: the next unit or body ("Thành phố", "Thị xã", "Thành ủy", "Huyện", "UBND"…).
# "Thành", "Thị" alone are syllables of names (huyện Yên Thành, phường Thị Cầu), so a word ends the
# name only together with the word that makes it a unit.
_NEXT_UNIT = (
    r"(?i:th(?:ành\s+(?:phố|ủy|uỷ)|ị\s+(?:xã|trấn|ủy|uỷ))|huyện|quận|xã|phường|tỉnh|tp|ubnd|hđnd)(?!\w)"
)
_LOCALITY_RE = re.compile(
    rf"(?<!\w)(?P<unit>(?i:{_UNIT_WORDS}))"
    rf"(?P<name>\d{{1,2}}(?!\w)|{_NAME_WORD}(?:[^\S\n]+(?!{_NEXT_UNIT}){_NAME_WORD}){{0,4}})"
)
_UNIT_AT = re.compile(r"(?:th(?:ị\s+trấn|ị\s+xã|ành\s+phố)|đặc\s+khu|huyện|quận|phường|xã|t[px])(?=[\s.])")
# Only quận and phường are numbered ("quận 3", "phường 12"); "cấp huyện 4 cuộc" is a level and a count.
_NUMBERED_UNITS = frozenset({"quận", "phường"})
_LEVEL_BEFORE = re.compile(r"(?i:cấp)\s+$")
_UNIT_CANONICAL = {"tp": "thành phố", "tp.": "thành phố", "tx": "thị xã", "tx.": "thị xã"}
_DISTRICT_UNITS = frozenset({"huyện", "quận", "thị xã", "thành phố"})
_COMMUNE_UNITS = frozenset({"xã", "phường", "thị trấn", "đặc khu"})
# Capitalised words right after "UBND xã" that are not a place: "Xã Hội" in title case, "Huyện Ủy".
_NOT_A_PLACE_FIRST_WORDS = frozenset({"Hội", "Ủy", "Uỷ", "Đảng", "Nghĩa", "Chủ"})
# A person's name often follows a unit without a comma ("huyện Kbang Nguyễn Văn Dũng"): these common
# family names end a place name unless they open it (phường Lê Lợi).
_FAMILY_NAMES = frozenset(
    {"Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Phan", "Hoàng"}
)


@dataclass(frozen=True)
class _Locality:
    unit: str
    name: str
    start: int
    end: int

    @property
    def label(self) -> str:
        return f"{self.unit} {self.name}"


def _place_name(unit: str, words: list[str]) -> list[str]:
    """The words of a unit's name, without a person's name or other capitalised words that follow it.

    A known district or commune name wins; otherwise a name that opens with a family name is a person
    ("Chủ tịch UBND TP Nguyễn Đức Chung") and gives no words, and one met later ends the name.
    """
    known = _districts_by_name() if unit in _DISTRICT_UNITS else _communes_by_name()
    for end in range(len(words), 0, -1):
        if " ".join(words[:end]).lower() in known:
            return words[:end]
    if words[0] in _FAMILY_NAMES and len(words) >= 2:
        return []
    for i, word in enumerate(words[1:], start=1):
        if word in _FAMILY_NAMES:
            return words[:i]
    return words


def _localities(sentence: str) -> list[_Locality]:
    """Units named in a (canonical_tones) sentence, in order: "huyện Sóc Sơn", "phường 5"…

    "thành phố Hà Nội" names a province, not a locality; "thành phố Hải Dương" (a tỉnh's capital) is one.
    """
    found = []
    for m in _locality_matches(sentence):
        name = m.group("name")
        if name[0].isdigit() and _LEVEL_BEFORE.search(sentence, max(0, m.start() - 8), m.start()):
            continue
        named = _named_unit(m.group("unit"), name)
        if named:
            unit, words, length = named
            start = m.start("name")
            found.append(_Locality(unit=unit, name=words, start=start, end=start + length))
    return found


@functools.lru_cache(maxsize=16384)
def _named_unit(unit_as_written: str, name_as_written: str) -> tuple[str, str, int] | None:
    """The unit, the name and the length of the name as written, for a unit word and the capitalised
    words after it; None when they name no place. Names repeat across articles, hence the cache."""
    unit = " ".join(unit_as_written.lower().split())
    unit = _UNIT_CANONICAL.get(unit, unit)
    words = name_as_written.split()
    if words[0] in _NOT_A_PLACE_FIRST_WORDS:
        return None
    if words[0].isdigit() and unit not in _NUMBERED_UNITS:
        return None
    if unit == "thành phố":
        named = _province_matcher().regex.match(" ".join(words))
        if named:
            province = province_mentions(named.group(0))
            city = named.group(0)
            if not province or not _is_provincial_city(province[0], city):
                return None
            words = city.split()
    words = _place_name(unit, words)
    if not words:
        return None
    spans = [w.span() for w in _NON_BLANK.finditer(name_as_written)][: len(words)]
    return unit, " ".join(words), spans[-1][1]


_NON_BLANK = re.compile(r"\S+")


def _locality_matches(sentence: str) -> list[re.Match[str]]:
    """_LOCALITY_RE's matches, tried only where the lower-cased text has a unit word (a scan over one case
    of plain literals is many times faster than a case-insensitive one)."""
    low = sentence.lower()
    if len(low) != len(sentence):
        return list(_LOCALITY_RE.finditer(sentence))
    found: list[re.Match[str]] = []
    end = 0
    for candidate in _UNIT_AT.finditer(low):
        if candidate.start() < end:
            continue
        m = _LOCALITY_RE.match(sentence, candidate.start())
        if m:
            found.append(m)
            end = m.end()
    return found


def _is_provincial_city(province: str, name: str) -> bool:
    """Whether "thành phố <name>" is the provincial capital of a tỉnh (TP Hải Dương) and not the province."""
    return former_provinces()[province].kind == "tỉnh" and any(
        d.province == province and "thành phố" in d.units for d in _districts_by_name().get(name.lower(), ())
    )


@functools.cache
def _districts_by_name() -> dict[str, tuple[District, ...]]:
    index: dict[str, list[District]] = {}
    for d in districts():
        index.setdefault(canonical_tones(d.name).lower(), []).append(d)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _districts_by_slug() -> dict[str, tuple[District, ...]]:
    index: dict[str, list[District]] = {}
    for d in districts():
        index.setdefault(deaccented(d.name), []).append(d)
    return {k: tuple(v) for k, v in index.items()}


@functools.cache
def _communes_by_name() -> dict[str, tuple[Commune, ...]]:
    """Former and current communes by name; a name's tuple holds former ones first."""
    index: dict[str, list[Commune]] = {}
    for c in (*former_communes(), *current_communes()):
        index.setdefault(c.name.lower(), []).append(c)
    return {k: tuple(v) for k, v in index.items()}


def _commune_provinces(loc: _Locality, current: bool) -> set[str]:
    """Provinces (former, or current if asked) that had a commune of this unit and name."""
    if loc.unit not in _COMMUNE_UNITS:
        return set()
    return {
        c.province
        for c in _communes_by_name().get(loc.name.lower(), ())
        if c.unit == loc.unit and (c.district is None) == current
    }


def _district_provinces(loc: _Locality) -> set[str]:
    """Former provinces that had a district of this unit and name (several for "huyện Châu Thành")."""
    if loc.unit not in _DISTRICT_UNITS:
        return set()
    candidates = _districts_by_name().get(loc.name.lower(), ())
    exact = {d.province for d in candidates if loc.unit in d.units}
    return exact or {d.province for d in candidates}


@functools.cache
def _slug_index() -> tuple[tuple[str, str], ...]:
    """(slug, former province), longest slug first, so "thuathienhue" wins over "hue"."""
    pairs = {(s, p.name) for p in former_provinces().values() for s in (deaccented(p.name), *p.url_slugs)}
    return tuple(sorted(pairs, key=lambda sp: len(sp[0]), reverse=True))


def _province_in_label(label: str) -> str | None:
    for slug, province in _slug_index():
        if label == slug or (len(slug) >= 5 and slug in label):
            return province
    return None


def _district_in_label(label: str) -> str | None:
    for candidate in (label, *(label[len(p) :] for p in _HOST_UNIT_PREFIXES if label.startswith(p))):
        found = {d.province for d in _districts_by_slug().get(candidate, ())}
        if len(found) == 1:
            return found.pop()
    return None


@functools.cache
def _path_phrases() -> dict[int, dict[tuple[str, ...], str]]:
    """Province names as de-accented word sequences ("da", "nang"), by their number of words."""
    seqs: dict[int, dict[tuple[str, ...], str]] = {}
    for p in former_provinces().values():
        for phrase in (p.name, *p.aliases, *p.prefix_only_aliases):
            words = tuple(w for w in re.split(r"[^a-z0-9]+", _ascii_folded(phrase).lower()) if w)
            # One-word spellings are abbreviations or run-together names (TPHCM, Kontum), not common words.
            if len(words) >= 2 or len(words[0]) >= 4:
                seqs.setdefault(len(words), {}).setdefault(words, p.name)
    return dict(sorted(seqs.items(), reverse=True))


@functools.lru_cache(maxsize=4096)
def _province_of_host(hostname: str) -> str | None:
    """The former province a host names (baohaiduong.vn, huyenuyphucu.vn), if any."""
    # Numeric labels (an IP address) name nothing: "1" is not Quận 1.
    labels = [
        label
        for label in hostname.split(".")
        if label and label not in _GENERIC_HOST_LABELS and not label.isdigit()
    ]
    for label in reversed(labels):
        for piece in [label, *label.split("-")]:
            province = _province_in_label(piece)
            if province:
                return province
    for label in reversed(labels):
        for piece in [label, *label.split("-")]:
            province = _district_in_label(piece)
            if province:
                return province
    return None


def province_from_url(url: str | None) -> tuple[str | None, float]:
    """The former province a URL names, and how strongly: its host (baohaiduong.vn) or a path slug."""
    if not url:
        return None, 0.0
    parts = urlsplit(url)
    province = _province_of_host(parts.hostname or "")
    if province:
        return province, _WEIGHT_URL_HOST
    phrases = _path_phrases()
    for segment in unquote(parts.path).split("/"):
        words = tuple(w for w in re.split(r"[^a-z0-9]+", _ascii_folded(segment).lower()) if w)
        for length, named in phrases.items():
            province = named.get(words[:length]) if len(words) >= length else None
            if province:
                return province, _WEIGHT_URL_PATH
    return None, 0.0


@dataclass(frozen=True)
class _Named:
    """What a (canonical_tones) text names: provinces and localities with their offsets."""

    text: str
    provinces: list[tuple[int, str]]
    localities: list[_Locality]

    @classmethod
    def read(cls, text: str) -> _Named:
        return cls(text, _province_spans(text), _localities(text))


def _dominant_scores(title: _Named, text: _Named, url: str | None) -> Counter[str]:
    scores: Counter[str] = Counter()
    for _, province in title.provinces:
        scores[province] += _WEIGHT_TITLE
    for _, province in text.provinces:
        scores[province] += _WEIGHT_TEXT
    for m in _BYLINE_RE.finditer(text.text[:400]):
        scores[_BYLINES[m.group(1)]] += _WEIGHT_BYLINE
    capital_mentions = len(_CAPITAL_RE.findall(title.text)) + len(_CAPITAL_RE.findall(text.text))
    if capital_mentions:
        scores["Hà Nội"] += _WEIGHT_TEXT * capital_mentions
    for loc in title.localities + text.localities:
        found = _district_provinces(loc)
        if len(found) == 1:
            scores[found.pop()] += _WEIGHT_DISTRICT
    province, weight = province_from_url(url)
    if province:
        scores[province] += weight
    return scores


@functools.lru_cache(maxsize=512)
def article_province(
    text: str, url: str | None, title: str | None, source_province: str | None = None
) -> str | None:
    """The former province an article is mostly about: mentions in title and text, districts, URL;
    else the province its source declares (`source_province`, as configured)."""
    return _dominant_province(
        _Named.read(canonical_tones(title or "")),
        _Named.read(canonical_tones(text or "")),
        url,
        named_province(source_province) if source_province else None,
    )


def _dominant_province(title: _Named, text: _Named, url: str | None, fallback: str | None) -> str | None:
    """The province with the most weight, or `fallback` (the source's) when nothing names one.

    The source's province is only a fallback: a provincial paper reports on other provinces too, and a
    roundup naming several provinces alike is about none of them, not about the paper's."""
    scores = _dominant_scores(title, text, url)
    if not scores:
        return fallback or _province_of_unique_communes(title.localities + text.localities)
    best = max(scores.values())
    tied = [p for p, s in scores.items() if s == best]
    if len(tied) == 1:
        return tied[0]
    url_province, _ = province_from_url(url)
    for preferred in (url_province, *(p for _, p in title.provinces)):
        if preferred in tied:
            return preferred
    if len(tied) >= _NO_DOMINANT_TIE:
        # A roundup naming several provinces alike (a national report) is about none of them.
        return None
    # Districts alone may tie (two provinces' districts named once each): the first one named wins.
    return next((p for _, p in text.provinces if p in tied), tied[0])


def _sentence_province(
    named: list[str], locs: list[_Locality], article_province: Callable[[], str | None]
) -> str | None:
    """The former province of a sentence: named in it, else through a district it names, else the article's.

    Commune names repeat across provinces and change often, so they decide only when nothing else does.
    The article's province is costly (the whole text is read) and asked for only when needed.
    """
    if named:
        article = article_province()
        # a province's name that is also a district of the article's province is that district ("Quảng
        # Ninh 6 lượt đoàn" in a Quảng Bình report)
        if article in named or (article is not None and set(named) <= district_names(article)):
            return article
        return named[0]
    for loc in locs:
        candidates = _district_provinces(loc)
        if len(candidates) == 1:
            return candidates.pop()
        if candidates and article_province() in candidates:
            return article_province()
    article = article_province()
    if article is not None:
        return article
    for loc in locs:
        candidates = _commune_provinces(loc, current=False)
        if len(candidates) == 1:
            return candidates.pop()
    return None


def _province_of_unique_communes(locs: list[_Locality]) -> str | None:
    """The one former province whose communes, among those a text names, no other province had.

    Commune names repeat across provinces, so only an otherwise silent article is placed this way, and
    only when its unambiguous communes agree."""
    found = set()
    for loc in locs:
        candidates = _commune_provinces(loc, current=False)
        if len(candidates) == 1:
            found |= candidates
    return found.pop() if len(found) == 1 else None


def _current_province_of_communes(locs: list[_Locality]) -> str | None:
    """Today's province of a commune of the 2025 structure that only one province has."""
    for loc in locs:
        candidates = _commune_provinces(loc, current=True)
        if len(candidates) == 1:
            return candidates.pop()
    return None


def resolve_place(
    sentence: str,
    article_text: str,
    url: str | None,
    published_at: date | None,
    title: str | None = None,
    source_province: str | None = None,
) -> Place:
    """Where the statistic in `sentence` is: named in it, else through its district, else the article's
    (which is the source's province when the article names none)."""
    sentence_c = canonical_tones(sentence)
    locs = _localities(sentence_c)
    named = province_mentions(sentence_c)
    former = _sentence_province(
        named, locs, lambda: article_province(article_text, url, title, source_province)
    )
    return _place(former, locs, published_at, _as_written(sentence, locs[0]) if locs else None)


def _place(
    former: str | None, locs: list[_Locality], published_at: date | None, locality: str | None
) -> Place:
    if former is not None:
        return Place(
            province=province_at(former, published_at),
            province_today=former_provinces()[former].province_today,
            locality=locality,
        )
    if published_at is not None and published_at >= MERGER_DATE:
        today = _current_province_of_communes(locs)
        if today is not None:
            return Place(province=today, province_today=today, locality=locality)
    return Place(province=None, province_today=None, locality=locality)


class ArticlePlaces:
    """The places one article names, read once, to resolve any span of it as resolve_place resolves a
    sentence (the extractor's fast path: one scan of the text instead of one per sentence plus one for
    the article's province)."""

    def __init__(
        self,
        text: str,
        url: str | None,
        published_at: date | None,
        title: str | None = None,
        canonical: str | None = None,
        source_province: str | None = None,
    ):
        """`canonical`: canonical_tones(text), when the caller has it already; `source_province`: the
        province the article's source declares (its YAML entry), the article's when it names none."""
        self.text = unicodedata.normalize("NFC", text)
        self._canonical = canonical
        self.url = url
        self.published_at = published_at
        self.title = title
        self.source_province = named_province(source_province) if source_province else None
        self._named: _Named | None = None
        self._province: tuple[str | None] | None = None

    @property
    def named(self) -> _Named:
        if self._named is None:
            canonical = self._canonical if self._canonical is not None else canonical_tones(self.text)
            self._named = _Named.read(canonical)
        return self._named

    def province(self) -> str | None:
        """The former province the article is mostly about."""
        if self._province is None:
            title = _Named.read(canonical_tones(self.title or ""))
            self._province = (_dominant_province(title, self.named, self.url, self.source_province),)
        return self._province[0]

    def names_locality(self, start: int, end: int) -> bool:
        """Whether text[start:end] names a district or commune."""
        return any(start <= loc.start and loc.end <= end for loc in self.named.localities)

    def place(self, start: int, end: int) -> Place:
        """Where a statistic stated in text[start:end] is."""
        named = [p for at, p in self.named.provinces if start <= at < end]
        locs = [loc for loc in self.named.localities if start <= loc.start and loc.end <= end]
        former = _sentence_province(named, locs, self.province)
        locality = None
        if locs:
            locality = f"{locs[0].unit} {' '.join(self.text[locs[0].start : locs[0].end].split())}"
        return _place(former, locs, self.published_at, locality)


def _as_written(sentence: str, loc: _Locality) -> str:
    """The locality with its name as the sentence spells it (canonical_tones only moved tone marks)."""
    written = " ".join(unicodedata.normalize("NFC", sentence)[loc.start : loc.end].split())
    return f"{loc.unit} {written}"


def locality_rows() -> list[dict[str, object]]:
    """Rows of marts.dim_localities: 63 former and 34 current provinces, the former districts, unknown."""
    rows: list[dict[str, object]] = []
    for p in provinces():
        rows.append(
            {
                "locality_id": f"{'current' if p.is_current else 'former'}:province:{p.code:02d}",
                "level": "province",
                "name": p.name,
                "full_name": p.full_name,
                "kind": p.kind,
                "is_current": p.is_current,
                "valid_from": p.valid_from,
                "valid_to": p.valid_to,
                "province": p.name,
                "province_today": p.province_today,
            }
        )
    former = former_provinces()
    for d in districts():
        rows.append(
            {
                "locality_id": f"former:district:{d.code:03d}:{deaccented(d.name)}",
                "level": "district",
                "name": f"{d.units[0]} {d.name}",
                "full_name": f"{d.units[0].capitalize()} {d.name}, {former[d.province].full_name}",
                "kind": d.units[0],
                "is_current": False,
                "valid_from": None,
                "valid_to": former[d.province].valid_to,
                "province": d.province,
                "province_today": former[d.province].province_today,
            }
        )
    rows.append(
        {
            "locality_id": UNKNOWN,
            "level": UNKNOWN,
            "name": UNKNOWN,
            "full_name": UNKNOWN,
            "kind": UNKNOWN,
            "is_current": None,
            "valid_from": None,
            "valid_to": None,
            "province": None,
            "province_today": None,
        }
    )
    return rows
