"""Find a source's articles of a date window: feeds, sitemaps, listing pages and site search, combined.

Every method of the source runs, in its order, and their items are merged by URL. Feeds and sitemaps are
parsed with defusedxml (no entity expansion, no external entities). Listings and searches are walked page
by page until a page holds only items older than the window, a page repeats (a listing that loops back to
itself), or `max_pages`. A listing whose URL names a day (`{date:%d-%m-%Y}`) is walked once per day of the
window. Links to hosts outside the source's allowed hosts are refused and reported, never fetched.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote_plus, urljoin, urlsplit, urlunsplit
from xml.etree.ElementTree import Element, ParseError
from zoneinfo import ZoneInfo

import defusedxml.ElementTree
from bs4 import BeautifulSoup, Tag
from defusedxml import DefusedXmlException

from scrapers.extract import decode_html, parse_vietnamese_datetime
from scrapers.fetch import HTML_TYPES, XML_TYPES, Fetcher, FetchResult
from scrapers.sources import Discovery, Source

VIETNAM_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
# Without an item selector or link pattern, a listing link is an article if it looks like one.
ARTICLE_LINK = re.compile(r"(\.html?$|\.aspx$|[-/_]\d{5,}(\.\w+)?/?$|/\d{4}/\d{2}/)")
# A sitemap index often names its children by month ("sitemap-2025-03.xml"): skip months off the window.
SITEMAP_MONTH = re.compile(r"(?<!\d)(20\d{2})[-_/]?(0[1-9]|1[0-2])(?!\d)")
MAX_XML_BYTES = 50 * 1024 * 1024
TRACKING_PARAMS = re.compile(r"^(utm_[a-z]+|fbclid|gclid)=", re.IGNORECASE)


@dataclass(frozen=True)
class Item:
    """One discovered article link, with the date the site gave it (None if it gave none)."""

    url: str
    published_at: datetime | None
    via: str
    title: str | None = None


@dataclass
class DiscoveryReport:
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    refused: list[tuple[Item, str]] = field(default_factory=list)
    methods_tried: int = 0
    methods_failed: int = 0
    pages_fetched: int = 0
    # Per listing or search method whose entry names what an item is (item_selector, else link_pattern):
    # how many of its pages answered 200 and on how many that selector found an article link (drift).
    selector_checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def source_failing(self) -> bool:
        """Every discovery method failed at its first page and nothing was found."""
        return self.methods_tried > 0 and self.methods_failed == self.methods_tried and not self.items


@dataclass(frozen=True)
class Window:
    """[start, end) with the cutoff below which items are known ground (start unless a run resumes)."""

    start: datetime
    end: datetime
    cutoff: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is None or self.cutoff <= moment < self.end

    def older(self, moment: datetime | None) -> bool:
        return moment is not None and moment < self.cutoff

    def days(self) -> list[date]:
        """The local (Vietnam) days the window touches, newest first."""
        first = self.cutoff.astimezone(VIETNAM_TZ).date()
        last = (self.end - timedelta(microseconds=1)).astimezone(VIETNAM_TZ).date()
        return [last - timedelta(days=n) for n in range((last - first).days + 1)]


class _MethodFailed(Exception):
    pass


def normalise_url(url: str) -> str:
    """Without fragment and tracking parameters, host lower-cased: one URL per article."""
    parts = urlsplit(url.strip())
    query = "&".join(p for p in parts.query.split("&") if p and not TRACKING_PARAMS.match(p))
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


def as_aware(moment: datetime) -> datetime:
    """Feeds and sitemaps that give no offset mean Vietnam time."""
    return moment if moment.tzinfo else moment.replace(tzinfo=VIETNAM_TZ)


def parse_feed_date(text: str | None) -> datetime | None:
    """RFC 822 (RSS), ISO 8601 (Atom, sitemaps) or a Vietnamese format some feeds use."""
    if not text or not text.strip():
        return None
    try:
        return as_aware(parsedate_to_datetime(text.strip()))
    except (TypeError, ValueError, IndexError):
        return parse_vietnamese_datetime(text)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(element: Element, *names: str) -> str | None:
    for child in element.iter():
        if child is not element and _local(child.tag) in names and (child.text or "").strip():
            return child.text.strip()
    return None


def gunzipped(body: bytes) -> bytes:
    """A gzipped sitemap (sitemap.xml.gz) unpacked, at most MAX_XML_BYTES of it: no decompression bomb."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    unpacker = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        xml = unpacker.decompress(body, MAX_XML_BYTES)
    except zlib.error as exc:
        raise _MethodFailed(f"broken gzip: {exc}") from exc
    if unpacker.unconsumed_tail:
        raise _MethodFailed(f"gzipped XML larger than {MAX_XML_BYTES} bytes refused")
    return xml


