"""Sources are YAML entries: shipped ones, plus a deployment's own files that add or override them;
a bad entry is reported with its file, entry and field, and the other sources still load."""

from __future__ import annotations

import pytest
from sitekit import write_sources

from scrapers.sources import (
    DEFAULT_TOPICS,
    SHIPPED_DIR,
    UnknownSource,
    get_source,
    load_sources,
    load_sources_and_errors,
    source_errors,
    template_fields,
)

SEED_SITES = {"hanoimoi", "baohoabinh", "daibieunhandan", "baochinhphu"}
NATIONAL = {"tuyengiaodanvan", "dangcongsan", "mattran", "kinhtedothi"}


def entry(**fields):
    return {
        "name": "cong_tinh",
        "title": "Cổng thông tin điện tử tỉnh",
        "base_url": "https://tinh.gov.vn",
        "allowed_hosts": ["tinh.gov.vn"],
        "discovery": [{"kind": "rss", "url": "https://tinh.gov.vn/rss/tin-tuc.rss"}],
        **fields,
    }


def test_the_shipped_sources_are_all_valid_and_cover_the_seed_national_and_provincial_sites():
    sources, errors = load_sources_and_errors(None)

    assert errors == []
    assert set(sources) >= SEED_SITES | NATIONAL
    provincial = {
        name for name, source in sources.items() if source.province and name not in SEED_SITES | NATIONAL
    }
    assert len(provincial) >= 4
    assert len({source.province for name, source in sources.items() if name in provincial}) == len(provincial)


# The 34 provinces since 1 July 2025 absorbed these; a source of an absorbed one is an archive.
MERGED_INTO = {"Hòa Bình": "Phú Thọ", "Bắc Kạn": "Thái Nguyên", "Quảng Nam": "Đà Nẵng", "Phú Yên": "Đắk Lắk"}


def test_the_shipped_sources_cover_at_least_20_of_the_34_provinces():
    sources = load_sources(None)
    provinces = {MERGED_INTO.get(s.province, s.province) for s in sources.values() if s.province}
    assert len(provinces) >= 20, sorted(provinces)


def test_every_shipped_source_says_where_and_when_it_was_checked():
    for name, source in load_sources(None).items():
        assert source.checked is not None, name
        assert source.checked.date >= "2026-01-01" and source.checked.evidence, name


def test_the_2025_mergers_are_followed_and_the_old_archive_kept():
    sources = load_sources(None)
    assert sources["baophutho"].province == "Phú Thọ"
    assert sources["baohoabinh"].province == "Hòa Bình"  # facts keep the province named at the time
    assert "Phú Thọ" in " ".join(sources["baohoabinh"].checked.evidence) or "baophutho" in (
        sources["baohoabinh"].checked.notes or ""
    )


def test_the_shipped_entries_say_what_the_real_sites_need():
    sources = load_sources(None)

    assert sources["tuyengiaodanvan"].render and all(
        m.kind != "rss" for m in sources["tuyengiaodanvan"].discovery
    )
    # Today's listings (/blogs/category/type/<type>?&categoryId=<hex>&page=N&size=10, link_link items);
    # the danvan.vn-era /chuyen-muc/ + .news-item shape is gone.
    assert all(
        "/blogs/category/type/" in m.url and "categoryId=" in m.url and "link_link" in (m.item_selector or "")
        for m in sources["tuyengiaodanvan"].discovery
    )
    assert {"dangcongsan.vn", "dangcongsan.org.vn"} <= set(sources["dangcongsan"].allowed_hosts)
    assert any(m.per_day and "bydate=" in m.url for m in sources["mattran"].discovery)
    assert all(source.topics == DEFAULT_TOPICS for source in sources.values())
    assert {path.stem for path in SHIPPED_DIR.glob("*.yaml")} == set(sources)


def test_a_deployment_file_adds_a_source(data):
    write_sources(data, [entry()])

    sources = load_sources(data)

    assert sources["cong_tinh"].title == "Cổng thông tin điện tử tỉnh"
    assert sources["cong_tinh"].rate_limit == 1.0 and sources["cong_tinh"].render is False
    assert sources["cong_tinh"].files == (str(data.sources / "local.yaml"),)
    assert "hanoimoi" in sources


def test_a_deployment_entry_with_a_shipped_name_overrides_only_the_fields_it_sets(data):
    write_sources(data, [{"name": "hanoimoi", "rate_limit": 0.25, "province": "Thành phố Hà Nội"}])

    source = load_sources(data)["hanoimoi"]

    assert source.rate_limit == 0.25 and source.province == "Thành phố Hà Nội"
    assert source.base_url == "https://hanoimoi.vn" and len(source.discovery) == 3
    assert len(source.files) == 2


