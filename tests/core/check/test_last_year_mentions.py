"""Last year's year still written in a draft started from last year's report."""

from __future__ import annotations

from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.last_year_mentions import CODE, message
from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.model import Template

GZ = REPO_ROOT / "templates" / "gz-dept-overall"


def gz(last_year: bool = True, **values: object) -> tuple[Template, Draft]:
    """The 广州 sample (2023), as if started from the 2022 report."""
    draft = Draft.from_json((GZ / "sample.draft.json").read_text(encoding="utf-8"))
    draft.values.update(values)
    draft.last_year = {"budget_total": "817.15"} if last_year else {}
    return load_template(GZ / "template.yaml"), draft


def found(template: Template, draft: Draft, *, sample: bool = False) -> list[Issue]:
    """The check's warnings; without ``sample``, not the one the sample itself gives."""
    issues = [i for i in validate(template, draft) if i.code == CODE]
    return issues if sample else [i for i in issues if i.path != SAMPLE_PATH]


#: the sample's only "2022年": 完成2022年度妇女儿童发展规划监测统计 (a 2023 report)
SAMPLE_PATH = "tasks[1].result"


def test_the_sample_warns_once_at_its_only_mention_of_2022() -> None:
    template, draft = gz()
    issues = found(template, draft, sample=True)
    assert [(i.path, i.start, i.end) for i in issues] == [(SAMPLE_PATH, 2, 7)]
    assert "“工作任务”第 2 项的“完成情况”第 1 段：" in issues[0].message
    assert found(*gz(last_year=False), sample=True) == []  # not started from last year


def test_last_years_year_is_a_warning_naming_field_paragraph_and_words() -> None:
    text = "本单位认真履职。\n\n2022年，本单位围绕中心工作，完成了各项任务。"
    template, draft = gz(conclusion_text=text)
    issues = found(template, draft)
    assert len(issues) == 1
    issue = issues[0]
    assert issue.severity == "warning" and issue.path == "conclusion_text"
    label = template.field("conclusion_text").label
    assert issue.message == f"“{label}”第 2 段：{message(2022, 2023)}"
    assert "这段文字仍写着“2022年”，这是去年的年份，请核对是否应改为“2023年”。" in issue.message
    assert text[issue.start : issue.end] == "2022年"
    assert issue.section == "conclusion"


def test_one_warning_per_paragraph_and_full_width_digits_count() -> None:
    text = "２０２２年度预算执行良好，2022年完成目标。\n2022 年开展活动12场。"
    template, draft = gz(conclusion_text=text)
    issues = found(template, draft)
    assert [i.message.split("：")[0].endswith("第 1 段") for i in issues] == [True, False]
    assert [text[i.start : i.end] for i in issues] == ["２０２２年", "2022 年"]


def test_comparisons_this_year_and_longer_numbers_are_not_reported() -> None:
    text = "较2022年增长5%，与2022年相比有所提高。2023年完成任务，编号12022年不算。"
    assert found(*gz(conclusion_text=text)) == []


def test_no_warning_without_last_year_or_without_a_year() -> None:
    text = "2022年，本单位完成了各项任务。"
    assert found(*gz(last_year=False, conclusion_text=text), sample=True) == []
    template, draft = gz(conclusion_text=text)
    draft.unit.year = None
    assert found(template, draft, sample=True) == []


def test_long_texts_of_list_items_are_checked_too() -> None:
    template, draft = gz()
    group = next(
        spec
        for _, spec in template.all_fields()
        if spec.kind == "group" and any(s.kind == "longtext" for s in spec.fields)
    )
    sub = next(s for s in group.fields if s.kind == "longtext")
    items = [dict(item) for item in draft.items(group.id)]
    assert items, group.id
    items[0][sub.id] = "2022年开展培训3次。"
    draft.values[group.id] = items
    issues = found(template, draft)
    assert [i.path for i in issues] == [f"{group.id}[0].{sub.id}"] != [SAMPLE_PATH]
    assert f"第 1 项的“{sub.label}”第 1 段" in issues[0].message
