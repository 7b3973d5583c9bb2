"""定稿 and 撤销定稿 in the editing window: the review page, read-only after
sign-off, the final DOCX, reopening with a reason, signing again."""

from __future__ import annotations

import zipfile
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit
from testkit.shell import forbid_modal
from testkit.window import context, editor, open_window, type_into

from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.paths import app_paths
from fulian_desktop.render.docx import read_custom_properties, read_docx_text
from fulian_desktop.storage.store import StoreError
from fulian_desktop.ui.dialogs.history import HistoryDialog
from fulian_desktop.ui.dialogs.signoff import (
    GO_TO_ERROR,
    ReopenDialog,
    SignOffDialog,
    SignOffResult,
    long_text_counts,
)
from fulian_desktop.ui.main_window import MainWindow
from fulian_desktop.workflow import sign_off_draft

TEMPLATE_ID = "signoff-ui"
TEMPLATE_YAML = """\
id: signoff-ui
version: "1"
name: 定稿测试报告
title: "{{ unit.name }}{{ unit.year }}年定稿测试报告"
signoff_block:
  pledge: 本单位承诺提供的绩效信息数据真实有效。
  lines:
    - 单位主要领导（签名）：{{ signoff_by }}
    - 单位公章：
sections:
  - id: summary_part
    title: 自评总结
    fields:
      - {id: summary, kind: longtext, label: 自评总结, required: true}
      - {id: problems, kind: longtext, label: 存在问题, substantive: true}
  - id: figures
    title: 收支情况
    fields:
      - {id: budget, kind: money, label: 年度预算数, required: true}
"""

GOOD = {"summary": "全年完成各项任务。", "problems": "经费使用进度偏慢。", "budget": "100"}


@pytest.fixture
def ctx(monkeypatch):
    forbid_modal(monkeypatch)
    folder = app_paths().user_templates / TEMPLATE_ID
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(TEMPLATE_YAML, encoding="utf-8")
    with context() as ctx:
        yield ctx


def make(ctx, **values: str) -> str:
    draft = Draft(
        template_id=TEMPLATE_ID,
        template_version="1",
        unit=UnitIdentity(name="测试区妇女联合会", year=2025),
        values=values,
    )
    return ctx.store.create(draft).id


def dialog_for(window: MainWindow) -> SignOffDialog:
    """The 定稿 page as the window opens it, without exec()."""
    dialog = SignOffDialog(
        window.ctx, window.draft_id, window.template, window.draft, window.describe_place, window
    )
    dialog.shown_errors = []  # type: ignore[attr-defined]
    dialog.show_error = dialog.shown_errors.append  # type: ignore[method-assign]
    return dialog


def fill_in(dialog: SignOffDialog, name: str = "张三", on: QDate | None = None) -> None:
    dialog.head_name.setText(name)
    dialog.sign_date.setDate(on or QDate(2026, 1, 5))
    dialog.set_all_acknowledged()
    dialog.confirm_box.setChecked(True)


def all_editors_read_only(window: MainWindow) -> list[bool]:
    """Read-only state of every field editor on every page (pages built as needed)."""
    states = []
    for page_id in window.navigator.page_order():
        for field in window.page(page_id).editors():
            widget = field.input_widget()
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                states.append(widget.isReadOnly())
            else:
                states.append(not widget.isEnabled())
    return states