def test_a_later_deployment_file_overrides_an_earlier_one(data):
    write_sources(data, [entry(rate_limit=2)], "a.yaml")
    write_sources(data, [{"name": "cong_tinh", "rate_limit": 0.5}], "b.yaml")

    assert load_sources(data)["cong_tinh"].rate_limit == 0.5


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": "Cổng Tỉnh"}, "name", "lower-case letters"),
        ({"base_url": "tinh.gov.vn"}, "base_url", "http(s) URL"),
        ({"allowed_hosts": ["khac.gov.vn"]}, "allowed_hosts", "must include the base_url host tinh.gov.vn"),
        ({"discovery": []}, "discovery", "non-empty list"),
        (
            {"discovery": [{"kind": "atom", "url": "https://tinh.gov.vn/a"}]},
            "discovery[0].kind",
            "must be one of",
        ),
        ({"discovery": [{"kind": "rss"}]}, "discovery[0].url", "required"),
        (
            {"discovery": [{"kind": "rss", "url": "https://khac.vn/rss"}]},
            "discovery[0].url",
            "host khac.vn is not in allowed_hosts",
        ),
        (
            {"discovery": [{"kind": "search", "url": "https://tinh.gov.vn/tim?page={page}"}]},
            "discovery[0].url",
            "needs a {query} placeholder",
        ),
        (
            {"discovery": [{"kind": "rss", "url": "https://tinh.gov.vn/rss?page={page}"}]},
            "discovery[0].url",
            "placeholder {page} not allowed for rss",
        ),
        (
            {"discovery": [{"kind": "listing", "url": "https://tinh.gov.vn/tin", "item_selector": "div[["}]},
            "discovery[0].item_selector",
            "unsupported CSS selector",
        ),
        (
            {
                "discovery": [
                    {"kind": "listing", "url": "https://tinh.gov.vn/tin", "next_selector": "a:contains(Sau)"}
                ]
            },
            "discovery[0].next_selector",
            "unsupported CSS selector",
        ),
        (
            {"discovery": [{"kind": "listing", "url": "https://tinh.gov.vn/tin", "max_pages": 0}]},
            "discovery[0].max_pages",
            "whole number",
        ),
        (
            {"discovery": [{"kind": "listing", "url": "https://tinh.gov.vn/tin", "link_pattern": "(["}]},
            "discovery[0].link_pattern",
            "bad regular expression",
        ),
        (
            {"discovery": [{"kind": "listing", "url": "https://tinh.gov.vn/tin", "selector": "a"}]},
            "discovery[0].selector",
            "unknown field",
        ),
        ({"rate_limit": 0}, "rate_limit", "requests per second"),
        ({"rate_limit": "nhanh"}, "rate_limit", "requests per second"),
        ({"render": "có"}, "render", "true or false"),
        ({"topics": []}, "topics", "non-empty list"),
        ({"extract": ["h1"]}, "extract", "mapping"),
        ({"extract": {"titel": "h1"}}, "extract.titel", "unknown extraction hint"),
        (
            {"extract": {"body": "div:nth-child(2)"}},
            "extract.body",
            "unsupported CSS selector 'div:nth-child(2)'",
        ),
        ({"extract": {"remove": [".share", "p:first-child"]}}, "extract.remove", "unsupported CSS selector"),
        ({"extract": {"date": ["time"]}}, "extract.date", "must be a CSS selector"),
        ({"rate_limt": 1}, "rate_limt", "unknown field"),
        ({"province": "Hoà Bìnhh"}, "province", "names no province"),
        ({"province": 12}, "province", "must be a string"),
        ({"checked": "hôm qua"}, "checked", "mapping with date and evidence"),
        ({"checked": {"date": "05/12/2026", "evidence": ["x"]}}, "checked.date", "ISO date"),
        ({"checked": {"date": "2026-12-05"}}, "checked.evidence", "non-empty list"),
        ({"checked": {"date": "2026-12-05", "evidence": ["x"], "by": "ai"}}, "checked.by", "unknown field"),
    ],
)
def test_a_bad_entry_is_reported_with_file_entry_and_field_and_skipped(data, fields, field, message):
    path = write_sources(data, [entry(**fields), entry(name="cong_khac")])

    sources, errors = load_sources_and_errors(data)

    assert len(errors) == 1
    error = errors[0]
    assert (error.file, error.field) == (str(path), field)
    assert message in error.message
    assert str(error).startswith(f"{path}: source ")
    assert "cong_khac" in sources and "cong_tinh" not in sources
    assert "hanoimoi" in sources


def test_an_unreadable_file_is_one_error_and_the_shipped_sources_still_load(data):
    data.sources.mkdir(parents=True)
    (data.sources / "hong.yaml").write_text("sources: [\n  - name: x\n", encoding="utf-8")
    (data.sources / "sai.yaml").write_text("name: cong_tinh\n", encoding="utf-8")

    errors = source_errors(data)

    assert [(e.file.rsplit("/", 1)[-1], e.field) for e in errors] == [
        ("hong.yaml", "(file)"),
        ("sai.yaml", "sources"),
    ]
    assert "hanoimoi" in load_sources(data)


def test_asking_for_an_invalid_source_by_name_says_why(data):
    write_sources(data, [entry(rate_limit=-1)])

    with pytest.raises(UnknownSource, match="field 'rate_limit'"):
        get_source("cong_tinh", data)


def test_url_templates_name_their_placeholders():
    assert template_fields("https://mattran.org.vn/?bydate={date:%d-%m-%Y}&page={page}") == {"date", "page"}
    assert template_fields("https://x.vn/rss") == set()
