"""The replay corpus: three imitation news sites, the articles they serve and the facts those state.

The articles live in articles.yaml as data; this module reads them once and knows, per site, how that
site's CMS shapes its URLs (listing pagination, article paths) and its feeds. Facts follow the contract
in shared/spec/facts.md: qualifiers a fact leaves out take the contract's defaults here, so that every
expected fact carries the full set of columns its table has.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LOCAL_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
ARTICLES_FILE = Path(__file__).with_name("articles.yaml")
PAGE_SIZE = 5

TABLE_OF_MEASURE = {
    "dialogue_sessions": "dialogues",
    "dialogue_opinions": "dialogues",
    "dialogue_opinions_resolved": "dialogues",
    "dialogue_participants": "dialogues",
    "citizen_reception_visits": "complaints",
    "citizen_reception_people": "complaints",
    "citizen_reception_delegations": "complaints",
    "petitions_received": "complaints",
    "petitions_in_jurisdiction": "complaints",
    "cases_in_jurisdiction": "complaints",
    "cases_resolved": "complaints",
    "resolution_rate_pct": "complaints",
    "award_recipients": "awards",
    "dan_van_kheo_models": "awards",
}

ALLOWED_QUALIFIERS: dict[str, frozenset[str | None]] = {
    "value_qualifier": frozenset({"exact", "more_than", "less_than", "approximately"}),
    "admin_level": frozenset({"central", "province", "district", "commune", "unspecified"}),
    "dialogue_kind": frozenset({"periodic", "ad_hoc", "thematic", "unspecified"}),
    "complaint_kind": frozenset({"complaint", "denunciation", "petition", "mixed", "unspecified"}),
    "recipient_type": frozenset({"collective", "individual", "model"}),
    "award_form": frozenset(
        {"bang_khen", "giay_khen", "huan_chuong", "co_thi_dua", "ky_niem_chuong", "other", None}
    ),
}

# The qualifier columns each measure carries, with the contract's value when the text is silent;
# a default of ... means the text must settle it.
QUALIFIER_DEFAULTS: dict[str, dict[str, Any]] = {
    "dialogues": {"admin_level": "unspecified", "dialogue_kind": "unspecified"},
    "complaints": {"complaint_kind": "unspecified"},
    "award_recipients": {"recipient_type": ..., "award_form": ...},
    "dan_van_kheo_models": {"admin_level": "unspecified", "award_form": None},
}


@dataclass(frozen=True)
class SiteSpec:
    """One imitation site: who it is and the URL shapes of the CMS it imitates."""

    name: str
    title: str
    province: str
    categories: dict[str, str]
    listing_style: str
    article_style: str
    empty_feeds: bool = False
    has_sitemap: bool = False
    past_last_page_status: int = 404
    relative_links: bool = False
    feed_dates_in_gmt: bool = False
    disallow: tuple[str, ...] = ("/admin",)
    item_selector: str = ""
    date_selector: str = ""

    def listing_path(self, category: str, page: int) -> str:
        """The path of a listing page; page 1 has the short form that the site's menu links to."""
        if self.listing_style == "query":
            return f"/{category}" if page == 1 else f"/{category}?page={page}"
        if self.listing_style == "trang":
            return f"/{category}" if page == 1 else f"/{category}/trang-{page}.html"
        return f"/chuyen-muc/{category}/" if page == 1 else f"/chuyen-muc/{category}/page/{page}/"

    def listing_template(self, category: str) -> str:
        """The listing path with a {page} placeholder that also serves page 1, for discovery configs."""
        return {
            "query": f"/{category}?page={{page}}",
            "trang": f"/{category}/trang-{{page}}.html",
            "wordpress": f"/chuyen-muc/{category}/page/{{page}}/",
        }[self.listing_style]

    def feed_path(self, category: str) -> str:
        return f"/rss/{category}.rss"


SITES: tuple[SiteSpec, ...] = (
    SiteSpec(
        name="baothaibinh_replay",
        title="Báo Thái Bình điện tử (bản mô phỏng)",
        province="Thái Bình",
        categories={"dan-van": "Dân vận", "xa-hoi": "Xã hội"},
        listing_style="query",
        article_style="newspaper",
        past_last_page_status=200,
        item_selector="article.story",
        date_selector=".story-time",
    ),
    SiteSpec(
        name="yenthanh_portal",
        title="Cổng thông tin điện tử huyện Yên Thành (bản mô phỏng)",
        province="Nghệ An",
        categories={"tin-tuc-su-kien": "Tin tức - Sự kiện", "thong-bao": "Thông báo"},
        listing_style="trang",
        article_style="portal",
        empty_feeds=True,
        has_sitemap=True,
        relative_links=True,
        disallow=("/admin", "/Portals/Admin"),
        item_selector="li.news-item",
        date_selector=".date",
    ),
    SiteSpec(
        name="mattran_cantho",
        title="Ủy ban MTTQ Việt Nam thành phố Cần Thơ (bản mô phỏng)",
        province="Cần Thơ",
        categories={"tin-hoat-dong": "Tin hoạt động"},
        listing_style="wordpress",
        article_style="wordpress",
        feed_dates_in_gmt=True,
        disallow=("/admin", "/wp-admin/"),
        item_selector="article.post",
        date_selector="time.entry-date",
    ),
)


