"""Checks of the 绩效自评表 inside validation: every built-in sample's table is
clean and its 自评分 equals the table's total; each check fires on a change
that breaks it, at the level the issue asks for, pointing at the right cell."""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from typing import Any

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.scoresheet.scoring import score_draft
from fulian_desktop.core.template.loading import TemplateError, load_template, parse_template
from fulian_desktop.core.template.model import Template

REPO = REPO_ROOT
TEMPLATES = REPO / "templates"
BUILTIN = ("gz-dept-overall", "fs-sanshui-redbook", "hn-ziyang-overall")


def sample(template_id: str) -> tuple[Template, dict[str, Any]]:
    template = load_template(TEMPLATES / template_id / "template.yaml")
    data = json.loads((TEMPLATES / template_id / "sample.draft.json").read_text(encoding="utf-8"))
    return template, data


def issues_with(template_id: str, change=None) -> tuple[Template, Draft, list[Issue]]:
    template, data = sample(template_id)
    data = copy.deepcopy(data)
    if change:
        change(data)
    draft = Draft.from_dict(data)
    return template, draft, validate(template, draft)


def found(issues: list[Issue]) -> list[tuple[str, str, str]]:
    return sorted((i.severity, i.path, i.code) for i in issues)


@pytest.mark.parametrize("template_id", BUILTIN)
def test_each_sample_has_a_clean_table(template_id: str) -> None:
    template, draft, issues = issues_with(template_id)
    assert template.scoresheet is not None
    assert len(draft.scoresheet["rows"]) >= 12
    assert issues == []
    result = score_draft(template, draft)
    assert result is not None and result.total > 90 and result.grade == "优"
    field = template.scoresheet.score_field
    if field:  # the sample's 自评分 is the table's total
        assert Decimal(draft.text(field)) == result.total


def test_sample_totals() -> None:
    totals = {}
    for template_id in BUILTIN:
        template, data = sample(template_id)
        totals[template_id] = score_draft(template, Draft.from_dict(data)).total  # type: ignore[union-attr]
    assert totals == {
        "gz-dept-overall": Decimal("92.50"),  # 82.73 + 预算执行 9.77 (97.70%)
        "fs-sanshui-redbook": Decimal("96.81"),  # 87.20 + 9.61 (96.07%)
        "hn-ziyang-overall": Decimal("95.50"),  # 85.60 + 9.90 (99.01%)
    }


def set_row(index: int, **values: str):
    def change(data: dict) -> None:
        data["scoresheet"]["rows"][index].update(values)

    return change


def test_editing_a_row_changes_the_total_and_both_places_are_errors() -> None:
    # row 0: 宣讲场次 ≥ 100, weight 8; 50 场 scores 4 → total 88.5 (良)
    template, draft, issues = issues_with(
        "gz-dept-overall", set_row(0, actual="50", reason="受疫情影响部分宣讲取消。")
    )
    result = score_draft(template, draft)
    assert result is not None and result.total == Decimal("88.50") and result.grade == "良"
    assert found(issues) == [
        ("error", "grade_stated", "scoresheet"),
        ("error", "score", "scoresheet"),
        ("error", "scoresheet.grade", "scoresheet"),
        ("error", "scoresheet.total", "scoresheet"),
    ]
    score_issue = next(i for i in issues if i.path == "score")
    assert "92.5" in score_issue.message and "88.5" in score_issue.message
    assert score_issue.section == "conclusion"
    assert next(i for i in issues if i.path == "scoresheet.total").section == "scoresheet"


def test_score_below_weight_needs_a_reason() -> None:
    _, _, issues = issues_with("gz-dept-overall", set_row(5, reason=""))
    assert found(issues) == [("error", "scoresheet.rows[5].reason", "reason")]
    assert "5.83" in issues[0].message and "6" in issues[0].message


def test_reason_length_is_capped() -> None:
    _, _, issues = issues_with("gz-dept-overall", set_row(5, reason="原因" * 101))
    assert found(issues) == [("error", "scoresheet.rows[5].reason", "length")]


def test_unit_mismatch_is_a_warning() -> None:
    _, _, issues = issues_with("gz-dept-overall", set_row(0, actual="126次"))
    assert found(issues) == [("warning", "scoresheet.rows[0].actual", "unit")]
    assert "场" in issues[0].message and "次" in issues[0].message


def test_target_and_actual_are_required_and_numbers() -> None:
    _, _, issues = issues_with("gz-dept-overall", set_row(1, target="", actual="很多"))
    assert ("error", "scoresheet.rows[1].target", "required") in found(issues)
    assert ("error", "scoresheet.rows[1].actual", "format") in found(issues)


def test_weights_must_add_up_to_their_level_and_to_100() -> None:
    # row 0 weight 8 → 9: 产出 rows add to 51, not 50
    _, _, issues = issues_with("gz-dept-overall", set_row(0, weight="9"))
    weights = [i for i in issues if i.code == "weight"]
    assert [(i.severity, i.path) for i in weights] == [("error", "scoresheet.weights.output")]
    assert "51" in weights[0].message and "50" in weights[0].message


def test_adjustable_weights_within_limits_and_total_100() -> None:
    template, data = sample("gz-dept-overall")
    raw = template.model_dump(mode="json", exclude_none=True)
    raw["scoresheet"]["levels"][0].update(weight=50, weight_min=40, weight_max=60)
    template = parse_template(raw)
    data["scoresheet"]["weights"] = {"output": "65"}
    issues = validate(template, Draft.from_dict(data))
    paths = found(issues)
    assert ("error", "scoresheet.weights.output", "weight") in paths  # 65 outside 40–60
    assert ("error", "scoresheet.weights", "weight") in paths  # 65 + 30 + 10 + 10 = 115
    data["scoresheet"]["weights"] = {"output": "50"}
    assert validate(template, Draft.from_dict(data)) == []


