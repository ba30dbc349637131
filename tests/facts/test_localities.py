"""Province and locality of a statistic, as named at the article's date."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from vietnam_provinces import Province as PackageProvince

from danvan.facts.localities import (
    ArticlePlaces,
    Place,
    article_province,
    canonical_tones,
    locality_rows,
    named_province,
    province_from_url,
    province_mentions,
    resolve_place,
)

BEFORE = date(2023, 5, 10)
AFTER = date(2025, 9, 2)

# An article that never names its province: only its URL or sentences can tell.
PLAIN_TEXT = "Trong quý vừa qua, các cấp chính quyền đã tăng cường đối thoại với nhân dân trên địa bàn."


def place(
    sentence: str, text: str = PLAIN_TEXT, url: str | None = None, published_at=None, title=None
) -> Place:
    return resolve_place(sentence, text, url, published_at, title=title)


# --- step 1: a province named in the sentence ---------------------------------------------------------


def test_a_province_named_in_the_sentence_wins_over_the_article_province():
    text = "UBND TP Hà Nội tổng kết công tác tiếp dân. Hà Nội tiếp 3.100 lượt công dân."
    result = place("Cùng kỳ, tỉnh Nghệ An tiếp nhận 412 đơn thư.", text, "https://hanoimoi.vn/a-1.html")
    assert result.province == "Nghệ An"
    assert result.province_today == "Nghệ An"


def test_when_the_sentence_names_several_provinces_the_article_one_is_preferred():
    text = "Tỉnh Lạng Sơn tổ chức hội nghị. Lạng Sơn đã tiếp 230 lượt công dân."
    result = place("Đoàn công tác của tỉnh Cao Bằng và tỉnh Lạng Sơn trao đổi 14 mô hình.", text)
    assert result.province == "Lạng Sơn"


# --- naming at the article's date ---------------------------------------------------------------------


def test_a_former_province_keeps_its_name_before_the_2025_merger_and_maps_to_today():
    result = place("Tỉnh Hải Dương đã giải quyết 96 vụ việc.", published_at=BEFORE)
    assert result == Place(province="Hải Dương", province_today="Hải Phòng", locality=None)


def test_after_the_merger_a_former_province_is_named_by_the_province_it_joined():
    result = place("Địa bàn tỉnh Hải Dương (cũ) đã giải quyết 96 vụ việc.", published_at=AFTER)
    assert result == Place(province="Hải Phòng", province_today="Hải Phòng", locality=None)


def test_an_undated_article_keeps_the_name_it_uses():
    assert place("Tỉnh Bắc Kạn có 321 mô hình Dân vận khéo.").province == "Bắc Kạn"


def test_thua_thien_hue_is_named_hue_from_2025():
    sentence = "Tỉnh Thừa Thiên Huế tiếp 540 lượt công dân."
    assert place(sentence, published_at=date(2024, 6, 1)).province == "Thừa Thiên Huế"
    assert place(sentence, published_at=date(2025, 3, 1)).province == "Huế"
    assert place(sentence, published_at=date(2024, 6, 1)).province_today == "Huế"


@pytest.mark.parametrize(
    ("former", "today"),
    [
        ("Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Bình Dương", "Hồ Chí Minh"),
        ("Quảng Nam", "Đà Nẵng"),
        ("Hòa Bình", "Phú Thọ"),
        ("Bắc Giang", "Bắc Ninh"),
        ("Ninh Thuận", "Khánh Hòa"),
        ("Bình Thuận", "Lâm Đồng"),
        ("Quảng Bình", "Quảng Trị"),
        ("Kon Tum", "Quảng Ngãi"),
        ("Lạng Sơn", "Lạng Sơn"),
    ],
)
def test_former_provinces_map_to_their_2025_province(former, today):
    result = place(f"Năm 2022, {former} có 75 mô hình.", published_at=date(2022, 12, 1))
    assert (result.province, result.province_today) == (former, today)


# --- alternate spellings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Thanh tra TP.HCM tiếp 90 lượt", "Hồ Chí Minh"),
        ("TP Hồ Chí Minh tiếp 90 lượt", "Hồ Chí Minh"),
        ("Tp. HCM tiếp 90 lượt", "Hồ Chí Minh"),
        ("tỉnh BR-VT tiếp 90 lượt", "Bà Rịa - Vũng Tàu"),
        ("tỉnh Bà Rịa – Vũng Tàu tiếp 90 lượt", "Bà Rịa - Vũng Tàu"),
        ("tỉnh Thừa Thiên - Huế tiếp 90 lượt", "Thừa Thiên Huế"),
        ("tỉnh Hoà Bình tiếp 90 lượt", "Hòa Bình"),
        ("tỉnh Thanh Hoá tiếp 90 lượt", "Thanh Hóa"),
        ("tỉnh Đăk Lăk tiếp 90 lượt", "Đắk Lắk"),
        ("HẢI PHÒNG TIẾP 90 LƯỢT", "Hải Phòng"),
    ],
)
def test_common_spellings_and_abbreviations_name_the_province(written, expected):
    assert place(written).province == expected


def test_old_style_tone_marks_are_read_without_moving_any_character():
    text = "Tỉnh Hoà Bình, Khánh Hoà, Thuỷ Nguyên, quý, hoàn thành"
    assert canonical_tones(text) == "Tỉnh Hòa Bình, Khánh Hòa, Thủy Nguyên, quý, hoàn thành"
    assert len(canonical_tones(text)) == len(text)


# --- false positives ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Hội nghị tổng kết có 120 đại biểu dự.",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh, 30 chi bộ đăng ký.",
        "Đoàn TNCS Hồ Chí Minh huyện có 25 công trình thanh niên.",
        "Khu vực châu Á - Thái Bình Dương có 21 nền kinh tế.",
        "Kỷ niệm 70 năm Chiến thắng Điện Biên Phủ, 12 đoàn viên được khen.",
        "Nhà văn hóa trên đường Hải Phòng đón 40 lượt người.",
        "Xã Hòa Bình tổ chức 3 cuộc đối thoại.",
        "Cả nước hướng tới hòa bình với 5 hoạt động.",
        "Đồng chí Nguyễn Hải Dương trao 8 giấy khen.",
        "Chị Hà Giang nhận 2 bằng khen.",
        "Huyện tổ chức 3 hội nghị tại các xã Quỳnh Hoa, Thái Bình và Quỳnh Lâm.",
        "Đoàn công tác làm việc tại xã Đông Sơn, Nam Định và Đông Hải.",
    ],
)
def test_words_that_only_look_like_provinces_name_none(sentence):
    assert province_mentions(canonical_tones(sentence)) == []


def test_a_province_after_a_list_of_districts_is_still_named():
    sentence = "Các huyện Kiến Xương, Vũ Thư, tỉnh Thái Bình tổ chức 9 cuộc đối thoại."
    assert province_mentions(canonical_tones(sentence)) == ["Thái Bình"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong đó cấp thành phố 2 cuộc, cấp quận, huyện 18 cuộc, cấp phường 112 cuộc.",
        "Trong đó cấp huyện 5 cuộc, cấp xã 91 cuộc.",
    ],
)
def test_a_level_before_a_count_is_no_numbered_district(sentence):
    assert place(sentence) == Place(province=None, province_today=None, locality=None)


def test_a_numbered_quan_or_phuong_is_still_a_locality():
    assert place("Phường 12, quận 3 tiếp 40 lượt công dân.").locality == "phường 12"


def test_districts_of_two_provinces_named_alike_in_an_article_do_not_break_the_choice():
    text = "Đoàn công tác làm việc tại huyện Đông Sơn và huyện Cẩm Mỹ về đối thoại với nhân dân."
    assert place("Hai huyện tổ chức 5 cuộc đối thoại.", text).province in {"Thanh Hóa", "Đồng Nai"}


def test_a_district_sharing_a_province_name_belongs_to_its_own_province():
    result = place("Huyện Quảng Ninh tổ chức 14 cuộc đối thoại.")
    assert result.province == "Quảng Bình"
    assert result.locality == "huyện Quảng Ninh"


# --- step 2: a district named in the sentence ---------------------------------------------------------


def test_a_district_in_the_sentence_gives_its_province():
    result = place("Huyện Kim Bôi đã tổ chức 12 cuộc đối thoại.", published_at=BEFORE)
    assert result == Place(province="Hòa Bình", province_today="Phú Thọ", locality="huyện Kim Bôi")


def test_an_ambiguous_district_takes_the_article_province_when_it_is_one_of_them():
    text = "Tỉnh Đồng Tháp tổng kết năm. Đồng Tháp có 300 mô hình."
    assert place("Huyện Châu Thành có 45 mô hình.", text).province == "Đồng Tháp"


def test_a_commune_alone_decides_only_when_the_article_has_no_province():
    text = "Tỉnh Lai Châu tổng kết năm."
    assert place("Xã Khe Mo có 8 mô hình.", text).province == "Lai Châu"
    assert place("Xã Khe Mo có 8 mô hình.").province == "Thái Nguyên"


# --- step 3: the article's dominant province ----------------------------------------------------------


def test_the_most_mentioned_province_of_the_article_is_the_default():
    text = (
        "Ban Dân vận Tỉnh ủy Gia Lai tổng kết năm. Tỉnh Gia Lai có nhiều mô hình hay. "
        "Đoàn học tập kinh nghiệm tại Kon Tum. Lãnh đạo tỉnh Gia Lai phát biểu."
    )
    assert place("Toàn tỉnh tiếp nhận 836 đơn thư.", text).province == "Gia Lai"


def test_the_title_counts_towards_the_article_province():
    assert (
        article_province("Sóc Trăng và Bạc Liêu cùng báo cáo.", None, "Sóc Trăng đối thoại với dân")
        == "Sóc Trăng"
    )


def test_thu_do_means_ha_noi():
    text = "Công tác dân vận của Thủ đô có nhiều đổi mới. Các quận, huyện của Thủ đô đều tham gia."
    assert place("Thành phố có 2.000 mô hình.", text).province == "Hà Nội"


def test_thu_do_before_another_name_is_a_foreign_capital():
    text = "Đoàn công tác làm việc tại Thủ đô Viêng Chăn trong 3 ngày."
    assert place("Hai bên ký 4 văn bản.", text).province is None


def test_a_roundup_naming_several_provinces_alike_has_no_dominant_province():
    text = "Hội nghị có đại diện tỉnh Cao Bằng, tỉnh Lạng Sơn và tỉnh Hà Giang."
    assert place("Có 50 mô hình được giới thiệu.", text).province is None


def test_a_byline_of_a_provincial_paper_names_the_province():
    text = "(HBĐT) - Công tác dân vận chính quyền của tỉnh tiếp tục chuyển biến."
    assert place("Toàn tỉnh có 512 mô hình.", text).province == "Hòa Bình"


def test_a_commune_only_one_province_has_places_an_article_that_names_no_province():
    text = "Xã Công Thành tổ chức hội nghị đối thoại. Toàn xã có 12 ý kiến."
    assert place("Toàn xã có 12 ý kiến.", text).province == "Nghệ An"


def test_communes_of_two_provinces_place_an_otherwise_silent_article_nowhere():
    text = "Xã Công Thành và xã Khe Mo tổ chức hội nghị đối thoại. Toàn xã có 12 ý kiến."
    assert place("Toàn xã có 12 ý kiến.", text).province is None


def test_an_article_with_no_clue_has_no_province():
    assert place("Có 12 cuộc đối thoại.") == Place(province=None, province_today=None, locality=None)


# --- step 4: the URL ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://baohaiduong.vn/tiep-dan-12.html", "Hải Dương"),
        ("https://langson.gov.vn/thong-tin/lich-tiep-dan", "Lạng Sơn"),
        ("https://hamtan.binhthuan.dcs.vn/tin-tuc/post/1", "Bình Thuận"),
        ("http://m.baothainguyen.vn/tin-tuc/a-1", "Thái Nguyên"),
        ("https://hanoimoi.vn/doi-thoai-1.html", "Hà Nội"),
        ("https://www.sggp.org.vn/doi-thoai-1.html", "Hồ Chí Minh"),
        ("https://baohoabinh.com.vn/12/123.htm", "Hòa Bình"),
        ("https://thanhtra.com.vn/thanh-tra/hoat-dong/Da-Nang-Tiep-1200-luot-nguoi", "Đà Nẵng"),
        ("http://huyenuyphucu.vn/bai-viet-1", "Hưng Yên"),
        ("https://baobariavungtau.com.vn/xa-hoi/1", "Bà Rịa - Vũng Tàu"),
        ("https://thuathienhue.gov.vn/tin-1", "Thừa Thiên Huế"),
        ("https://vnexpress.net/tphcm-doi-thoai-voi-dan-1.html", "Hồ Chí Minh"),
        ("http://yenthe.vn/kinh-te/bai-1.htm", "Bắc Giang"),
        ("https://baodongkhoi.vn/giai-quyet-25-don-khieu-nai.html", "Bến Tre"),
        ("https://baoapbac.vn/chinh-tri/202401/doi-thoai-1.html", "Tiền Giang"),
    ],
)
def test_the_url_names_the_province_through_its_host_or_slug(url, expected):
    assert province_from_url(url)[0] == expected
    assert place("Toàn tỉnh tiếp 100 lượt công dân.", url=url).province == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://thanhtra.com.vn/thanh-tra/giu-vung-hoa-binh-1",
        "https://dangcongsan.vn/a/b-1.html",
        "http://127.0.0.1:8080/tin-tuc/doi-thoai-1.html",
        None,
    ],
)
def test_urls_without_a_province_name_none(url):
    assert province_from_url(url)[0] is None


def test_the_article_text_outweighs_a_single_path_slug():
    text = "Tỉnh Quảng Trị tổng kết. Quảng Trị có 65 đơn. UBND tỉnh Quảng Trị chỉ đạo."
    url = "https://thanhtra.com.vn/thanh-tra/Gia-Lai-va-cac-tinh-1"
    assert place("Toàn tỉnh có 65 đơn.", text, url).province == "Quảng Trị"


# --- step 5: the source's province --------------------------------------------------------------------


def test_an_article_that_names_no_province_takes_its_source_province():
    result = resolve_place("Toàn tỉnh có 512 mô hình.", PLAIN_TEXT, None, BEFORE, source_province="Hòa Bình")
    assert result == Place(province="Hòa Bình", province_today="Phú Thọ", locality=None)


def test_after_the_merger_the_source_province_is_named_by_the_province_it_joined():
    result = resolve_place("Toàn tỉnh có 512 mô hình.", PLAIN_TEXT, None, AFTER, source_province="Hòa Bình")
    assert result == Place(province="Phú Thọ", province_today="Phú Thọ", locality=None)


def test_the_source_province_does_not_override_what_the_article_names():
    text = "Tỉnh Nghệ An tổng kết công tác dân vận chính quyền."
    assert place("Toàn tỉnh có 512 mô hình.", text).province == "Nghệ An"
    assert resolve_place("Có 512 mô hình.", text, None, None, source_province="Hà Nội").province == "Nghệ An"
    in_a_district = "Huyện Yên Thành có 12 cuộc đối thoại."
    assert resolve_place(in_a_district, in_a_district, None, None, source_province="Hà Nội").province == (
        "Nghệ An"
    )


def test_the_source_province_does_not_override_the_url():
    url = "https://baohaiduong.vn/tiep-dan-12.html"
    result = resolve_place("Có 512 mô hình.", PLAIN_TEXT, url, None, source_province="Hà Nội")
    assert result.province == "Hải Dương"


def test_a_roundup_of_several_provinces_is_not_about_its_source_province():
    text = "Hội nghị có đại diện tỉnh Cao Bằng, tỉnh Lạng Sơn và tỉnh Hà Giang."
    assert resolve_place("Có 50 mô hình.", text, None, None, source_province="Hà Nội").province is None


@pytest.mark.parametrize(
    ("configured", "former"),
    [
        ("Hòa Bình", "Hòa Bình"),
        ("Hoà Bình", "Hòa Bình"),
        ("tỉnh Đắk Lắk", "Đắk Lắk"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("Thành phố Hà Nội", "Hà Nội"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Huế", "Thừa Thiên Huế"),
        ("Atlantis", None),
    ],
)
def test_a_configured_province_is_read_in_its_usual_spellings(configured, former):
    assert named_province(configured) == former


# --- locality -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("UBND Phường Gia Viên tổ chức 2 hội nghị.", "phường Gia Viên"),
        ("Tại xã Khe Mo, huyện Đồng Hỷ có 9 ý kiến.", "xã Khe Mo"),
        ("Thị trấn Bằng Lũng có 7 mô hình.", "thị trấn Bằng Lũng"),
        ("Quận Lê Chân giải quyết 40 đơn.", "quận Lê Chân"),
        ("Người dân quận 3 gửi 15 đơn.", "quận 3"),
        ("Chủ tịch UBND huyện Kim Bôi Bùi Văn Tám trao 6 giấy khen.", "huyện Kim Bôi"),
        ("TP Hải Dương tổ chức 20 cuộc đối thoại.", "thành phố Hải Dương"),
        ("Thị xã Kỳ Anh có 31 mô hình.", "thị xã Kỳ Anh"),
        ("Ban Dân vận Huyện ủy tổ chức 4 hội nghị.", None),
        ("UBND TP Hà Nội tặng Bằng khen cho 15 tập thể.", None),
        ("Chủ tịch UBND TP Nguyễn Văn An trao 15 Bằng khen.", None),
        ("Các xã, phường, thị trấn đã tổ chức 80 cuộc.", None),
    ],
)
def test_the_locality_is_the_first_unit_named_with_its_unit_word_in_lower_case(sentence, expected):
    assert place(sentence).locality == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Huyện Yên Thành tổ chức 20 cuộc đối thoại.", "huyện Yên Thành"),
        ("UBND xã Công Thành tiếp 12 lượt công dân.", "xã Công Thành"),
        ("Có 5 mô hình ở huyện Yên Thành.", "huyện Yên Thành"),
        ("Có 5 mô hình ở huyện Yên Thành; xã Hòa Bình có 3.", "huyện Yên Thành"),
        ("Huyện Châu Thành (Tây Ninh) tổ chức 3 cuộc.", "huyện Châu Thành"),
        ("HUYỆN YÊN THÀNH TỔ CHỨC 20 CUỘC ĐỐI THOẠI", "huyện YÊN THÀNH"),
        ("huyện yên thành tổ chức 20 cuộc.", None),
        ("Phường Thị Cầu tổ chức 3 cuộc.", "phường Thị Cầu"),
        ("Xã Sơn Thành Đông tổ chức 3 cuộc.", "xã Sơn Thành Đông"),
        ("Xã Bình Thành, huyện Tân Phú có 4 mô hình.", "xã Bình Thành"),
        ("Xã Tân Hà tổ chức 3 cuộc, xã Long Sơn 2 cuộc.", "xã Tân Hà"),
    ],
)
def test_a_syllable_that_could_open_a_unit_stays_in_the_name(sentence, expected):
    assert place(sentence).locality == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Huyện Yên Thành thành lập 5 tổ hòa giải.", "huyện Yên Thành"),
        ("Xã Công Thành, Thành phố Hà Nội có 5 mô hình.", "xã Công Thành"),
        ("Xã Công Thành Thành phố Hà Nội có 5 mô hình.", "xã Công Thành"),
        ("Xã Quảng Thành Thị xã Quảng Trị có 3 cuộc.", "xã Quảng Thành"),
        ("Thị trấn Yên Thành Thị trấn Cầu Giát có 3 cuộc.", "thị trấn Yên Thành"),
        ("Huyện Yên Thành Thành ủy Vinh có 3 cuộc.", "huyện Yên Thành"),
        ("Xã Phúc Thành Huyện Yên Thành có 3 cuộc.", "xã Phúc Thành"),
        ("Xã Mã Thành Tỉnh Nghệ An có 3 cuộc.", "xã Mã Thành"),
        ("Xã Mã Thành UBND huyện tặng 3 giấy khen.", "xã Mã Thành"),
        ("XÃ CÔNG THÀNH THÀNH PHỐ HÀ NỘI CÓ 5 MÔ HÌNH", "xã CÔNG THÀNH"),
    ],
)
def test_a_name_ends_where_the_next_unit_begins(sentence, expected):
    assert place(sentence).locality == expected


def test_a_name_with_a_unit_like_syllable_gives_its_district_province():
    assert place("Huyện Yên Thành tổ chức 20 cuộc đối thoại.").province == "Nghệ An"


def test_a_provincial_capital_is_a_locality_of_its_province():
    result = place("TP Hải Dương tổ chức 20 cuộc đối thoại.", published_at=BEFORE)
    assert (result.province, result.locality) == ("Hải Dương", "thành phố Hải Dương")


def test_words_glued_to_tp_are_not_a_city():
    assert place("Khách hàng TPBank nhận 50 phần quà.") == Place(None, None, None)


def test_a_title_cased_city_prefix_still_names_the_province():
    assert place("Thành Phố Hà Nội có 50 mô hình.") == Place("Hà Nội", "Hà Nội", None)


def test_after_the_merger_a_commune_of_the_new_structure_gives_its_province():
    result = place("Đặc khu Phú Quốc tiếp 50 lượt công dân.", published_at=AFTER)
    assert result == Place(province="An Giang", province_today="An Giang", locality="đặc khu Phú Quốc")


def test_a_commune_with_its_district_resolves_through_the_district():
    result = place("UBND xã Tân Lập, huyện Đan Phượng có 50 mô hình.")
    assert result == Place(province="Hà Nội", province_today="Hà Nội", locality="xã Tân Lập")


def test_a_locality_keeps_the_spelling_of_the_sentence():
    assert place("Xã Thuỷ Triều có 5 mô hình.").locality == "xã Thuỷ Triều"


# --- dim_localities rows ------------------------------------------------------------------------------


def test_locality_rows_hold_63_former_and_34_current_provinces_and_an_unknown_row():
    rows = locality_rows()
    provinces = [r for r in rows if r["level"] == "province"]
    former = [r for r in provinces if not r["is_current"]]
    current = [r for r in provinces if r["is_current"]]
    assert len(former) == 63
    assert len(current) == 34
    assert sum(r["locality_id"] == "unknown" for r in rows) == 1
    assert {r["province_today"] for r in former} == {r["name"] for r in current}
    assert len({r["locality_id"] for r in rows}) == len(rows)


def test_current_provinces_match_the_vietnam_provinces_package():
    current = {r["name"] for r in locality_rows() if r["level"] == "province" and r["is_current"]}
    package = {
        canonical_tones(p.name).removeprefix("Thành phố ").removeprefix("Tỉnh ")
        for p in PackageProvince.iter_all()
    }
    assert current == package


def test_province_rows_carry_kind_full_name_and_validity():
    rows = {(r["name"], r["is_current"]): r for r in locality_rows() if r["level"] == "province"}
    hai_duong = rows[("Hải Dương", False)]
    assert hai_duong["full_name"] == "Tỉnh Hải Dương"
    assert hai_duong["kind"] == "tỉnh"
    assert hai_duong["valid_to"] == date(2025, 6, 30)
    assert hai_duong["province_today"] == "Hải Phòng"
    assert rows[("Hải Phòng", True)]["kind"] == "thành phố"
    assert rows[("Hải Phòng", True)]["valid_from"] == date(2025, 7, 1)
    assert rows[("Thừa Thiên Huế", False)]["valid_to"] == date(2024, 12, 31)
    assert rows[("Huế", True)]["valid_from"] == date(2025, 1, 1)


def test_district_rows_map_to_their_former_and_current_province():
    districts = {r["name"]: r for r in locality_rows() if r["level"] == "district"}
    assert len(districts) > 650
    assert districts["huyện Sóc Sơn"]["province"] == "Hà Nội"
    assert districts["huyện Bình Giang"]["province_today"] == "Hải Phòng"


# --- one article read once ---------------------------------------------------------------------------


def test_article_places_resolve_each_sentence_as_resolve_place_does():
    title = "Huyện Đông Anh đối thoại với Nhân dân"
    text = (
        title + "\n\nSáng 3/4, UBND huyện Đông Anh (Hà Nội) tổ chức đối thoại.\n"
        "Tại xã Uy Nỗ có 60 người dự. Quận Ba Đình cũng có 12 ý kiến.\n"
        "Đoàn công tác tỉnh Bắc Ninh dự 2 buổi. Các xã Tam Đảo, Thái Bình và Hải Bối nêu 7 ý kiến."
    )
    places = ArticlePlaces(text, "https://example.vn/a-1", BEFORE, title)
    starts = [0, *[i + 1 for i, c in enumerate(text) if c in ".\n"]]
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        sentence = text[start:end]
        if sentence.strip():
            assert places.place(start, end) == place(sentence, text, "https://example.vn/a-1", BEFORE, title)


def test_article_places_fall_back_to_the_source_province_as_resolve_place_does():
    text = "Toàn tỉnh có 512 mô hình.\nXã Công Thành có 12 mô hình."
    places = ArticlePlaces(text, None, BEFORE, source_province="Hòa Bình")
    for start, end in ((0, 25), (26, len(text))):
        expected = resolve_place(text[start:end], text, None, BEFORE, source_province="Hòa Bình")
        assert places.place(start, end) == expected
        assert expected.province == "Hòa Bình"


# --- speed --------------------------------------------------------------------------------------------


def test_resolving_many_sentences_of_one_article_is_fast():
    text = "Tỉnh Tây Ninh tổng kết công tác dân vận. " * 200
    sentences = [f"Huyện Dương Minh Châu có {i} mô hình, xã Phước Ninh có {i} tổ." for i in range(3000)]
    place(sentences[0], text)
    started = time.perf_counter()
    for sentence in sentences:
        place(sentence, text, "https://tayninh.gov.vn/a")
    assert time.perf_counter() - started < 3.0


def test_a_province_name_that_is_a_district_of_the_articles_province_is_that_district():
    from danvan.facts import Article, extract_facts, load_rules

    rules = load_rules(Path(__file__).resolve().parents[2] / "dbt_project" / "seeds")
    text = (
        "Tỉnh Quảng Bình: tiếp công dân 6 tháng. Trụ sở tiếp công dân tỉnh Quảng Bình tiếp 10 lượt đoàn, "
        "Quảng Ninh 6 lượt đoàn (27 người), Bố Trạch 4 lượt đoàn (23 người)."
    )
    found = extract_facts(Article(url="https://baoquangbinh.vn/bai-1.html", text=text), rules)
    assert {f.province for f in found} == {"Quảng Bình"}


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Theo dõi Báo Gia Lai trên Google News", []),
        ("Theo báo cáo của UBND tỉnh Gia Lai, tháng 7 tiếp nhận 199 đơn", ["Gia Lai"]),
    ],
)
def test_an_outlet_named_after_a_province_is_no_mention_of_it(text, named):
    assert province_mentions(text) == named
