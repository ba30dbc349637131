"""Extract an article's fields from a fetched page: title, publication time, author, canonical URL, body.

The generic path is trafilatura over a pre-cleaned tree; per-source hints (CSS selectors from the
`extract:` block of a source's YAML entry) override it field by field. Vietnamese pages often declare the
wrong charset, put the date in a dozen local formats, and wrap the body in share bars, audio players and
"Gửi cho bạn bè / Phản hồi / In bài" links, so each of those has its own step below.

Hints (all optional):
    title, date, author, body: a CSS selector; the first match wins
    remove: a selector or a list of selectors whose matches are dropped before anything is read
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import htmldate
import lxml.etree
import lxml.html
import trafilatura

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CAPTION_MARK = "[Ảnh] "
HINT_FIELDS = ("title", "date", "author", "body", "remove")


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    published_at: datetime | None
    author: str | None
    canonical_url: str
    text: str
    captions: tuple[str, ...] = ()


# --- decoding -------------------------------------------------------------------------------------

_VIETNAMESE_LOWER = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_VIETNAMESE_LETTERS = frozenset(_VIETNAMESE_LOWER + _VIETNAMESE_LOWER.upper())
# Typographic characters a real Vietnamese page uses; anything else non-ASCII and non-Vietnamese is a
# sign of a wrong decoding (mojibake such as "Ä\u2018" for "đ", stray combining marks, C1 controls).
_PLAIN_PUNCTUATION = frozenset(
    "\u00a0\u201c\u201d\u2018\u2019\u2013\u2014\u2026\u00ab\u00bb\u2022\u00b0\u00a9\u00ae\u00b7\u00d7\u20ac\u20ab"
)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


def declared_charset(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header declares, else the one in a <meta> tag near the top of the page."""
    if content_type:
        match = re.search(r"charset\s*=\s*[\"']?([a-zA-Z0-9_\-:.]+)", content_type, re.IGNORECASE)
        if match:
            return match.group(1).lower()
    match = _CHARSET_RE.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_NON_ASCII_WORD_RE = re.compile(r"\w*[^\x00-\x7f]\w*")


def decoding_score(text: str) -> int:
    """How Vietnamese a decoding looks: Vietnamese letters count for it, signs of a wrong decoding against.

    Signs of a wrong decoding: mojibake symbols, C1 controls, stray combining marks, a capital letter
    inside a lower-case word ("giaÒi"), and a syllable with two tone marks ("mãòt"); a Vietnamese
    syllable carries one tone at most.
    """
    score, previous = 0, " "
    for char in text:
        if char >= "\x80":
            if char in _VIETNAMESE_LETTERS:
                score += 1
                if char.isupper() and previous.islower():
                    score -= 5
            elif char == "\ufffd" or "\x80" <= char <= "\x9f" or unicodedata.combining(char):
                score -= 10
            elif char not in _PLAIN_PUNCTUATION:
                score -= 3
        previous = char
    for word in _NON_ASCII_WORD_RE.findall(text):
        if sum(mark in _TONE_MARKS for mark in unicodedata.normalize("NFD", word)) > 1:
            score -= 5
    return score


def _decoded(data: bytes, charset: str) -> str | None:
    try:
        return unicodedata.normalize("NFC", data.decode(charset))
    except (LookupError, UnicodeDecodeError):
        return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Page bytes as NFC text, trusting the declared charset only when the bytes agree with it.

    Valid UTF-8 with non-ASCII bytes is UTF-8 whatever the page says (a Vietnamese page in a single-byte
    charset is practically never valid UTF-8); otherwise the candidate decodings compete on how
    Vietnamese they look, the declared one winning ties.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf8 = _decoded(data, "utf-8")
    if utf8 is not None:
        return utf8
    declared = declared_charset(data, content_type)
    candidates = [c for c in (declared, "windows-1258", "windows-1252") if c and c not in ("utf-8", "utf8")]
    decodings = [(text, i) for i, name in enumerate(candidates) if (text := _decoded(data, name)) is not None]
    decodings.append((unicodedata.normalize("NFC", data.decode("utf-8", errors="replace")), len(candidates)))
    return max(decodings, key=lambda pair: (decoding_score(pair[0]), -pair[1]))[0]


# --- CSS selectors (the subset source hints use) --------------------------------------------------

