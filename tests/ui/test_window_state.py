"""Window size, text size and file dialogs: fitted, remembered, in Chinese (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel
from testkit.window import UI_ID, editor, new_draft, open_window

from fulian_desktop.settings import load_settings
from fulian_desktop.ui.app import install_translations, make_application
from fulian_desktop.ui.dialogs.settings import SettingsDialog
from fulian_desktop.ui.file_dialogs import save_file_dialog, start_folder
from fulian_desktop.ui.window_state import fit_to_screen


def test_window_fits_the_free_area_of_a_1366x768_screen(qtbot, ctx):
    window = open_window(qtbot, ctx, new_draft(ctx, UI_ID))
    free = QRect(0, 0, 1366, 728)  # 40 px taskbar
    fit_to_screen(window, free)
    frame_bottom = window.y() + window.height() + 40  # the title bar is not in height()
    assert free.contains(window.geometry()) and frame_bottom <= free.bottom() + 1
    assert window.width() <= 1366 and window.height() <= 728 - 40
    window.close()


def test_a_maximised_window_opens_maximised_next_time(qtbot, ctx):
    draft_id = new_draft(ctx, UI_ID)
    window = open_window(qtbot, ctx, draft_id)
    assert not window.isMaximized()
    window.showMaximized()
    window.close()
    ctx.save_settings()
    assert load_settings(ctx.paths.settings_file).window_maximized
    again = open_window(qtbot, ctx, draft_id)
    assert again.windowState() & Qt.WindowState.WindowMaximized
    again.close()
    assert ctx.settings.window_maximized  # closed maximised: stays so


def _ctrl_wheel(widget, up: bool) -> None:
    event = QWheelEvent(
        QPointF(5, 5),
        QPointF(widget.mapToGlobal(QPoint(5, 5))),
        QPoint(0, 0),
        QPoint(0, 120 if up else -120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def test_ctrl_wheel_sizes_every_editor_and_is_remembered(qtbot, ctx):
    draft_id = new_draft(ctx, UI_ID)
    window = open_window(qtbot, ctx, draft_id)
    field = editor(window, "part_a")
    before = field.text_edit.font().pointSize()
    assert before == 12  # the preview's body size (16 px), not Qt's small default
    _ctrl_wheel(field.text_edit.viewport(), up=True)
    _ctrl_wheel(field.text_edit.viewport(), up=True)
    assert field.text_edit.font().pointSize() == before + 2
    other = editor(window, "note")  # another page: same size
    assert other.line.font().pointSize() == before + 2
    _ctrl_wheel(window.current_page().viewport(), up=False)  # between the fields
    _ctrl_wheel(window.current_page().viewport(), up=True)
    assert other.line.font().pointSize() == before + 2
    window.close()
    ctx.save_settings()
    assert load_settings(ctx.paths.settings_file).editor_font_pt == before + 2
    again = open_window(qtbot, ctx, draft_id)
    assert editor(again, "part_a").text_edit.font().pointSize() == before + 2
    again.close()


def test_the_text_size_is_a_setting_too(qtbot, ctx):
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.editor_font.setValue(15)
    dialog.apply()
    assert load_settings(ctx.paths.settings_file).editor_font_pt == 15


def test_export_dialog_speaks_chinese_and_starts_in_a_real_folder(qtbot, ctx, tmp_path):
    install_translations(make_application())
    dialog = save_file_dialog(
        None, "导出 Word 文档", start_folder("") / "报告.docx", "Word 文档 (*.docx)"
    )
    qtbot.addWidget(dialog)
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert labels and not [t for t in labels if re.search(r"[A-Za-z]{3,}", t)], labels
    assert Path(dialog.directory().absolutePath()).is_dir()
    assert Path(dialog.directory().absolutePath()) != Path.cwd() or Path.cwd() == Path.home()
    assert dialog.width() >= 800  # the 修改日期 column is not cut off
    # the last folder used wins while it exists; a vanished one falls back
    assert start_folder(str(tmp_path)) == tmp_path
    assert start_folder(str(tmp_path / "gone")).is_dir()
