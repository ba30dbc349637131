"""Pages of the replay sites: each site's HTML comes from its own template file, like a different CMS.

A template file holds named blocks (`<!--# name -->` starts one) filled with string.Template; this
module computes the values, escapes them, and assembles the blocks into pages. Feeds, sitemaps and
robots.txt have standard formats and are written here directly.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from datetime import UTC
from email.utils import format_datetime
from functools import cache
from html import escape
from pathlib import Path
from string import Template
from xml.sax.saxutils import escape as xml_escape

from danvan.replay.corpus import (
    PAGE_SIZE,
    Article,
    SiteSpec,
    article_path,
    page_count,
    site_articles,
)

TEMPLATES_DIR = Path(__file__).with_name("templates")
BLOCK_MARKER = re.compile(r"^<!--# (\w+) -->\n", re.MULTILINE)
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
RELATED_COUNT = 3


@cache
def templates(site: str) -> dict[str, Template]:
    parts = BLOCK_MARKER.split((TEMPLATES_DIR / f"{site}.html").read_text(encoding="utf-8"))
    return {name: Template(body) for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def fill(spec: SiteSpec, block: str, **values: object) -> str:
    return templates(spec.name)[block].substitute(values)


def link(spec: SiteSpec, base_url: str, path: str) -> str:
    """A link as the site writes it in its pages: some CMSes write root-relative links."""
    return path if spec.relative_links else base_url + path


def date_fields(article: Article) -> dict[str, str]:
    published = article.published_at
    return {
        "iso": published.isoformat(),
        "weekday": WEEKDAYS[published.weekday()],
        "date_dmy": published.strftime("%d/%m/%Y"),
        "time_hm": published.strftime("%H:%M"),
    }


def image_path(article: Article) -> str:
    return f"/uploads/{article.published_at:%Y/%m}/{article.slug[:40]}.jpg"


def page(spec: SiteSpec, base_url: str, title: str, head: str, main: str) -> str:
    nav = "".join(
        fill(spec, "nav_item", href=link(spec, base_url, spec.listing_path(category, 1)), label=escape(label))
        for category, label in spec.categories.items()
    )
    return fill(
        spec,
        "page",
        page_title=escape(title),
        head=head,
        main=main,
        nav=nav,
        base_url=base_url,
        site_title=escape(spec.title),
    )


def json_ld(article: Article, url: str, spec: SiteSpec) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.published_at.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": spec.title},
        "mainEntityOfPage": url,
    }
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def body_html(spec: SiteSpec, article: Article) -> str:
    """The body paragraphs, with the photo (if any) after the first one, where these sites put it."""
    blocks = [fill(spec, "paragraph", text=escape(text)) for text in article.body]
    if article.photo:
        figure = fill(
            spec,
            "figure",
            src=image_path(article),
            caption=escape(article.photo),
            author=escape(article.author),
        )
        blocks.insert(1, figure)
    return "".join(blocks)


def related_articles(article: Article) -> list[Article]:
    """The site's newest other articles: the 'related news' box most CMSes fill by recency."""
    return [other for other in site_articles(article.site) if other != article][:RELATED_COUNT]


def article_page(spec: SiteSpec, base_url: str, article: Article) -> str:
    url = base_url + article_path(article)
    category_label = escape(spec.categories[article.category])
    common = {
        **date_fields(article),
        "title": escape(article.title),
        "canonical": url,
        "base_url": base_url,
        "site_title": escape(spec.title),
        "category": article.category,
        "category_label": category_label,
        "category_url": link(spec, base_url, spec.listing_path(article.category, 1)),
    }
    head = fill(
        spec,
        "article_head",
        **common,
        description=escape(article.sapo),
        image=base_url + image_path(article),
        json_ld=json_ld(article, url, spec),
        post_id=article.post_id,
    )
    related = "".join(
        fill(
            spec,
            "related_item",
            **date_fields(other),
            href=link(spec, base_url, article_path(other)),
            title=escape(other.title),
        )
        for other in related_articles(article)
    )
    main = fill(
        spec,
        "article",
        **common,
        author=escape(article.author),
        sapo=escape(article.sapo),
        body=body_html(spec, article),
        related=related,
        post_id=article.post_id,
        province=escape(spec.province),
        views=137 + article.post_id % 911,
        audio_len=f"0{2 + len(article.body) // 2}:{article.post_id % 60:02d}",
    )
    return page(spec, base_url, f"{article.title} - {spec.title}", head, main)


