"""标题分行: the clerk sets where the report's title breaks.

GB/T 9704 wants a long title broken at sense boundaries; the composer does
that by itself (core/compose/linebreaks.py), and here she may move the breaks. Only
the breaks: the title's words come from the template and the unit's name, so
text that no longer spells the title is refused with a plain message. Her
lines are kept in the draft (``Draft.title_lines``) and shown in the preview.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from fulian_desktop.core.compose.composer import title_lines
from fulian_desktop.core.compose.linebreaks import apply_clerk_breaks


def tr(text: str) -> str:
    return QCoreApplication.translate("TitleLines", text)


def ask_lines(parent: QWidget, current: list[str]) -> str | None:
    """The dialog; None when cancelled (tests replace this function)."""
    text, ok = QInputDialog.getMultiLineText(
        parent,
        tr("标题分行"),
        tr("在需要换行的地方按回车。只能调整换行位置，不能改动标题文字；清空则自动分行。"),
        "\n".join(current),
    )
    return text if ok else None


def edit_title_lines(window: Any, ask=ask_lines) -> bool:  # noqa: ANN001
    """Ask for the title's lines and store them in the draft; True when changed."""
    if window.read_only:
        return False
    title, current = title_lines(window.template, window.draft)
    answer = ask(window, current)
    if answer is None:
        return False
    lines = [line.strip() for line in answer.split("\n") if line.strip()]
    if lines and apply_clerk_breaks(title, lines) is None:
        QMessageBox.warning(
            window,
            tr("标题分行"),
            tr("只能调整换行位置，不能改动标题文字。标题是：{0}").format(title),
        )
        return False
    if lines == window.draft.title_lines or (not lines and not window.draft.title_lines):
        return False
    window.draft.title_lines = lines
    window._on_edited("title_lines")
    window.refresh()
    return True
