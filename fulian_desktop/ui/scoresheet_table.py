"""The grid of the 绩效自评表 page (ui/scoresheet_page.py): it behaves like the
spreadsheet clerks know. Enter commits and moves down; Delete clears; Ctrl+C
and Ctrl+V copy and paste blocks; 一级/二级、指标性质 and 完成档次 are picked
from lists. Every change goes through the page (one undoable step each).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QStyledItemDelegate,
    QTableWidget,
    QWidget,
)

from fulian_desktop.core.scoresheet import grid

if TYPE_CHECKING:
    from fulian_desktop.ui.scoresheet_page import ScoresheetPage


class ChoiceDelegate(QStyledItemDelegate):
    """Lists for 一级、二级、指标性质 and 完成档次; free text elsewhere."""

    def __init__(self, page: ScoresheetPage) -> None:
        super().__init__(page.table)
        self.page = page

    def choices(self, index: QModelIndex) -> list[tuple[str, str]] | None:
        spec = self.page.spec
        key = grid.COLUMNS[index.column()].key
        row = self.page.row(index.row())
        if key == "level1":
            return grid.level1_choices(spec)
        if key == "level2":
            return grid.level2_choices(spec, row.get("level1", ""))
        if key == "kind":
            return grid.kind_choices()
        if key == "grade":
            return [(g, g) for g in grid.grade_choices(spec)]
        return None

    def createEditor(self, parent: QWidget, option: Any, index: QModelIndex) -> QWidget:  # noqa: N802
        choices = self.choices(index)
        if choices is None:
            return super().createEditor(parent, option, index)
        combo = QComboBox(parent)
        for key, label in choices:
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            stored = self.page.row(index.row()).get(grid.COLUMNS[index.column()].key, "")
            editor.setCurrentIndex(max(0, editor.findData(stored)))
        else:
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QComboBox):
            self.page.set_cell(index.row(), index.column(), editor.currentText())
        else:
            super().setModelData(editor, model, index)


class Grid(QTableWidget):
    """Enter commits and moves down, as in Excel; Delete clears; Ctrl+C/V copy and paste."""

    def __init__(self, page: ScoresheetPage) -> None:
        super().__init__(0, len(grid.COLUMNS), page.inner)
        self.page = page

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:  # noqa: N802
        super().closeEditor(editor, hint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:
            self._move_down()

    def _move_down(self) -> None:
        index = self.currentIndex()
        if index.isValid() and index.row() + 1 < self.rowCount():
            self.setCurrentCell(index.row() + 1, index.column())

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802
        if self.state() != QAbstractItemView.State.EditingState:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._move_down()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.page.paste(QGuiApplication.clipboard().text())
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                QGuiApplication.clipboard().setText(self.page.copy_selection())
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.page.clear_selection()
                return
        super().keyPressEvent(event)
