"""A figure the prose writes one way and the 自评表 prints another (92.5 / 92.50)."""

from __future__ import annotations

from pathlib import Path

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR

GZ = BUILTIN_TEMPLATES_DIR / "gz-dept-overall"


def issues_for(text: str) -> list:
    template = load_template(GZ / "template.yaml")
    draft = Draft.from_json(Path(GZ / "sample.draft.json").read_text(encoding="utf-8"))
    draft.values["conclusion_text"] = text
    return [i for i in validate(template, draft) if i.path == "conclusion_text"]


def test_score_written_with_fewer_decimals_than_the_table_is_a_notice():
    (issue,) = issues_for("经自评，自评分为92.5分。")  # the sample's 合计 prints 92.50
    assert issue.severity == "info" and issue.code == "figure_form"
    assert "“92.50”" in issue.message and "数值相同" in issue.message
    assert "改为“92.50”" in issue.hint
    assert issue.start is not None and issue.end is not None


def test_written_as_the_table_prints_it_is_quiet():
    assert issues_for("经自评，自评分为92.50分。") == []


def test_a_different_figure_stays_a_warning_not_a_notice():
    (issue,) = issues_for("经自评，自评分为88分。")
    assert issue.severity == "warning" and issue.code == "mention"
