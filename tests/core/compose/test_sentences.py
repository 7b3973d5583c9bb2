"""Generated sentences the clerk rewrites: printed instead of the generated one,
kept beside it with the figures it was written for, warned about when those
figures change, and carried through storage, sign-off, DOCX export and verify."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose import sentences
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.signoff import Candidate, final_document, reopen, sign_off
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.render.docx import docx_bytes, read_docx_text
from fulian_desktop.workflow import verify_file

TEMPLATES = REPO_ROOT / "templates"
GENERATED = "我单位部门整体支出绩效自评结果为优，自评分为92.5分。"
MINE = "经综合评价，我单位部门整体支出绩效自评结果优良，自评分为92.5分。"


def sample(template_id: str = "gz-dept-overall") -> tuple[Template, Draft]:
    folder = TEMPLATES / template_id
    draft = Draft.from_json((folder / "sample.draft.json").read_text(encoding="utf-8"))
    return load_template(folder / "template.yaml"), draft


def section(template: Template, section_id: str):  # noqa: ANN201
    return next(s for s, _ in template.walk() if s.id == section_id)


def conclusion(template: Template, draft: Draft) -> sentences.Generated:
    (generated,) = sentences.generate(template, draft, section(template, "conclusion"))
    return generated


def rewritten() -> tuple[Template, Draft]:
    template, draft = sample()
    draft.sentences["conclusion.1"] = sentences.rewrite(conclusion(template, draft), MINE)
    return template, draft


def test_each_body_sentence_has_a_key_text_and_the_figures_it_reads() -> None:
    template, draft = sample()
    generated = conclusion(template, draft)
    assert generated.key == "conclusion.1" and generated.text == GENERATED
    assert generated.figures == {
        "grade": "优",
        "grade_stated": "优",
        "score": "92.5",
        "last_year.score": "",  # the 同比 part: no last year here
    }
    finance = sentences.generate(template, draft, section(template, "finance"))
    assert [g.key for g in finance] == ["finance.1", "finance.2", "finance.3"]  # 3: 同比
    assert finance[0].text == ""  # the 番禺 wording: not this draft's option
    assert finance[1].text.startswith("2.预算完成情况：全年预算数为817.15万元")
    assert "unit.name" not in finance[1].figures and "budget_total" in finance[1].figures


def test_her_version_prints_instead_and_is_stored_beside_the_generated_one() -> None:
    template, draft = rewritten()
    override = draft.sentences["conclusion.1"]
    assert (override.text, override.generated) == (MINE, GENERATED)
    assert override.figures["score"] == "92.5"
    text = compose(template, draft).text()
    assert MINE in text and GENERATED not in text
    # nothing else is reported: her sentence agrees with the figures
    assert [
        i for i in validate(template, draft) if i.code.startswith(("sentence", "mention"))
    ] == []


def test_a_figure_changed_afterwards_keeps_her_version_and_warns() -> None:
    template, draft = rewritten()
    draft.values["score"] = "88"
    draft.values["grade_stated"] = "良"
    issues = [i for i in validate(template, draft) if i.code == "sentence_stale"]
    (issue,) = issues
    assert issue.severity == "warning" and issue.path == "conclusion.1"
    assert issue.section == "conclusion"
    assert "自评分原为“92.5”，现为“88”" in issue.message
    assert "自评等级原为“优”，现为“良”" in issue.message
    assert MINE in compose(template, draft).text()  # kept
    # her sentence still says 92.5: the prose check says so as well
    (mention,) = [i for i in validate(template, draft) if i.code == "mention"]
    assert mention.path == "conclusion.1"
    assert MINE[mention.start : mention.end] == "自评分为92.5分"
    # 重新生成: her version goes, the generated sentence for the new figures prints
    del draft.sentences["conclusion.1"]
    assert "自评结果为良，自评分为88分。" in compose(template, draft).text()
    assert [i for i in validate(template, draft) if i.code.startswith("sentence")] == []


def test_a_rewrite_of_a_sentence_that_does_not_apply_prints_nothing_and_says_so() -> None:
    template, draft = sample()
    finance = sentences.generate(template, draft, section(template, "finance"))
    draft.sentences["finance.2"] = sentences.rewrite(finance[1], "预算执行情况良好。")
    assert "预算执行情况良好。" in compose(template, draft).text()
    draft.options["budget_style"] = "total"
    assert "预算执行情况良好。" not in compose(template, draft).text()
    (issue,) = [i for i in validate(template, draft) if i.code == "sentence"]
    assert issue.severity == "info" and issue.path == "finance.2"


def test_rewrites_survive_saving_sign_off_export_and_verify(tmp_path: Path) -> None:
    template, draft = rewritten()
    again = Draft.from_json(draft.canonical_json())
    assert again.sentences == draft.sentences
    warnings = {i.key for i in validate(template, again) if i.severity == "warning"}
    signed = sign_off(template, again, by="王主席", on=date(2024, 1, 20), acknowledged=warnings)
    assert signed.sentences["conclusion.1"].text == MINE
    assert reopen(signed).sentences == signed.sentences  # 撤销定稿 keeps her wording
    path = tmp_path / "final.docx"
    path.write_bytes(docx_bytes(final_document(template, signed)))
    text = read_docx_text(path)
    assert MINE in text and GENERATED not in text
    registry = default_registry()
    verdict = verify_file(path, registry, [Candidate("定稿", signed)])
    assert verdict.ok, verdict.message
    # the hash covers her version: another wording is another report
    other = signed.model_copy(deep=True)
    other.sentences["conclusion.1"].text = MINE.replace("优良", "优秀")
    assert other.content_hash() != signed.content_hash()
    other.signoff.content_hash = other.content_hash()  # type: ignore[union-attr]
    assert not verify_file(path, registry, [Candidate("改过的", other)]).ok
