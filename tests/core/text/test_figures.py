"""Figures print as typed; computed ones with the template's precision."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fulian_desktop.core.template import snippets
from fulian_desktop.core.text.numbers import drop_trailing_zeros, format_figure, parse_decimal


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("500.00", "500.00"),
        ("204.8", "204.8"),
        ("１２．５０", "12.50"),  # full-width digits normalised
        ("1,234.5", "1234.5"),  # no thousands separators in these reports
        ("100", "100"),
        ("-0.00", "0.00"),
        (".5", "0.5"),
    ],
)
def test_typed_figure_prints_as_typed(typed, shown):
    assert format_figure(parse_decimal(typed)) == shown


def test_padding_adds_zeros_and_never_rounds():
    assert format_figure(Decimal("204.8"), 2) == "204.80"
    assert format_figure(Decimal("204.805"), 2) == "204.805"  # her third decimal stays
    assert format_figure(Decimal("7"), 2) == "7.00"
    assert format_figure(Decimal("12345678901234567890123456789.5"), 2).endswith(".50")


def test_drop_trailing_zeros_keeps_the_value():
    assert format_figure(drop_trailing_zeros(Decimal("100.00"))) == "100"
    assert format_figure(drop_trailing_zeros(Decimal("95.80"))) == "95.8"
    assert format_figure(drop_trailing_zeros(Decimal("95.78"))) == "95.78"
    assert drop_trailing_zeros(Decimal("100.00")) == Decimal(100)


def test_filters_print_as_typed_and_pad_on_request():
    f = snippets.make_filters(money_trailing_zeros=False)
    assert f["money"](Decimal("500.00")) == "500.00"
    assert f["money"](Decimal("204.8")) == "204.8"
    assert f["money"](Decimal("204.8"), True) == "204.80"  # money(true): a table column
    assert f["money"](Decimal("204.8"), 3) == "204.800"
    assert f["percent"](Decimal("100")) == "100%"
    assert f["percent"](Decimal("97.7"), 2) == "97.70%"
    assert f["number"](Decimal("92.50")) == "92.50"
    assert f["number"](Decimal("5.0"), 0) == "5"  # counts round on request
    assert f["money"](None) == "" and f["money"]("7o1") == "7o1"


# ------------------------------------------------- sentences, tables, messages

from fulian_desktop.core.check.validate import validate  # noqa: E402
from fulian_desktop.core.compose.composer import compose  # noqa: E402
from fulian_desktop.core.compose.document import Paragraph, Table  # noqa: E402
from fulian_desktop.core.draft.model import Draft, UnitIdentity  # noqa: E402
from fulian_desktop.core.template.loading import parse_template  # noqa: E402


def figures_template(**top) -> object:
    data = {
        "id": "mini",
        "version": "1",
        "name": "部门整体支出绩效自评报告",
        "title": "{{ unit.name }}{{ report_year }}年部门整体支出绩效自评报告",
        "sections": [
            {
                "id": "finance",
                "title": "收支",
                "fields": [
                    {"id": "budget", "kind": "money", "label": "预算数"},
                    {"id": "basic", "kind": "money", "label": "基本支出预算数"},
                    {"id": "project", "kind": "money", "label": "项目支出预算数"},
                    {"id": "spent", "kind": "money", "label": "执行数"},
                    {"id": "rate", "kind": "percent", "label": "完成率"},
                ],
                "computed": [
                    {
                        "id": "rate_calc",
                        "label": "预算完成率",
                        "expr": "ratio(spent, budget)",
                        "format": "percent",
                        "check": "rate",
                    }
                ],
                "rules": [
                    {"kind": "equal_sums", "left": ["basic", "project"], "right": ["budget"]}
                ],
                "body": [
                    {
                        "sentence": "预算数为{{ budget | money }}万元，项目支出{{ project | money }}万元，"
                        "完成率为{{ rate | percent }}，计算为{{ rate_calc | percent }}。"
                    },
                    {
                        "table": {
                            "columns": [
                                {"header": "项目支出", "value": ""},
                                {"header": "完成率", "value": ""},
                            ],
                            "rows": [["{{ project | money(true) }}", "{{ rate_calc | percent }}"]],
                        }
                    },
                ],
            }
        ],
        **top,
    }
    return parse_template(data)


def figures_draft(**values) -> Draft:
    base = {"budget": "500.00", "basic": "295.2", "project": "204.8", "spent": "500", "rate": "100"}
    base.update(values)
    unit = UnitIdentity(name="某区妇女联合会", year=2023)
    return Draft(template_id="mini", unit=unit, values=base)


def test_sentence_and_table_print_typed_figures_as_typed():
    doc = compose(figures_template(), figures_draft())
    sentence = next(b.text for b in doc.blocks if isinstance(b, Paragraph) and "预算数为" in b.text)
    # typed 500.00, 204.8 and 100 print as typed; the computed rate has two decimals
    assert sentence == "预算数为500.00万元，项目支出204.8万元，完成率为100%，计算为100.00%。"
    table = next(b for b in doc.blocks if isinstance(b, Table))
    assert table.rows[1] == ["204.80", "100.00%"]  # the column pads, never rounds


def test_template_may_drop_trailing_zeros_of_computed_percentages():
    doc = compose(figures_template(percent_trailing_zeros=False), figures_draft())
    sentence = next(b.text for b in doc.blocks if isinstance(b, Paragraph) and "预算数为" in b.text)
    assert "计算为100%。" in sentence


def test_messages_show_gaps_with_two_decimals():
    issues = validate(figures_template(), figures_draft(basic="285.2", rate="97.5"))
    messages = [i.message for i in issues]
    # a sum is computed (two decimals); a single typed figure prints as typed
    assert any(
        "基本支出预算数与项目支出预算数之和 490.00 万元与预算数 500.00 万元相差 10.00 万元" in m
        for m in messages
    ), messages
    assert any("填写为 97.5%" in m and "相差 2.50 个百分点" in m for m in messages), messages
    assert not any("+" in m for m in messages)