_SIMPLE_SELECTOR_RE = re.compile(
    r"""(?P<tag>[a-zA-Z][a-zA-Z0-9-]*|\*)
      | \#(?P<id>[\w-]+)
      | \.(?P<cls>[\w-]+)
      | \[\s*(?P<attr>[\w-]+)\s*(?:(?P<op>[~^$*|]?=)\s*(?P<val>"[^"]*"|'[^']*'|[^\]\s]+)\s*)?\]""",
    re.VERBOSE,
)


def _attribute_test(attr: str, op: str | None, value: str | None) -> str:
    if op is None or value is None:
        return f"@{attr}"
    literal = f'"{value}"' if '"' not in value else f"'{value}'"
    if op == "=":
        return f"@{attr}={literal}"
    if op == "~=":
        return f"contains(concat(' ', normalize-space(@{attr}), ' '), concat(' ', {literal}, ' '))"
    if op == "^=":
        return f"starts-with(@{attr}, {literal})"
    if op == "$=":
        return f"substring(@{attr}, string-length(@{attr}) - string-length({literal}) + 1) = {literal}"
    if op == "*=":
        return f"contains(@{attr}, {literal})"
    return f"(@{attr}={literal} or starts-with(@{attr}, concat({literal}, '-')))"


def _compound_to_xpath(compound: str) -> str:
    tag, tests, position = "*", [], 0
    while position < len(compound):
        match = _SIMPLE_SELECTOR_RE.match(compound, position)
        if not match or match.end() == position:
            raise ValueError(f"unsupported CSS selector part {compound[position:]!r}")
        if match.group("tag"):
            tag = match.group("tag").lower()
        elif match.group("id"):
            tests.append(f"@id='{match.group('id')}'")
        elif match.group("cls"):
            tests.append(_attribute_test("class", "~=", match.group("cls")))
        else:
            value = match.group("val") and match.group("val").strip("\"'")
            tests.append(_attribute_test(match.group("attr"), match.group("op"), value))
        position = match.end()
    return tag + "".join(f"[{test}]" for test in tests)


def css_to_xpath(selector: str) -> str:
    """XPath for a CSS selector of tags, #ids, .classes, [attr op value], descendant and child combinators.

    lxml's own translator needs the cssselect package, which the project does not carry; hints only need
    this subset, and anything else raises ValueError so a source entry is rejected when it is loaded.
    """
    alternatives = []
    for group in selector.split(","):
        tokens = re.sub(r"\s*>\s*", " > ", group.strip()).split()
        if not tokens or tokens[0] == ">" or tokens[-1] == ">":
            raise ValueError(f"empty or dangling CSS selector {selector!r}")
        path, axis = ".//", ""
        for token in tokens:
            if token == ">":
                axis = "/"
                continue
            path += (axis or ("" if path == ".//" else "//")) + _compound_to_xpath(token)
            axis = ""
        alternatives.append(path)
    return " | ".join(alternatives)


def hint_errors(hints: dict) -> list[str]:
    """What is wrong with an `extract:` block, one message per bad field; empty when it is usable."""
    errors = []
    for key, value in hints.items():
        if key not in HINT_FIELDS:
            errors.append(f"unknown extract hint {key!r} (expected one of {', '.join(HINT_FIELDS)})")
            continue
        selectors = value if key == "remove" and isinstance(value, list) else [value]
        for selector in selectors:
            if not isinstance(selector, str):
                errors.append(f"extract hint {key!r} must be a CSS selector string, got {selector!r}")
                continue
            try:
                css_to_xpath(selector)
            except ValueError as err:
                errors.append(f"extract hint {key!r}: {err}")
    return errors


def select_all(root: lxml.html.HtmlElement, selector: str) -> list[lxml.html.HtmlElement]:
    return root.xpath(css_to_xpath(selector))


def select_first(root: lxml.html.HtmlElement, selector: str | None) -> lxml.html.HtmlElement | None:
    if not selector:
        return None
    found = select_all(root, selector)
    return found[0] if found else None


# --- text helpers ---------------------------------------------------------------------------------


def clean_line(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def element_text(element: lxml.html.HtmlElement) -> str:
    return clean_line(element.text_content())


_BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "blockquote",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "tbody",
        "thead",
        "tr",
        "figure",
        "figcaption",
        "pre",
        "dl",
        "dt",
        "dd",
        "main",
        "aside",
        "address",
        "center",
        "br",
        "hr",
    )
)