def listing_items(spec: SiteSpec, base_url: str, articles: Iterable[Article]) -> str:
    return "".join(
        fill(
            spec,
            "listing_item",
            **date_fields(article),
            href=link(spec, base_url, article_path(article)),
            title=escape(article.title),
            sapo=escape(article.sapo),
            thumb=image_path(article),
        )
        for article in articles
    )


def pager(spec: SiteSpec, base_url: str, category: str, current: int, pages: int) -> str:
    parts = [
        fill(spec, "pager_current", label=number)
        if number == current
        else fill(
            spec, "pager_link", href=link(spec, base_url, spec.listing_path(category, number)), label=number
        )
        for number in range(1, pages + 1)
    ]
    if current < pages:
        parts.append(
            fill(spec, "pager_next", href=link(spec, base_url, spec.listing_path(category, current + 1)))
        )
    return " ".join(parts)


def listing_page(spec: SiteSpec, base_url: str, category: str, number: int) -> str | None:
    """A category's listing page, newest first; None past the last page where the site answers 404."""
    pages = page_count(spec.name, category)
    if number > pages and spec.past_last_page_status == 404:
        return None
    shown = site_articles(spec.name, category)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    label = spec.categories[category]
    main = fill(
        spec,
        "listing",
        category_label=escape(label),
        category_url=link(spec, base_url, spec.listing_path(category, 1)),
        base_url=base_url,
        items=listing_items(spec, base_url, shown) if shown else fill(spec, "listing_empty"),
        pager=pager(spec, base_url, category, number, pages) if shown else "",
    )
    head = fill(
        spec,
        "listing_head",
        canonical=base_url + spec.listing_path(category, number),
        category_label=escape(label),
        site_title=escape(spec.title),
    )
    title = label if number == 1 else f"{label} - Trang {number}"
    return page(spec, base_url, f"{title} - {spec.title}", head, main)


def home_page(spec: SiteSpec, base_url: str) -> str:
    items = listing_items(spec, base_url, site_articles(spec.name)[:PAGE_SIZE])
    main = fill(spec, "home", items=items, base_url=base_url)
    return page(spec, base_url, spec.title, "", main)


def not_found_page(spec: SiteSpec, base_url: str) -> str:
    return page(
        spec, base_url, f"Không tìm thấy trang - {spec.title}", "", fill(spec, "not_found", base_url=base_url)
    )


def rfc822(article: Article, in_gmt: bool) -> str:
    published = article.published_at.astimezone(UTC) if in_gmt else article.published_at
    return format_datetime(published, usegmt=in_gmt)


def feed(spec: SiteSpec, base_url: str, category: str) -> str:
    """An RSS 2.0 feed of a category; sites with empty feeds answer with a channel and no items."""
    articles = [] if spec.empty_feeds else site_articles(spec.name, category)
    items = "".join(
        "<item>"
        f"<title>{xml_escape(a.title)}</title>"
        f"<link>{xml_escape(base_url + article_path(a))}</link>"
        f'<guid isPermaLink="true">{xml_escape(base_url + article_path(a))}</guid>'
        f'<description><![CDATA[<img src="{base_url}{image_path(a)}" /> {a.sapo}]]></description>'
        f"<category>{xml_escape(spec.categories[category])}</category>"
        f"<pubDate>{rfc822(a, spec.feed_dates_in_gmt)}</pubDate>"
        "</item>\n"
        for a in articles
    )
    label = xml_escape(spec.categories[category])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{label} - {xml_escape(spec.title)}</title>\n"
        f"<link>{xml_escape(base_url + spec.listing_path(category, 1))}</link>\n"
        f'<atom:link href="{xml_escape(base_url + spec.feed_path(category))}" rel="self" '
        'type="application/rss+xml" />\n'
        f"<description>{label}</description>\n<language>vi-VN</language>\n"
        f"{items}</channel>\n</rss>\n"
    )


def sitemap(spec: SiteSpec, base_url: str) -> str:
    urls = "".join(
        f"<url><loc>{xml_escape(base_url + article_path(a))}</loc>"
        f"<lastmod>{a.published_at.isoformat()}</lastmod></url>\n"
        for a in site_articles(spec.name)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{urls}</urlset>\n"
    )


def robots(spec: SiteSpec, base_url: str) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in spec.disallow), "Allow: /"]
    if spec.has_sitemap:
        lines += ["", f"Sitemap: {base_url}/sitemap.xml"]
    return "\n".join(lines) + "\n"
