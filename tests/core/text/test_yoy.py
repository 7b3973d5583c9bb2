"""同比: sentences comparing this year's key figures with last year's, and the
check that what a text says 同比 agrees with the figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.text.yoy import change, find_claims
from fulian_desktop.storage.nextyear import next_year_draft

GZ = REPO_ROOT / "templates" / "gz-dept-overall"
# last year: 预算数 790, 执行数 780 (完成率 98.73%), 自评分 90
LAST = {"budget_total": "790", "exec_total": "780", "score": "90"}
# this year (the sample): 817.15, 798.38 (97.70%), 92.5
YOY = (
    "与上年相比，全年预算数增加27.15万元（增长3.44%），执行数增加18.38万元（增长2.36%），"
    "预算完成率降低1.03个百分点。"
)


def gz(last_year: dict[str, str] | None = None) -> tuple[Template, Draft]:
    draft = Draft.from_json((GZ / "sample.draft.json").read_text(encoding="utf-8"))
    draft.last_year = dict(LAST if last_year is None else last_year)
    return load_template(GZ / "template.yaml"), draft


def yoy_issues(template: Template, draft: Draft) -> list:
    return [i for i in validate(template, draft) if i.code == "yoy"]


def test_change_in_words() -> None:
    assert change(Decimal("817.15"), Decimal("790")) == "增加27.15万元（增长3.44%）"
    assert change(Decimal("700"), Decimal("800")) == "减少100万元（下降12.50%）"
    assert change(Decimal("5"), Decimal("0")) == "增加5万元"
    assert change(Decimal("97.7"), Decimal("98.734"), "percent") == "降低1.03个百分点"
    assert change(Decimal("92.5"), Decimal("90"), "score") == "提高2.5分"
    assert change(Decimal("90.00"), Decimal("90"), "score") == "持平"
    assert change(None, Decimal("1")) == ""


def test_the_template_prints_yoy_sentences_only_with_last_years_figures() -> None:
    template, draft = gz()
    text = compose(template, draft).text()
    assert YOY in text
    assert "自评分为92.5分，较上年提高2.5分。" in text
    draft.options["yoy"] = False
    assert "与上年相比，全年预算数" not in compose(template, draft).text()
    template, draft = gz(last_year={})
    text = compose(template, draft).text()
    assert "与上年相比，全年预算数" not in text and "较上年提高2.5分" not in text
    assert "自评分为92.5分。" in text


def test_starting_from_last_years_report_carries_the_figures_for_yoy() -> None:
    template, last = gz(last_year={})
    new = next_year_draft(
        last, template.stable_field_ids(), figure_fields=template.figure_field_ids()
    )
    assert new.last_year["budget_total"] == "817.15" and new.last_year["score"] == "92.5"
    new.values.update({"budget_total": "850", "exec_total": "840", "score": "95"})
    text = compose(template, new).text()
    assert "与上年相比，全年预算数增加32.85万元（增长4.02%），执行数增加41.62万元" in text


@pytest.mark.parametrize(
    "text",
    [
        "全年预算数较上年增加27.15万元。",
        "全年预算数较上年增长3.4%。",
        "部门总支出798.38万元，同比增长2.36%。",
        "与上年相比，预算完成率降低1.03个百分点。",
        "自评分较上年提高了2.5分。",
        "全年预算数比上年增加。",
        YOY,
    ],
)
def test_what_the_figures_bear_out_is_not_reported(text: str) -> None:
    template, draft = gz()
    draft.values["conclusion_text"] = text
    assert yoy_issues(template, draft) == []


@pytest.mark.parametrize(
    ("text", "words", "actual"),
    [
        (
            "全年预算数较上年减少10万元。",
            "全年预算数较上年减少10万元",
            "增加27.15万元（增长3.44%）",
        ),
        ("全年预算数较上年增加30万元。", "全年预算数较上年增加30万元", "增加27.15万元"),
        ("部门总支出798.38万元，同比增长5%。", "总支出798.38万元，同比增长5%", "增长2.36%"),
        (
            "与上年相比，预算完成率提高1.03个百分点。",
            "预算完成率提高1.03个百分点",
            "降低1.03个百分点",
        ),
        ("自评分较上年持平。", "自评分较上年持平", "提高2.5分"),
        (
            "全年预算数为8,171,500元，较上年增加30万元。",
            "全年预算数为8,171,500元，较上年增加30万元",
            "增加27.15万元",
        ),
    ],
)
def test_a_yoy_statement_the_figures_contradict_is_a_warning(
    text: str, words: str, actual: str
) -> None:
    template, draft = gz()
    draft.values["conclusion_text"] = text
    (issue,) = yoy_issues(template, draft)
    assert issue.severity == "warning" and issue.path == "conclusion_text"
    assert text[issue.start : issue.end] == words
    assert actual in issue.message and "上年" in issue.message


def test_no_last_year_means_no_yoy_check() -> None:
    template, draft = gz(last_year={})
    draft.values["conclusion_text"] = "全年预算数较上年减少10万元。"
    assert yoy_issues(template, draft) == []


def test_claims_name_their_figure_and_skip_other_things() -> None:
    text = "较上年服务人数增加200人；基本支出预算数较上年增加5万元；执行数同比下降了1,000元。"
    claims = find_claims(text)
    assert [(c.key, c.direction, c.amount, c.unit) for c in claims] == [
        ("执行数", -1, Decimal("0.1000"), "万元")
    ]


def test_the_ziyang_outline_prints_yoy_too() -> None:
    folder = GZ.parent / "hn-ziyang-overall"
    template = load_template(folder / "template.yaml")
    draft = Draft.from_json((folder / "sample.draft.json").read_text(encoding="utf-8"))
    assert "与上年相比，总收入" not in compose(template, draft).text()
    # the sample: 总收入 168.42, 总支出 169.87, 自评得分 95.5
    draft.last_year = {"income_total": "120", "expense_total": "140", "score": "98"}
    text = compose(template, draft).text()
    assert (
        "与上年相比，总收入增加48.42万元（增长40.35%），总支出增加29.87万元（增长21.34%）。" in text
    )
    assert "自评得分为95.5分，较上年降低2.5分。" in text
    draft.values["overall_text"] = "总支出较上年增加20万元。"
    (issue,) = [i for i in validate(template, draft) if i.code == "yoy"]
    assert issue.path == "overall_text" and "增加29.87万元" in issue.message