def test_qualitative_score_outside_its_band_is_an_error() -> None:
    # row 6: 部分达成, weight 4 → [2.40, 3.20); 3.2 belongs to 达成
    _, _, issues = issues_with("gz-dept-overall", set_row(6, score="3.2"))
    band = [i for i in issues if i.code == "band"]
    assert [i.path for i in band] == ["scoresheet.rows[6].score"]
    assert "2.4" in band[0].message and "3.2" in band[0].message


def test_manual_score_different_from_computed_is_a_warning() -> None:
    # 三水 allows typed scores: row 3 is 20 of 24 场, weight 6 → 5.00; typed 5.5
    template, draft, issues = issues_with("fs-sanshui-redbook", set_row(3, score="5.5"))
    assert found(issues) == [("warning", "scoresheet.rows[3].score", "manual")]
    assert "5.5" in issues[0].message and "5" in issues[0].message
    assert score_draft(template, draft).total == Decimal("97.31")  # type: ignore[union-attr]


def test_overshoot_is_flagged_where_the_outline_switches_it_on() -> None:
    # 三水 flags 实际 more than 20% above 目标: 140 场 × 1.2 = 168 is still fine
    _, _, issues = issues_with("fs-sanshui-redbook", set_row(0, actual="168"))
    assert issues == []
    _, _, issues = issues_with("fs-sanshui-redbook", set_row(0, actual="168.5"))
    assert found(issues) == [("warning", "scoresheet.rows[0].target", "overshoot")]
    assert "目标设置偏低" in issues[0].message


def test_low_execution_rate_needs_an_explanation() -> None:
    def low(data: dict) -> None:
        data["scoresheet"]["budget"]["executed"] = "120"  # 120 / 136.8 = 87.72%

    _, _, issues = issues_with("fs-sanshui-redbook", low)
    assert found(issues) == [("error", "scoresheet.budget.reason", "reason")]
    assert "87.72" in issues[0].message

    def explained(data: dict) -> None:
        low(data)
        data["scoresheet"]["budget"]["reason"] = "部分项目年底前未完成结算。"

    assert issues_with("fs-sanshui-redbook", explained)[2] == []


def test_table_rate_must_equal_the_reports_rate() -> None:
    # the report states 97.7%; the table's figures are the report's own,
    # so a stated rate that disagrees shows in both checks
    _, _, issues = issues_with(
        "gz-dept-overall", lambda d: d["values"].update(rate_total_stated="97.9")
    )
    assert ("error", "scoresheet.budget.rate", "rate") in found(issues)
    assert ("error", "rate_total_stated", "rate") in found(issues)


def test_total_cap_by_execution_rate_is_reported() -> None:
    def low(data: dict) -> None:
        data["values"].update(exec_total="600", exec_basic="450", exec_project="150")
        data["values"].update(rate_total_stated="", rate_basic_stated="", rate_project_stated="")

    template, draft, issues = issues_with("gz-dept-overall", low)
    result = score_draft(template, draft)
    # 600 / 817.15 = 73.43% → 预算执行 7.34, subtotal 90.07, capped at 89
    assert (
        result is not None and result.subtotal == Decimal("90.07") and result.total == Decimal("89")
    )
    assert ("info", "scoresheet.total", "cap") in found(issues)
    assert ("error", "scoresheet.budget.reason", "reason") in found(issues)


def test_a_draft_without_a_table_is_not_checked_against_it() -> None:
    _, _, issues = issues_with("gz-dept-overall", lambda d: d.pop("scoresheet"))
    assert issues == []


def test_a_required_table_that_is_empty_is_one_error() -> None:
    template, data = sample("gz-dept-overall")
    raw = template.model_dump(mode="json", exclude_none=True)
    raw["scoresheet"]["required"] = True
    template = parse_template(raw)
    data.pop("scoresheet")
    issues = validate(template, Draft.from_dict(data))
    assert found(issues) == [("error", "scoresheet", "required")]


def test_unknown_level_and_kind_are_errors() -> None:
    _, _, issues = issues_with("gz-dept-overall", set_row(0, level2="不存在", kind="大于"))
    assert ("error", "scoresheet.rows[0].kind", "required") in found(issues)
    assert ("error", "scoresheet.rows[0].level2", "required") in found(issues)


# ---------------------------------------------------------------------------
# The template part


def test_template_weights_must_total_100() -> None:
    template, _ = sample("gz-dept-overall")
    raw = template.model_dump(mode="json", exclude_none=True)
    raw["scoresheet"]["levels"][0]["weight"] = 55
    with pytest.raises(TemplateError, match="add up to 105"):
        parse_template(raw)


def test_template_names_known_fields() -> None:
    template, _ = sample("gz-dept-overall")
    raw = template.model_dump(mode="json", exclude_none=True)
    raw["scoresheet"]["score_field"] = "no_such"
    raw["scoresheet"]["budget"]["executed"] = "exec_totl"
    with pytest.raises(TemplateError) as info:
        parse_template(raw)
    text = str(info.value)
    assert "no field 'no_such'" in text and "exec_totl" in text


def test_empty_table_keeps_the_content_hash_and_a_row_changes_it() -> None:
    _, data = sample("gz-dept-overall")
    with_table = Draft.from_dict(data)
    data.pop("scoresheet")
    without = Draft.from_dict(data)
    legacy = dict(data, format_version=1)
    assert without.content_hash() == Draft.from_dict(legacy).content_hash()
    assert with_table.content_hash() != without.content_hash()
