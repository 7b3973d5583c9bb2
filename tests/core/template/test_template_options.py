"""Outline variations as template options: the unit's short name in the title,
tasks as labels or as numbered headings, renumbered or fixed section numbers."""

from __future__ import annotations

import json

from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose.composer import compose, section_numbers
from fulian_desktop.core.compose.document import Paragraph
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.loading import load_template, parse_template
from fulian_desktop.core.template.model import Template

TEMPLATES = REPO_ROOT / "templates"
GZ = TEMPLATES / "gz-dept-overall"
VARIANT = GZ / "variants" / "short-title-task-headings.draft.json"


def gz(**options: str | bool) -> tuple[Template, Draft]:
    draft = Draft.from_json((GZ / "sample.draft.json").read_text(encoding="utf-8"))
    draft.options.update(options)
    return load_template(GZ / "template.yaml"), draft


def paragraphs(template: Template, draft: Draft) -> list[Paragraph]:
    return [b for b in compose(template, draft).flat_blocks() if isinstance(b, Paragraph)]


def test_the_title_chooses_the_short_name_and_sentences_keep_the_full_name() -> None:
    template, draft = gz(title_name="short", budget_style="total")
    draft.values["income_total"] = "798.38"
    assert compose(template, draft).title == "广州市青禾区妇女联合会2023年部门整体支出绩效自评报告"
    draft.unit.short_name = "青禾区妇联"  # chosen, but only used once she fills it in
    document = compose(template, draft)
    assert document.title == "青禾区妇联2023年部门整体支出绩效自评报告"
    assert "广州市青禾区妇女联合会2023年度总支出798.38万元" in document.text()
    draft.options["title_style"] = "year_first"
    assert compose(template, draft).title == "2023年度青禾区妇联整体支出绩效自评报告"
    draft.options["title_name"] = "full"
    assert compose(template, draft).title == "2023年度广州市青禾区妇女联合会整体支出绩效自评报告"


def test_the_ziyang_outline_falls_back_to_the_units_short_name() -> None:
    folder = TEMPLATES / "hn-ziyang-overall"
    template = load_template(folder / "template.yaml")
    draft = Draft.from_json((folder / "sample.draft.json").read_text(encoding="utf-8"))
    draft.options["short_name"] = ""
    draft.unit.short_name = "资阳区妇联"
    assert compose(template, draft).title.startswith("资阳区妇联")
    draft.options["short_name"] = "区妇联"  # the report's own choice wins
    assert compose(template, draft).title.startswith("区妇联")


def test_tasks_print_with_labels_by_default() -> None:
    template, draft = gz()
    texts = [p.full_text for p in paragraphs(template, draft)]
    first = draft.items("tasks")[0]["statement"]
    assert f"任务（一）：{first}" in texts
    assert any(t.startswith("完成情况：") for t in texts)


def test_tasks_as_numbered_headings_under_the_section() -> None:
    template, draft = gz(task_style="headings")
    paras = paragraphs(template, draft)
    tasks = draft.items("tasks")
    headings = [p for p in paras if p.anchor == "tasks_analysis" and p.number][1:]
    assert [(p.number, p.text) for p in headings] == [
        (n, t["statement"])
        for n, t in zip(["一、", "二、", "三、", "四、", "五、"], tasks, strict=True)
    ]
    # one level below （二）各项工作任务…, kept with the body that follows
    assert {p.role for p in headings} == {"h3"} and all(p.keep_next for p in headings)
    texts = [p.full_text for p in paras]
    assert not any(t.startswith(("任务（", "完成情况：")) for t in texts)
    first_result = tasks[0]["result"].split("\n")[0]
    after = texts.index(headings[0].full_text)
    assert texts[after + 1] == first_result  # the body follows without a label


def test_a_section_left_out_renumbers_the_rest_or_keeps_the_published_numbers() -> None:
    template, draft = gz()
    draft.sections["key_task"] = False

    def number_of(section_id: str) -> str:
        return next(
            p.number for p in paragraphs(template, draft) if p.anchor == section_id and p.number
        )

    assert number_of("results") == "（三）"
    draft.options["numbering"] = "fixed"
    assert number_of("results") == "（四）"
    enabled = {"key_task": False}
    assert section_numbers(template, enabled)["results"] == "（三）"
    assert section_numbers(template, enabled, fixed=True)["results"] == "（四）"
    assert section_numbers(template, enabled, fixed=True)["key_task"] == ""


def test_fixed_numbering_can_be_the_outlines_own_rule() -> None:
    data = {
        "id": "fixed-demo",
        "version": "1",
        "name": "测试报告",
        "title": "测试",
        "numbering": "fixed",
        "sections": [
            {"id": "a", "title": "甲"},
            {"id": "b", "title": "乙", "optional": True, "default_on": False},
            {"id": "c", "title": "丙"},
        ],
    }
    template = parse_template(data)
    draft = Draft(template_id="fixed-demo")
    numbers = [p.number for p in paragraphs(template, draft) if p.number]
    assert numbers == ["一、", "三、"]


def test_the_options_sample_is_clean_and_prints_its_options() -> None:
    template = load_template(GZ / "template.yaml")
    draft = Draft.from_json(VARIANT.read_text(encoding="utf-8"))
    assert draft.options["title_name"] == "short" and draft.options["task_style"] == "headings"
    assert [i for i in validate(template, draft) if i.severity != "info"] == []
    document = compose(template, draft)
    assert document.title == "青禾区妇联2023年部门整体支出绩效自评报告"
    numbers = [(p.anchor, p.number) for p in paragraphs(template, draft) if p.number]
    assert ("results", "（四）") in numbers  # fixed numbering, 重点任务 left out
    assert [n for a, n in numbers if a == "tasks_analysis"][1:] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
    ]
    assert json.loads(VARIANT.read_text(encoding="utf-8"))["template_id"] == "gz-dept-overall"
