"""Politeness efficiency: how close a crawl of a four-host site comes to the limit its rate limit sets.

A simulated site spreads its articles over four hosts (four servers on 127.0.0.1, one port each); its
news sitemap on the first host lists them all. The source allows 1 request per second per host, so the
fastest polite crawl takes (pages per host ÷ rate) seconds with the hosts fetched in parallel. This runs
the real `crawl_source` (robots.txt, sitemap, fetch, extraction, landing) and prints the elapsed time,
that limit and their ratio (target ≤ 1.2), plus the shortest gap the servers saw between two requests to
one host (the client spaces its sends by at least 1/rate).

    .venv/bin/python bench/politeness.py [--pages-per-host 18] [--rate 1.0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from danvan.paths import DataDir
from scrapers.crawl import crawl_source

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = datetime(2025, 3, 10, tzinfo=VIETNAM)
HOSTS = 4
PARAGRAPHS = (
    "Ủy ban nhân dân phường tổ chức hội nghị đối thoại với Nhân dân về chỉnh trang đô thị.",
    "Tại hội nghị, người dân nêu ý kiến về thu gom rác thải, chiếu sáng ngõ xóm và trật tự vỉa hè.",
    "Lãnh đạo phường đã trả lời trực tiếp phần lớn ý kiến, số còn lại được giao bộ phận chuyên môn xử lý.",
)


def article_html(host: int, number: int) -> bytes:
    when = (DAY + timedelta(minutes=10 * number + host)).isoformat()
    title = f"Phường số {host} đối thoại với Nhân dân, bài {number}"
    body = "".join(f"<p>{p} (Bài {number}, máy chủ {host}.)</p>" for p in PARAGRAPHS)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{when}"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


class Site:
    """One simulated host: robots.txt, articles, and (on the first host) the news sitemap."""

    def __init__(self, host: int, pages: int, hits: dict[int, list[float]]):
        self.host = host
        self.pages = pages
        self.sitemap = b""
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                hits[site.host].append(time.monotonic())
                status, kind, body = site.answer(self.path)
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        serve = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        serve.start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str) -> tuple[int, str, bytes]:
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nDisallow: /quan-tri/\n"
        if path == "/sitemap-news.xml" and self.sitemap:
            return 200, "application/xml", self.sitemap
        if path.startswith("/bai-") and path.endswith(".html"):
            return 200, "text/html; charset=utf-8", article_html(self.host, int(path[5:-5]))
        return 404, "text/html", b"<h1>404</h1>"


def news_sitemap(sites: list[Site], pages: int) -> bytes:
    urls = "".join(
        f"<url><loc>{site.origin}/bai-{n}.html</loc><news:news><news:publication_date>"
        f"{(DAY + timedelta(minutes=10 * n + site.host)).isoformat()}"
        "</news:publication_date></news:news></url>"
        for n in range(pages)
        for site in sites
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages-per-host", type=int, default=18)
    parser.add_argument("--rate", type=float, default=1.0, help="requests per second per host")
    args = parser.parse_args()

    hits: dict[int, list[float]] = defaultdict(list)
    sites = [Site(host, args.pages_per_host, hits) for host in range(HOSTS)]
    sites[0].sitemap = news_sitemap(sites, args.pages_per_host)
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp))
        data.sources.mkdir(parents=True)
        entry = {
            "name": "bon_may_chu",
            "title": "Trang tin bốn máy chủ",
            "base_url": sites[0].origin,
            "allowed_hosts": ["127.0.0.1"],
            "discovery": [{"kind": "sitemap", "url": f"{sites[0].origin}/sitemap-news.xml"}],
            "rate_limit": args.rate,
        }
        (data.sources / "bench.yaml").write_text(yaml.safe_dump({"sources": [entry]}, allow_unicode=True))
        started = time.monotonic()
        summary = crawl_source("bon_may_chu", DAY, DAY + timedelta(days=1), data)
        elapsed = time.monotonic() - started
    for site in sites:
        site.server.shutdown()

    limit = args.pages_per_host / args.rate
    gaps = [later - earlier for times in hits.values() for earlier, later in pairwise(times)]
    requests_per_host = max(len(times) for times in hits.values())
    print(f"hosts: {HOSTS}  pages per host: {args.pages_per_host}  rate: {args.rate:g} request/s/host")
    print(f"landed: {summary.landed} pages, errors: {summary.errors}")
    print(f"requests per host (incl. robots.txt, sitemap): up to {requests_per_host}")
    print(f"elapsed: {elapsed:.2f} s   politeness limit (pages per host ÷ rate): {limit:.2f} s")
    print(f"ratio: {elapsed / limit:.3f}  (target ≤ 1.2)")
    print(
        f"shortest gap between two arrivals at one host: {min(gaps):.3f} s (1/rate = {1 / args.rate:.3f} s; "
        "sends are spaced by at least 1/rate, arrivals jitter by a few ms)"
    )


if __name__ == "__main__":
    main()
