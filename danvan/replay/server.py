"""A small offline 'internet': the replay sites, each on its own HTTP server on 127.0.0.1.

Each site gets a ThreadingHTTPServer on an ephemeral port, so URLs carry the live port; everything the
corpus says (article URLs, expected facts, sources config) is resolved against those ports. A site named
in `failing` answers 500 to every request, for testing that one broken source fails alone.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import yaml

from danvan.replay import render
from danvan.replay.corpus import (
    SITES,
    SiteSpec,
    article_link_pattern,
    article_path,
    corpus,
    site_articles,
    site_spec,
)

HOST = "127.0.0.1"
HTML = "text/html; charset=utf-8"
MAX_LISTING_PAGES = 10
RATE_LIMIT = 20
# How often a server checks for shutdown; the default half second would make every stop slow.
SHUTDOWN_POLL_SECONDS = 0.05

Response = tuple[int, str, str]

LISTING_PATTERNS = {
    "query": r"/(?P<category>[a-z0-9-]+)",
    "trang": r"/(?P<category>[a-z0-9-]+)(?:/trang-(?P<page>\d+)\.html)?",
    "wordpress": r"/chuyen-muc/(?P<category>[a-z0-9-]+)/(?:page/(?P<page>\d+)/)?",
}


def listing_request(spec: SiteSpec, path: str, query: str) -> tuple[str, int] | None:
    """(category, page) if the path is one of the site's listing pages, in its CMS's URL shape."""
    match = re.fullmatch(LISTING_PATTERNS[spec.listing_style], path)
    if not match or match["category"] not in spec.categories:
        return None
    if spec.listing_style == "query":
        raw_page = parse_qs(query).get("page", ["1"])[0]
    else:
        raw_page = match["page"] or "1"
    if not raw_page.isdigit() or int(raw_page) < 1:
        return None
    return match["category"], int(raw_page)


def site_response(spec: SiteSpec, base_url: str, target: str) -> Response:
    """What the site answers to a request target: (status, content type, body)."""
    parts = urlsplit(target)
    path = parts.path
    not_found = (404, HTML, render.not_found_page(spec, base_url))
    if path == "/robots.txt":
        return 200, "text/plain; charset=utf-8", render.robots(spec, base_url)
    if any(path.startswith(prefix) for prefix in spec.disallow):
        return 403, HTML, "<h1>403 Forbidden</h1>"
    if path == "/":
        return 200, HTML, render.home_page(spec, base_url)
    if path == "/sitemap.xml" and spec.has_sitemap:
        return 200, "application/xml; charset=utf-8", render.sitemap(spec, base_url)
    feed = re.fullmatch(r"/rss/([a-z0-9-]+)\.rss", path)
    if feed:
        if feed[1] not in spec.categories:
            return not_found
        return 200, "application/rss+xml; charset=utf-8", render.feed(spec, base_url, feed[1])
    for article in site_articles(spec.name):
        if article_path(article) == path:
            return 200, HTML, render.article_page(spec, base_url, article)
    listing = listing_request(spec, path, parts.query)
    if listing:
        body = render.listing_page(spec, base_url, *listing)
        return (200, HTML, body) if body is not None else not_found
    return not_found


def handler_class(respond: Callable[[str], Response]) -> type[BaseHTTPRequestHandler]:
    class ReplayHandler(BaseHTTPRequestHandler):
        server_version = "nginx"
        sys_version = ""

        def do_GET(self) -> None:
            self.answer(with_body=True)

        def do_HEAD(self) -> None:
            self.answer(with_body=False)

        def answer(self, with_body: bool) -> None:
            status, content_type, text = respond(self.path)
            body = text.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: requests are recorded in ReplaySite.request_log instead of stderr."""

    return ReplayHandler


class ReplaySite:
    """The replay sites, served while the context is open."""

    def __init__(self, failing: frozenset[str] = frozenset(), first_port: int = 0) -> None:
        """`first_port` 0 serves each site on an ephemeral port; otherwise the sites take consecutive
        ports from it, so their URLs (the articles' identities) stay the same from run to run."""
        unknown = set(failing) - {spec.name for spec in SITES}
        if unknown:
            raise ValueError(f"no replay site named {sorted(unknown)}")
        self.failing = frozenset(failing)
        self.first_port = first_port
        self._log: list[tuple[str, str, int]] = []
        self._log_lock = threading.Lock()
        self._servers: dict[str, ThreadingHTTPServer] = {}
        self._threads: list[threading.Thread] = []

    def __enter__(self) -> ReplaySite:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> None:
        for number, spec in enumerate(SITES):
            port = self.first_port + number if self.first_port else 0
            server = ThreadingHTTPServer((HOST, port), handler_class(self._responder(spec)))
            server.daemon_threads = True
            self._servers[spec.name] = server
            thread = threading.Thread(
                target=server.serve_forever,
                args=(SHUTDOWN_POLL_SECONDS,),
                name=f"replay-{spec.name}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        for server in self._servers.values():
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._servers.clear()
        self._threads.clear()

    def _responder(self, spec: SiteSpec) -> Callable[[str], Response]:
        def respond(target: str) -> Response:
            if spec.name in self.failing:
                response: Response = (500, HTML, "<h1>500 Internal Server Error</h1>")
            else:
                response = site_response(spec, self.base_url(spec.name), target)
            with self._log_lock:
                self._log.append((spec.name, target, response[0]))
            return response

        return respond

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in SITES]

    def base_url(self, name: str) -> str:
        host, port = self._servers[name].server_address[:2]
        return f"http://{host}:{port}"

    @property
    def request_log(self) -> list[tuple[str, str, int]]:
        with self._log_lock:
            return list(self._log)

    def articles(self) -> list[dict[str, Any]]:
        """Every article the sites serve, newest first, with its live URL."""
        return [
            {
                "url": self.base_url(a.site) + article_path(a),
                "site": a.site,
                "category": a.category,
                "title": a.title,
                "published_at": a.published_at,
                "province": site_spec(a.site).province,
                "text": a.text,
            }
            for a in corpus()
        ]

    def expected_facts(self) -> list[dict[str, Any]]:
        """The corpus's known statistics: url, site, table, measure, value and every qualifier column."""
        return [
            {"url": self.base_url(a.site) + article_path(a), "site": a.site, **fact}
            for a in corpus()
            for fact in a.facts
        ]

    def sources(self) -> list[dict[str, Any]]:
        """Source entries for the scrapers, one per site, pointing at the live ports."""
        return [self.source(spec) for spec in SITES]

    def source(self, spec: SiteSpec) -> dict[str, Any]:
        base = self.base_url(spec.name)
        discovery: list[dict[str, Any]] = [
            {"kind": "rss", "url": base + spec.feed_path(category)} for category in spec.categories
        ]
        discovery += [
            {
                "kind": "listing",
                "url": base + spec.listing_template(category),
                "max_pages": MAX_LISTING_PAGES,
                "link_pattern": article_link_pattern(spec, category),
                "item_selector": spec.item_selector,
                "date_selector": spec.date_selector,
            }
            for category in spec.categories
        ]
        if spec.has_sitemap:
            discovery.append({"kind": "sitemap", "url": f"{base}/sitemap.xml"})
        return {
            "name": spec.name,
            "title": spec.title,
            "base_url": base,
            "allowed_hosts": [HOST],
            "province": spec.province,
            "discovery": discovery,
            "rate_limit": RATE_LIMIT,
            "render": False,
            "extract": {},
        }

    def sources_yaml(self) -> str:
        return yaml.safe_dump({"sources": self.sources()}, allow_unicode=True, sort_keys=False)