def _walk_paragraphs(element: lxml.html.HtmlElement, buffer: list[str], out: list[str]) -> None:
    def flush() -> None:
        line = clean_line("".join(buffer))
        if line:
            out.append(line)
        buffer.clear()

    if element.tag == "tr":
        flush()
        cells = [element_text(cell) for cell in element if cell.tag in ("td", "th")]
        row = " | ".join(cell for cell in cells if cell)
        if row:
            out.append(row)
    else:
        block = element.tag in _BLOCK_TAGS
        if block:
            flush()
        first_new = len(out)
        if element.text:
            buffer.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                _walk_paragraphs(child, buffer, out)
            if child.tail:
                buffer.append(child.tail)
        if block:
            flush()
        if element.tag == "li" and len(out) > first_new:
            out[first_new] = "- " + out[first_new]


def element_paragraphs(element: lxml.html.HtmlElement) -> list[str]:
    """The element's text split into paragraphs at block boundaries, tables one row per paragraph."""
    out: list[str] = []
    buffer: list[str] = []
    _walk_paragraphs(element, buffer, out)
    line = clean_line("".join(buffer))
    if line:
        out.append(line)
    return out


# --- publication date -----------------------------------------------------------------------------

_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
_DMY_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORDY_DATE_RE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)\s*(\d{4})", re.IGNORECASE)
_TIME_RE = re.compile(
    r"(?<![\d/.\-])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::(\d{2}))?(?!\s*[/.\-]\s*\d)\s*(am|pm|sa|ch)?(?![a-zà-ỹ])",
    re.IGNORECASE,
)
_GMT_RE = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def _clock(match: re.Match) -> time | None:
    hour, minute, second = int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)
    meridiem = (match.group(4) or "").lower()
    if meridiem in ("pm", "ch") and hour < 12:
        hour += 12
    elif meridiem in ("am", "sa") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return time(hour, minute, second)


def _zone(text: str) -> timezone | ZoneInfo:
    match = _GMT_RE.search(text)
    if not match:
        return VIETNAM_TZ
    offset = timedelta(hours=int(match.group(2)), minutes=int(match.group(3) or 0))
    return timezone(-offset if match.group(1) == "-" else offset)


def parse_vietnamese_datetime(text: str) -> datetime | None:
    """A timezone-aware datetime from a date as Vietnamese sites write it, or None if there is none.

    Accepts ISO 8601, day/month/year with '/', '-' or '.', "ngày 19 tháng 8 năm 2019", with a time
    before or after the date ("10:19 AM", "08h30", "14 giờ 20", SA/CH); weekday names and separators
    around them are ignored. Times without an offset are Vietnam time.
    """
    text = unicodedata.normalize("NFC", text or "")
    iso = _ISO_RE.search(text)
    if iso:
        try:
            parsed = datetime.fromisoformat(iso.group(0).replace(" ", "T", 1))
        except ValueError:
            parsed = None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=VIETNAM_TZ)
    match = _DMY_RE.search(text) or _WORDY_DATE_RE.search(text)
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        day_start = datetime(year, month, day)
    except ValueError:
        return None
    rest = text[: match.start()] + " \x00 " + text[match.end() :]
    clock = next((c for c in map(_clock, _TIME_RE.finditer(rest)) if c is not None), time(0, 0))
    return datetime.combine(day_start.date(), clock, tzinfo=_zone(text))


def _json_ld_objects(tree: lxml.html.HtmlElement) -> Iterator[dict]:
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text or "")
        except json.JSONDecodeError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                yield item
                if "@graph" in item:
                    stack.append(item["@graph"])


_DATE_META_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@name="article:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//meta[@name="pubdate" or @name="publishdate" or @name="PublishDate" or @name="publish-date"]/@content',
    '//meta[@property="og:published_time" or @name="dc.date" or @name="DC.date.issued"]/@content',
)
_LOWER_CLASS_AND_ID = (
    "translate(concat(@class, ' ', @id), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
)
_DATE_CLASS_TEST = (
    "[self::time or "
    + " or ".join(
        f"contains({_LOWER_CLASS_AND_ID}, '{word}')"
        for word in ("date", "time", "publish", "posted", "ngay", "thoigian", "thoi-gian")
    )
    + "]"
)


