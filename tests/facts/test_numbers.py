"""Reading one number as Vietnamese news writes it."""

from __future__ import annotations

import pytest

from danvan.facts.numbers import is_year, parse_vietnamese_number, read_token, spelled_value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2.417", 2417.0),
        ("135.000", 135000.0),
        ("1.250.000", 1250000.0),
        ("76,45", 76.45),
        ("9,5", 9.5),
        ("1.204,5", 1204.5),
        ("07", 7.0),
        ("318", 318.0),
    ],
)
def test_dots_group_thousands_and_the_comma_is_the_decimal_mark(text, value):
    assert parse_vietnamese_number(text) == value


@pytest.mark.parametrize("text", ["17.10", "20.12.2016", "1.2014", "3/1", "2011-2015"])
def test_dates_and_ranges_are_not_numbers(text):
    assert parse_vietnamese_number(text) is None


def test_a_bare_four_digit_year_is_a_year_but_a_grouped_thousand_is_not():
    assert is_year("2023")
    assert not is_year("2.023")
    assert read_token("2019").kind == "year"
    assert read_token("2.019").value == 2019.0


def test_a_fraction_reads_both_sides():
    reading = read_token("27/31")
    assert (reading.kind, reading.value, reading.denominator) == ("fraction", 27.0, 31.0)
    assert (reading.numerator_text, reading.denominator_text) == ("27", "31")


def test_a_fraction_with_thousands_keeps_its_written_sides():
    reading = read_token("1.180/1.246")
    assert (reading.value, reading.denominator, reading.denominator_text) == (1180.0, 1246.0, "1.246")


@pytest.mark.parametrize("text", ["15/6/2022", "12/2014", "30/4/1975"])
def test_full_dates_and_month_years_are_not_fractions(text):
    assert read_token(text).kind == "other"


WORDS = {"hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "mười": 10, "lăm": 5, "mốt": 1, "mươi": 10}


@pytest.mark.parametrize(
    ("phrase", "value"),
    [("ba", 3), ("mười", 10), ("mười sáu", 16), ("hai mươi", 20), ("bốn mươi lăm", 45), ("ba mươi mốt", 31)],
)
def test_small_numbers_spelled_out(phrase, value):
    assert spelled_value(phrase, WORDS, frozenset({"mươi"})) == value


def test_a_word_outside_the_table_is_no_number():
    assert spelled_value("vài", WORDS, frozenset({"mươi"})) is None
