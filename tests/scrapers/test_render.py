"""Rendering JavaScript applications through headless Chromium, against a local single-page app.

The app under tests/fixtures/sites/tuyengiaodanvan/articles/app/ sends an empty shell; its listing links
and article text exist only after app.js has fetched JSON and built the page, in the shapes the site shows
today: /blogs/category/type/<type>?&categoryId=<hex>&page=N&size=10 listings whose items are
`a.link_link__<hash>` links, and articles under /blogs/.
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
from bs4 import BeautifulSoup

from bench.extraction import article_fixtures
from scrapers.discover import listing_links
from scrapers.extract import extract_article
from scrapers.render import DEFAULT_CHROMIUM, Renderer, RenderError, render_page
from scrapers.sources import load_sources

APP = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "tuyengiaodanvan" / "articles" / "app"
ARTICLE_PATH = "/blogs/so-ket-cong-tac-dan-van-chinh-quyen-6-thang-dau-nam-2025-6854ca007fc56270e73a91c0"
SAVED_ARTICLE = APP.parent / "so-ket-dan-van-chinh-quyen-6-thang-2025.html"
LISTING_PATH = "/blogs/category/type/tin-tuc-su-kien?&categoryId=67f4cbf848ad87279a8a7695&page={page}&size=10"
LISTED_PATHS = [
    "/blogs/tap-huan-nghiep-vu-dan-van-cho-can-bo-cap-xa-sau-sap-xep-6855162c9d5ed678fe3a91c1",
    "/blogs/so-ket-cong-tac-dan-van-chinh-quyen-6-thang-dau-nam-2025-6854ca007fc56270e73a91c0",
    "/blogs/tuyen-duong-30-mo-hinh-dan-van-kheo-vung-cao-68522f340d61f8370c3a91c2",
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
        if "saved=1" in path:  # the landed copy of a rendered page, scripts and all
            return str(SAVED_ARTICLE)
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
    for path in (ARTICLE_PATH, LISTING_PATH.format(page=1)):
        shell = requests.get(app_url + path, timeout=5).content
        assert b"/blogs/" not in shell
        assert b"link_link" not in shell
        assert extract_article(shell, app_url + path).text == ""


def test_a_rendered_listing_holds_the_links_the_script_built(renderer, app_url):
    html = renderer.render(app_url + LISTING_PATH.format(page=1), timeout=15).html.decode("utf-8")
    for path in LISTED_PATHS:
        assert f'href="{path}"' in html


def test_the_shipped_entry_finds_exactly_the_listed_articles_on_the_rendered_listing(renderer, app_url):
    # The entry's own listing method (item selector a[class*='link_link'] and link pattern) on the rendered
    # DOM: the menu's /blogs/category/ links and the shell's other links are not items.
    method = load_sources(None)["tuyengiaodanvan"].discovery[0]
    page_url = app_url + LISTING_PATH.format(page=1)
    soup = BeautifulSoup(renderer.render(page_url, timeout=15).html, "html.parser")
    found = [link for link, _, _ in listing_links(soup, page_url, method)]
    assert found == [app_url + path for path in LISTED_PATHS]
    assert method.url.startswith("https://tuyengiaodanvan.vn" + LISTING_PATH.split("{page}")[0])


def test_a_rendered_listing_past_its_last_page_has_no_items(renderer, app_url):
    method = load_sources(None)["tuyengiaodanvan"].discovery[0]
    page_url = app_url + LISTING_PATH.format(page=2)
    page = renderer.render(page_url, timeout=15)
    assert listing_links(BeautifulSoup(page.html, "html.parser"), page_url, method) == []
    assert "Dữ liệu đang được cập nhật".encode() in page.html


def test_a_rendered_article_extracts_like_the_landed_fixture(renderer, app_url):
    fixture = next(f for f in article_fixtures() if f.source == "tuyengiaodanvan")
    page = renderer.render(app_url + ARTICLE_PATH, timeout=15)
    article = extract_article(page.html, fixture.url, hints=fixture.hints, fetched_at=fixture.fetched_at)
    assert page.status == 200
    assert fixture.url.endswith(ARTICLE_PATH)
    assert article.title == fixture.expected["title"]
    assert article.published_at.isoformat() == fixture.expected["published_at"]
    assert article.canonical_url == fixture.expected["canonical_url"]
    assert article.text == fixture.expected_text


def test_a_landed_rendered_page_renders_the_same_again(renderer, app_url):
    # The landed copy keeps the app's script; rendering it again rebuilds #root instead of adding a copy.
    fixture = next(f for f in article_fixtures() if f.source == "tuyengiaodanvan")
    page = renderer.render(app_url + ARTICLE_PATH + "?saved=1", timeout=15)
    assert page.html.decode("utf-8").count("<h1") == 1
    assert extract_article(page.html, fixture.url, hints=fixture.hints).text == fixture.expected_text


def test_render_page_starts_and_stops_its_own_browser_in_any_thread(app_url):
    # Playwright's sync API allows one browser session per thread; the crawler renders from its host threads.
    with ThreadPoolExecutor(max_workers=1) as pool:
        html = pool.submit(render_page, app_url + ARTICLE_PATH, 15).result()
    assert "8.917 cuộc đối thoại".encode() in html


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