@dataclass(frozen=True)
class Article:
    site: str
    category: str
    slug: str
    post_id: int
    published_at: datetime
    title: str
    author: str
    sapo: str
    body: tuple[str, ...]
    photo: str | None
    facts: tuple[dict[str, Any], ...]
    non_facts: tuple[str, ...]

    @property
    def text(self) -> str:
        """Everything the article itself says: headline, lead and body."""
        return "\n".join((self.title, self.sapo, *self.body))


def site_spec(name: str) -> SiteSpec:
    for spec in SITES:
        if spec.name == name:
            return spec
    raise KeyError(name)


def article_path(article: Article) -> str:
    style = site_spec(article.site).article_style
    if style == "newspaper":
        return f"/{article.category}/{article.slug}-{article.post_id}.html"
    if style == "portal":
        return f"/{article.category}/{article.post_id}/{article.slug}.html"
    return f"/{article.published_at:%Y/%m/%d}/{article.slug}/"


def article_link_pattern(spec: SiteSpec, category: str) -> str:
    """A regular expression that article links of one category's listing match, and nothing else there."""
    if spec.article_style == "newspaper":
        return rf"/{category}/[a-z0-9-]+-\d+\.html$"
    if spec.article_style == "portal":
        return rf"/{category}/\d+/[a-z0-9-]+\.html$"
    return r"/\d{4}/\d{2}/\d{2}/[a-z0-9-]+/$"


def slug_of(title: str) -> str:
    """The ASCII slug Vietnamese CMSes derive from a headline."""
    folded = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    ascii_title = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")


def vietnamese_number(value: float) -> str:
    """A number as Vietnamese texts write it: 1.236, 92,1."""
    whole, _, fraction = f"{value:.10g}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def fact_with_defaults(raw: dict[str, Any], province: str) -> dict[str, Any]:
    """A fact with every qualifier column its measure carries, checked against the contract."""
    measure = raw["measure"]
    table = TABLE_OF_MEASURE[measure]
    defaults = QUALIFIER_DEFAULTS.get(measure, QUALIFIER_DEFAULTS.get(table, {}))
    unknown = set(raw) - {"measure", "value", "value_qualifier", "province", *defaults}
    if unknown:
        raise ValueError(f"{measure} does not take {sorted(unknown)}")
    fact: dict[str, Any] = {
        "table": table,
        "measure": measure,
        "value": float(raw["value"]),
        "value_qualifier": raw.get("value_qualifier", "exact"),
        "province": raw.get("province", province),
    }
    for column, default in defaults.items():
        if default is ... and column not in raw:
            raise ValueError(f"{measure} {raw['value']} needs {column}")
        fact[column] = raw.get(column, default)
    for column, allowed in ALLOWED_QUALIFIERS.items():
        if column in fact and fact[column] not in allowed:
            raise ValueError(f"{measure} {raw['value']}: {column}={fact[column]!r} is not in the contract")
    return fact


def article_of(raw: dict[str, Any]) -> Article:
    spec = site_spec(raw["site"])
    if raw["category"] not in spec.categories:
        raise ValueError(f"{raw['title']}: {spec.name} has no category {raw['category']}")
    published_at = datetime.fromisoformat(raw["published_at"]).astimezone(LOCAL_TZ)
    return Article(
        site=spec.name,
        category=raw["category"],
        slug=raw.get("slug") or slug_of(raw["title"]),
        post_id=int(published_at.strftime("%y%m%d%H%M")),
        published_at=published_at,
        title=raw["title"],
        author=raw["author"],
        sapo=raw["sapo"],
        body=tuple(raw["body"]),
        photo=raw.get("photo"),
        facts=tuple(fact_with_defaults(fact, spec.province) for fact in raw.get("facts") or ()),
        non_facts=tuple(raw.get("non_facts") or ()),
    )


@cache
def corpus() -> tuple[Article, ...]:
    """Every article of every site, newest first (the order listings and feeds show them in)."""
    raw = yaml.safe_load(ARTICLES_FILE.read_text(encoding="utf-8"))
    articles = sorted((article_of(item) for item in raw["articles"]), key=lambda a: a.published_at)
    return tuple(reversed(articles))


def site_articles(name: str, category: str | None = None) -> list[Article]:
    return [a for a in corpus() if a.site == name and (category is None or a.category == category)]


def page_count(name: str, category: str) -> int:
    return max(1, -(-len(site_articles(name, category)) // PAGE_SIZE))
