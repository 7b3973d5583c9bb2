"""标题分行: the clerk moves the title's line breaks; they are saved and
shown in the preview; changed words are refused."""

from __future__ import annotations

import pytest
from testkit.window import new_draft, open_window

from fulian_desktop.core.compose.composer import title_lines
from fulian_desktop.ui.dialogs.title_lines import edit_title_lines

GZ = "gz-dept-overall"


@pytest.fixture
def window(qtbot, ctx):
    win = open_window(qtbot, ctx, new_draft(ctx, GZ))
    yield win
    win.close()


def test_the_dialog_shows_the_current_lines_and_stores_hers(window, ctx):
    title, current = title_lines(window.template, window.draft)
    assert title == "测试区妇女联合会2023年部门整体支出绩效自评报告"
    assert "".join(current) == title and len(current) == 2
    shown: list[list[str]] = []

    def ask(_parent, lines):  # noqa: ANN001, ANN202
        shown.append(lines)
        return "测试区妇女联合会\n2023年部门整体支出绩效自评报告\n"

    assert edit_title_lines(window, ask) is True
    assert shown == [current]
    assert window.draft.title_lines == ["测试区妇女联合会", "2023年部门整体支出绩效自评报告"]
    # the preview shows her lines: one paragraph each
    assert "测试区妇女联合会\n2023年部门整体支出绩效自评报告" in window.preview.toPlainText()
    assert window.autosave() is True
    assert ctx.store.open(window.draft_id).title_lines == window.draft.title_lines


def test_changed_words_are_refused_and_empty_resets(window, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr(
        "fulian_desktop.ui.dialogs.title_lines.QMessageBox.warning",
        lambda *args: warnings.append(args[2]),
    )
    assert edit_title_lines(window, lambda *_: "别的单位\n部门整体支出绩效自评报告") is False
    assert window.draft.title_lines == [] and "只能调整换行位置" in warnings[0]
    window.draft.title_lines = ["测试区妇女联合会", "2023年部门整体支出绩效自评报告"]
    assert edit_title_lines(window, lambda *_: "") is True  # cleared: automatic again
    assert window.draft.title_lines == []
    assert edit_title_lines(window, lambda *_: None) is False  # cancelled
