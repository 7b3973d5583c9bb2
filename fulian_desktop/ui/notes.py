"""A short note in the status bar saying what the program just changed, with a button to undo it.

一键规范 and the paste clean-up rewrite the clerk's text; a note says what they
did ("全角字母、数字改为半角 3 个；标点改为中文全角 2 个") and offers the way
back. It lives in the status bar, so showing it never moves the form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def cleanup_text(value: Any) -> str:
    """A long text, or a group's long texts, as one string (for describe_cleanup)."""
    if isinstance(value, list):
        return "\n".join(str(v) for item in value if isinstance(item, dict) for v in item.values())
    return value if isinstance(value, str) else ""


def merge_notes(notes: list[str]) -> list[str]:
    """“删除多余空格 2 处”, “删除多余空格 3 处” -> “删除多余空格 5 处”."""
    totals: dict[str, int] = {}
    units: dict[str, str] = {}
    for note in notes:
        match = re.fullmatch(r"(.*?) (\d+) (\S+)", note)
        if match is None:
            totals.setdefault(note, 0)
            continue
        totals[match[1]] = totals.get(match[1], 0) + int(match[2])
        units[match[1]] = match[3]
    return [f"{k} {n} {units[k]}" if k in units else k for k, n in totals.items()]


class NoteArea(QWidget):
    """``show_note(text, button, undo)``; ``clear()`` when the page changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setStyleSheet("color: #1a5fb4;")
        self.button = QPushButton(self)
        self.button.setFlat(True)
        self.button.setStyleSheet("color: #1a5fb4; text-decoration: underline;")
        self.close_button = QPushButton(self.tr("知道了"), self)
        self.close_button.setFlat(True)
        row.addWidget(self.label)
        row.addWidget(self.button)
        row.addWidget(self.close_button)
        self._undo: Callable[[], object] | None = None
        self.button.clicked.connect(self._clicked)
        self.close_button.clicked.connect(self.clear)
        self.clear()

    def show_note(
        self, text: str, button: str = "", undo: Callable[[], object] | None = None
    ) -> None:
        self.label.setText(text)
        self.label.setToolTip(text)
        self._undo = undo
        self.button.setText(button)
        self.button.setVisible(bool(button and undo))
        self.close_button.setVisible(True)
        self.setVisible(True)

    def text(self) -> str:
        return self.label.text() if self.isVisible() else ""

    def clear(self) -> None:
        self._undo = None
        self.label.clear()
        self.setVisible(False)

    def _clicked(self) -> None:
        undo = self._undo
        self.clear()
        if undo is not None:
            undo()
