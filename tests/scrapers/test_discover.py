"""Discovery finds a window's articles through feeds, sitemaps, listings and search, and stops in time."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from sitekit import FAST, Reply, rss

from scrapers.discover import MAX_XML_BYTES, Window, discover, normalise_url, parse_feed_date
from scrapers.fetch import Fetcher

START = datetime(2025, 3, 9, 17, 0, tzinfo=UTC)  # 2025-03-10 in Vietnam
END = START + timedelta(days=1)
WINDOW = Window(START, END, START)

ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><item><title>&lol4;</title><link>http://127.0.0.1/x</link></item></channel></rss>"""


def found(source, window=WINDOW):
    with Fetcher(source.allowed_hosts, source.rate_limit, FAST) as fetcher:
        return discover(source, fetcher, window)


def urls(report):
    return sorted(
        urlsplit(item.url).path + (f"?{urlsplit(item.url).query}" if urlsplit(item.url).query else "")
        for item in report.items
    )


def test_an_rss_feed_gives_the_items_of_the_window_with_their_dates(server, make_source):
    server.page(
        "/feed.rss",
        rss(
            (server.url("/a/1.html"), "Mon, 10 Mar 2025 08:30:00 +0700"),
            (server.url("/a/2.html"), "Tue, 11 Mar 2025 00:00:00 +0700"),
            (server.url("/a/0.html"), "Sun, 09 Mar 2025 23:59:00 +0700"),
        ),
        content_type="text/html",
    )

    report = found(make_source())

    assert urls(report) == ["/a/1.html"]
    assert report.items[0].published_at == datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    assert report.items[0].title == "Tin mới 0"


def test_an_atom_feed_is_read_like_rss(server, make_source):
    server.page(
        "/feed.atom",
        f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title>
<entry><title>Hội nghị đối thoại</title><link rel="alternate" href="{server.url("/a/3.html")}"/>
<published>2025-03-10T09:00:00+07:00</published></entry></feed>""",
        content_type="application/atom+xml",
    )

    report = found(make_source([{"kind": "rss", "url": server.url("/feed.atom")}]))

    assert urls(report) == ["/a/3.html"]


def test_feed_dates_in_vietnamese_formats_or_without_an_offset_are_vietnam_time():
    assert parse_feed_date("10/03/2025 08:30") == datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    assert parse_feed_date("2025-03-10T08:30:00") == datetime(2025, 3, 10, 1, 30, tzinfo=UTC)
    assert parse_feed_date("") is None


def test_an_xml_entity_bomb_is_refused_and_the_other_methods_carry_on(server, make_source):
    server.page("/feed.rss", ENTITY_BOMB, content_type="application/rss+xml")
    server.page("/tin", '<p><a href="/a/5-10000.html">Bài</a> 10/03/2025</p>')

    report = found(
        make_source(
            [
                {"kind": "rss", "url": server.url("/feed.rss")},
                {"kind": "listing", "url": server.url("/tin")},
            ]
        )
    )

    assert report.errors == [f"rss:{server.url('/feed.rss')}: refused unsafe XML (EntitiesForbidden)"]
    assert urls(report) == ["/a/5-10000.html"]
    assert not report.source_failing


def test_a_malformed_feed_is_a_recorded_error(server, make_source):
    server.page("/feed.rss", "<rss><channel><item><link>", content_type="application/rss+xml")

    report = found(make_source())

    assert report.errors[0].startswith(f"rss:{server.url('/feed.rss')}: malformed XML")
    assert report.source_failing


def test_an_empty_feed_is_a_warning(server, make_source):
    server.page("/feed.rss", rss(), content_type="application/rss+xml")

    report = found(make_source())

    assert report.warnings == [f"empty feed: {server.url('/feed.rss')} answered with no items"]
    assert not report.source_failing


def test_a_sitemap_index_reads_the_children_of_the_window_only(server, make_source):
    server.page(
        "/sitemap.xml",
        f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>{server.url("/sitemaps/2025-03.xml")}</loc></sitemap>
 <sitemap><loc>{server.url("/sitemaps/2025-02.xml")}</loc></sitemap>
 <sitemap><loc>{server.url("/sitemaps/news.xml")}</loc><lastmod>2025-03-10T20:00:00+07:00</lastmod></sitemap>
 <sitemap><loc>{server.url("/sitemaps/old.xml")}</loc><lastmod>2024-12-31T20:00:00+07:00</lastmod></sitemap>
</sitemapindex>""",
        content_type="application/xml",
    )
    server.page(
        "/sitemaps/2025-03.xml",
        f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{server.url("/a/10.html")}</loc><lastmod>2025-03-10T10:00:00+07:00</lastmod></url>
 <url><loc>{server.url("/a/11.html")}</loc><lastmod>2025-03-12T10:00:00+07:00</lastmod></url>
 <url><loc>{server.url("/a/12.html")}</loc></url>
</urlset>""",
        content_type="application/xml",
    )
    server.page(
        "/sitemaps/news.xml",
        f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>{server.url("/a/20.html")}</loc><news:news><news:publication_date>2025-03-10T07:00:00+07:00
 </news:publication_date><news:title>Tiếp công dân</news:title></news:news></url>
</urlset>""",
        content_type="text/xml",
    )

    report = found(make_source([{"kind": "sitemap", "url": server.url("/sitemap.xml")}]))

    assert urls(report) == ["/a/10.html", "/a/20.html"]
    assert server.count("/sitemaps/2025-02.xml") == 0 and server.count("/sitemaps/old.xml") == 0
    assert report.warnings == [f"sitemap:{server.url('/sitemap.xml')}: skipped 1 sitemap URLs without a date"]


