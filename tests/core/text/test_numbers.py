"""Decimal money, percentages, rounding tolerance and Chinese dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulian_desktop.core.text.numbers import (
    DateFormatError,
    NumberFormatError,
    format_date_cn,
    format_money,
    format_month_cn,
    format_percent,
    parse_date,
    parse_decimal,
    parse_percent,
    percent,
    round_money,
    rounding_tolerance,
)
from fulian_desktop.errors import UserError

D = Decimal

# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("701.5", "701.5"),
        ("  732.44\t", "732.44"),
        ("\u3000701.5\xa0", "701.5"),
        ("１２．５", "12.5"),
        ("－１２．５", "-12.5"),
        ("1,234.5", "1234.5"),
        ("1，234，567", "1234567"),
        ("701.5万元", "701.5"),
        ("701.5 万元", "701.5"),
        ("3000元", "3000"),
        ("95.78%", "95.78"),
        ("95.78％", "95.78"),
        ("98分", "98"),
        ("-0.5", "-0.5"),
        ("+3", "3"),
        ("0", "0"),
        (".5", "0.5"),
        ("5.", "5"),
        ("007", "7"),
    ],
)
def test_parse_decimal_accepts_what_clerks_type(text: str, expected: str) -> None:
    result = parse_decimal(text)
    assert isinstance(result, Decimal)
    assert result == D(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1e5",
        "1E-2",
        "1.2.3",
        "7o1.5",
        "abc",
        "12,34",
        "1,23,456",
        "701.5亿元",
        "5万",
        "--5",
        "- 5",
        "%",
        "万元",
        ".",
        "1 000",
    ],
)
def test_parse_decimal_refuses_everything_else_in_chinese(text: str) -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_decimal(text)
    message = str(caught.value)
    assert any("\u4e00" <= c <= "\u9fff" for c in message)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, UserError)  # the command line prints it as one line


def test_parse_decimal_messages_name_the_problem() -> None:
    with pytest.raises(NumberFormatError, match="请填写数字"):
        parse_decimal("")
    with pytest.raises(NumberFormatError, match="“7o1.5”不是有效的数字"):
        parse_decimal("7o1.5")
    with pytest.raises(NumberFormatError, match="逗号"):
        parse_decimal("12,34")


def test_parse_percent() -> None:
    assert parse_percent("95.78%") == D("95.78")
    assert parse_percent("95.78") == D("95.78")
    assert parse_percent(" ９５．７８％ ") == D("95.78")
    with pytest.raises(NumberFormatError, match="95.78"):
        parse_percent("95.78万元")


# --- rounding and formatting ---------------------------------------------------------


def test_round_half_up_unlike_python_round() -> None:
    assert round(2.675, 2) == 2.67  # binary float and half-even: why round() is banned
    assert round_money(D("2.675")) == D("2.68")
    assert round_money(D("2.665")) == D("2.67")  # half-even would give 2.66
    assert round_money(D("-2.675")) == D("-2.68")
    assert round_money(D("95.776"), 2) == D("95.78")
    assert round_money(D("0.5"), 0) == D("1")
    assert round_money(7) == D("7.00")
    assert str(round_money(D("1E+30"))) == "1000000000000000000000000000000.00"


def test_round_money_refuses_floats_and_non_numbers() -> None:
    with pytest.raises(TypeError):
        round_money(2.675)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        round_money(D("NaN"))
    with pytest.raises(ValueError):
        round_money(D("Infinity"))


@pytest.mark.parametrize(
    ("value", "with_zeros", "without_zeros"),
    [
        ("701.5", "701.50", "701.5"),
        ("732.44", "732.44", "732.44"),
        ("700", "700.00", "700"),
        ("1E+3", "1000.00", "1000"),
        ("0", "0.00", "0"),
        ("-0", "0.00", "0"),
        ("-0.001", "0.00", "0"),
        ("0.005", "0.01", "0.01"),
        ("-12.345", "-12.35", "-12.35"),
        ("-12.3", "-12.30", "-12.3"),
        ("1234567.891", "1234567.89", "1234567.89"),
        ("0.00001", "0.00", "0"),
        ("10.10", "10.10", "10.1"),
    ],
)
def test_format_money(value: str, with_zeros: str, without_zeros: str) -> None:
    assert format_money(D(value), trailing_zeros=True) == with_zeros
    assert format_money(D(value), trailing_zeros=False) == without_zeros


def test_format_money_with_other_places() -> None:
    assert format_money(D("98.5"), True, places=0) == "99"
    assert format_money(D("12.3456"), True, places=3) == "12.346"


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        ("701.5", "732.44", "95.78"),  # 番禺 2021
        ("51.89", "134.56", "38.56"),  # 资阳 2021
        ("579.81", "581.01", "99.79"),  # 增城 2022 基本支出
        ("734.33", "749.56", "97.97"),  # 增城 2022 整体
        ("154.53", "168.54", "91.69"),  # 增城 2022 项目支出
        ("1", "3", "33.33"),
        ("2", "3", "66.67"),
        ("0", "5", "0.00"),
    ],
)
def test_percent_from_the_samples(numerator: str, denominator: str, expected: str) -> None:
    result = percent(D(numerator), D(denominator))
    assert result == D(expected)
    assert format_percent(result) == f"{expected}%"


def test_percent_of_zero_is_none() -> None:
    assert percent(D("5"), D("0")) is None
    assert percent(D("5"), D("0.00")) is None


def test_format_percent_keeps_two_decimals() -> None:
    assert format_percent(D("95.776")) == "95.78%"
    assert format_percent(D("97.9")) == "97.90%"
    assert format_percent(D("100")) == "100.00%"
    assert format_percent(D("12.345"), places=1) == "12.3%"


def test_rounding_tolerance() -> None:
    assert rounding_tolerance(2) == D("0.015")
    assert rounding_tolerance(1) == D("0.01")
    assert rounding_tolerance(16) == D("0.085")
    assert rounding_tolerance(2, step=D("0.1")) == D("0.15")
    # 增城 2022: 581.01 + 168.54 = 749.55 against a stated 749.56 is within it
    assert abs(D("581.01") + D("168.54") - D("749.56")) <= rounding_tolerance(2)
    assert abs(D("579.81") + D("154.53") - D("734.33")) <= rounding_tolerance(2)
    assert abs(D("581.01") + D("168.54") - D("749.60")) > rounding_tolerance(2)
    assert rounding_tolerance(0) == D("0.005")
    with pytest.raises(ValueError):
        rounding_tolerance(-1)


# --- dates ---------------------------------------------------------------------------


def test_format_dates() -> None:
    assert format_date_cn(date(2021, 12, 29)) == "2021年12月29日"
    assert format_date_cn(date(2022, 1, 5)) == "2022年1月5日"
    assert format_date_cn(datetime(2022, 3, 1, 8, 30)) == "2022年3月1日"
    assert format_month_cn(date(2022, 1, 31)) == "2022年1月"


@pytest.mark.parametrize(
    "text",
    [
        "2021-12-29",
        "2021/12/29",
        "2021.12.29",
        "2021年12月29日",
        "2021 年 12 月 29 日",
        " 2021年12月29 ",
        "２０２１年１２月２９日",
        "2021／12／29",
    ],
)
def test_parse_date(text: str) -> None:
    assert parse_date(text) == date(2021, 12, 29)


def test_parse_date_without_leading_zeros() -> None:
    assert parse_date("2022-1-5") == date(2022, 1, 5)
    assert parse_date("2022年1月5日") == date(2022, 1, 5)


@pytest.mark.parametrize(
    "text",
    ["", "2021-12", "2021-12/29", "21-12-29", "2021-02-30", "2021年13月1日", "昨天", "29/12/2021"],
)
def test_parse_date_refuses_in_chinese(text: str) -> None:
    with pytest.raises(DateFormatError) as caught:
        parse_date(text)
    assert "日期" in str(caught.value)
    assert isinstance(caught.value, ValueError)


# --- properties ----------------------------------------------------------------------

_money = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(_money, st.booleans())
def test_format_parse_round_trip(value: Decimal, trailing_zeros: bool) -> None:
    text = format_money(value, trailing_zeros)
    assert "," not in text and "E" not in text and "e" not in text
    assert parse_decimal(text) == round_money(value)
    assert format_money(parse_decimal(text), trailing_zeros) == text


@settings(max_examples=300)
@given(_money)
def test_rounding_moves_at_most_half_a_cent(value: Decimal) -> None:
    rounded = round_money(value)
    assert abs(rounded - value) <= D("0.005")
    assert round_money(rounded) == rounded


@settings(max_examples=300)
@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_half_up_on_exact_halves(cents_times_ten: int) -> None:
    value = D(cents_times_ten * 10 + 5).scaleb(-3)  # always ends in a 5 at the third place
    rounded = round_money(value)
    assert abs(rounded) == abs(value) + D("0.005")  # away from zero, never to even


@settings(max_examples=300)
@given(_money.filter(lambda d: d.is_finite()))
def test_percent_round_trip(value: Decimal) -> None:
    text = format_percent(value)
    assert text.endswith("%")
    assert parse_percent(text) == round_money(value)


@settings(max_examples=200)
@given(st.dates(min_value=date(1000, 1, 1)))
def test_date_round_trip(day: date) -> None:
    assert parse_date(format_date_cn(day)) == day
    assert parse_date(day.isoformat()) == day
