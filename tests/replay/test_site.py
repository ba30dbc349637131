"""The replay sites: real HTTP servers on 127.0.0.1 imitating three Vietnamese government news sites."""

from __future__ import annotations

import re
import socket
from collections import Counter
from datetime import datetime
from email.utils import parsedate_to_datetime
from html import unescape
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import pytest
import requests
import yaml
from bs4 import BeautifulSoup
from protego import Protego

from danvan.replay import ReplaySite
from danvan.replay.corpus import (
    ALLOWED_QUALIFIERS,
    LOCAL_TZ,
    PAGE_SIZE,
    QUALIFIER_DEFAULTS,
    SITES,
    corpus,
    site_spec,
    vietnamese_number,
)
from scrapers.sources import validate_source

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site():
    with ReplaySite() as replay:
        yield replay


def get(url: str) -> requests.Response:
    return requests.get(url, timeout=5)


def feed_items(body: bytes) -> list[ElementTree.Element]:
    return ElementTree.fromstring(body).findall("./channel/item")


def listing_links(spec_name: str, response: requests.Response) -> list[str]:
    """The article links of a listing page, read with the site's own item selector."""
    soup = BeautifulSoup(response.text, "html.parser")
    items = soup.select(site_spec(spec_name).item_selector)
    return [urljoin(response.url, item.select_one("a[href]")["href"]) for item in items]


def number_pattern(value: float) -> re.Pattern[str]:
    """The value as Vietnamese texts write it, not as part of a longer number."""
    return re.compile(rf"(?<![\d.,]){re.escape(vietnamese_number(value))}(?![\d]|[.,]\d)")


def test_the_sites_serve_on_ephemeral_loopback_ports_and_stop_cleanly():
    with ReplaySite() as replay:
        urls = [replay.base_url(name) for name in replay.names]
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in urls)
        assert len({urlsplit(url).port for url in urls}) == len(SITES)
        assert all(get(url + "/").status_code == 200 for url in urls)
    for url in urls:
        with pytest.raises(OSError):
            socket.create_connection((urlsplit(url).hostname, urlsplit(url).port), timeout=1).close()


def test_site_names_are_source_names():
    assert [spec.name for spec in SITES] == ["baothaibinh_replay", "yenthanh_portal", "mattran_cantho"]
    assert all(re.fullmatch(r"[a-z0-9_]+", spec.name) for spec in SITES)


def test_a_failing_site_answers_500_to_everything_while_the_others_serve():
    with ReplaySite(failing=frozenset({"yenthanh_portal"})) as replay:
        broken = replay.base_url("yenthanh_portal")
        for path in ("/robots.txt", "/", "/sitemap.xml", "/rss/tin-tuc-su-kien.rss", "/tin-tuc-su-kien"):
            assert get(broken + path).status_code == 500
        portal_article = next(a for a in replay.articles() if a["site"] == "yenthanh_portal")
        assert get(portal_article["url"]).status_code == 500
        assert get(replay.base_url("mattran_cantho") + "/robots.txt").status_code == 200


def test_an_unknown_failing_site_is_refused():
    with pytest.raises(ValueError, match="no replay site"):
        ReplaySite(failing=frozenset({"nowhere"}))


def test_robots_allow_articles_feeds_and_listings_but_not_admin(site):
    for name in site.names:
        base = site.base_url(name)
        robots = Protego.parse(get(base + "/robots.txt").text)
        own = [a["url"] for a in site.articles() if a["site"] == name]
        assert all(robots.can_fetch(url, "danvan") for url in own)
        assert robots.can_fetch(
            base + site_spec(name).listing_path(next(iter(site_spec(name).categories)), 2), "*"
        )
        assert not robots.can_fetch(base + "/admin/login", "danvan")
        assert get(base + "/admin/login").status_code == 403
    assert list(Protego.parse(get(site.base_url("yenthanh_portal") + "/robots.txt").text).sitemaps) == [
        site.base_url("yenthanh_portal") + "/sitemap.xml"
    ]