LISTING_ITEM = '<div class="item"><a href="{href}">Bài {n}</a><span class="date">{date}</span></div>'


def listing_page(*items: tuple[str, str]) -> str:
    return (
        "<html><body>"
        + "".join(LISTING_ITEM.format(href=href, n=n, date=date) for n, (href, date) in enumerate(items))
        + "</body></html>"
    )


def test_a_listing_is_walked_page_by_page_until_older_than_the_window(server, make_source):
    server.page(
        "/tin?page=1", listing_page(("/a/30.html", "11/03/2025 09:00"), ("/a/31.html", "10/03/2025 22:00"))
    )
    server.page(
        "/tin?page=2", listing_page(("/a/32.html", "10/03/2025 08:00"), ("/a/33.html", "10/03/2025 07:00"))
    )
    server.page(
        "/tin?page=3", listing_page(("/a/34.html", "09/03/2025 23:00"), ("/a/35.html", "09/03/2025 21:00"))
    )
    server.page("/tin?page=4", listing_page(("/a/36.html", "08/03/2025 09:00")))

    report = found(
        make_source(
            [
                {
                    "kind": "listing",
                    "url": server.url("/tin?page={page}"),
                    "item_selector": ".item",
                    "date_selector": ".date",
                }
            ]
        )
    )

    assert urls(report) == ["/a/31.html", "/a/32.html", "/a/33.html"]
    assert server.count("/tin?page=3") == 1 and server.count("/tin?page=4") == 0


def test_a_listing_next_link_that_loops_back_to_itself_is_detected(server, make_source):
    server.page(
        "/tin", listing_page(("/a/40.html", "10/03/2025 09:00")) + '<a class="next" href="/tin">Sau</a>'
    )

    report = found(
        make_source(
            [
                {
                    "kind": "listing",
                    "url": server.url("/tin"),
                    "item_selector": ".item",
                    "next_selector": "a.next",
                },
            ]
        )
    )

    assert urls(report) == ["/a/40.html"]
    assert report.warnings == [
        f"listing:{server.url('/tin')}: listing loops back to {server.url('/tin')}; stopped"
    ]
    assert server.count("/tin") == 1


def test_a_paged_listing_that_repeats_its_first_page_is_stopped(server, make_source):
    # Past its end this site answers every page number with page 1 again.
    server.page("/tin", listing_page(("/a/41.html", "10/03/2025 09:00"), ("/a/42.html", "10/03/2025 08:00")))

    report = found(
        make_source(
            [
                {
                    "kind": "listing",
                    "url": server.url("/tin?page={page}"),
                    "item_selector": ".item",
                    "max_pages": 50,
                },
            ]
        )
    )

    assert urls(report) == ["/a/41.html", "/a/42.html"]
    assert len(server.hits) == 3  # robots.txt, page 1, page 2 (a repeat)
    assert "repeats earlier items" in report.warnings[0]


def test_a_per_day_listing_is_walked_for_each_day_of_the_window(server, make_source):
    window = Window(START - timedelta(days=1), END, START - timedelta(days=1))
    server.page("/tin?bydate=09-03-2025&page=1", listing_page(("/a/50.html", "09/03/2025 10:00")))
    server.page("/tin?bydate=10-03-2025&page=1", listing_page(("/a/51.html", "10/03/2025 10:00")))
    server.page("/tin?bydate=10-03-2025&page=2", listing_page(("/a/52.html", "")))

    report = found(
        make_source(
            [
                {
                    "kind": "listing",
                    "url": server.url("/tin?bydate={date:%d-%m-%Y}&page={page}"),
                    "item_selector": ".item",
                    "date_selector": ".date",
                }
            ]
        ),
        window,
    )

    assert urls(report) == ["/a/50.html", "/a/51.html", "/a/52.html"]
    undated = next(item for item in report.items if item.url.endswith("/a/52.html"))
    assert undated.published_at == datetime(2025, 3, 9, 17, 0, tzinfo=UTC)
    days = {parse_qs(urlsplit(hit.path).query).get("bydate", [""])[0] for hit in server.hits}
    assert {"09-03-2025", "10-03-2025"} <= days


