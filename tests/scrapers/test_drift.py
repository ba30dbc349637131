"""Drift: a source whose pages answer 200 but whose entry no longer matches the site is reported by name,
with the method and selector concerned: its last runs all landed nothing, a listing selector or body hint
matched nothing on answering pages, or its extracted bodies suddenly shrank. Real local servers, no mocks."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sitekit import Reply, article

from scrapers.crawl import crawl_source
from scrapers.drift import drift_warnings, landing_drift, selector_drift, shrink_drift

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = datetime(2025, 9, 1, tzinfo=VIETNAM)


def crawl_days(name: str, days: int, data, fast) -> None:
    for n in range(days):
        start = FIRST + timedelta(days=n)
        crawl_source(name, start, start + timedelta(days=1), data, config=fast)


def test_a_listing_whose_selector_matches_nothing_is_reported_after_three_empty_runs(
    data, server, make_source, fast
):
    # The site redesigned its list: the page answers 200, the configured item selector matches nothing.
    server.page(
        "/chinh-tri",
        '<div class="b-grid"><h3 class="b-grid__title"><a href="/doi-thoai-1234567.html">Đối thoại</a>'
        "</h3></div>",
    )
    method = {
        "kind": "listing",
        "url": server.url("/chinh-tri"),
        "max_pages": 1,
        "item_selector": "article.story",
    }
    make_source([method])

    crawl_days("testsite", 2, data, fast)
    assert landing_drift(data) == []  # two empty runs are not yet drift

    crawl_days("testsite", 3, data, fast)

    drifts = landing_drift(data)
    assert [d.source for d in drifts] == ["testsite"]
    warning = drift_warnings(data)["testsite"]
    assert "landed nothing in its last 3 runs" in warning
    assert f"listing:{server.url('/chinh-tri')}" in warning
    assert "danvan check-source testsite" in warning


def test_a_source_that_landed_in_one_of_its_last_runs_is_not_drift(data, server, make_source, fast):
    server.page(
        "/chinh-tri",
        '<ul><li><a href="/a/doi-thoai-1001.html">Đối thoại</a> 03/09/2025 09:00</li></ul>',
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-09-03T09:00:00+07:00"))
    make_source([{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}])

    crawl_days("testsite", 5, data, fast)  # 1-2 Sep nothing, 3 Sep one page, 4-5 Sep nothing

    assert landing_drift(data) == []
    assert [d.source for d in landing_drift(data, runs=2)] == ["testsite"]


def test_danvan_status_shows_the_drift_warning_on_the_source_line(data, server, make_source, fast):
    from danvan.status import render_status

    server.page("/chinh-tri", "<div><p>Trang đang bảo trì</p></div>")
    make_source(
        [{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1, "item_selector": "article"}]
    )
    crawl_days("testsite", 3, data, fast)

    line = next(line for line in render_status(data).splitlines() if line.strip().startswith("testsite"))
    assert "landed nothing in its last 3 runs" in line


# --- selectors that match nothing on pages that answer 200 ---------------------------------------------

REDESIGNED_LIST = (
    '<div class="b-grid"><h3 class="b-grid__title"><a href="/doi-thoai-1234567.html">Đối thoại</a></h3>'
    '<div class="b-grid__time">0{day}/09/2025 09:00</div></div>'
)


def test_a_listing_selector_matching_nothing_on_answering_pages_is_named_after_two_runs(
    data, server, make_source, fast
):
    server.page("/chinh-tri", REDESIGNED_LIST.format(day=1))
    method = {
        "kind": "listing",
        "url": server.url("/chinh-tri"),
        "max_pages": 1,
        "item_selector": "article.story",
    }
    make_source([method])
    label = f"listing:{server.url('/chinh-tri')}"

    crawl_days("testsite", 1, data, fast)
    assert selector_drift(data) == []  # one run is not yet drift (a per-day listing may have a quiet day)

    lines: list[str] = []
    start = FIRST + timedelta(days=1)
    crawl_source("testsite", start, start + timedelta(days=1), data, lines.append, config=fast)

    [drift] = selector_drift(data)
    assert (drift.source, drift.where, drift.field, drift.selector) == (
        "testsite",
        label,
        "item_selector",
        "article.story",
    )
    assert drift.pages == 2
    assert f"discovery {label}: item_selector 'article.story' matched nothing on 2 pages" in drift.warning
    assert "answered 200 in its last 2 runs (2025-09-01 to 2025-09-02)" in drift.warning
    assert server.url("/chinh-tri") in drift.fix and "item_selector" in drift.fix
    # The DAG log: the landing's progress lines carry the warning.
    assert any("DRIFT WARNING" in line and "item_selector 'article.story'" in line for line in lines)
    # danvan status: on the source's line.
    assert "item_selector 'article.story' matched nothing" in drift_warnings(data)["testsite"]


def test_a_listing_whose_selector_matched_in_one_of_the_last_runs_is_not_selector_drift(
    data, server, make_source, fast
):
    server.route(
        "/chinh-tri",
        Reply(body='<article class="story"><a href="/a/doi-thoai-1001.html">Đối thoại</a></article>'),
        Reply(body=REDESIGNED_LIST.format(day=2)),
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-09-01T09:00:00+07:00"))
    method = {
        "kind": "listing",
        "url": server.url("/chinh-tri"),
        "max_pages": 1,
        "item_selector": "article.story",
    }
    make_source([method])

    crawl_days("testsite", 2, data, fast)  # matched on 1 Sep, nothing on 2 Sep

    assert selector_drift(data) == []
    assert [d.field for d in selector_drift(data, runs=1)] == ["item_selector"]


def test_a_link_pattern_that_no_link_matches_any_more_is_named(data, server, make_source, fast):
    # The site moved its articles from -<id>.html to /<yyyymm>/<slug>-<id>/: the pattern finds nothing.
    server.page("/chinh-tri", '<ul><li><a href="/chinh-tri/202509/doi-thoai-1001/">Đối thoại</a></li></ul>')
    method = {
        "kind": "listing",
        "url": server.url("/chinh-tri"),
        "max_pages": 1,
        "link_pattern": r"-\d+\.html$",
    }
    make_source([method])

    crawl_days("testsite", 2, data, fast)

    [drift] = selector_drift(data)
    assert (drift.field, drift.selector) == ("link_pattern", r"-\d+\.html$")


def test_a_body_hint_matching_nothing_on_answering_article_pages_is_named(data, server, make_source, fast):
    server.page(
        "/chinh-tri",
        '<ul><li><a href="/a/doi-thoai-1001.html">Đối thoại</a> 01/09/2025 09:00</li>'
        '<li><a href="/a/tiep-dan-1002.html">Tiếp dân</a> 02/09/2025 09:00</li></ul>',
    )
    # The article pages answer 200 and extract (generic extraction), but the hinted element is gone.
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-09-01T09:00:00+07:00"))
    server.page("/a/tiep-dan-1002.html", article("Tiếp công dân định kỳ", "2025-09-02T09:00:00+07:00"))
    make_source(
        [{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}],
        extract={"body": "div.b-maincontent"},
    )

    crawl_days("testsite", 2, data, fast)

    assert landing_drift(data) == []  # pages landed: only the hint says the markup moved
    [drift] = selector_drift(data)
    assert (drift.where, drift.field, drift.selector, drift.pages) == (
        "extract.body",
        "extract.body",
        "div.b-maincontent",
        2,
    )
    assert drift.warning.startswith("extraction hint: extract.body 'div.b-maincontent' matched nothing on 2")
    assert "extract.body" in drift.fix


def test_a_body_hint_that_still_matches_is_not_drift(data, server, make_source, fast):
    server.page(
        "/chinh-tri", '<ul><li><a href="/a/doi-thoai-1001.html">Đối thoại</a> 01/09/2025 09:00</li></ul>'
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-09-01T09:00:00+07:00"))
    make_source(
        [{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}], extract={"body": "article"}
    )

    crawl_days("testsite", 3, data, fast)

    assert selector_drift(data) == []


# --- bodies that suddenly shrink ---------------------------------------------------------------------------

LONG = (
    "Ủy ban nhân dân xã tổ chức hội nghị đối thoại trực tiếp với Nhân dân về bồi thường, hỗ trợ tái định cư; "
    "bà con nêu nhiều ý kiến về đơn giá đất, vị trí khu tái định cư và tiến độ chi trả, lãnh đạo xã trả lời "
    "trực tiếp phần lớn ý kiến và giao các bộ phận chuyên môn rà soát, trả lời bằng văn bản "
    "những ý kiến còn lại."
)


def shrinking_site(server, short_from: int) -> None:
    """Three articles a day on 1-3 September; from day `short_from` on, their pages carry only a caption."""
    items = []
    for day in (1, 2, 3):
        for n in range(3):
            path = f"/a/doi-thoai-{day}{n:02d}1.html"
            items.append(f'<li><a href="{path}">Đối thoại {day}.{n}</a> 0{day}/09/2025 0{n + 7}:00</li>')
            body = "Ảnh: Minh họa." if day >= short_from else f"{LONG} Bài số {day}.{n}."
            server.page(
                path, article(f"Đối thoại ngày {day} số {n}", f"2025-09-0{day}T0{n + 7}:00:00+07:00", body)
            )
    server.page("/chinh-tri", f"<ul>{''.join(items)}</ul>")


def test_bodies_that_suddenly_shrink_are_reported_against_the_sources_history(
    data, server, make_source, fast
):
    shrinking_site(server, short_from=3)
    make_source([{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}])

    crawl_days("testsite", 2, data, fast)
    assert shrink_drift(data) == []  # two runs of whole articles

    lines: list[str] = []
    start = FIRST + timedelta(days=2)
    crawl_source("testsite", start, start + timedelta(days=1), data, lines.append, config=fast)

    [drift] = shrink_drift(data)
    assert (drift.source, drift.interval, drift.pages, drift.history_runs) == ("testsite", "2025-09-03", 3, 2)
    assert drift.median_chars < 0.4 * drift.history_median_chars
    assert "bodies shrank to a median of" in drift.warning
    assert "the generic extractor (no body hint)" in drift.warning
    assert "extract.body" in drift.fix
    assert any("DRIFT WARNING" in line and "bodies shrank" in line for line in lines)
    assert "bodies shrank" in drift_warnings(data)["testsite"]


def test_bodies_of_the_usual_length_are_not_shrink_drift(data, server, make_source, fast):
    shrinking_site(server, short_from=9)
    make_source([{"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1}])

    crawl_days("testsite", 3, data, fast)

    assert shrink_drift(data) == []


# --- danvan status and check-source ----------------------------------------------------------------------


def test_danvan_status_shows_a_selector_drift_naming_method_and_selector(data, server, make_source, fast):
    from danvan.status import render_status

    server.page("/chinh-tri", REDESIGNED_LIST.format(day=1))
    make_source(
        [
            {
                "kind": "listing",
                "url": server.url("/chinh-tri"),
                "max_pages": 1,
                "item_selector": "li.news-item",
            }
        ]
    )
    crawl_days("testsite", 2, data, fast)

    status = render_status(data)
    assert "item_selector 'li.news-item' matched nothing" in status
    assert f"listing:{server.url('/chinh-tri')}" in status


def test_check_source_says_which_selector_to_fix_and_how(data, server, make_source, fast):
    from scrapers.check import check_source

    server.page(
        "/chinh-tri",
        '<ul><li><a href="/a/doi-thoai-1001.html">Đối thoại</a> 10/03/2025 09:00</li></ul>'
        + REDESIGNED_LIST.format(day=1),
    )
    server.page("/a/doi-thoai-1001.html", article("Đối thoại với Nhân dân", "2025-03-10T09:00:00+07:00"))
    server.page("/tin", REDESIGNED_LIST.format(day=1))
    make_source(
        [
            {"kind": "listing", "url": server.url("/chinh-tri"), "max_pages": 1},
            {"kind": "listing", "url": server.url("/tin"), "max_pages": 1, "item_selector": "article.story"},
        ],
        extract={"body": "div.b-maincontent"},
    )

    report = check_source("testsite", data, config=fast, now=datetime(2025, 3, 10, 12, 0, tzinfo=VIETNAM))

    steps = {step.name: step for step in report.steps}
    listing = steps[f"item_selector of listing:{server.url('/tin')}"]
    assert listing.status == "failed"
    assert "'article.story' matched nothing on 1 pages that answered 200" in listing.detail
    assert "fix: open the listing" in listing.detail and "item_selector" in listing.detail
    hint = steps["extract.body hint"]
    assert hint.status == "failed"
    assert "'div.b-maincontent' matches nothing" in hint.detail and "fix:" in hint.detail
    assert not report.ok
