"""Reporting periods: the label as written and the last year covered."""

from __future__ import annotations

from datetime import date

import pytest

from danvan.facts.periods import find_periods, period_before


def only(sentence: str, published_at: date | None = None) -> tuple[str, int | None]:
    periods = find_periods(sentence, published_at)
    assert len(periods) == 1, periods
    return periods[0].label, periods[0].year


@pytest.mark.parametrize(
    ("sentence", "label", "year"),
    [
        ("Trong 6 tháng đầu năm 2021, huyện tiếp 90 lượt công dân.", "6 tháng đầu năm 2021", 2021),
        ("Trong 9 tháng năm 2017, toàn tỉnh nhận 410 đơn.", "9 tháng năm 2017", 2017),
        ("Năm 2020, xã có 12 mô hình.", "Năm 2020", 2020),
        ("Trong quý II/2022, huyện tổ chức 6 cuộc đối thoại.", "quý II/2022", 2022),
        ("Nhiệm kỳ 2015–2020, Đảng bộ đã làm tốt công tác dân vận.", "Nhiệm kỳ 2015–2020", 2020),
        ("Giai đoạn 2016 - 2020, tỉnh có 300 mô hình.", "Giai đoạn 2016 - 2020", 2020),
        ("Trong 5 năm (2018-2022), huyện tiếp 640 lượt công dân.", "5 năm (2018-2022)", 2022),
        ("Từ tháng 3.2015 đến tháng 6.2017, tỉnh nhận 800 đơn.", "Từ tháng 3.2015 đến tháng 6.2017", 2017),
        ("Từ năm 2019 đến năm 2022, huyện có 40 mô hình.", "Từ năm 2019 đến năm 2022", 2022),
        ("Tính đến tháng 11/2016, có 95 mô hình.", "tháng 11/2016", 2016),
    ],
)
def test_periods_as_written_with_their_last_year(sentence, label, year):
    assert only(sentence) == (label, year)


def test_so_far_ends_in_the_year_of_the_article():
    assert only("Từ năm 2020 đến nay, xã đã tổ chức 9 cuộc đối thoại.", date(2023, 5, 2)) == (
        "Từ năm 2020 đến nay",
        2023,
    )


def test_so_far_without_a_date_has_no_year():
    assert only("Từ năm 2020 đến nay, xã đã tổ chức 9 cuộc đối thoại.") == ("Từ năm 2020 đến nay", None)


def test_relative_periods_take_the_article_year():
    assert only("Từ đầu năm đến nay, huyện nhận 70 đơn thư.", date(2021, 9, 1)) == (
        "Từ đầu năm đến nay",
        2021,
    )


def test_the_date_of_a_document_is_no_period():
    assert find_periods("Thực hiện Kế hoạch ngày 12 tháng 4 năm 2022 của Huyện ủy.") == []


def test_a_sentence_without_a_period_has_none():
    assert find_periods("Hội nghị có 60 đại biểu tham dự.") == []


def test_the_period_before_a_number_is_the_nearest_one_named_before_it():
    sentence = "Năm 2021 nhận 300 đơn, năm 2022 nhận 350 đơn."
    periods = find_periods(sentence)
    assert period_before(periods, sentence.index("350")).label == "năm 2022"
    assert period_before(periods, sentence.index("300")).label == "Năm 2021"