def parse_xml(body: bytes) -> Element:
    """Parse a feed or sitemap without expanding entities; raises _MethodFailed with the reason."""
    try:
        return defusedxml.ElementTree.fromstring(gunzipped(body).lstrip(b"\xef\xbb\xbf \t\r\n"))
    except DefusedXmlException as exc:
        raise _MethodFailed(f"refused unsafe XML ({exc.__class__.__name__})") from exc
    except ParseError as exc:
        raise _MethodFailed(f"malformed XML: {exc}") from exc


def feed_entries(root: Element) -> Iterator[tuple[str, datetime | None, str | None]]:
    """(link, date, title) of each RSS 2.0 / RSS 1.0 item or Atom entry."""
    for element in root.iter():
        kind = _local(element.tag)
        if kind not in ("item", "entry"):
            continue
        link = None
        for child in element:
            if _local(child.tag) != "link":
                continue
            href = child.get("href")
            if href and child.get("rel", "alternate") == "alternate":
                link = href.strip()
                break
            if (child.text or "").strip():
                link = child.text.strip()
                break
        if link is None:
            guid = next((c for c in element if _local(c.tag) == "guid"), None)
            if guid is not None and (guid.text or "").startswith("http"):
                link = guid.text.strip()
        if link is None:
            continue
        when = parse_feed_date(_child_text(element, "pubdate", "published", "date", "updated", "issued"))
        yield link, when, _child_text(element, "title")


def sitemap_entries(root: Element) -> Iterator[tuple[str, datetime | None]]:
    """(loc, date) of each <url> (news publication date first, then lastmod) or index <sitemap>."""
    for element in root:
        if _local(element.tag) not in ("url", "sitemap"):
            continue
        loc = _child_text(element, "loc")
        if loc:
            yield loc, parse_feed_date(_child_text(element, "publication_date", "lastmod"))


def _page_date(element: Tag, selector: str | None) -> datetime | None:
    """An item's date: the date selector's text or datetime attribute, else a date in the item's text."""
    if selector:
        found = element.select_one(selector)
        if found is None:
            return None
        return parse_vietnamese_datetime(found.get("datetime") or found.get("content") or found.get_text(" "))
    stamp = element.find("time")
    if isinstance(stamp, Tag) and stamp.get("datetime"):
        return parse_vietnamese_datetime(str(stamp["datetime"]))
    return parse_vietnamese_datetime(element.get_text(" "))


def _item_date(anchor: Tag, selector: str | None) -> datetime | None:
    """The date of a link found without an item selector: from the nearest enclosing element that holds
    a date and no other link, so one item's date is never read for its neighbour."""
    node: Tag = anchor
    for _ in range(3):
        parent = node.parent
        if not isinstance(parent, Tag) or parent.name in ("body", "html"):
            return None
        hrefs = {str(a["href"]) for a in parent.select("a[href]")}
        if len(hrefs) > 1:
            return None
        when = _page_date(parent, selector)
        if when is not None:
            return when
        node = parent
    return None


def listing_links(
    soup: BeautifulSoup, page_url: str, method: Discovery
) -> list[tuple[str, datetime | None, str | None]]:
    """(absolute link, date, title) of the article links on a listing or search results page."""
    found: list[tuple[str, datetime | None, str | None]] = []
    pattern = re.compile(method.link_pattern) if method.link_pattern else None
    if method.item_selector:
        for element in soup.select(method.item_selector):
            anchor = element if element.name == "a" and element.get("href") else element.select_one("a[href]")
            if anchor is None:
                continue
            url = urljoin(page_url, str(anchor["href"]))
            if pattern and not pattern.search(url):
                continue
            found.append((url, _page_date(element, method.date_selector), anchor.get_text(" ", strip=True)))
        return found
    for anchor in soup.select("a[href]"):
        url = urljoin(page_url, str(anchor["href"]))
        if not (pattern.search(url) if pattern else ARTICLE_LINK.search(urlsplit(url).path)):
            continue
        found.append((url, _item_date(anchor, method.date_selector), anchor.get_text(" ", strip=True)))
    return found