def test_search_queries_each_topic_term(server, make_source):
    server.page("/tim-kiem", listing_page(("/a/60.html", "10/03/2025 10:00")))

    report = found(
        make_source(
            [
                {
                    "kind": "search",
                    "url": server.url("/tim-kiem?q={query}&page={page}"),
                    "item_selector": ".item",
                    "max_pages": 1,
                }
            ],
            topics=["đối thoại", "tiếp công dân"],
        )
    )

    queries = sorted(parse_qs(urlsplit(hit.path).query)["q"][0] for hit in server.hits if "q=" in hit.path)
    assert queries == ["tiếp công dân", "đối thoại"]
    assert urls(report) == ["/a/60.html"]


def test_without_an_item_selector_article_like_links_are_taken(server, make_source):
    server.page(
        "/tin",
        """<nav><a href="/chinh-tri">Chính trị</a><a href="/lien-he">Liên hệ</a></nav>
<ul><li><a href="/chinh-tri/doi-thoai-voi-dan-123456.html">Đối thoại</a> 10/03/2025</li>
<li><a href="/tin-tuc/tiep-dan-987654">Tiếp dân</a> 10/03/2025</li></ul>""",
    )

    report = found(make_source([{"kind": "listing", "url": server.url("/tin")}]))

    assert urls(report) == ["/chinh-tri/doi-thoai-voi-dan-123456.html", "/tin-tuc/tiep-dan-987654"]


def test_links_to_other_hosts_are_refused_and_recorded(server, make_source):
    server.page(
        "/feed.rss",
        rss(
            (server.url("/a/70.html"), "Mon, 10 Mar 2025 08:30:00 +0700"),
            ("https://mxh.example/chia-se/70", "Mon, 10 Mar 2025 08:30:00 +0700"),
            ("http://192.168.1.20/noi-bo", "Mon, 10 Mar 2025 08:30:00 +0700"),
        ),
        content_type="application/rss+xml",
    )

    report = found(make_source())

    assert urls(report) == ["/a/70.html"]
    assert [(item.url, reason) for item, reason in report.refused] == [
        ("https://mxh.example/chia-se/70", "host mxh.example is not an allowed host"),
        ("http://192.168.1.20/noi-bo", "IP literal host 192.168.1.20 is not allowed"),
    ]


def test_the_same_article_from_two_methods_is_one_item(server, make_source):
    server.page(
        "/feed.rss",
        rss((server.url("/a/80.html?utm_source=rss"), "Mon, 10 Mar 2025 08:30:00 +0700")),
        content_type="application/rss+xml",
    )
    server.page("/tin", listing_page(("/a/80.html#binh-luan", "10/03/2025 08:30")))

    report = found(
        make_source(
            [
                {"kind": "rss", "url": server.url("/feed.rss")},
                {"kind": "listing", "url": server.url("/tin"), "item_selector": ".item"},
            ]
        )
    )

    assert urls(report) == ["/a/80.html"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTP://Hanoimoi.VN/a.html#top", "http://hanoimoi.vn/a.html"),
        ("https://x.vn/a.html?utm_source=rss&id=3", "https://x.vn/a.html?id=3"),
        ("https://x.vn", "https://x.vn/"),
    ],
)
def test_urls_are_normalised_to_one_per_article(raw, expected):
    assert normalise_url(raw) == expected


def test_a_failing_first_page_fails_the_method_and_all_failing_means_the_source_is_failing(
    server, make_source
):
    server.route("/feed.rss", Reply(status=500))

    report = found(make_source())

    assert report.source_failing
    assert report.errors == [
        f"rss:{server.url('/feed.rss')}: {server.url('/feed.rss')}: HTTP 500 (after 3 attempts)"
    ]


def test_a_gzipped_sitemap_is_read(server, make_source):
    xml = f"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{server.url("/a/90.html")}</loc><lastmod>2025-03-10T10:00:00+07:00</lastmod></url></urlset>"""
    server.page("/sitemap.xml.gz", gzip.compress(xml.encode()), content_type="application/x-gzip")

    report = found(make_source([{"kind": "sitemap", "url": server.url("/sitemap.xml.gz")}]))

    assert urls(report) == ["/a/90.html"]


def test_a_gzip_bomb_sitemap_is_refused(server, make_source):
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_XML_BYTES + 10) + b"</urlset>")
    server.page("/sitemap.xml.gz", bomb, content_type="application/gzip")

    report = found(make_source([{"kind": "sitemap", "url": server.url("/sitemap.xml.gz")}]))

    assert report.errors == [
        f"sitemap:{server.url('/sitemap.xml.gz')}: gzipped XML larger than {MAX_XML_BYTES} bytes refused"
    ]