def _meta_date_candidates(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for xpath in _DATE_META_XPATHS:
        yield from tree.xpath(xpath)
    for obj in _json_ld_objects(tree):
        if isinstance(obj.get("datePublished"), str):
            yield obj["datePublished"]
    for element in tree.xpath('//*[@itemprop="datePublished"]'):
        yield element_text(element)


def _visible_date_candidates(tree: lxml.html.HtmlElement) -> Iterator[str]:
    """Text of date-like elements, those after the article's heading first: headers show today's date."""
    heading = next(iter(tree.xpath("//h1")), None)
    if heading is None:
        dated = tree.xpath("//*" + _DATE_CLASS_TEST)
    else:
        dated = [
            *heading.xpath("following::*" + _DATE_CLASS_TEST),
            *heading.xpath("ancestor::*" + _DATE_CLASS_TEST),
            *heading.xpath("preceding::*" + _DATE_CLASS_TEST),
        ]
    for element in dated:
        yield element.get("datetime") or ""
        yield element_text(element)[:200]


def _not_after(moment: datetime | None, limit: datetime | None) -> datetime | None:
    if moment is None or limit is None:
        return moment
    return moment if moment <= limit + timedelta(minutes=5) else None


def first_plausible_date(candidates: Iterable[str], fetched_at: datetime | None) -> datetime | None:
    for candidate in candidates:
        moment = _not_after(parse_vietnamese_datetime(candidate), fetched_at)
        if moment is not None and moment.year >= 1990:
            return moment
    return None


def _text_after_title(tree: lxml.html.HtmlElement, title: str | None) -> Iterator[str]:
    """The text right after the element that shows the title, where sites without markup put the date."""
    if not title:
        return
    for heading in tree.xpath("//body//*[normalize-space(.) = $title]", title=title)[:1]:
        yield clean_line(" ".join(heading.xpath("following::text()[normalize-space()][position() <= 8]")))[
            :300
        ]


def published_at(
    tree: lxml.html.HtmlElement, hints: dict, fetched_at: datetime | None, title: str | None = None
) -> datetime | None:
    """The hinted date element first, then meta tags and JSON-LD, then dated elements, then the text after
    the title, then htmldate's search of the whole page."""
    hinted = select_first(tree, hints.get("date"))
    hinted_texts = []
    if hinted is not None:
        hinted_texts = [hinted.get("datetime") or hinted.get("content") or "", element_text(hinted)]
    found = (
        first_plausible_date(hinted_texts, fetched_at)
        or first_plausible_date(_meta_date_candidates(tree), fetched_at)
        or first_plausible_date(_visible_date_candidates(tree), fetched_at)
        or first_plausible_date(_text_after_title(tree, title), fetched_at)
    )
    if found is not None:
        return found
    limit = fetched_at.astimezone(VIETNAM_TZ).replace(tzinfo=None) if fetched_at else None
    guessed = htmldate.find_date(tree, extensive_search=True, original_date=True, max_date=limit)
    return _not_after(parse_vietnamese_datetime(guessed) if guessed else None, fetched_at)


# --- title, author, canonical URL -----------------------------------------------------------------


def _first_meta(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xpath in xpaths:
        for value in tree.xpath(xpath):
            line = clean_line(str(value))
            if line:
                return line
    return None


_SITE_NAME_RE = re.compile(
    r"\.(?:vn|org|com|net)\b|^\s*(?:báo|tạp chí|cổng thông tin|trang thông tin|đài)\b|điện tử\s*$",
    re.IGNORECASE,
)


def _without_site_name(title: str, site_name: str | None) -> str:
    for separator in (" - ", " | ", " \u2013 "):
        head, sep, tail = title.partition(separator)
        names_site = site_name and head.strip().casefold() == site_name.casefold()
        if sep and tail and (names_site or _SITE_NAME_RE.match(head)):
            return tail.strip()
        head, sep, tail = title.rpartition(separator)
        names_site = site_name and tail.strip().casefold() == site_name.casefold()
        if sep and head and (names_site or _SITE_NAME_RE.search(tail)):
            return head.strip()
    return title


def article_title(tree: lxml.html.HtmlElement, hints: dict) -> str | None:
    """The hinted title, else og:title, else the article's one <h1>, else <title>, less the site name."""
    hinted = select_first(tree, hints.get("title"))
    if hinted is not None and element_text(hinted):
        return element_text(hinted)
    site_name = _first_meta(tree, '//meta[@property="og:site_name"]/@content')
    headings = [text for h1 in tree.xpath("//h1") if (text := element_text(h1))]
    title = (
        _first_meta(tree, '//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content')
        or next((h for h in headings if len(h) > 15), None)
        or _first_meta(tree, "//title/text()")
    )
    return _without_site_name(title, site_name) if title else None


_AUTHOR_CLASS_XPATH = (
    "//*[contains(@class, 'author') or contains(@class, 'tacgia') or contains(@class, 'tac-gia') "
    "or contains(@class, 'writer') or @rel='author' or @itemprop='author']"
)
_AUTHOR_PREFIX_RE = re.compile(
    r"^(?:tác giả|bài và ảnh|bài, ảnh|bài|theo|người viết|by|pv|nhóm pv)\s*[:\-\u2013]?\s*", re.IGNORECASE
)


# "thực hiện" (interviewer), "(TH)" (compiled), or an affiliation in brackets after the name.
_AUTHOR_SUFFIX_RE = re.compile(
    r"(?:(?:\s+|\s*[(\[])\s*(?:thực hiện|ghi|tổng hợp|th|lược ghi)\s*[)\]]?|\s*\([^()]{2,80}\))\s*$",
    re.IGNORECASE,
)


def clean_author(raw: str) -> str | None:
    author = _AUTHOR_SUFFIX_RE.sub("", _AUTHOR_PREFIX_RE.sub("", clean_line(raw))).strip(" .,;:-()\u2013")
    if not author or len(author) > 80 or author.startswith("http") or _SITE_NAME_RE.search(author):
        return None
    return author


def _json_ld_author(tree: lxml.html.HtmlElement) -> str | None:
    for obj in _json_ld_objects(tree):
        author = obj.get("author")
        for candidate in author if isinstance(author, list) else [author]:
            name = candidate.get("name") if isinstance(candidate, dict) else candidate
            if isinstance(name, str) and clean_author(name):
                return clean_author(name)
    return None


def article_author(tree: lxml.html.HtmlElement, hints: dict) -> str | None:
    """The hinted byline, else JSON-LD, else a byline element, else the author meta tag.

    The meta tag comes last because Vietnamese papers often fill it with their own name.
    """
    hinted = select_first(tree, hints.get("author"))
    if hinted is not None:
        return clean_author(element_text(hinted))
    from_json = _json_ld_author(tree)
    if from_json:
        return from_json
    for element in tree.xpath(_AUTHOR_CLASS_XPATH):
        author = clean_author(element.get("content") or element_text(element))
        if author:
            return author
    meta = _first_meta(tree, '//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content')
    return clean_author(meta) if meta else None


def canonical_url(tree: lxml.html.HtmlElement, url: str) -> str:
    found = _first_meta(tree, '//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')
    return urljoin(url, found) if found else url


# --- cleaning -------------------------------------------------------------------------------------

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "audio",
    "video",
    "iframe",
    "nav",
    "button",
    "select",
    "input",
    "textarea",
    "svg",
    "object",
    "embed",
)
_JUNK_CLASS_RE = re.compile(
    r"share|social|sharing|related|relate|lienquan|lien-quan|tinkhac|tin-khac|samecat|same-cat|cungchuyenmuc|"
    r"audio|player|speech|tts|comment|binhluan|binh-luan|print|sendmail|send-mail|feedback|phanhoi|"
    r"breadcrumb|menu|navbar|footer|banner|advert|quangcao|quang-cao|tags|keyword|toolbar|rating|"
    r"(?:^|[\s_-])(?:most|same|other)(?=[\s_-]|$)|docnhieu|doc-nhieu|sidebar|widget-area|col-right|right-col|"
    r"listen",
    re.IGNORECASE,
)
# Category labels above the headline ("Phỏng vấn", "Chính trị"), matched as whole class tokens only, since
# "category-..." classes also sit on article containers.
_CATEGORY_CLASS_RE = re.compile(r"(?:^|\s)[\w-]*?(?:__|-|_)?(?:cate|category|catename)(?:-name)?(?=\s|$)")
_JUNK_PHRASES = frozenset(
    phrase.casefold()
    for phrase in (
        "Gửi cho bạn bè",
        "Gửi bạn bè",
        "Phản hồi",
        "Gửi phản hồi",
        "In bài",
        "In bài viết",
        "Bản in",
        "In",
        "Chia sẻ",
        "Chia sẻ bài viết",
        "Lưu bài",
        "Lưu",
        "Gửi bài",
        "Quay lại",
        "Trở lại",
        "Về đầu trang",
        "Đầu trang",
        "Bình luận",
        "Ý kiến bạn đọc",
        "Xem thêm",
        "Tin liên quan",
        "Bài liên quan",
        "Tin cùng chuyên mục",
        "Tin khác",
        "Các tin khác",
        "Nghe bài viết",
        "Nghe đọc bài",
        "Đọc bài",
        "Cỡ chữ",
        "Email",
        "Facebook",
        "Zalo",
        "Twitter",
        "Copy link",
        "Sao chép liên kết",
        "Tweet",
        "Like",
        "Thích",
        "Giọng nam",
        "Giọng nữ",
        "Tự động phát",
        "Theo dõi trên Google News",
    )
)
_JUNK_SEPARATORS_RE = re.compile(r"\s*[|•/·]\s*|\s{2,}|\s+-\s+")
_CAPTION_CLASS_RE = re.compile(
    r"caption|image_desc|image-desc|img-desc|imgdesc|photo-desc|expnoedit|desc-img|pic-desc|figcaption|"
    r"chuthich|chu-thich|note-image",
    re.IGNORECASE,
)


def _class_and_id(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _link_density(element: lxml.html.HtmlElement) -> float:
    total = len(element_text(element)) or 1
    linked = sum(len(element_text(a)) for a in element.iter("a"))
    return linked / total


def is_junk_phrase(text: str) -> bool:
    """True for text made only of share/print/feedback labels, e.g. "Gửi cho bạn bè | Phản hồi | In bài"."""
    parts = [p.strip(" :.>\u00bb\u203a").casefold() for p in _JUNK_SEPARATORS_RE.split(clean_line(text))]
    parts = [p for p in parts if p]
    return bool(parts) and all(p in _JUNK_PHRASES for p in parts)


def _prose_length(element: lxml.html.HtmlElement) -> int:
    return sum(len(element_text(p)) for p in element.iter("p"))


def _is_junk_container(element: lxml.html.HtmlElement) -> bool:
    names = _class_and_id(element)
    if not (_JUNK_CLASS_RE.search(names) or _CATEGORY_CLASS_RE.search(names)) or element.tag in (
        "html",
        "body",
    ):
        return False
    # A container that holds a long run of prose with few links is the article, whatever its class says.
    return _prose_length(element) < 800 or _link_density(element) > 0.5


def _drop(element: lxml.html.HtmlElement) -> None:
    element.drop_tree()


def _caption_texts(tree: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag == "figcaption" or _CAPTION_CLASS_RE.search(_class_and_id(element)):
            yield element


def _caption_holder(caption: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The smallest figure/table/div around the caption that contains its image and nothing else to read."""
    holder = caption
    for ancestor in caption.iterancestors():
        if ancestor.tag in ("body", "article", "html"):
            break
        if ancestor.tag in ("figure", "table", "div") and ancestor.xpath(".//img"):
            if len(element_text(ancestor)) <= len(element_text(caption)) + 40:
                holder = ancestor
            break
    return holder


def mark_captions(tree: lxml.html.HtmlElement) -> None:
    """Replace each captioned image with a paragraph "[Ảnh] caption", so captions stay readable but marked."""
    for caption in list(_caption_texts(tree)):
        nested = any(
            a.tag == "figcaption" or _CAPTION_CLASS_RE.search(_class_and_id(a))
            for a in caption.iterancestors()
        )
        if caption.getparent() is None or nested:
            continue
        text = element_text(caption)
        holder = _caption_holder(caption)
        if not text:
            _drop(holder)
            continue
        marked = lxml.html.Element("p")
        marked.text = CAPTION_MARK + text
        marked.tail = holder.tail
        holder.getparent().replace(holder, marked)


_SHORT_LABEL_XPATH = (
    "//*[self::a or self::span or self::li or self::p or self::div or self::ul or self::strong or self::b]"
    "[string-length(normalize-space(.)) < 120]"
)


def headline_elements(tree: lxml.html.HtmlElement, title: str | None) -> list[lxml.html.HtmlElement]:
    """The elements that show the article's headline: the <h1>s reading the title, else any element reading
    it, else every <h1> with text."""
    headings = [h1 for h1 in tree.xpath("//body//h1") if element_text(h1)]
    if title:
        showing_title = [h1 for h1 in headings if element_text(h1) == title] or tree.xpath(
            "//body//*[normalize-space(.) = $title]", title=title
        )
        if showing_title:
            return showing_title
    return headings


# Share of the page's remaining text a form must hold to count as the page's outermost layout container.
_LAYOUT_FORM_SHARE = 0.75


def _is_page_form(
    form: lxml.html.HtmlElement, headlines: list[lxml.html.HtmlElement], page_text_length: int
) -> bool:
    """True for a form that is page layout rather than clutter.

    ASP.NET WebForms, DotNetNuke and old Liferay portals wrap the whole page in one <form>: such a form
    holds the headline, or nearly all of the page's text. Comment, search and login forms hold neither.
    """
    if any(form in headline.iterancestors() for headline in headlines):
        return True
    return page_text_length > 0 and len(element_text(form)) >= _LAYOUT_FORM_SHARE * page_text_length


def clean_tree(tree: lxml.html.HtmlElement, hints: dict, title: str | None = None) -> None:
    """Drop hinted and generic clutter in place, then mark captions; `title` tells the page's own layout
    form from clutter forms."""
    removals = hints.get("remove") or []
    for selector in [removals] if isinstance(removals, str) else removals:
        for element in select_all(tree, selector):
            if element.getparent() is not None:
                _drop(element)
    for element in tree.xpath("//*[self::" + " or self::".join(_DROP_TAGS) + "]"):
        if element.getparent() is not None:
            _drop(element)
    for element in list(tree.iter()):
        if isinstance(element.tag, str) and element.getparent() is not None and _is_junk_container(element):
            _drop(element)
    # A small form (comments, search, login) is clutter; a form holding a long run of prose is not. The
    # page's own layout form becomes a plain container, so trafilatura's form rule cannot drop it either.
    forms = tree.xpath("//form")
    headlines = headline_elements(tree, title) if forms else []
    body = tree.find("body")
    page_text_length = len(element_text(body if body is not None else tree)) if forms else 0
    for form in forms:
        if form.getparent() is None:
            continue
        if _is_page_form(form, headlines, page_text_length):
            form.tag = "div"
        elif _prose_length(form) < 800:
            _drop(form)
    for element in tree.xpath(_SHORT_LABEL_XPATH):
        if element.getparent() is not None and is_junk_phrase(element_text(element)):
            _drop(element)
    mark_captions(tree)
    unwrap_layout_tables(tree)


_LAYOUT_TABLE_XPATH = ".//td//*[self::p or self::div or self::table or self::ul or self::h1 or self::h2]"


def unwrap_layout_tables(tree: lxml.html.HtmlElement) -> None:
    """Turn tables used for page layout into divs, so the extractor reads their cells as page regions.

    Old ASP.NET sites lay out the whole page in tables; read as a data table, the article would come out
    as one cell of run-together text. A table whose cells hold paragraphs or blocks is layout.
    """
    for table in tree.xpath("//table"):
        if table.xpath(_LAYOUT_TABLE_XPATH):
            own_parts = [
                part
                for part in table.xpath(".//tbody | .//thead | .//tr | .//td | .//th")
                if part.xpath("ancestor::table[1]")[0] is table
            ]
            for part in [table, *own_parts]:
                part.tag = "div"


# --- body -----------------------------------------------------------------------------------------


_TABLE_RULE_RE = re.compile(r"^[\s|:\-]+$")


_DATELINE_NOISE_RE = re.compile(
    r"\d+|thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật|ngày|tháng|năm|lúc|giờ|cập nhật|đăng|"
    r"gmt|am|pm|sa|ch|[\W_]",
    re.IGNORECASE,
)


def is_dateline(text: str) -> bool:
    """True for a paragraph that is only a publication date and time, as extractors sometimes keep."""
    return (
        len(text) <= 60
        and parse_vietnamese_datetime(text) is not None
        and not _DATELINE_NOISE_RE.sub("", text)
    )


def _normalised_paragraphs(lines: Iterable[str]) -> list[str]:
    paragraphs = []
    for raw in lines:
        line = clean_line(raw)
        if line.startswith("|") and line.endswith("|"):
            line = " | ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
        if line and not is_junk_phrase(line) and not _TABLE_RULE_RE.match(line):
            paragraphs.append(line)
    return paragraphs


_LEAD_CLASS_RE = re.compile(
    r"sapo|chapeau|(?:^|[\s_-])lead|summary|tomtat|tom-tat|detail-desc|article-desc|intro"
)


def lead_paragraph(tree: lxml.html.HtmlElement) -> str | None:
    """The standfirst ("sapo") Vietnamese papers set apart above the body; extractors often skip it."""
    for element in tree.xpath("//*[@class]"):
        if _LEAD_CLASS_RE.search(element.get("class", "")):
            text = element_text(element)
            if 40 <= len(text) <= 1500:
                return text
    return None


def body_paragraphs(
    tree: lxml.html.HtmlElement, hints: dict, title: str | None, author: str | None
) -> list[str]:
    """The hinted body element's paragraphs, else trafilatura's main text; title and byline trimmed."""
    hinted = select_first(tree, hints.get("body"))
    if hinted is not None:
        paragraphs = _normalised_paragraphs(element_paragraphs(hinted))
    else:
        text = trafilatura.extract(
            tree, include_comments=False, include_tables=True, include_images=False, output_format="txt"
        )
        paragraphs = _normalised_paragraphs((text or "").splitlines())
        lead = lead_paragraph(tree)
        if lead and not any(lead in p or p in lead for p in paragraphs[:3]):
            paragraphs.insert(0, lead)
    paragraphs = [p for index, p in enumerate(paragraphs) if index > 2 or (p != title and not is_dateline(p))]
    if paragraphs and author and clean_author(paragraphs[-1]) == author:
        paragraphs = paragraphs[:-1]
    return paragraphs


_BYLINE_WORD_RE = re.compile(r"^[A-ZÀ-Ỹ][a-zà-ỹ]*\.?$")


def trailing_byline(paragraphs: list[str]) -> str | None:
    """The author when the body ends with a bare byline ("Thu Trang", "Bài và ảnh: Minh Anh")."""
    if not paragraphs or len(paragraphs[-1]) > 50:
        return None
    author = clean_author(paragraphs[-1])
    if not author:
        return None
    words = [w for w in re.split(r"[\s,\-\u2013]+", author) if w]
    return author if 1 <= len(words) <= 8 and all(_BYLINE_WORD_RE.match(w) for w in words) else None


# --- entry point ----------------------------------------------------------------------------------


def parse_html(html: bytes | str, content_type: str | None = None) -> lxml.html.HtmlElement | None:
    text = decode_html(html, content_type) if isinstance(html, bytes) else unicodedata.normalize("NFC", html)
    text = _XML_DECLARATION_RE.sub("", text).replace("\x00", "")
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return None


def extract_article(
    html: bytes | str,
    url: str,
    hints: dict | None = None,
    fetched_at: datetime | None = None,
    content_type: str | None = None,
) -> ExtractedArticle:
    """The article fields of one page; fields that cannot be found are None (text empty)."""
    hints = hints or {}
    if fetched_at is not None and fetched_at.tzinfo is None:
        fetched_at = fetched_at.replace(tzinfo=UTC)
    tree = parse_html(html, content_type)
    if tree is None:
        return ExtractedArticle(title=None, published_at=None, author=None, canonical_url=url, text="")
    canonical = canonical_url(tree, url)
    title = article_title(tree, hints)
    author = article_author(tree, hints)
    when = published_at(tree, hints, fetched_at, title)
    clean_tree(tree, hints, title)
    paragraphs = body_paragraphs(tree, hints, title, author)
    if author is None and not hints.get("author"):
        author = trailing_byline(paragraphs)
        if author:
            paragraphs = paragraphs[:-1]
    captions = tuple(p[len(CAPTION_MARK) :] for p in paragraphs if p.startswith(CAPTION_MARK))
    return ExtractedArticle(
        title=title,
        published_at=when,
        author=author,
        canonical_url=canonical,
        text="\n\n".join(paragraphs),
        captions=captions,
    )