def _next_link(soup: BeautifulSoup, page_url: str, selector: str | None) -> str | None:
    if not selector:
        return None
    anchor = soup.select_one(selector)
    if anchor is None or not anchor.get("href"):
        return None
    return urljoin(page_url, str(anchor["href"]))


class Discoverer:
    """Runs a source's discovery methods for one window through one Fetcher."""

    def __init__(self, source: Source, fetcher: Fetcher, window: Window, page_fetch: Callable | None = None):
        self.source = source
        self.fetcher = fetcher
        self.window = window
        self.report = DiscoveryReport()
        self._seen: dict[str, int] = {}
        # A rendering source supplies its own page fetch (scripts run before links are read).
        self._fetch_page = page_fetch or (lambda url: fetcher.fetch(url, HTML_TYPES))

    def run(self) -> DiscoveryReport:
        for method in self.source.discovery:
            self.report.methods_tried += 1
            try:
                self._run_method(method)
            except _MethodFailed as failed:
                self.report.methods_failed += 1
                self.report.errors.append(f"{method.label}: {failed}")
        return self.report

    def _run_method(self, method: Discovery) -> None:
        if method.kind == "rss":
            self._feed(method)
        elif method.kind == "sitemap":
            self._sitemap(method)
        elif method.kind == "search":
            for topic in self.source.topics:
                self._walk(method, {"query": quote_plus(topic)}, first=topic == self.source.topics[0])
        elif method.per_day:
            for index, day in enumerate(self.window.days()):
                self._walk(method, {"date": datetime.combine(day, time(0), VIETNAM_TZ)}, first=index == 0)
        else:
            self._walk(method, {}, first=True)

    def _get(self, url: str, accept: tuple[str, ...]) -> FetchResult:
        self.report.pages_fetched += 1
        return self.fetcher.fetch(url, accept) if accept is XML_TYPES else self._fetch_page(url)

    def _fetch_first(self, url: str, accept: tuple[str, ...]) -> FetchResult:
        """A method's first page: if it fails, the method fails."""
        result = self._get(url, accept)
        if not result.ok:
            raise _MethodFailed(f"{url}: {result.error or f'HTTP {result.status}'}")
        return result

    def _fetch_next(self, url: str, accept: tuple[str, ...]) -> FetchResult | None:
        """A later page: if it fails, the error is recorded and the method keeps what it found."""
        result = self._get(url, accept)
        if not result.ok:
            self.report.errors.append(f"{url}: {result.error or f'HTTP {result.status}'}")
            return None
        return result

    def _add(self, url: str, when: datetime | None, via: str, title: str | None, base: str) -> None:
        absolute = normalise_url(urljoin(base, url))
        item = Item(absolute, when, via, title or None)
        if not self.window.holds(when):
            return
        reason = self.fetcher.refusal(absolute)
        if reason:
            if absolute not in self._seen:
                self._seen[absolute] = -1
                self.report.refused.append((item, reason))
            return
        index = self._seen.get(absolute)
        if index is None:
            self._seen[absolute] = len(self.report.items)
            self.report.items.append(item)
        elif index >= 0 and self.report.items[index].published_at is None and when is not None:
            self.report.items[index] = item

    def _feed(self, method: Discovery) -> None:
        result = self._fetch_first(method.url, XML_TYPES)
        entries = list(feed_entries(parse_xml(result.body)))
        if not entries:
            self.report.warnings.append(f"empty feed: {method.url} answered with no items")
        for link, when, title in entries:
            self._add(link, when, method.label, title, result.final_url)

    def _sitemap(self, method: Discovery) -> None:
        result = self._fetch_first(method.url, XML_TYPES)
        root = parse_xml(result.body)
        if _local(root.tag) != "sitemapindex":
            self._warn_undated(method, self._sitemap_urls(root, method, result.final_url))
            return
        children = [(loc, when) for loc, when in sitemap_entries(root) if self._child_relevant(loc, when)]
        if len(children) > method.max_pages:
            self.report.warnings.append(
                f"{method.label}: {len(children)} child sitemaps match the window, read the first "
                f"{method.max_pages}"
            )
        undated = 0
        for loc, _ in children[: method.max_pages]:
            url = urljoin(result.final_url, loc)
            if self.fetcher.refusal(url):
                self.report.errors.append(f"{url}: refused: {self.fetcher.refusal(url)}")
                continue
            child = self._fetch_next(url, XML_TYPES)
            if child is None:
                continue
            try:
                undated += self._sitemap_urls(parse_xml(child.body), method, child.final_url)
            except _MethodFailed as failed:
                self.report.errors.append(f"{url}: {failed}")
        self._warn_undated(method, undated)

    def _child_relevant(self, loc: str, lastmod: datetime | None) -> bool:
        """A child sitemap last modified before the window, or named for a month off it, holds nothing new."""
        if self.window.older(lastmod):
            return False
        month = SITEMAP_MONTH.search(urlsplit(loc).path)
        if month is None:
            return True
        first_day = date(int(month.group(1)), int(month.group(2)), 1)
        next_month = (first_day + timedelta(days=32)).replace(day=1)
        start = datetime.combine(first_day, time(0), VIETNAM_TZ)
        end = datetime.combine(next_month, time(0), VIETNAM_TZ)
        return start < self.window.end and end > self.window.cutoff

    def _sitemap_urls(self, root: Element, method: Discovery, base: str) -> int:
        """Add the dated URLs of one sitemap; return how many had no date (they cannot be placed)."""
        undated = 0
        for loc, when in sitemap_entries(root):
            if when is None:
                undated += 1
                continue
            self._add(loc, when, method.label, None, base)
        return undated

    def _warn_undated(self, method: Discovery, undated: int) -> None:
        if undated:
            self.report.warnings.append(f"{method.label}: skipped {undated} sitemap URLs without a date")

    def _warn_once(self, method: Discovery, message: str) -> None:
        """One warning per method, not one per topic or day it walks."""
        if not any(w.startswith(f"{method.label}: ") for w in self.report.warnings):
            self.report.warnings.append(message)

    def _check_selector(self, method: Discovery, url: str, matched: bool) -> None:
        """Count a page that answered 200 and whether the method's item selector (or link pattern) found
        an article link on it: a selector that finds nothing on pages that answer is drift."""
        if method.item_selector:
            name, selector = "item_selector", method.item_selector
        elif method.link_pattern:
            name, selector = "link_pattern", method.link_pattern
        else:
            return
        check = self.report.selector_checks.setdefault(
            method.label,
            {
                "method": method.label,
                "field": name,
                "selector": selector,
                "pages": 0,
                "matched": 0,
                "empty": [],
            },
        )
        check["pages"] += 1
        if matched:
            check["matched"] += 1
        elif len(check["empty"]) < 3:
            check["empty"].append(url)

    def _walk(self, method: Discovery, values: dict, first: bool) -> None:
        """Page through a listing or search until it is older than the window, repeats itself, or ends."""
        day = values.get("date")
        visited: set[str] = set()
        seen_links: set[str] = set()
        url = method.url.format(page=method.first_page, **values)
        for number in range(method.max_pages):
            if url in visited:
                self._warn_once(method, f"{method.label}: listing loops back to {url}; stopped")
                return
            visited.add(url)
            if first and number == 0:
                result = self._fetch_first(url, HTML_TYPES)
            else:
                result = self._fetch_next(url, HTML_TYPES)
            if result is None:
                return
            soup = BeautifulSoup(decode_html(result.body, result.content_type), "lxml")
            links = listing_links(soup, result.final_url, method)
            self._check_selector(method, result.final_url, bool(links))
            fresh = [link for link in links if normalise_url(link[0]) not in seen_links]
            if links and not fresh:
                self._warn_once(method, f"{method.label}: page {url} repeats earlier items; stopped")
                return
            for link, when, title in fresh:
                seen_links.add(normalise_url(link))
                self._add(link, when if when or day is None else day, method.label, title, result.final_url)
            dated = [when for _, when, _ in fresh if when is not None]
            if not fresh or (dated and all(self.window.older(when) for when in dated)):
                return
            if method.paged:
                url = method.url.format(page=method.first_page + number + 1, **values)
            else:
                url = _next_link(soup, result.final_url, method.next_selector)
                if url is None:
                    return


def discover(
    source: Source, fetcher: Fetcher, window: Window, page_fetch: Callable | None = None
) -> DiscoveryReport:
    """The articles of `window` that the source's discovery methods list, merged by URL."""
    return Discoverer(source, fetcher, window, page_fetch).run()
