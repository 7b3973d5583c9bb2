"""validate(): what a careful reviewer at the finance bureau would find.

Each rule kind is exercised on a small inline template; the tolerance of the
sum rule is also checked as a property over random figures.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.loading import parse_template
from fulian_desktop.core.template.model import Template

UNIT = UnitIdentity(name="广州市番禺区妇女联合会", year=2021)


def template(*sections: dict[str, Any], **top: Any) -> Template:
    data: dict[str, Any] = {
        "id": "mini",
        "version": "1",
        "name": "部门整体支出绩效自评报告",
        "title": "{{ unit.name }}{{ report_year }}年部门整体支出绩效自评报告",
        "sections": list(sections),
    }
    data.update(top)
    return parse_template(copy.deepcopy(data))


def section(sid: str = "main", *fields: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": sid, "title": sid, "fields": list(fields), **extra}


def draft(
    values: dict[str, Any] | None = None, unit: UnitIdentity | None = UNIT, **kw: Any
) -> Draft:
    return Draft(template_id="mini", unit=unit or UnitIdentity(), values=values or {}, **kw)


def only(issues: list[Issue], code: str | None = None) -> Issue:
    found = [i for i in issues if code is None or i.code == code]
    assert len(found) == 1, issues
    return found[0]


def money(fid: str, label: str, **kw: Any) -> dict[str, Any]:
    return {"id": fid, "kind": "money", "label": label, **kw}


# ---------------------------------------------------------------------------
# Unit identity


def test_unit_name_and_year_are_required():
    t = template(section())
    issues = validate(t, draft(unit=UnitIdentity()))
    assert [(i.path, i.severity, i.code) for i in issues] == [
        ("unit.name", "error", "required"),
        ("unit.year", "error", "required"),
    ]
    assert "单位全称" in issues[0].message and issues[0].hint


def test_a_complete_unit_gives_no_issue():
    unit = UnitIdentity(name="某区妇联", year=2022, phone="020-84833366")
    assert validate(template(section()), draft(unit=unit)) == []


@pytest.mark.parametrize(
    "phone", ["020-84833366", "13812345678", "(020)84833366", "84833366", "020-84833366转123"]
)
def test_good_phone_numbers(phone):
    unit = UnitIdentity(name="某区妇联", year=2022, phone=phone)
    assert validate(template(section()), draft(unit=unit)) == []


@pytest.mark.parametrize("phone", ["123", "电话", "020-8483", "1381234567899"])
def test_bad_phone_number_is_a_warning(phone):
    unit = UnitIdentity(name="某区妇联", year=2022, phone=phone)
    issue = only(validate(template(section()), draft(unit=unit)))
    assert (issue.path, issue.severity, issue.code) == ("unit.phone", "warning", "format")
    assert phone in issue.message


def test_year_outside_the_templates_years_is_a_warning():
    t = template(section(), years=[2021, 2022])
    issue = only(validate(t, draft(unit=UnitIdentity(name="某区妇联", year=2024))))
    assert issue.severity == "warning" and "2021、2022" in issue.message


def test_cover_lines_naming_unit_fields_warn_when_empty():
    cover = {
        "title": "{{ unit.name }}绩效自评报告",
        "lines": [
            {"label": "填表人姓名及职务：", "value": "{{ unit.filler }} {{ unit.position }}"},
            {"label": "联系电话：", "value": "{{ unit.phone }}"},
        ],
    }
    issues = validate(template(section(), cover=cover), draft())
    assert [i.path for i in issues] == ["unit.filler", "unit.position", "unit.phone"]
    assert all(i.severity == "warning" for i in issues)
    assert "填表人姓名及职务" in issues[0].message


# ---------------------------------------------------------------------------
# Required fields, optional sections, required_when


def test_required_field_missing_is_one_error_naming_the_label():
    t = template(
        section("s", {"id": "overview", "kind": "longtext", "label": "部门概况", "required": True})
    )
    issue = only(validate(t, draft()))
    assert (issue.path, issue.code, issue.section) == ("overview", "required", "s")
    assert "部门概况" in issue.message
    assert validate(t, draft({"overview": "番禺区妇联下设办公室。"})) == []


def test_whitespace_only_counts_as_missing():
    t = template(section("s", {"id": "a", "kind": "text", "label": "甲", "required": True}))
    assert only(validate(t, draft({"a": " \n\u3000 "}))).code == "required"


def test_optional_section_switched_off_is_not_checked():
    req = {"id": "goal", "kind": "longtext", "label": "绩效目标", "required": True}
    t = template(section("goals", req, optional=True))
    assert only(validate(t, draft())).path == "goal"
    assert validate(t, draft(sections={"goals": False})) == []


def test_optional_section_off_by_default_and_its_children():
    req = {"id": "goal", "kind": "longtext", "label": "绩效目标", "required": True}
    child = section("child", req)
    t = template(section("goals", optional=True, default_on=False, sections=[child]))
    assert validate(t, draft()) == []
    assert only(validate(t, draft(sections={"goals": True}))).path == "goal"


def test_switched_off_figures_are_left_out_of_sums():
    t = template(
        section("a", money("part", "分项")),
        section("b", money("total", "合计"), optional=True),
        rules=[{"kind": "equal_sums", "left": ["part"], "right": ["total"]}],
    )
    values = {"part": "10", "total": "20"}
    assert only(validate(t, draft(values))).code == "sum"
    assert validate(t, draft(values, sections={"b": False})) == []


def test_required_when_true_false_and_unknown():
    t = template(
        section(
            "s",
            {"id": "rate", "kind": "percent", "label": "完成率"},
            {
                "id": "reason",
                "kind": "longtext",
                "label": "偏差原因",
                "required_when": "rate < 100",
            },
        )
    )
    assert only(validate(t, draft({"rate": "95.78"}))).path == "reason"
    assert validate(t, draft({"rate": "100"})) == []
    assert validate(t, draft({})) == []  # rate unknown: not required


# ---------------------------------------------------------------------------
# Groups

TASKS = {
    "id": "tasks",
    "kind": "group",
    "label": "工作任务",
    "item_label": "任务（{{ n | cn_number }}）",
    "min_items": 1,
    "max_items": 5,
    "fields": [
        {"id": "task", "kind": "longtext", "label": "任务", "required": True},
        {"id": "result", "kind": "longtext", "label": "完成情况", "required": True},
    ],
}


def test_item_without_its_result_gives_exactly_one_error_there():
    t = template(section("tasks_sec", TASKS))
    items = [{"task": f"任务{i}", "result": "已完成。"} for i in range(5)]
    items[3] = {"task": "开展家庭教育宣传。", "result": ""}
    issue = only(validate(t, draft({"tasks": items})))
    assert (issue.path, issue.code, issue.severity) == ("tasks[3].result", "required", "error")
    assert issue.message == "任务（四）的“完成情况”未填写"
    assert issue.section == "tasks_sec"


def test_min_and_max_items():
    t = template(section("s", TASKS))
    issue = only(validate(t, draft({})))
    assert (issue.path, issue.code) == ("tasks", "required")
    items = [{"task": "a", "result": "b"}] * 6
    issue = only(validate(t, draft({"tasks": items})))
    assert issue.code == "range" and "最多 5 项" in issue.message


def test_an_empty_item_is_one_error():
    t = template(section("s", TASKS))
    items = [{"task": "a", "result": "b"}, {"task": "", "result": " "}]
    issue = only(validate(t, draft({"tasks": items})))
    assert issue.path == "tasks[1]" and "任务（二）" in issue.message


def test_item_sub_field_format_error_has_the_item_path():
    group = {
        "id": "projects",
        "kind": "group",
        "label": "项目",
        "fields": [{"id": "name", "kind": "text", "label": "名称"}, money("amount", "资金总额")],
    }
    t = template(section("s", group))
    issue = only(validate(t, draft({"projects": [{"name": "妇女创业", "amount": "12.3.4"}]})))
    assert (issue.path, issue.code) == ("projects[0].amount", "format")
    assert "项目第 1 项的“资金总额”" in issue.message


# ---------------------------------------------------------------------------
# Numbers: parse errors, places, ranges; texts; choices


def test_money_that_does_not_parse_is_a_format_error():
    t = template(section("s", money("total", "总支出")))
    issue = only(validate(t, draft({"total": "7o1.5"})))
    assert (issue.path, issue.code, issue.severity) == ("total", "format", "error")
    assert "总支出" in issue.message and issue.hint


def test_money_with_three_decimals():
    t = template(section("s", money("total", "总支出")))
    issue = only(validate(t, draft({"total": "701.555"})))
    assert "金额最多两位小数" in issue.message and "701.555" in issue.message
    assert validate(t, draft({"total": "701.55"})) == []


def test_score_range_and_explicit_minimum():
    t = template(
        section(
            "s",
            {"id": "score", "kind": "score", "label": "自评分"},
            {"id": "staff", "kind": "integer", "label": "编制数", "minimum": 0, "maximum": 50},
        )
    )
    issue = only(validate(t, draft({"score": "100.5"})))
    assert (issue.code, issue.path) == ("range", "score") and "0–100" in issue.message
    assert validate(t, draft({"score": "94.08", "staff": "5"})) == []
    assert only(validate(t, draft({"staff": "-1"}))).code == "range"
    assert only(validate(t, draft({"staff": "5.5"}))).code == "format"


def test_text_length_limits():
    t = template(
        section(
            "s",
            {"id": "a", "kind": "longtext", "label": "概况", "min_length": 10, "max_length": 20},
        )
    )
    long = validate(t, draft({"a": "字" * 25}))
    assert only(long).message == "“概况”共 25 字，超过 20 字上限 5 字"
    assert only(validate(t, draft({"a": "太短了。"}))).message == "“概况”共 4 字，少于要求的 10 字"
    assert validate(t, draft({"a": "字" * 15})) == []


def test_choice_not_among_choices():
    t = template(
        section("s", {"id": "g", "kind": "choice", "label": "等级", "choices": ["优", "良"]})
    )
    issue = only(validate(t, draft({"g": "优良"})))
    assert issue.code == "choice" and "优、良" in issue.hint
    assert validate(t, draft({"g": "优"})) == []


@pytest.mark.parametrize("answer", ["无", "无。", " 暂无 ", "没有！"])
def test_substantive_answer_of_nothing_is_a_warning(answer):
    t = template(
        section(
            "s", {"id": "problems", "kind": "longtext", "label": "存在问题", "substantive": True}
        )
    )
    issue = only(validate(t, draft({"problems": answer})))
    assert (issue.severity, issue.code) == ("warning", "substance")
    assert f"只填写了“{answer.strip()}”，大纲要求说明具体情况" in issue.message
    assert validate(t, draft({"problems": "无明显问题，但宣传覆盖面仍需扩大。"})) == []


# ---------------------------------------------------------------------------
# Computed values checked against the typed figure


def rate_template(severity: str = "error") -> Template:
    return template(
        section(
            "finance",
            money("spent", "总支出"),
            money("budget", "年度预算数"),
            {"id": "rate", "kind": "percent", "label": "预算完成率"},
            computed=[
                {
                    "id": "rate_calc",
                    "label": "总支出÷年度预算数",
                    "expr": "ratio(spent, budget)",
                    "format": "percent",
                    "check": "rate",
                    "severity": severity,
                }
            ],
        )
    )


def test_stated_rate_equal_at_its_precision_gives_nothing():
    # 701.5 / 732.44 = 95.776… → 95.78
    assert (
        validate(rate_template(), draft({"spent": "701.5", "budget": "732.44", "rate": "95.78"}))
        == []
    )
    assert (
        validate(rate_template(), draft({"spent": "701.5", "budget": "732.44", "rate": "95.78%"}))
        == []
    )


def test_stated_rate_compared_at_zero_decimals():
    # 99.996 printed as "100" is right; as "99.99" it is wrong
    values = {"spent": "99.996", "budget": "100", "rate": "100"}
    t = template(
        section(
            "finance",
            {"id": "spent", "kind": "money", "label": "总支出", "places": 3},
            money("budget", "年度预算数"),
            {"id": "rate", "kind": "percent", "label": "预算完成率"},
            computed=[
                {
                    "id": "rate_calc",
                    "label": "完成率",
                    "expr": "ratio(spent, budget)",
                    "format": "percent",
                    "check": "rate",
                }
            ],
        )
    )
    assert validate(t, draft(values)) == []
    issue = only(validate(t, draft({**values, "rate": "99.99"})))
    assert "应为 100.00%" in issue.message


def test_stated_rate_wrong_names_both_figures():
    issue = only(
        validate(rate_template(), draft({"spent": "701.5", "budget": "732.44", "rate": "95.87"}))
    )
    assert (issue.path, issue.code, issue.severity) == ("rate", "rate", "error")
    assert "95.87%" in issue.message and "95.78%" in issue.message
    assert "701.5" in issue.message and "732.44" in issue.message


def test_computed_check_severity_comes_from_the_template():
    values = {"spent": "701.5", "budget": "732.44", "rate": "95"}  # 95.776 → 96 at 0 decimals
    assert only(validate(rate_template("warning"), draft(values))).severity == "warning"


def test_computed_check_skipped_when_a_figure_is_missing():
    assert validate(rate_template(), draft({"spent": "701.5", "rate": "95.78"})) == []


def test_computed_check_against_a_grade():
    t = template(
        section(
            "s",
            {"id": "score", "kind": "score", "label": "自评分"},
            {"id": "grade", "kind": "choice", "label": "等级", "choices": ["优", "良", "中", "差"]},
            computed=[
                {
                    "id": "g",
                    "label": "评分等级",
                    "expr": "grade(score)",
                    "format": "grade",
                    "check": "grade",
                }
            ],
        )
    )
    assert validate(t, draft({"score": "94.08", "grade": "优"})) == []
    issue = only(validate(t, draft({"score": "85", "grade": "优"})))
    assert "“良”" in issue.message and "“优”" in issue.message


# ---------------------------------------------------------------------------
# Equal sums with rounding tolerance


def zengcheng() -> Template:
    return template(
        section(
            "budget",
            money("budget_total", "全年预算数"),
            money("budget_basic", "基本支出"),
            money("budget_project", "项目支出"),
            rules=[
                {
                    "kind": "equal_sums",
                    "left": ["budget_basic", "budget_project"],
                    "right": ["budget_total"],
                    "label": "基本支出与项目支出之和",
                }
            ],
        )
    )


def test_zengcheng_budget_is_a_rounding_difference():
    values = {"budget_total": "749.56", "budget_basic": "581.01", "budget_project": "168.54"}
    issue = only(validate(zengcheng(), draft(values)))
    assert (issue.severity, issue.code, issue.path) == ("info", "rounding", "budget_total")
    assert issue.message.startswith("四舍五入差异：")
    assert "749.55" in issue.message and "749.56" in issue.message and "0.01" in issue.message


def test_zengcheng_spending_is_a_rounding_difference():
    t = template(
        section(
            "spent",
            money("spent_total", "执行数"),
            money("spent_basic", "基本支出"),
            money("spent_project", "项目支出"),
            rules=[
                {
                    "kind": "equal_sums",
                    "left": ["spent_basic", "spent_project"],
                    "right": ["spent_total"],
                }
            ],
        )
    )
    values = {"spent_total": "734.33", "spent_basic": "579.81", "spent_project": "154.53"}
    issue = only(validate(t, draft(values)))
    assert (issue.severity, issue.code) == ("info", "rounding")
    assert "基本支出与项目支出之和 734.34 万元" in issue.message


def test_sum_gap_beyond_tolerance_is_an_error_naming_both_sums_and_the_gap():
    values = {"budget_total": "749.60", "budget_basic": "581.01", "budget_project": "168.54"}
    issue = only(validate(zengcheng(), draft(values)))
    assert (issue.severity, issue.code) == ("error", "sum")
    assert (
        issue.message == "基本支出与项目支出之和 749.55 万元与全年预算数 749.60 万元相差 0.05 万元"
    )


def test_exact_sum_and_missing_figures_give_nothing():
    exact = {"budget_total": "749.55", "budget_basic": "581.01", "budget_project": "168.54"}
    assert validate(zengcheng(), draft(exact)) == []
    assert validate(zengcheng(), draft({"budget_total": "800", "budget_basic": "581.01"})) == []


def test_rule_message_overrides_with_figures():
    t = template(
        section("s", money("a", "甲"), money("b", "乙")),
        rules=[
            {
                "kind": "equal_sums",
                "left": ["a"],
                "right": ["b"],
                "message": "收入 {left} 与支出 {right} 不平衡，相差 {gap}",
                "severity": "warning",
            }
        ],
    )
    issue = only(validate(t, draft({"a": "10", "b": "12.5"})))
    # typed figures as typed; the gap is computed, so it has two decimals
    assert issue.message == "收入 10 与支出 12.5 不平衡，相差 2.50" and issue.severity == "warning"


ZIYANG_ITEMS = [
    "3.5", "2.8", "5.12", "1.6", "4.03", "2.2", "6.18", "3.3",
    "1.95", "4.4", "2.06", "3.75", "2.5", "4.1", "1.2", "3.2",
]  # fmt: skip


def ziyang() -> Template:
    items = {
        "id": "project_items",
        "kind": "group",
        "label": "项目",
        "fields": [{"id": "name", "kind": "text", "label": "名称"}, money("amount", "金额")],
    }
    return template(
        section(
            "finance",
            money("income", "总收入"),
            money("carried_in", "上年结转"),
            money("spent", "总支出"),
            money("carried_out", "结转下年"),
            money("basic", "基本支出"),
            money("staff", "人员经费"),
            money("office", "日常公用经费"),
            money("project", "项目支出"),
            items,
            rules=[
                {
                    "kind": "equal_sums",
                    "left": ["income", "carried_in"],
                    "right": ["spent", "carried_out"],
                },
                {"kind": "equal_sums", "left": ["basic", "project"], "right": ["spent"]},
                {"kind": "equal_sums", "left": ["staff", "office"], "right": ["basic"]},
                {"kind": "equal_sums", "left": ["project_items.amount"], "right": ["project"]},
            ],
            computed=[
                {
                    "id": "project_share",
                    "label": "专项资金占比",
                    "expr": "ratio(project, spent)",
                    "format": "percent",
                }
            ],
        )
    )


def test_ziyang_balances_give_nothing():
    assert sum(Decimal(x) for x in ZIYANG_ITEMS) == Decimal("51.89")
    values: dict[str, Any] = {
        "income": "132.35",
        "carried_in": "2.21",
        "spent": "134.56",
        "carried_out": "0",
        "basic": "82.67",
        "staff": "63.41",
        "office": "19.26",
        "project": "51.89",
        "project_items": [{"name": f"项目{i}", "amount": a} for i, a in enumerate(ZIYANG_ITEMS)],
    }
    assert validate(ziyang(), draft(values)) == []
    values["project_items"][0]["amount"] = "3.6"
    issue = only(validate(ziyang(), draft(values)))
    assert issue.code == "sum" and "51.99" in issue.message and "各项目的金额" in issue.message


cents = st.integers(min_value=0, max_value=10_000_000)


@settings(max_examples=200, deadline=None)
@given(parts=st.lists(cents, min_size=1, max_size=6), delta=st.integers(-5, 5))
def test_tolerance_boundary(parts, delta):
    """A gap of g cents over n+1 figures is info iff g ≤ (n+1) × 0.5 cent."""
    n = len(parts)
    t = template(
        section("s", *(money(f"p{i}", f"分项{i}") for i in range(n)), money("total", "合计")),
        rules=[{"kind": "equal_sums", "left": [f"p{i}" for i in range(n)], "right": ["total"]}],
    )
    total = sum(parts) + delta
    if total < 0:
        return
    values = {f"p{i}": str(Decimal(c) / 100) for i, c in enumerate(parts)}
    values["total"] = str(Decimal(total) / 100)
    issues = validate(t, draft(values))
    gap = abs(delta) * Decimal("0.01")
    if gap == 0:
        assert issues == []
    elif gap <= (n + 1) * Decimal("0.005"):
        assert [(i.severity, i.code) for i in issues] == [("info", "rounding")]
    else:
        assert [(i.severity, i.code) for i in issues] == [("error", "sum")]


@settings(max_examples=200, deadline=None)
@given(exact=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8))
def test_honest_rounding_is_never_an_error(exact):
    """Parts and total each rounded to 0.01 from exact figures (in 0.0001 万元) never differ
    by more than the tolerance."""
    n = len(exact)
    t = template(
        section("s", *(money(f"p{i}", f"分项{i}") for i in range(n)), money("total", "合计")),
        rules=[{"kind": "equal_sums", "left": [f"p{i}" for i in range(n)], "right": ["total"]}],
    )

    def rounded(x: int) -> str:
        return str((Decimal(x) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))

    values = {f"p{i}": rounded(x) for i, x in enumerate(exact)}
    values["total"] = rounded(sum(exact))
    assert all(i.severity == "info" for i in validate(t, draft(values)))


# ---------------------------------------------------------------------------
# Length caps, expression rules


def redbook(counts: str = "fields") -> Template:
    parts = [
        {"id": f"part{i}", "kind": "longtext", "label": label}
        for i, label in enumerate(["概述", "效果", "问题", "亮点"], start=1)
    ]
    return template(
        section(
            "summary",
            *parts,
            rules=[
                {
                    "kind": "length_cap",
                    "fields": ["part1", "part2", "part3", "part4"],
                    "max": 2000,
                    "label": "自评总结",
                    "counts": counts,
                }
            ],
        )
    )


def test_length_cap_over_several_texts():
    values = {"part1": "字" * 1000, "part2": "字" * 1000, "part3": "字" * 500, "part4": "字" * 350}
    issue = only(validate(redbook(), draft(values)))
    # both figures: the capped texts, and the section as Word counts it (+ its heading)
    assert (
        issue.message == "自评总结正文 2850 字；整节在 Word 中约 2853 字，超过 2000 字上限 850 字"
    )
    assert (issue.severity, issue.code, issue.path) == ("error", "length", "summary")
    values["part2"] = "字" * 150  # 1000 + 150 + 500 + 350 = 2000: at the cap
    # within the cap as the outline counts; a reviewer selecting the section sees more
    note = only(validate(redbook(), draft(values)))
    assert note.severity == "info" and note.message.startswith(
        "自评总结正文 2000 字；整节在 Word 中约 2003 字"  # + "一、summary"
    )
    values["part2"] = "字" * 147  # the whole section at 2000 too: nothing to say
    assert validate(redbook(), draft(values)) == []


def test_length_cap_may_count_the_whole_section():
    t = redbook(counts="section")
    values = {"part1": "字" * 1000, "part2": "字" * 150, "part3": "字" * 500, "part4": "字" * 350}
    issue = only(validate(t, draft(values)))
    assert issue.severity == "error"
    assert issue.message == "自评总结正文 2000 字；整节在 Word 中约 2003 字，超过 2000 字上限 3 字"


def test_length_cap_counts_like_word():
    # 2021 counts 1, the full-width 。 counts 1: "东京2024奥运会。" is 7 by Word's 字数
    t = template(
        section(
            "s",
            {"id": "a", "kind": "longtext", "label": "甲"},
            rules=[{"kind": "length_cap", "fields": ["a"], "max": 6}],
        )
    )
    assert "正文 7 字" in only(validate(t, draft({"a": "东京2024奥运会。"}))).message
    # 6 字 is within the cap; only a note that the section (with its heading) has 7
    assert [i.severity for i in validate(t, draft({"a": "东京2024奥运会"}))] == ["info"]


def expr_rule_template(check: str) -> Template:
    return template(
        section(
            "s",
            {"id": "score", "kind": "score", "label": "自评分"},
            {"id": "spent", "kind": "money", "label": "支出"},
            rules=[
                {
                    "kind": "check",
                    "check": check,
                    "field": "score",
                    "message": "自评分低于 60 分时请说明原因",
                    "hint": "在问题部分说明",
                    "severity": "warning",
                }
            ],
        )
    )


def test_expression_rule_false_true_and_unknown():
    t = expr_rule_template("score >= 60")
    issue = only(validate(t, draft({"score": "55"})))
    assert (issue.path, issue.severity, issue.code) == ("score", "warning", "rule")
    assert issue.message == "自评分低于 60 分时请说明原因" and issue.hint == "在问题部分说明"
    assert validate(t, draft({"score": "90"})) == []
    assert validate(t, draft({})) == []  # unknown: not checked


# ---------------------------------------------------------------------------
# Template mistakes become issues


def test_computed_error_is_a_template_issue_not_an_exception():
    t = template(
        section(
            "s",
            {"id": "name", "kind": "text", "label": "名称"},
            computed=[{"id": "bad", "label": "坏的计算", "expr": "name + 1"}],
        )
    )
    issue = only(validate(t, draft({"name": "妇联"})))
    assert (issue.code, issue.severity, issue.path) == ("template", "error", "bad")
    assert issue.message.startswith("模板有误") and "坏的计算" in issue.message


def test_snippet_error_is_a_template_issue():
    t = template(
        section("s", money("total", "总支出"), body=[{"sentence": "总支出 {{ total * 2 }} 万元。"}])
    )
    issue = only(validate(t, draft()))
    assert (issue.code, issue.path) == ("template", "s")
    assert "句子无法生成" in issue.message
    assert validate(t, draft({"total": "10"})) == []


# ---------------------------------------------------------------------------
# Order


def test_issues_in_document_order_then_severity():
    t = template(
        section(
            "first",
            {"id": "a", "kind": "longtext", "label": "甲", "required": True},
            money("m", "金额"),
            money("total", "合计"),
            rules=[{"kind": "equal_sums", "left": ["m"], "right": ["total"]}],
        ),
        section("second", {"id": "b", "kind": "longtext", "label": "乙", "required": True}),
    )
    issues = validate(t, draft({"m": "1", "total": "2"}, unit=UnitIdentity()))
    assert [i.path for i in issues] == ["unit.name", "unit.year", "a", "total", "b"]
    assert [i.section for i in issues] == ["", "", "first", "first", "second"]


def test_validate_does_not_change_the_draft():
    d = draft({"budget_total": "749.56", "budget_basic": "581.01"}, sections={"x": False})
    before = d.canonical_json()
    validate(zengcheng(), d)
    assert d.canonical_json() == before


def test_large_draft_validates():
    """A 32,000-字 draft with many fields: every text is counted and checked."""
    parts = [
        {
            "id": f"t{i}",
            "kind": "longtext",
            "label": f"第{i}部分",
            "max_length": 5000,
            "required": True,
        }
        for i in range(16)
    ]
    t = template(
        section(
            "s",
            *parts,
            rules=[{"kind": "length_cap", "fields": [p["id"] for p in parts], "max": 40000}],
        )
    )
    text = "番禺区妇联2021年开展家庭教育宣传活动，服务妇女儿童。" * 80
    values = {f"t{i}": text for i in range(16)}
    assert sum(len(v) for v in values.values()) > 32000
    assert validate(t, draft(values)) == []


def test_template_wide_rule_points_at_the_first_field_it_names():
    t = template(
        section("a", money("income", "收入")),
        section("b", money("spent", "支出")),
        rules=[{"kind": "check", "check": "spent <= income", "message": "支出超过收入"}],
    )
    issue = only(validate(t, draft({"income": "10", "spent": "12"})))
    assert (issue.path, issue.section, issue.code) == ("income", "a", "rule")


def robust_template() -> Template:
    return template(
        section(
            "s",
            money("a", "甲"),
            money("b", "乙"),
            {"id": "rate", "kind": "percent", "label": "完成率"},
            {"id": "score", "kind": "score", "label": "自评分"},
            {"id": "day", "kind": "date", "label": "日期"},
            {"id": "g", "kind": "choice", "label": "等级", "choices": ["优", "良"]},
            {"id": "t", "kind": "longtext", "label": "说明", "substantive": True, "max_length": 50},
            {**TASKS, "fields": [*TASKS["fields"], money("amount", "金额")]},
            computed=[
                {
                    "id": "r",
                    "label": "完成率",
                    "expr": "ratio(a, b)",
                    "format": "percent",
                    "check": "rate",
                },
                {"id": "prod", "label": "乘积", "expr": "round(a * b * a, 2) + round(ratio(a, b))"},
            ],
            rules=[
                {"kind": "equal_sums", "left": ["a", "tasks.amount"], "right": ["b"]},
                {"kind": "check", "check": "score >= 60 and a < b", "message": "检查"},
            ],
            body=[{"sentence": "{{ a | money }} {{ rate | percent }} {{ day | date_cn }}"}],
        )
    )


typed_text = st.one_of(
    st.text(max_size=30),
    st.from_regex(r"-?[0-9０-９]{1,40}(\.[0-9]{0,6})?(%|万元)?", fullmatch=True),
    st.sampled_from(["", "无", "1e400", "NaN", "Infinity", "0", "-0.00", "2021-02-30", "优"]),
)


@settings(max_examples=300, deadline=None)
@given(
    values=st.fixed_dictionaries(
        {k: typed_text for k in ["a", "b", "rate", "score", "day", "g", "t"]},
    ),
    items=st.lists(
        st.fixed_dictionaries({"task": typed_text, "result": typed_text, "amount": typed_text}),
        max_size=3,
    ),
)
def test_whatever_the_clerk_types_validation_returns_issues_and_never_raises(values, items):
    issues = validate(robust_template(), draft({**values, "tasks": items}))
    assert all(isinstance(i, Issue) and i.message for i in issues)
    assert not [i for i in issues if i.code == "template"], issues


def test_stated_rate_compared_with_the_unrounded_value():
    # 95.749 → 95.7 at one decimal; rounding first to 95.75 would wrongly give 95.8
    t = template(
        section(
            "finance",
            {"id": "spent", "kind": "money", "label": "总支出", "places": 3},
            money("budget", "年度预算数"),
            {"id": "rate", "kind": "percent", "label": "预算完成率"},
            computed=[
                {
                    "id": "rate_calc",
                    "label": "完成率",
                    "expr": "ratio(spent, budget)",
                    "format": "percent",
                    "check": "rate",
                }
            ],
        )
    )
    values = {"spent": "95.749", "budget": "100"}
    assert validate(t, draft({**values, "rate": "95.7"})) == []
    assert "应为 95.7%" in only(validate(t, draft({**values, "rate": "95.8"}))).message
