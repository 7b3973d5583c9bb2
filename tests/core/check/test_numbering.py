"""Numbering levels reused in the clerk's texts: a warning with GB/T 9704's order."""

from __future__ import annotations

import pytest

from fulian_desktop.core.check.numbering import renumbering, serial_level
from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.loading import parse_template


def outline() -> dict:
    return {
        "id": "mini",
        "version": "1",
        "name": "部门整体支出绩效自评报告",
        "title": "自评报告",
        "sections": [
            {
                "id": "overview",
                "title": "部门概况",
                "sections": [
                    {
                        "id": "duty",
                        "title": "职能",
                        "fields": [{"id": "duty_text", "kind": "longtext", "label": "职能"}],
                    },
                    {
                        "id": "works",
                        "title": "主要工作",
                        "fields": [
                            {"id": "works_text", "kind": "longtext", "label": "工作"},
                            {
                                "id": "tasks",
                                "kind": "group",
                                "label": "任务",
                                "fields": [
                                    {"id": "result", "kind": "longtext", "label": "完成情况"}
                                ],
                            },
                        ],
                    },
                ],
            }
        ],
    }


def numbering_issues(values: dict) -> list:
    template = parse_template(outline())
    draft = Draft(template_id="mini", values=values)
    return [i for i in validate(template, draft) if i.code == "numbering"]


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("一、总体情况", 1),
        ("（二）项目", 2),
        ("(三)项目", 2),
        ("3.培训", 3),
        ("（4）细项", 4),
        ("1.5万元用于培训", None),
        ("2023年完成", None),
        ("开展培训", None),
    ],
)
def test_serial_levels(line, level):
    found = serial_level(line)
    assert (found[0] if found else None) == level


def test_second_level_serials_inside_a_second_level_section_warn_with_a_renumbering():
    text = "（一）开展宣传。\n1.进社区\n2.进学校\n（二）开展培训。"
    (issue,) = numbering_issues({"works_text": text})
    assert issue.severity == "warning" and issue.path == "works_text"
    assert issue.section == "works"
    assert "第二层" in issue.message and "“（一）”" in issue.message
    assert "“一、”“（一）”“1.”“（1）”" in issue.hint
    assert "“（一）”改为“1.”" in issue.hint and "“（二）”改为“2.”" in issue.hint


def test_the_suggestion_moves_lower_levels_down_too():
    # 一、 under （二） becomes 1., so its own （一） becomes （1）
    assert renumbering("一、甲\n（一）子\n二、乙", 2) == [
        ("一、", "1."),
        ("（一）", "（1）"),
        ("二、", "2."),
    ]
    # children count again from 1 under each new parent
    assert renumbering("一、甲\n（一）子\n二、乙\n（一）丑", 2)[-1] == ("（一）", "（1）")
    assert renumbering("（一）甲\n（二）乙", 3) == [("（一）", "（1）"), ("（二）", "（2）")]


def test_past_the_fourth_level_the_hint_says_drop_the_numbers():
    assert renumbering("（1）甲", 4) == [("（1）", "")]


def test_serials_below_the_section_are_fine():
    assert numbering_issues({"works_text": "1.进社区\n（1）讲座\n2.进学校"}) == []
    assert numbering_issues({"duty_text": "负责妇女儿童工作。"}) == []


def test_group_item_texts_are_checked():
    (issue,) = numbering_issues({"tasks": [{"result": "一、完成培训\n二、完成宣传"}]})
    assert issue.path == "tasks[0].result"
    assert "“一、”改为“1.”" in issue.hint


def test_a_section_switched_off_is_not_checked():
    data = outline()
    data["sections"][0]["sections"][1].update(optional=True, default_on=False)
    template = parse_template(data)
    draft = Draft(template_id="mini", values={"works_text": "（一）甲\n（二）乙"})
    assert not [i for i in validate(template, draft) if i.code == "numbering"]
