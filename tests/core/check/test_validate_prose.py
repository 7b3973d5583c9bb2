"""The prose check: key figures written in the clerk's texts agree with the form.

Wrong 预算数, 完成率 and 自评分 planted into the built-in 广州 sample are found
(in 万元, in 元 with 千分位 commas, in full-width digits), right ones written
in other forms are not, and the unchanged samples give no finding.
"""

from __future__ import annotations

import json

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft, SentenceOverride
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.model import Template

REPO = REPO_ROOT
TEMPLATES = REPO / "templates"
SAMPLES = REPO / "tests" / "fixtures" / "samples"

# The 广州 sample: 预算数 817.15, 执行数 798.38, 完成率 97.7 (stated; 97.70 computed), 自评分 92.5, 优
GZ = TEMPLATES / "gz-dept-overall"


def gz(**values: str) -> tuple[Template, Draft]:
    draft = Draft.from_json((GZ / "sample.draft.json").read_text(encoding="utf-8"))
    draft.values.update(values)
    return load_template(GZ / "template.yaml"), draft


def mention_issues(template: Template, draft: Draft) -> list[Issue]:
    return [i for i in validate(template, draft) if i.code == "mention"]


def with_text(text: str, field: str = "conclusion_text") -> tuple[list[Issue], str]:
    template, draft = gz()
    full = draft.text(field) + text
    draft.values[field] = full
    return mention_issues(template, draft), full


@pytest.mark.parametrize(
    ("planted", "words"),
    [
        ("全年预算数为871.15万元。", "全年预算数为871.15万元"),
        ("年度预算数为8,711,500元。", "年度预算数为8,711,500元"),
        ("预算完成率为97.07%。", "预算完成率为97.07%"),
        ("预算完成率为９７．０７％。", "预算完成率为９７．０７％"),
        ("自评分为95.2分。", "自评分为95.2分"),
        ("自评得分９０分。", "自评得分９０分"),
        ("部门总支出789.38万元。", "总支出789.38万元"),
        ("自评结果为良。", "自评结果为良"),
    ],
)
def test_a_wrong_figure_in_prose_is_a_warning_that_selects_the_words(
    planted: str, words: str
) -> None:
    issues, text = with_text(planted)
    (issue,) = issues
    assert issue.severity == "warning" and issue.path == "conclusion_text"
    assert issue.section == "conclusion"
    assert issue.start is not None and issue.end is not None
    assert text[issue.start : issue.end] == words
    assert words in issue.message and "“自评结论综述”" in issue.message


def test_the_message_names_the_forms_figure_and_converts_yuan() -> None:
    (issue,), _ = with_text("全年预算数为8,711,500元。")
    assert "折合 871.15 万元" in issue.message
    assert "“全年预算数” 817.15 万元不一致" in issue.message
    (issue,), _ = with_text("预算完成率为97.07%。")
    assert "“预算完成率” 97.70%不一致" in issue.message
    (issue,), _ = with_text("自评分为95.2分。")
    assert "“自评分” 92.5 分不一致" in issue.message


def test_right_figures_in_any_form_give_no_finding() -> None:
    for right in (
        "全年预算数为817.15万元，",
        "年度预算数为8,171,500元，",
        "总支出７９８．３８万元，",
        "预算完成率为97.7%，",
        "预算完成率为97.70%，",
        "预算完成率为98%，",  # rounded to the text's own precision
        "自评分为92.50分，",
        "自评结果为优秀，",
        "基本支出预算数为612.35万元，",  # a different figure, not the 预算数
    ):
        issues, _ = with_text(right)
        assert issues == [], right


def test_rounding_is_judged_at_the_texts_precision() -> None:
    # 817.15 printed with one decimal is 817.2 (四舍五入); 817.1 is wrong
    assert with_text("全年预算数为817.2万元。")[0] == []
    assert len(with_text("全年预算数为817.1万元。")[0]) == 1
    # in 元 more precise than the form: the form's 817.15 stands for 8,171,450–8,171,549 元
    assert with_text("全年预算数为8,171,523元。")[0] == []
    assert len(with_text("全年预算数为8,171,563元。")[0]) == 1


def test_every_text_is_searched_including_list_items() -> None:
    template, draft = gz()
    tasks = draft.items("tasks")
    tasks[1]["result"] += "全年预算数为800万元。"
    issues = mention_issues(template, draft)
    assert [(i.path, i.section) for i in issues] == [("tasks[1].result", "tasks_analysis")]
    assert "“工作任务”第 2 项的“完成情况”" in issues[0].message


def test_a_section_left_out_is_not_checked() -> None:
    template, draft = gz(key_text="全年预算数为800万元。")
    assert len(mention_issues(template, draft)) == 1
    draft.sections["key_task"] = False
    assert mention_issues(template, draft) == []


def test_a_figure_not_filled_in_is_not_contradicted() -> None:
    template, draft = gz(score="", conclusion_text="自评分为80分。自评结果为良。")
    # no score: nothing to compare 自评分 and 等级 with
    assert mention_issues(template, draft) == []


def test_the_unchanged_samples_give_no_finding() -> None:
    for path in [*TEMPLATES.glob("*/sample.draft.json"), *SAMPLES.glob("*.draft.json")]:
        draft = Draft.from_json(path.read_text(encoding="utf-8"))
        template = load_template(TEMPLATES / draft.template_id / "template.yaml")
        assert mention_issues(template, draft) == [], path.name


def test_the_published_wording_of_the_samples_agrees_with_their_figures() -> None:
    """The sentences the samples print in their own words, as rewrites: no finding."""
    published = {
        "000_panyu_2021.draft.json": {
            "conclusion.1": "我单位部门整体支出绩效自评结果优良,自评分为 94.08 分。",
            "finance.1": "广州市番禺区妇女联合会 2021 年度总支出 701.5 万元, 收入 701.5 万元; "
            "年度预算数为 732.44 万元, 预算完成率为 95.78%。",
        },
        "002_zengcheng_2022.draft.json": {
            "finance.2": "2.预算完成情况：全年预算数为 749.56万元（基本支出预算数为 581.01 万元，"
            "项目支出预算数为 168.54 万元），执行数为734.33万元（基本支出执行数为 579.81 万元，"
            "项目支出执行数为 154.53 万元），整体目标完成率达 97.97%（基本支出完成率为 99.79%，"
            "项目支出完成率为 91.69%）。",
        },
    }
    for name, rewrites in published.items():
        data = json.loads((SAMPLES / name).read_text(encoding="utf-8"))
        draft = Draft.from_dict(data)
        template = load_template(TEMPLATES / draft.template_id / "template.yaml")
        for key, text in rewrites.items():
            draft.sentences[key] = SentenceOverride(text=text)
        assert [i for i in validate(template, draft) if i.code in ("mention", "sentence")] == []
        # and a wrong figure planted in the rewrite is found there
        key, text = next(iter(rewrites.items()))
        draft.sentences[key] = SentenceOverride(text=text.replace("9", "8", 1))
        (issue,) = [i for i in validate(template, draft) if i.code == "mention"]
        assert issue.path == key
        assert issue.start is not None and "8" in text.replace("9", "8", 1)[issue.start : issue.end]


def test_a_figure_of_another_year_is_not_this_years() -> None:
    # the 广州 sample reports on 2023
    assert with_text("2022年全年预算数为700万元。")[0] == []
    assert with_text("2022年度预算数为700万元。")[0] == []
    assert len(with_text("2023年全年预算数为700万元。")[0]) == 1
    assert len(with_text("２０２３年度预算数为700万元。")[0]) == 1
