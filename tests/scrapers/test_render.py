"""Rendering JavaScript applications through headless Chromium, against a local single-page app.

The app under tests/fixtures/sites/tuyengiaodanvan/articles/app/ sends an empty shell; its listing links
and article text exist only after app.js has fetched JSON and built the page.
"""

from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bench.extraction import article_fixtures
from scrapers.extract import extract_article
from scrapers.render import DEFAULT_CHROMIUM, Renderer, RenderError, render_page

APP = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "tuyengiaodanvan" / "articles" / "app"
ARTICLE_PATH = "/tin-tuc/so-ket-dan-van-chinh-quyen-6-thang-2025"
LISTED_PATHS = [
    "/tin-tuc/so-ket-dan-van-chinh-quyen-6-thang-2025",
    "/tin-tuc/tuyen-duong-dan-van-kheo-vung-cao",
    "/tin-tuc/doi-thoai-voi-doan-vien-thanh-nien",
]

pytestmark = pytest.mark.skipif(
    not os.access(DEFAULT_CHROMIUM, os.X_OK),
    reason=f"{DEFAULT_CHROMIUM} is absent: install Debian's `chromium` package (apt-get install -y chromium)",
)


class _AppHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the app like its real host: API and static files as they are, every other path the shell."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, directory=str(APP), **kwargs)

    def translate_path(self, path: str) -> str:
        route = path.split("?", 1)[0]
        if route.startswith(("/api/", "/static/")):
            return super().translate_path(path)
        if route == "/calls-elsewhere":
            return str(APP / "calls-elsewhere.html")
        return str(APP / "index.html")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def app_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _AppHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def renderer() -> Iterator[Renderer]:
    with Renderer(allowed_hosts={"127.0.0.1"}) as shared:
        yield shared


def test_the_served_shell_has_no_links_or_article_text_before_its_script_runs(app_url):
    shell = requests.get(app_url + ARTICLE_PATH, timeout=5).content
    assert b"/tin-tuc/" not in shell
    assert extract_article(shell, app_url + ARTICLE_PATH).text == ""


def test_a_rendered_listing_holds_the_links_the_script_built(renderer, app_url):
    html = renderer.render(app_url + "/", timeout=15).html.decode("utf-8")
    for path in LISTED_PATHS:
        assert f'href="{path}"' in html


def test_a_rendered_article_extracts_like_the_landed_fixture(renderer, app_url):
    fixture = next(f for f in article_fixtures() if f.source == "tuyengiaodanvan")
    page = renderer.render(app_url + ARTICLE_PATH, timeout=15)
    article = extract_article(page.html, fixture.url, fetched_at=fixture.fetched_at)
    assert page.status == 200
    assert article.title == fixture.expected["title"]
    assert article.canonical_url == fixture.expected["canonical_url"]
    assert article.text == fixture.expected_text


def test_render_page_starts_and_stops_its_own_browser_in_any_thread(app_url):
    # Playwright's sync API allows one browser session per thread; the crawler renders from its host threads.
    with ThreadPoolExecutor(max_workers=1) as pool:
        html = pool.submit(render_page, app_url + ARTICLE_PATH, 15).result()
    assert "9.426 cuộc đối thoại".encode() in html


def test_requests_to_hosts_outside_the_allowed_ones_are_blocked(renderer, app_url):
    page = renderer.render(app_url + "/calls-elsewhere", timeout=15)
    assert page.blocked_urls == ("http://localhost:9/tracker.js",)
    assert "Tải xong".encode() in page.html


def test_a_missing_chromium_is_a_clear_render_error(tmp_path):
    with pytest.raises(RenderError, match="no Chromium at"):
        render_page("http://127.0.0.1:9/", timeout=1, chromium_path=str(tmp_path / "chromium"))


def test_an_unreachable_page_is_a_render_error_naming_the_url(renderer):
    with pytest.raises(RenderError, match=r"could not load http://127\.0\.0\.1:9/"):
        renderer.render("http://127.0.0.1:9/", timeout=5)
