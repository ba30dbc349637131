"""Splitting Vietnamese news text into sentences whose offsets quote it verbatim."""

from __future__ import annotations

from danvan.facts.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_full_stops_before_a_capital_end_sentences():
    text = "Xã đã tổ chức 4 cuộc đối thoại. Nhân dân nêu 27 ý kiến. Tất cả đã được trả lời."
    assert texts(text) == [
        "Xã đã tổ chức 4 cuộc đối thoại.",
        "Nhân dân nêu 27 ý kiến.",
        "Tất cả đã được trả lời.",
    ]


def test_thousands_decimals_and_city_abbreviations_do_not_split():
    text = "UBND TP. Cần Thơ đã tiếp 2.417 lượt người, đạt tỷ lệ 76,45% so với kế hoạch."
    assert texts(text) == [text]


def test_initials_and_personal_titles_do_not_split():
    text = "Báo cáo do ThS. Trần Thị Mai và ông Lê V. Hùng trình bày. Hội nghị kết thúc lúc 11 giờ."
    assert texts(text) == [
        "Báo cáo do ThS. Trần Thị Mai và ông Lê V. Hùng trình bày.",
        "Hội nghị kết thúc lúc 11 giờ.",
    ]


def test_a_quoted_phrase_stays_in_its_sentence():
    text = "Phong trào “Làm theo lời Bác. Gần dân, hiểu dân” có 64 mô hình. Năm nay thêm 5 mô hình."
    assert texts(text) == [
        "Phong trào “Làm theo lời Bác. Gần dân, hiểu dân” có 64 mô hình.",
        "Năm nay thêm 5 mô hình.",
    ]


def test_a_headline_on_its_own_line_is_a_sentence_of_its_own_paragraph():
    sentences = split_sentences(
        "Huyện Mỹ Lộc đối thoại với dân\n\nSáng 4/5, huyện tổ chức hội nghị. Có 80 người dự."
    )
    assert [s.text for s in sentences] == [
        "Huyện Mỹ Lộc đối thoại với dân",
        "Sáng 4/5, huyện tổ chức hội nghị.",
        "Có 80 người dự.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1]


def test_a_line_wrapped_mid_sentence_is_joined_back():
    text = "Cùng dự có lãnh đạo các ban, ngành và\nkhoảng 70 hộ dân trong thôn.\nHội nghị kết thúc."
    assert texts(text) == [
        "Cùng dự có lãnh đạo các ban, ngành và\nkhoảng 70 hộ dân trong thôn.",
        "Hội nghị kết thúc.",
    ]


def test_offsets_point_at_the_sentence_in_the_text():
    text = "Tiêu đề bài\n\n  Câu một có 3 cuộc. Câu hai có 5 đơn.\n"
    for s in split_sentences(text):
        assert text[s.start : s.end] == s.text
