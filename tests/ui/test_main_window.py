"""The editing window: filling, checking, saving and exporting through the widgets."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication
from testkit.window import (
    UI_ID,
    editor,
    new_draft,
    open_window,
    type_into,
    value_for,
)

from fulian_desktop.core.template.registry import load_registry
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR
from fulian_desktop.render.docx import read_docx_text
from fulian_desktop.storage.store import StoreError
from fulian_desktop.ui.fields.group import GroupEditor
from fulian_desktop.ui.main_window import MainWindow
from fulian_desktop.ui.section_page import UNIT_PAGE

# built-in only: collection runs before FULIAN_HOME points at the test's folder
BUILTIN = sorted(load_registry([(BUILTIN_TEMPLATES_DIR, True)]).entries)


@pytest.fixture
def window(qtbot, ctx):
    win = open_window(qtbot, ctx, new_draft(ctx, UI_ID))
    win.autosave_interval = 30
    win.refresh_interval = 10
    yield win
    win.close()


def fill_errors(window, rounds: int = 8) -> None:
    """Fix every error the window lists by typing into the field it points at."""
    for _ in range(rounds):
        window.refresh()
        errors = [i for i in window.issues if i.severity == "error"]
        if not errors:
            return
        for issue in errors:
            window.go_to_issue(issue)
            field = window.current_page().editor_for(issue.path)
            assert field is not None, issue
            if isinstance(field, GroupEditor) and issue.path == field.path:
                field.add_button.click()
            elif isinstance(field, GroupEditor):  # an empty item: fill it in
                index = int(issue.path.split("[", 1)[1].split("]", 1)[0])
                for sub in field.boxes[index].editors:
                    type_into(sub, value_for(sub))
            elif field.path == issue.path and not field.current_text().strip():
                type_into(field, value_for(field))
            else:
                raise AssertionError(f"cannot fix by typing: {issue}")


@pytest.mark.skipif(not BUILTIN, reason="no built-in templates yet")
@pytest.mark.parametrize("template_id", BUILTIN)
def test_fill_every_required_field_then_export(qtbot, ctx, tmp_path, template_id):
    win = open_window(qtbot, ctx, new_draft(ctx, template_id))
    assert win.error_count() > 0
    type_into(editor(win, "unit.name"), "样例区妇女联合会")
    fill_errors(win)
    assert win.error_count() == 0
    assert "错误 0" in win.counts_label.text()
    filled, total = win.navigator.progress.value(), win.navigator.progress.maximum()
    assert filled == total

    target = tmp_path / "out" / "报告.docx"
    target.parent.mkdir()
    win.ask_export_path = lambda suggested: (
        seen.append(suggested) or str(target.with_suffix(""))  # the .docx is added
    )
    seen: list[str] = []
    win.ask_open_folder = lambda path: False
    assert win.export() == target
    assert seen and seen[0].endswith(".docx") and "样例区妇女联合会" in seen[0]
    text = read_docx_text(target)
    assert "样例区妇女联合会" in text
    assert "圆满完成年度各项工作任务" in text
    kinds = [r.kind for r in ctx.store.history(win.draft_id)]
    assert "export" in kinds
    assert not win._test_errors
    win.close()


def test_autosave_after_typing_stops(qtbot, ctx, window):
    field = editor(window, "part_a")
    qtbot.keyClicks(field.text_edit, "draft 2023")  # keyClicks types ASCII only
    assert window.dirty
    qtbot.waitUntil(lambda: not window.dirty)
    history = ctx.store.history(window.draft_id)
    assert history[0].kind == "autosave"  # newest first
    assert ctx.store.open(window.draft_id).text("part_a") == "draft 2023"
    assert window.save_label.text().startswith("已自动保存")


def test_manual_save_with_ctrl_s_and_close_saves(qtbot, ctx, window):
    type_into(editor(window, "note"), "手动")
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert ctx.store.history(window.draft_id)[0].kind == "manual"
    assert window.save_label.text().startswith("已保存版本")
    type_into(editor(window, "note"), "关闭前")
    window.close()
    assert ctx.store.open(window.draft_id).text("note") == "关闭前"


def test_page_change_saves(qtbot, ctx, window):
    type_into(editor(window, "note"), "换页")
    window.next_page()
    assert ctx.store.open(window.draft_id).text("note") == "换页"


def test_save_failure_keeps_draft_and_retries(qtbot, ctx, window, monkeypatch):
    real_save = ctx.store.save

    def full(*args, **kwargs):
        raise StoreError("保存失败：磁盘空间不足。您的内容仍在程序中，没有丢失")

    monkeypatch.setattr(ctx.store, "save", full)
    type_into(editor(window, "note"), "磁盘满")
    window.autosave()
    type_into(editor(window, "note"), "磁盘满了")
    window.autosave()
    assert "磁盘空间不足" in window.save_label.text()
    assert len(window._test_errors) == 1  # the dialog once, not on every retry
    assert window.draft.text("note") == "磁盘满了"

    monkeypatch.setattr(ctx.store, "save", real_save)
    type_into(editor(window, "note"), "磁盘满了，又好了")
    qtbot.waitUntil(lambda: window.save_label.text().startswith("已自动保存"))
    assert ctx.store.open(window.draft_id).text("note") == "磁盘满了，又好了"


def test_navigator_status_follows_errors(qtbot, window):
    assert window.navigator.status("figures") == "error"  # budget, spent required
    assert window.navigator.status("summary") == "error"
    type_into(editor(window, "budget"), "100")
    type_into(editor(window, "spent"), "95")
    qtbot.waitUntil(lambda: window.navigator.status("figures") == "done")
    type_into(editor(window, "spent"), "九十五")
    qtbot.waitUntil(lambda: window.navigator.status("figures") == "error")
    assert window.navigator.status(UNIT_PAGE) == "done"
    assert window.navigator.status("tasks_part") == "empty"


def test_issue_double_click_goes_to_field(qtbot, window):
    window.show_page(UNIT_PAGE)
    panel = window.issues_panel
    row = next(
        i
        for i in range(panel.topLevelItemCount())
        if panel.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole).path == "spent"
    )
    item = panel.topLevelItem(row)
    assert "收支情况" in item.text(1) and "总支出" in item.text(1)
    panel.itemActivated.emit(item, 0)
    assert window.current_page().page_id == "figures"
    field = window.current_page().editor_for("spent")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field.line)


def test_previous_next_with_keyboard(qtbot, window):
    window.show_page(UNIT_PAGE)
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert window.current_page().page_id == "summary"
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert window.current_page().page_id == UNIT_PAGE
    assert not window.prev_button.isEnabled()


def test_read_only_mode(qtbot, ctx, window):
    field = editor(window, "part_a")
    window.set_read_only(True)
    assert window.banner.isVisible()
    assert window.banner.text() == "本报告已定稿，内容不可修改"
    assert field.text_edit.isReadOnly()
    qtbot.keyClicks(field.text_edit, "abc")
    assert window.draft.text("part_a") == ""
    other = editor(window, "budget")  # a page built after the switch is read-only too
    assert other.line.isReadOnly()
    window.set_read_only(False)
    assert not window.banner.isVisible()


def test_history_restore_reloads(qtbot, ctx, window):
    type_into(editor(window, "note"), "第一版")
    window.save_manual()
    first = ctx.store.history(window.draft_id)[0].id
    type_into(editor(window, "note"), "第二版")

    def restore() -> bool:
        ctx.store.restore(first)
        return True

    window.open_history = restore
    window.show_history()
    assert window.draft.text("note") == "第一版"
    assert editor(window, "note").line.text() == "第一版"


def test_export_error_in_plain_chinese(qtbot, window, tmp_path):
    window.ask_export_path = lambda suggested: str(tmp_path / "没有这个文件夹" / "a.docx")
    window.ask_open_folder = lambda path: pytest.fail("no folder to open")
    assert window.export() is None
    assert window._test_errors and "无法" in window._test_errors[0]


def test_fits_small_screen(qtbot, window):
    window.resize(1366, 768)
    QApplication.processEvents()
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 768
    page = window.current_page()
    assert page.horizontalScrollBar().maximum() == 0


def test_store_read_only_opens_read_only(qtbot, ctx, monkeypatch):
    draft_id = new_draft(ctx, UI_ID)
    monkeypatch.setattr(ctx.store, "read_only", True)
    win = open_window(qtbot, ctx, draft_id)
    assert win.read_only and "只读" in win.banner.text()
    assert not win.autosave_timer.isActive()
    win.close()
    assert Path(ctx.paths.database).exists()


def test_checks_follow_the_first_paint(qtbot, ctx):
    """The window paints before its checks; they run on the next turn."""
    win = MainWindow(ctx, new_draft(ctx, UI_ID))
    qtbot.addWidget(win)
    assert not win.checked and win.issues == []  # nothing checked before it is shown
    win.show()
    qtbot.waitUntil(lambda: win.checked)
    assert win.issues  # the empty draft's required fields
    assert win.counts_label.text().startswith("错误")


def test_checks_come_even_if_the_window_itself_gets_no_paint(qtbot, ctx):
    class NoPaint(QObject):
        def eventFilter(self, watched, event):  # noqa: N802
            return event.type() == QEvent.Type.Paint  # swallowed before the window sees it

    win = MainWindow(ctx, new_draft(ctx, UI_ID))
    qtbot.addWidget(win)
    blocker = NoPaint(win)
    win.installEventFilter(blocker)  # filters installed later run first
    win.show()
    qtbot.waitUntil(lambda: win.checked)
    assert win.counts_label.text().startswith("错误")
