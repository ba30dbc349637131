"""Article extraction: fixture pages imitating the covered sites, dates, charsets, clutter and hints."""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

import pytest

from bench.extraction import ArticleFixture, article_fixtures, character_f1
from scrapers.extract import (
    css_to_xpath,
    decode_html,
    extract_article,
    hint_errors,
    is_junk_phrase,
    parse_vietnamese_datetime,
)
from scrapers.sources import load_sources

FIXTURES = list(article_fixtures())
MIN_BODY_F1 = 0.95
FIELDS = ("title", "published_at", "author", "canonical_url", "captions")


def _extracted_fields(fixture: ArticleFixture) -> dict:
    article = fixture.extract()
    return {
        "title": article.title,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "author": article.author,
        "canonical_url": article.canonical_url,
        "captions": list(article.captions),
    }


def encode_windows_1258(text: str) -> bytes:
    """Text as a Vietnamese windows-1258 page stores it: base letters plus separate tone marks."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("windows-1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            out += unicodedata.normalize(
                "NFC", base + "".join(m for m in marks if m not in "\u0300\u0301\u0303\u0309\u0323")
            ).encode("windows-1258")
            out += "".join(m for m in marks if m in "\u0300\u0301\u0303\u0309\u0323").encode("windows-1258")
    return bytes(out)


def test_fixtures_cover_every_site_the_project_imitates():
    sources = {f.source for f in FIXTURES}
    assert {
        "hanoimoi",
        "baohoabinh",
        "daibieunhandan",
        "baochinhphu",
        "tuyengiaodanvan",
        "dangcongsan",
        "mattran",
        "kinhtedothi",
    } <= sources
    assert len(sources) >= 12


def test_every_shipped_source_has_an_article_fixture_extracted_with_its_hints():
    # Each source's `extract:` hints (or the generic path where it has none) meet a page in its markup.
    assert set(load_sources(None)) <= {f.source for f in FIXTURES}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f"{f.source}/{f.name}")
def test_fixture_article_fields_are_extracted_exactly(fixture: ArticleFixture):
    got = _extracted_fields(fixture)
    assert {name: got[name] for name in FIELDS} == {name: fixture.expected[name] for name in FIELDS}


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f"{f.source}/{f.name}")
def test_fixture_body_text_matches_expected_text(fixture: ArticleFixture):
    text = fixture.extract().text
    assert character_f1(text, fixture.expected_text) >= MIN_BODY_F1
    assert text == unicodedata.normalize("NFC", text)
    for junk in ("Gửi cho bạn bè", "Phản hồi", "In bài", "Nghe đọc bài", "Tin liên quan", "Bình luận"):
        assert junk not in text


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Thứ Hai, 19/8/2019", "2019-08-19T00:00:00+07:00"),
        ("19/12/2019 10:19 AM", "2019-12-19T10:19:00+07:00"),
        ("19/12/2019 10:19 PM", "2019-12-19T22:19:00+07:00"),
        ("06/03/2024 - 08:15", "2024-03-06T08:15:00+07:00"),
        ("Thứ sáu - 14/05/2021 08:30", "2021-05-14T08:30:00+07:00"),
        ("Ngày đăng 18/10/2018 | 10:50", "2018-10-18T10:50:00+07:00"),
        ("06/09/2023 14:20", "2023-09-06T14:20:00+07:00"),
        ("15:30 | 22/11/2023", "2023-11-22T15:30:00+07:00"),
        ("Cập nhật 10h30 ngày 5 tháng 3 năm 2022", "2022-03-05T10:30:00+07:00"),
        ("09-04-2024 lúc 09 giờ 12", "2024-04-09T09:12:00+07:00"),
        ("12.5.2024 07:05 (GMT+7)", "2024-05-12T07:05:00+07:00"),
        ("2024-03-06T08:15:00+07:00", "2024-03-06T08:15:00+07:00"),
        ("2019-12-19T03:19:00Z", "2019-12-19T03:19:00+00:00"),
        ("2023-09-06 14:20:00", "2023-09-06T14:20:00+07:00"),
    ],
)
def test_vietnamese_date_formats_parse_to_aware_datetimes(written: str, expected: str):
    assert parse_vietnamese_datetime(written) == datetime.fromisoformat(expected)


@pytest.mark.parametrize("written", ["", "Tin mới nhất", "31/02/2024", "Số 12/2024/NĐ-CP"])
def test_text_without_a_real_date_gives_none(written: str):
    assert parse_vietnamese_datetime(written) is None


ARTICLE = """<html><head><title>{title}</title>{head}</head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></div>
<h1>{title}</h1><div class="post-date">{date}</div>
<div class="content">{body}</div>
<div class="tools"><a href="#">Gửi cho bạn bè</a> | <a href="#">Phản hồi</a> | <a href="#">In bài</a></div>
</body></html>"""
PARAGRAPHS = (
    "Ủy ban nhân dân phường Trúc Bạch tổ chức hội nghị đối thoại với 85 hộ kinh doanh trên địa bàn về "
    "việc sắp xếp lại điểm trông giữ xe và chỉnh trang vỉa hè.",
    "Tại hội nghị, các hộ kinh doanh nêu 14 ý kiến; lãnh đạo phường đã trả lời trực tiếp 12 ý kiến và "
    "hẹn trả lời bằng văn bản 2 ý kiến còn lại trong tháng này.",
    "Phường cũng công bố đường dây nóng tiếp nhận phản ánh của người dân về trật tự đô thị.",
)


def page(title: str = "Phường Trúc Bạch đối thoại với hộ kinh doanh", date: str = "", head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return ARTICLE.format(title=title, date=date, head=head, body=body)


def test_body_keeps_every_paragraph_separated_by_blank_lines_without_share_links():
    article = extract_article(page(), "https://example.vn/a.html")
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_published_date_later_than_the_fetch_is_ignored_for_the_next_candidate():
    html = page(
        date="06/03/2024 08:15",
        head='<meta property="article:published_time" content="2031-01-01T00:00:00+07:00">',
    )
    fetched = datetime(2024, 3, 7, tzinfo=UTC)
    article = extract_article(html, "https://example.vn/a.html", fetched_at=fetched)
    assert article.published_at == datetime.fromisoformat("2024-03-06T08:15:00+07:00")


def test_a_naive_fetch_time_is_taken_as_utc():
    html = page(date="06/03/2024 08:15")
    after = extract_article(html, "https://example.vn/a.html", fetched_at=datetime(2024, 3, 6, 2, 0))
    before = extract_article(html, "https://example.vn/a.html", fetched_at=datetime(2024, 3, 6, 0, 0))
    assert after.published_at == datetime.fromisoformat("2024-03-06T08:15:00+07:00")
    # 08:15 in Hà Nội is after a fetch at 00:00 UTC, so only the day survives (htmldate's fallback).
    assert before.published_at == datetime.fromisoformat("2024-03-06T00:00:00+07:00")


def test_date_hint_wins_over_meta_tags():
    html = page(
        date="06/03/2024 08:15",
        head='<meta property="article:published_time" content="2024-03-07T10:00:00+07:00">',
    )
    article = extract_article(html, "https://example.vn/a.html", hints={"date": ".post-date"})
    assert article.published_at == datetime.fromisoformat("2024-03-06T08:15:00+07:00")


def test_canonical_url_is_absolute_and_falls_back_to_og_url_then_the_fetched_url():
    url = "https://example.vn/tin/a.html?utm_source=rss"
    relative = extract_article(page(head='<link rel="canonical" href="/tin/a.html">'), url)
    og = extract_article(page(head='<meta property="og:url" content="https://example.vn/tin/og.html">'), url)
    assert relative.canonical_url == "https://example.vn/tin/a.html"
    assert og.canonical_url == "https://example.vn/tin/og.html"
    assert extract_article(page(), url).canonical_url == url


def test_title_drops_the_site_name_suffix():
    html = page(head='<meta property="og:title" content="Đối thoại với hộ kinh doanh - Báo Hà Nội Mới">')
    assert extract_article(html, "https://example.vn/a").title == "Đối thoại với hộ kinh doanh"


def test_hints_select_title_body_and_remove_clutter():
    html = page().replace(
        '<div class="content">', '<div class="content"><p class="quote-box">Chú thích ngoài lề</p>'
    )
    hints = {"title": "h1", "body": "div.content", "remove": [".quote-box"]}
    article = extract_article(html, "https://example.vn/a", hints=hints)
    assert article.text == "\n\n".join(PARAGRAPHS)
    assert article.title == "Phường Trúc Bạch đối thoại với hộ kinh doanh"


# --- forms ----------------------------------------------------------------------------------------


def test_a_short_article_on_a_portal_wrapped_in_one_aspnet_form_is_extracted_exactly():
    fixture = next(f for f in FIXTURES if f.source == "thachha_portal")
    article = fixture.extract()
    assert '<form name="aspnetForm"' in fixture.html.decode("utf-8")
    assert len(article.text) < 800
    assert article.text == fixture.expected_text
    assert _extracted_fields(fixture) == {name: fixture.expected[name] for name in FIELDS}


COMMENT_FORM = (
    '<form action="/gui-y-kien" method="post"><h3>Gửi ý kiến của bạn</h3>'
    "<p>Ý kiến của bạn đọc sẽ được biên tập viên duyệt trước khi đăng tải.</p>"
    '<label>Họ và tên</label><input name="hoten"><label>Nội dung</label><textarea name="noidung"></textarea>'
    "<button>Gửi ý kiến</button></form>"
)


@pytest.mark.parametrize("hints", [{}, {"body": "div.content"}], ids=["generic", "hinted-body"])
def test_a_comment_form_at_the_end_of_an_article_is_removed(hints: dict):
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + COMMENT_FORM
    html = ARTICLE.format(title="Phường Trúc Bạch đối thoại với hộ kinh doanh", date="", head="", body=body)
    article = extract_article(html, "https://example.vn/a.html", hints=hints)
    assert article.text == "\n\n".join(PARAGRAPHS)


def layout_form_page(title_markup: str, outside_form: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>Phường Trúc Bạch đối thoại với hộ kinh doanh - Cổng thông tin điện tử quận"
        '</title></head><body><form id="Form" method="post" action="./Default.aspx">'
        '<div class="menu"><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></div>'
        f'{title_markup}<div class="noi-dung">{body}</div></form>{outside_form}</body></html>'
    )


# A district portal's list of new documents outside the form, longer than the article, so the form does
# not hold most of the page's text.
LONG_SIDEBAR = (
    '<div class="van-ban-moi"><ul>'
    + "".join(
        f'<li><a href="/van-ban/{n}">Quyết định số {n}/QĐ-UBND ngày 0{n % 9 + 1}/3/2024 về việc phê duyệt '
        "kế hoạch sử dụng đất năm 2024 của các phường trên địa bàn quận</a></li>"
        for n in range(10, 22)
    )
    + "</ul></div>"
)


@pytest.mark.parametrize(
    ("title_markup", "outside_form"),
    [
        ("<h1>Phường Trúc Bạch đối thoại với hộ kinh doanh</h1>", LONG_SIDEBAR),
        ('<span class="TieuDe">Phường Trúc Bạch đối thoại với hộ kinh doanh</span>', LONG_SIDEBAR),
        ("", ""),
    ],
    ids=["form-holds-the-h1", "form-holds-the-title-text", "form-wraps-the-whole-page"],
)
def test_a_form_holding_the_headline_or_the_whole_page_is_layout_not_clutter(
    title_markup: str, outside_form: str
):
    html = layout_form_page(title_markup, outside_form)
    assert extract_article(html, "https://example.vn/a.aspx").text == "\n\n".join(PARAGRAPHS)


# --- charsets -------------------------------------------------------------------------------------

VIETNAMESE = (
    "Đối thoại với Nhân dân về giải phóng mặt bằng, tiếp công dân định kỳ và Dân vận khéo ở Hải Dương"
)


def html_bytes(encoded_text: bytes, meta_charset: str | None) -> bytes:
    meta = f'<meta charset="{meta_charset}">'.encode() if meta_charset else b""
    return b"<html><head>" + meta + b"</head><body><p>" + encoded_text + b"</p></body></html>"


@pytest.mark.parametrize(
    ("encoded", "meta_charset", "header"),
    [
        (VIETNAMESE.encode("utf-8"), "utf-8", None),
        (VIETNAMESE.encode("utf-8"), "windows-1252", None),
        (VIETNAMESE.encode("utf-8"), None, "text/html; charset=iso-8859-1"),
        (VIETNAMESE.encode("utf-8"), None, None),
        (b"\xef\xbb\xbf" + VIETNAMESE.encode("utf-8"), None, None),
        (unicodedata.normalize("NFD", VIETNAMESE).encode("utf-8"), "utf-8", None),
        (encode_windows_1258(VIETNAMESE), "windows-1258", None),
        (encode_windows_1258(VIETNAMESE), "iso-8859-1", None),
        (encode_windows_1258(VIETNAMESE), None, "text/html; charset=utf-8"),
        (encode_windows_1258(VIETNAMESE), None, None),
    ],
    ids=[
        "utf8-declared",
        "utf8-declared-1252",
        "utf8-header-latin1",
        "utf8-undeclared",
        "utf8-bom",
        "utf8-nfd",
        "1258-declared",
        "1258-declared-latin1",
        "1258-header-utf8",
        "1258-undeclared",
    ],
)
def test_vietnamese_pages_decode_to_nfc_whatever_charset_they_declare(encoded, meta_charset, header):
    text = decode_html(html_bytes(encoded, meta_charset), header)
    assert VIETNAMESE in text


def test_a_windows_1258_fixture_page_declared_as_latin1_extracts_like_its_utf8_original():
    fixture = next(f for f in FIXTURES if f.source == "hanoimoi")
    html = fixture.html.decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
    article = extract_article(encode_windows_1258(html), fixture.url, fetched_at=fixture.fetched_at)
    assert article.title == fixture.expected["title"]
    assert article.text == fixture.extract().text


# --- robustness -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        b"",
        b"   ",
        "<html><body><p>Chưa đóng thẻ <div><b>đậm <i>nghiêng</p></html",
        b"\x00\x01\x02binary",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Xin chào</p></body></html>",
    ],
    ids=["empty", "blank", "unclosed-tags", "binary", "xml-declaration"],
)
def test_malformed_pages_give_an_article_without_raising(html):
    article = extract_article(html, "https://example.vn/x")
    assert article.canonical_url == "https://example.vn/x"
    assert isinstance(article.text, str)


@pytest.mark.parametrize(
    ("html", "hints"),
    [
        ("<html><body><div class='menu'><a href='/'>Trang chủ</a></div><img src='/a.jpg'></body></html>", {}),
        (
            '<html><body><form action="/tim-kiem"><input name="q"><button>Tìm</button></form></body></html>',
            {},
        ),
        (
            "<html><body><h1>Thông báo lịch tiếp công dân</h1><div class='noi-dung'></div></body></html>",
            {"body": ".noi-dung"},
        ),
        ("<html><body><h1>Thông báo lịch tiếp công dân</h1></body></html>", {"body": ".khong-co"}),
    ],
    ids=["menu-and-image", "search-form-only", "empty-hinted-body", "hinted-body-missing"],
)
def test_a_page_without_body_text_gives_empty_text_not_none(html: str, hints: dict):
    assert extract_article(html, "https://example.vn/x", hints=hints).text == ""


@pytest.mark.parametrize(
    "text",
    ["Gửi cho bạn bè | Phản hồi | In bài", "Chia sẻ", "Nghe bài viết", "In bài viết • Lưu", "Về đầu trang"],
)
def test_share_print_and_feedback_labels_are_junk(text: str):
    assert is_junk_phrase(text)


@pytest.mark.parametrize(
    "text", ["Phản hồi của người dân được tiếp thu đầy đủ", "In bài phát biểu, đồng chí nêu rõ"]
)
def test_sentences_that_merely_start_with_a_label_are_not_junk(text: str):
    assert not is_junk_phrase(text)


# --- selectors ------------------------------------------------------------------------------------


def test_css_hints_translate_to_xpath_for_tags_ids_classes_attributes_and_combinators():
    assert css_to_xpath("h1") == ".//h1"
    assert css_to_xpath("#main > p") == ".//*[@id='main']/p"
    assert "contains(@class" not in css_to_xpath("div[data-role=content]")
    assert css_to_xpath("div.a, span.b").count("|") == 1


def test_unsupported_or_misspelled_hints_are_reported_per_field():
    errors = hint_errors(
        {"body": "div:nth-child(2)", "titel": "h1", "remove": [".ok", 3], "date": ".post-date"}
    )
    assert len(errors) == 3
    assert any("'body'" in e for e in errors)
    assert any("'titel'" in e for e in errors)
    assert any("'remove'" in e for e in errors)
