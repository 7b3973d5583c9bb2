"""Generated sentences in the window: rewritten in place, kept when a figure
changes (with a warning), regenerated with undo, and carried through reopen,
sign-off and export; a figure in prose selects its words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication
from testkit.window import editor, open_window, type_into

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose import sentences
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.render.docx import read_docx_text
from fulian_desktop.ui.fields.sentence import SentenceEditor
from fulian_desktop.workflow import sign_off_draft

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
GENERATED = "我单位部门整体支出绩效自评结果为优，自评分为92.5分。"
#: the sentences each sample prints (the 广州 sample uses the 增城 budget wording)
SHOWN = {
    "gz-dept-overall": ["finance.2", "conclusion.1", "key_task.1"],
    "hn-ziyang-overall": [
        "staffing.1",
        "scale.1",
        "scale.2",
        "scale.4",  # scale.3 is the 同比 sentence: no last year in the sample
        "scale.5",
        "special_spending.1",
        "overall.1",
    ],
    "fs-sanshui-redbook": [],
}
MINE = "经综合评价，我单位部门整体支出绩效自评结果优良，自评分为92.5分。"


def sample_id(ctx, template_id: str = "gz-dept-overall") -> str:  # noqa: ANN001
    path = TEMPLATES / template_id / "sample.draft.json"
    return ctx.store.create(Draft.from_json(path.read_text(encoding="utf-8"))).id


def sentence(window, key: str) -> SentenceEditor:  # noqa: ANN001
    found = editor(window, key)
    assert isinstance(found, SentenceEditor)
    return found


def test_every_builtin_sentence_shows_as_editable_text(qtbot, ctx) -> None:
    for template_id in ("gz-dept-overall", "hn-ziyang-overall", "fs-sanshui-redbook"):
        window = open_window(qtbot, ctx, sample_id(ctx, template_id))
        keys = [
            key
            for section, _ in window.template.walk()
            for key, _ in sentences.section_sentences(section)
        ]
        shown = []
        for key in keys:
            box = sentence(window, key)
            generated = box.generated().text
            assert box.current_text() == generated
            assert not box.text_edit.isReadOnly()
            assert box.isVisibleTo(window.current_page()) == bool(generated)
            if generated:
                shown.append(key)
        window.close()
        assert shown == SHOWN[template_id]


def test_rewrite_then_change_a_figure_then_regenerate_and_undo(qtbot, ctx) -> None:
    draft_id = sample_id(ctx)
    window = open_window(qtbot, ctx, draft_id)
    window.refresh_interval = 10
    box = sentence(window, "conclusion.1")
    assert box.current_text() == GENERATED and not box.regenerate_button.isEnabled()
    type_into_sentence(box, MINE)
    assert window.draft.sentences["conclusion.1"].generated == GENERATED
    assert box.regenerate_button.isEnabled() and "已改写" in box.status.text()
    window.refresh()
    assert MINE in window.preview.document_model.text()
    assert GENERATED not in window.preview.document_model.text()

    type_into(editor(window, "score"), "85")
    type_into(editor(window, "grade_stated"), "良")
    window.refresh()
    box = sentence(window, "conclusion.1")
    assert box.current_text() == MINE  # kept
    assert box.marked == "warning"
    assert "自评分原为“92.5”，现为“85”" in box.issue_label.text()

    box.regenerate_button.click()
    QApplication.processEvents()
    assert box.current_text() == "我单位部门整体支出绩效自评结果为良，自评分为85分。"
    assert "conclusion.1" not in window.draft.sentences
    window.undo_action.trigger()
    QApplication.processEvents()
    assert box.current_text() == MINE and window.draft.sentences["conclusion.1"].text == MINE
    window.redo_action.trigger()
    assert "conclusion.1" not in window.draft.sentences
    window.undo_action.trigger()
    window.close()


def type_into_sentence(box: SentenceEditor, text: str) -> None:
    box.text_edit.setPlainText(text)
    QApplication.processEvents()


def test_rewrite_survives_reopen_sign_off_and_export(qtbot, ctx, tmp_path) -> None:
    draft_id = sample_id(ctx)
    window = open_window(qtbot, ctx, draft_id)
    type_into_sentence(sentence(window, "conclusion.1"), MINE)
    assert window.autosave()
    window.close()
    assert ctx.store.open(draft_id).sentences["conclusion.1"].text == MINE

    window = open_window(qtbot, ctx, draft_id)
    assert sentence(window, "conclusion.1").current_text() == MINE
    window.close()

    draft = ctx.store.open(draft_id)
    template = ctx.registry.get(draft.template_id)
    warnings = {i.key for i in validate(template, draft) if i.severity == "warning"}
    signed, _ = sign_off_draft(
        ctx.store, ctx.registry, draft_id, by="王主席", on=date(2024, 1, 20), acknowledged=warnings
    )
    assert signed.sentences["conclusion.1"].text == MINE
    window = open_window(qtbot, ctx, draft_id)
    assert window.read_only and sentence(window, "conclusion.1").text_edit.isReadOnly()
    assert not sentence(window, "conclusion.1").regenerate_button.isEnabled()
    window.ask_export_path = lambda suggested: str(tmp_path / "报告.docx")  # type: ignore[method-assign]
    window.ask_open_folder = lambda path: False  # type: ignore[method-assign]
    path = window.export()
    assert path is not None
    text = read_docx_text(path)
    assert MINE in text and GENERATED not in text and "草稿" not in text
    window.close()


def test_going_to_a_figure_in_prose_selects_its_words(qtbot, ctx) -> None:
    draft_id = sample_id(ctx)
    window = open_window(qtbot, ctx, draft_id)
    field = editor(window, "conclusion_text")
    type_into(field, "全年预算数为871.15万元。" + field.current_text())
    window.refresh()
    (issue,) = [i for i in window.issues if i.code == "mention"]
    window.go_to_issue(issue)
    assert field.text_edit.textCursor().selectedText() == "全年预算数为871.15万元"
    window.close()