def activate(qtbot, window: MainWindow) -> None:
    """Make the window the active one (keyboard focus and shortcuts need it offscreen)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def header_xml(path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("word/header")
        )


def test_refused_while_errors_remain(qtbot, ctx):
    window = open_window(qtbot, ctx, make(ctx, problems="经费使用进度偏慢。"))
    seen: list[SignOffDialog] = []

    def open_sign_off():
        dialog = dialog_for(window)
        seen.append(dialog)
        fill_in(dialog)
        assert not dialog.confirm_button.isEnabled()
        assert dialog.status_label.text() == "还有 2 个错误，改正后才能定稿"
        assert dialog.error_list.topLevelItemCount() == 2
        assert "错误 2 个" in dialog.counts_label.text()
        dialog.accept()  # the accept path anyway: the core refuses, the page says why
        assert dialog.shown_errors and "错误" in dialog.shown_errors[0]
        assert dialog.result() != SignOffDialog.DialogCode.Accepted
        # double-click on an error: the page closes and the window goes to the field
        row = next(
            i
            for i in range(dialog.error_list.topLevelItemCount())
            if dialog.error_list.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).path == "budget"
        )
        item = dialog.error_list.topLevelItem(row)
        assert "收支情况" in item.text(0) and "年度预算数" in item.text(0)
        dialog.error_list.itemActivated.emit(item, 0)
        assert dialog.result() == GO_TO_ERROR
        return dialog.result_value

    window.open_sign_off = open_sign_off
    activate(qtbot, window)
    window.show_page(window.navigator.page_order()[0])
    assert window.sign_off() is False
    assert seen
    assert window.current_page().page_id == "figures"
    field = window.current_page().editor_for("budget")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.line)
    assert ctx.store.get(window.draft_id).status == "draft"
    assert "sign-off" not in [r.kind for r in ctx.store.history(window.draft_id)]
    assert not window.read_only


def test_warnings_need_acknowledgement(qtbot, ctx):
    window = open_window(qtbot, ctx, make(ctx, **{**GOOD, "problems": "无"}))
    dialog = dialog_for(window)
    assert not dialog.errors and len(dialog.warnings) == 1
    assert not dialog.error_box.isVisibleTo(dialog)
    dialog.head_name.setText("张三")
    dialog.confirm_box.setChecked(True)
    assert not dialog.confirm_button.isEnabled()
    assert "1 个警告未确认" in dialog.status_label.text()
    dialog.accept()
    assert dialog.shown_errors and "警告" in dialog.shown_errors[0]
    assert ctx.store.get(window.draft_id).status == "draft"

    item = dialog.warning_list.topLevelItem(0)
    assert item.text(0) == "已确认"
    item.setCheckState(0, Qt.CheckState.Checked)
    assert dialog.confirm_button.isEnabled() and not dialog.status_label.text()
    dialog.accept()
    assert dialog.result() == SignOffDialog.DialogCode.Accepted
    signed = dialog.result_value.draft
    assert signed.signoff.acknowledged == [dialog.warnings[0].key]
    stored = ctx.store.open(window.draft_id)
    assert stored.signoff.acknowledged == [dialog.warnings[0].key]


def test_confirmation_and_name_are_needed(qtbot, ctx):
    window = open_window(qtbot, ctx, make(ctx, **GOOD))
    dialog = dialog_for(window)
    assert dialog.head_name.text() == ""  # never signed before: nothing to prefill
    assert dialog.sign_date.date() == QDate.currentDate()
    assert dialog.sign_date.calendarPopup()
    dialog.confirm_box.setChecked(True)
    assert "姓名" in dialog.status_label.text() and not dialog.confirm_button.isEnabled()
    dialog.head_name.setText("张三")
    dialog.confirm_box.setChecked(False)
    assert "勾选" in dialog.status_label.text() and not dialog.confirm_button.isEnabled()
    dialog.accept()
    assert dialog.shown_errors and "勾选" in dialog.shown_errors[0]
    assert ctx.store.get(window.draft_id).status == "draft"


def test_summary_of_the_report(qtbot, ctx):
    window = open_window(qtbot, ctx, make(ctx, **GOOD))
    dialog = dialog_for(window)
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "定稿测试报告" in text and "测试区妇女联合会" in text and "2025年度" in text
    assert "合计 18 字" in dialog.words_label.text()  # 字数 counts Chinese punctuation
    assert "自评总结 9" in dialog.words_label.text()
    assert "错误 0 个 · 警告 0 个" in dialog.counts_label.text()
    assert long_text_counts(window.template, window.draft) == [("自评总结", 9), ("存在问题", 9)]


def test_sign_off_makes_window_read_only_and_exports_final(qtbot, ctx, tmp_path):
    window = open_window(qtbot, ctx, make(ctx, **GOOD))
    type_into(editor(window, "summary"), "全年圆满完成各项任务。")  # unsaved: sign-off saves it
    assert window.signoff_action.isEnabled() and not window.reopen_action.isEnabled()
    target = tmp_path / "定稿.docx"
    offered: list[str] = []

    def open_sign_off():
        dialog = dialog_for(window)
        fill_in(dialog)
        assert dialog.confirm_button.isEnabled()
        dialog.confirm_button.click()
        return dialog.result_value

    def ask_export_final() -> bool:
        offered.append(ctx.store.history(window.draft_id)[0].kind)
        return True

    window.open_sign_off = open_sign_off
    window.ask_export_final = ask_export_final
    window.ask_export_path = lambda suggested: str(target)
    window.ask_open_folder = lambda path: False
    assert window.sign_off() is True

    assert offered == ["sign-off"]  # newest revision when the export was offered
    assert ctx.store.get(window.draft_id).status == "signed_off"
    stored = ctx.store.open(window.draft_id)
    assert stored.text("summary") == "全年圆满完成各项任务。"
    assert window.draft.signed_off and window.read_only
    assert window.banner.isVisible() and window.banner.text() == "本报告已定稿，内容不可修改"
    states = all_editors_read_only(window)
    assert states and all(states)
    assert not window.signoff_action.isEnabled() and window.reopen_action.isEnabled()
    assert not window.save_action.isEnabled()
    assert not window._test_errors

    assert target.exists()
    text = read_docx_text(target)
    assert "单位主要领导（签名）：张三" in text and "2026年1月5日" in text
    assert "草稿" not in text and "草稿" not in header_xml(target)
    assert read_custom_properties(target)["content_hash"] == stored.signoff.content_hash
    assert [r.kind for r in ctx.store.history(window.draft_id)][:2] == ["export", "sign-off"]


def test_store_failure_keeps_everything(qtbot, ctx, monkeypatch):
    window = open_window(qtbot, ctx, make(ctx, **GOOD))
    dialog = dialog_for(window)
    fill_in(dialog)

    def full(*args, **kwargs):
        raise StoreError("保存失败：磁盘空间不足。您的内容仍在程序中，没有丢失")

    monkeypatch.setattr(ctx.store, "save", full)
    dialog.accept()
    assert dialog.shown_errors == ["保存失败：磁盘空间不足。您的内容仍在程序中，没有丢失"]
    assert dialog.result() != SignOffDialog.DialogCode.Accepted
    assert dialog.head_name.text() == "张三" and dialog.confirm_box.isChecked()
    assert ctx.store.get(window.draft_id).status == "draft"


def test_shortcut_opens_the_page(qtbot, ctx):
    window = open_window(qtbot, ctx, make(ctx, **GOOD))
    opened: list[bool] = []
    window.open_sign_off = lambda: opened.append(True) or SignOffResult()
    activate(qtbot, window)
    qtbot.keyClick(
        window,
        Qt.Key.Key_D,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert opened and not window.read_only


def test_reopen_needs_reason_then_sign_again(qtbot, ctx):
    draft_id = make(ctx, **GOOD)
    first, _ = sign_off_draft(ctx.store, ctx.registry, draft_id, by="张三", on=date(2026, 1, 5))
    window = open_window(qtbot, ctx, draft_id)
    assert window.read_only and window.banner.isVisible()
    assert window.reopen_action.isEnabled() and not window.signoff_action.isEnabled()

    def open_reopen() -> bool:
        dialog = ReopenDialog(ctx, draft_id, window)
        dialog.shown_errors = []
        dialog.show_error = dialog.shown_errors.append
        assert not dialog.confirm_button.isEnabled()
        dialog.reason.setPlainText("   ")
        assert not dialog.confirm_button.isEnabled()
        dialog.accept()  # anyway: refused, nothing stored
        assert dialog.shown_errors and "原因" in dialog.shown_errors[0]
        assert ctx.store.get(draft_id).status == "signed_off"
        dialog.reason.setPlainText("财政局要求更正总结")
        assert dialog.confirm_button.isEnabled()
        dialog.confirm_button.click()
        return dialog.reopened is not None

    window.open_reopen = open_reopen
    assert window.reopen() is True
    assert ctx.store.get(draft_id).status == "draft"
    assert not window.read_only and not window.banner.isVisible()
    states = all_editors_read_only(window)
    assert states and not any(states)
    assert window.signoff_action.isEnabled() and not window.reopen_action.isEnabled()
    type_into(editor(window, "summary"), "全年完成各项任务，数据已更正。")
    assert window.autosave()
    assert ctx.store.open(draft_id).text("summary") == "全年完成各项任务，数据已更正。"

    history = HistoryDialog(ctx, draft_id)
    rows = [
        (history.tree.topLevelItem(i).text(1), history.tree.topLevelItem(i).text(2))
        for i in range(history.tree.topLevelItemCount())
    ]
    kinds = [kind for kind, _ in rows]
    assert kinds.index("撤销定稿") < kinds.index("定稿")  # newest first: reopen after sign-off
    assert "财政局要求更正总结" in rows[kinds.index("撤销定稿")][1]
    assert "张三" in rows[kinds.index("定稿")][1]

    def sign_again():
        dialog = dialog_for(window)
        assert dialog.head_name.text() == "张三"  # prefilled from the last sign-off
        fill_in(dialog, name=dialog.head_name.text(), on=QDate(2026, 1, 8))
        dialog.accept()
        return dialog.result_value

    window.open_sign_off = sign_again
    window.ask_export_final = lambda: False
    assert window.sign_off() is True
    second = ctx.store.open(draft_id)
    assert second.signed_off and window.read_only
    assert second.signoff.content_hash != first.signoff.content_hash
    assert second.signoff.date == date(2026, 1, 8)
