"""Template expressions: safe (no escape from the small language) and on Decimal."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.expressions import ExpressionError, Scope, evaluate, names


def scope(**values) -> Scope:
    groups = values.pop("groups", {})
    return Scope(values, groups, grade=lambda s: "优" if s >= 90 else "良")


@pytest.mark.parametrize(
    "source",
    [
        "__import__('os').system('echo hi')",
        "().__class__.__bases__[0].__subclasses__()",
        "a.__class__",  # attribute access beyond group.field
        "a.b.c",
        "(lambda: 1)()",
        "lambda: 1",
        "items[0]",
        "a[1:2]",
        "open('x')",
        "eval('1')",
        "getattr(a, 'b')",
        "unknown_function(1)",
        "a.sum(1)",
        "sum(a, start=1)",
        "[1, 2]",
        "{1: 2}",
        "a if b else c",
        "x := 1",
        "f'{a}'",
        "True",
        "None",
        "b'bytes'",
        "a ** 2",
        "a % 2",
        "a // 2",
        "1 +",
    ],
)
def test_unsafe_or_unknown_constructs_are_rejected(source):
    with pytest.raises(ExpressionError):
        expressions.parse(source)


def test_decimal_arithmetic_is_exact():
    s = scope(a=Decimal("581.01"), b=Decimal("168.54"))
    assert evaluate("a + b", s) == Decimal("749.55")
    assert evaluate("0.1 + 0.2", s) == Decimal("0.3")  # never binary floats
    assert isinstance(evaluate("a * 2 - b / 3", s), Decimal)


def test_ratio_is_a_percentage():
    s = scope(spent=Decimal("701.5"), budget=Decimal("732.44"))
    rate = evaluate("ratio(spent, budget)", s)
    assert rate.quantize(Decimal("0.01")) == Decimal("95.78")
    assert evaluate("round(ratio(spent, budget), 2)", s) == Decimal("95.78")
    assert evaluate("ratio(spent, 0)", s) is None


def test_round_is_half_up():
    assert evaluate("round(2.675, 2)", scope()) == Decimal("2.68")
    assert evaluate("round(0.125, 2)", scope()) == Decimal("0.13")


def test_none_propagates_through_arithmetic_comparison_and_logic():
    s = scope(a=None, b=Decimal(1))
    for source in [
        "a + b",
        "b - a",
        "a * 2",
        "-a",
        "a < b",
        "b == a",
        "a and b < 2",
        "not a",
        "abs(a)",
    ]:
        assert evaluate(source, s) is None, source
    assert evaluate("min(a, b)", s) is None


def test_division_by_zero_is_none():
    assert evaluate("a / b", scope(a=Decimal(1), b=Decimal(0))) is None


def test_group_functions():
    groups = {"items": [{"amount": Decimal("1.5")}, {"amount": Decimal("2.25")}]}
    s = scope(groups=groups)
    assert evaluate("sum(items.amount)", s) == Decimal("3.75")
    assert evaluate("count(items)", s) == Decimal(2)
    missing = scope(groups={"items": [{"amount": Decimal(1)}, {"amount": None}]})
    assert evaluate("sum(items.amount)", missing) is None


def test_grade_min_max_abs_and_comparisons():
    s = scope(score=Decimal("94.08"), a=Decimal(-3))
    assert evaluate("grade(score)", s) == "优"
    assert evaluate("max(score, 100)", s) == Decimal(100)
    assert evaluate("min(score, 100)", s) == Decimal("94.08")
    assert evaluate("abs(a)", s) == Decimal(3)
    assert evaluate("0 <= score <= 100", s) is True
    assert evaluate("score < 90 or a < 0", s) is True


def test_text_in_arithmetic_is_a_template_error():
    with pytest.raises(ExpressionError):
        evaluate("name + 1", scope(name="妇联"))


def test_unknown_name_at_evaluation_is_an_error():
    with pytest.raises(ExpressionError):
        evaluate("nobody + 1", scope())


def test_names_reports_fields_and_group_columns():
    assert names("ratio(spent, budget) + sum(items.amount) + count(items)") == {
        "spent",
        "budget",
        "items.amount",
    }


@given(
    a=st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
    b=st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False),
)
def test_sums_and_differences_match_decimal(a, b):
    s = scope(a=a, b=b)
    assert evaluate("a + b", s) == a + b
    assert evaluate("a - b", s) == a - b
    assert evaluate("a < b", s) == (a < b)