def test_feeds_list_their_category_newest_first_with_a_pubdate(site):
    for spec in SITES:
        if spec.empty_feeds:
            continue
        for category in spec.categories:
            response = get(site.base_url(spec.name) + spec.feed_path(category))
            assert response.status_code == 200
            assert response.headers["Content-Type"].startswith("application/rss+xml")
            items = feed_items(response.content)
            expected = [a for a in site.articles() if a["site"] == spec.name and a["category"] == category]
            assert [item.findtext("link") for item in items] == [a["url"] for a in expected]
            assert [parsedate_to_datetime(item.findtext("pubDate")) for item in items] == [
                a["published_at"] for a in expected
            ]


def test_the_portal_feed_answers_200_with_an_empty_channel(site):
    response = get(site.base_url("yenthanh_portal") + "/rss/tin-tuc-su-kien.rss")
    assert response.status_code == 200
    assert ElementTree.fromstring(response.content).find("./channel/title") is not None
    assert feed_items(response.content) == []


def test_listings_show_five_items_a_page_newest_first_and_end(site):
    for spec in SITES:
        base = site.base_url(spec.name)
        for category in spec.categories:
            expected = [
                a["url"] for a in site.articles() if a["site"] == spec.name and a["category"] == category
            ]
            seen: list[str] = []
            page = 1
            while True:
                response = get(base + spec.listing_template(category).format(page=page))
                links = listing_links(spec.name, response) if response.status_code == 200 else []
                if not links:
                    assert response.status_code == spec.past_last_page_status
                    break
                assert len(links) <= PAGE_SIZE
                seen += links
                page += 1
            assert seen == expected
            assert page == -(-len(expected) // PAGE_SIZE) + 1
            first = get(base + spec.listing_path(category, 1))
            assert listing_links(spec.name, first) == expected[:PAGE_SIZE]


def test_listing_items_show_their_date(site):
    for spec in SITES:
        base = site.base_url(spec.name)
        for category in spec.categories:
            soup = BeautifulSoup(get(base + spec.listing_path(category, 1)).text, "html.parser")
            for item in soup.select(spec.item_selector):
                url = urljoin(base + "/", item.select_one("a[href]")["href"])
                article = next(a for a in site.articles() if a["url"] == url)
                assert f"{article['published_at']:%d/%m/%Y}" in item.select_one(spec.date_selector).get_text()


def test_the_portal_sitemap_lists_every_article_with_its_time(site):
    response = get(site.base_url("yenthanh_portal") + "/sitemap.xml")
    urls = ElementTree.fromstring(response.content).findall(f"{SITEMAP_NS}url")
    listed = {u.findtext(f"{SITEMAP_NS}loc"): u.findtext(f"{SITEMAP_NS}lastmod") for u in urls}
    portal = [a for a in site.articles() if a["site"] == "yenthanh_portal"]
    assert listed == {a["url"]: a["published_at"].isoformat() for a in portal}


def test_every_article_is_served_with_its_title_dates_and_body(site):
    for article in site.articles():
        response = get(article["url"])
        assert response.status_code == 200
        page = unescape(response.text)
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.h1.get_text(strip=True) == article["title"]
        assert soup.select_one("link[rel=canonical]")["href"] == article["url"]
        published: datetime = article["published_at"]
        assert published.isoformat() in page
        assert f"{published:%d/%m/%Y}" in page and f"{published:%H:%M}" in page
        assert all(paragraph in page for paragraph in article["text"].splitlines())


def test_the_newspaper_writes_the_vietnamese_weekday_date_line(site):
    article = next(a for a in site.articles() if a["published_at"].isoformat() == "2025-03-10T08:15:00+07:00")
    assert "Thứ Hai, 10/03/2025 - 08:15" in get(article["url"]).text


def test_articles_spread_over_three_days_clear_of_the_run_boundary():
    days = Counter(a.published_at.date().isoformat() for a in corpus())
    assert sorted(days) == ["2025-03-10", "2025-03-11", "2025-03-12"]
    assert all(a.published_at.utcoffset() == LOCAL_TZ.utcoffset(None) for a in corpus())
    assert all(7 <= a.published_at.hour < 22 for a in corpus())
    assert 20 <= len(corpus()) <= 27
    assert all(count >= 5 for count in Counter(a.site for a in corpus()).values())


def test_every_article_names_its_province():
    assert all(site_spec(a.site).province in a.text for a in corpus())


def test_every_expected_fact_appears_as_a_vietnamese_number_in_its_article(site):
    text_of = {a["url"]: a["text"] for a in site.articles()}
    facts = site.expected_facts()
    for fact in facts:
        assert number_pattern(fact["value"]).search(text_of[fact["url"]]), fact
    assert len({(f["url"], f["measure"], f["value"]) for f in facts}) == len(facts)


def test_expected_facts_carry_every_qualifier_column_of_their_table(site):
    tables = Counter(fact["table"] for fact in site.expected_facts())
    assert set(tables) == {"dialogues", "complaints", "awards"}
    for fact in site.expected_facts():
        columns = QUALIFIER_DEFAULTS.get(fact["measure"], QUALIFIER_DEFAULTS.get(fact["table"], {}))
        assert set(fact) == {
            "url",
            "site",
            "table",
            "measure",
            "value",
            "value_qualifier",
            "province",
            *columns,
        }
        assert fact["province"] == site_spec(fact["site"]).province
        assert all(fact[column] in ALLOWED_QUALIFIERS[column] for column in columns)


def test_off_topic_and_noisy_articles_state_no_facts():
    silent = [a for a in corpus() if not a.facts]
    assert len(silent) >= 6
    assert {a.site for a in silent} == {spec.name for spec in SITES}
    assert all(phrase in a.text for a in corpus() for phrase in a.non_facts)


def test_sources_yaml_is_valid_for_the_scrapers_and_points_at_the_live_sites(site):
    entries = yaml.safe_load(site.sources_yaml())["sources"]
    assert [entry["name"] for entry in entries] == site.names
    for index, entry in enumerate(entries):
        source = validate_source(entry, "replay", index)
        assert source.base_url == site.base_url(source.name)
        assert source.province == site_spec(source.name).province
        kinds = Counter(method.kind for method in source.discovery)
        assert kinds["rss"] >= 1 and kinds["listing"] >= 1
        for method in source.discovery:
            assert method.url.startswith(source.base_url + "/")
            assert get(method.url.format(page=1)).status_code == 200
            if method.kind == "listing":
                links = listing_links(source.name, get(method.url.format(page=1)))
                assert links and all(re.search(method.link_pattern, link) for link in links)
    assert any(method["kind"] == "sitemap" for entry in entries for method in entry["discovery"])


def test_the_request_log_records_site_target_and_status():
    with ReplaySite() as replay:
        base = replay.base_url("mattran_cantho")
        get(base + "/robots.txt")
        get(base + "/khong-co")
        get(base + "/chuyen-muc/tin-hoat-dong/page/2/")
        assert replay.request_log == [
            ("mattran_cantho", "/robots.txt", 200),
            ("mattran_cantho", "/khong-co", 404),
            ("mattran_cantho", "/chuyen-muc/tin-hoat-dong/page/2/", 200),
        ]


def test_head_requests_answer_headers_only(site):
    response = requests.head(site.base_url("baothaibinh_replay") + "/dan-van", timeout=5)
    assert response.status_code == 200
    assert int(response.headers["Content-Length"]) > 0
    assert response.content == b""


@pytest.mark.parametrize(
    ("value", "written"), [(1236, "1.236"), (92.1, "92,1"), (6240, "6.240"), (5, "5"), (2145.5, "2.145,5")]
)
def test_numbers_are_written_the_vietnamese_way(value, written):
    assert vietnamese_number(value) == written
