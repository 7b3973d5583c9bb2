"""The 未归类内容 page of a draft imported from last year's report.

It lists what the import left for the clerk: the figures it read, each
marked 已导入，请核对 until she confirms it (or edits it: a changed figure
counts as checked), and the paragraphs it could not place, each with a
"移到…" menu that appends it to a section's text (undoable, like every
whole-value change) or "不需要" to drop it. The page appears in the
navigator after the outline while anything is left, and stays until the
window closes.

Hooked into the window by ``install(window)`` (navigator entry, auto-confirm
on edit) and ``MainWindow.page`` (builds it on first show).
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.draft.marks import CONFIRM, UNPLACED_PATH
from fulian_desktop.ui.fields.binding import DraftEditing
from fulian_desktop.ui.navigator import status_icon
from fulian_desktop.ui.section_page import Page

UNPLACED_PAGE = "__unplaced__"
TITLE = "未归类内容"


class _ChangeImport(QUndoCommand):
    """Move a paragraph into a field, drop it, or confirm figures — as one undo step."""

    def __init__(self, editing: DraftEditing, text: str, change: dict[str, Any]) -> None:
        super().__init__(text)
        self._editing = editing
        draft = editing.draft
        keys = [k for k in change if k not in ("unplaced", "unconfirmed")]
        self._old = {
            "unplaced": list(draft.unplaced),
            "unconfirmed": list(draft.unconfirmed),
            **{k: copy.deepcopy(draft.values.get(k)) for k in keys},
        }
        self._new = {**self._old, **change}

    def _apply(self, state: dict[str, Any]) -> None:
        draft = self._editing.draft
        draft.unplaced = list(state["unplaced"])
        draft.unconfirmed = list(state["unconfirmed"])
        fields = {k: v for k, v in state.items() if k not in ("unplaced", "unconfirmed")}
        for key, value in fields.items():
            if value is None:
                draft.values.pop(key, None)
            else:
                draft.values[key] = copy.deepcopy(value)
        self._editing.values_replaced.emit({*fields, UNPLACED_PATH})
        # a whole-value change: the window marks the draft changed and saves it
        self._editing.edited.emit(next(iter(fields), UNPLACED_PATH))

    def redo(self) -> None:
        self._apply(self._new)

    def undo(self) -> None:
        self._apply(self._old)


def move_paragraph(editing: DraftEditing, index: int, field_id: str) -> None:
    """Append unplaced paragraph ``index`` to the long text ``field_id`` (undoable)."""
    draft = editing.draft
    if editing.read_only or not 0 <= index < len(draft.unplaced):
        return
    text = draft.unplaced[index]
    old = draft.text(field_id)
    rest = draft.unplaced[:index] + draft.unplaced[index + 1 :]
    label = editing.template.field(field_id).label
    change = {"unplaced": rest, field_id: f"{old}\n{text}" if old else text}
    editing.undo_stack.push(_ChangeImport(editing, f"移到“{label}”", change))


def drop_paragraph(editing: DraftEditing, index: int) -> None:
    """The clerk does not need this paragraph (undoable)."""
    draft = editing.draft
    if editing.read_only or not 0 <= index < len(draft.unplaced):
        return
    rest = draft.unplaced[:index] + draft.unplaced[index + 1 :]
    editing.undo_stack.push(_ChangeImport(editing, "不需要这段内容", {"unplaced": rest}))


def confirm(editing: DraftEditing, paths: list[str]) -> None:
    """The clerk checked these imported values."""
    draft = editing.draft
    left = [p for p in draft.unconfirmed if p not in paths]
    if editing.read_only or left == draft.unconfirmed:
        return
    editing.undo_stack.push(_ChangeImport(editing, "确认导入的数字", {"unconfirmed": left}))


def targets(editing: DraftEditing) -> list[tuple[str, str]]:
    """(field id, "节 › 字段") of every long text a paragraph can move to, in outline order."""
    result = []
    for section, _ in editing.template.walk():
        if not editing.section_enabled(section.id):
            continue
        for spec in section.fields:
            if spec.kind == "longtext":
                name = (
                    section.title
                    if spec.label == section.title
                    else f"{section.title} › {spec.label}"
                )
                result.append((spec.id, name))
    return result


class UnplacedPage(Page):
    """Figures to check and paragraphs to place, rebuilt whenever the draft changes."""

    def __init__(self, editing: DraftEditing, parent: QWidget | None = None) -> None:
        super().__init__(UNPLACED_PAGE, self.tr(TITLE), editing, parent)
        intro = QLabel(
            self.tr(
                "导入往年报告时读出的数字要逐个核对；找不到所属一节的段落放在这里，"
                "请用“移到…”放进正确的一节，或标为“不需要”。这些操作都可以撤销。"
            ),
            self.inner,
        )
        intro.setWordWrap(True)
        self.column.addWidget(intro)
        self.figures_box = QGroupBox(self.tr(CONFIRM), self.inner)
        self.figures_layout = QVBoxLayout(self.figures_box)
        self.paragraphs_box = QGroupBox(self.tr("未归类的段落"), self.inner)
        self.paragraphs_layout = QVBoxLayout(self.paragraphs_box)
        self.column.addWidget(self.paragraphs_box)
        self.column.addWidget(self.figures_box)
        self.confirm_all_button: QPushButton | None = None
        self._shown: set[str] = set()  # figure paths listed now
        self.move_buttons: list[QToolButton] = []
        self.finish()
        self.rebuild()
        editing.values_replaced.connect(lambda _keys: self.rebuild())
        editing.edited.connect(self._edited)

    def _edited(self, path: str) -> None:
        if path in self._shown or path == UNPLACED_PATH:
            self.rebuild()

    @staticmethod
    def _clear(layout: QVBoxLayout) -> None:
        while layout.count():
            item = layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.hide()  # deleted later; hidden now, so nothing old shows meanwhile
                widget.deleteLater()

    def _label_of(self, path: str) -> str:
        if path.startswith("unit."):
            names = {"name": "单位名称", "year": "年度", "filler": "填表人", "position": "职务",
                     "phone": "联系电话", "fill_date": "填表日期"}  # fmt: skip
            return self.tr("单位信息 › {0}").format(names.get(path[5:], path[5:]))
        spec = self.editing.spec(path)
        section = self.editing.template.section_of(path.split("[", 1)[0].split(".", 1)[0])
        label = spec.label if spec is not None else path
        if "[" in path:
            index = int(path.split("[", 1)[1].split("]", 1)[0])
            label = (
                f"{self.editing.template.field(path.split('[', 1)[0]).label} {index + 1} › {label}"
            )
        return f"{section.title} › {label}"

    def rebuild(self) -> None:
        draft = self.editing.draft
        self._clear(self.figures_layout)
        self._clear(self.paragraphs_layout)
        self.move_buttons = []
        self.confirm_all_button = None
        self._shown = set(draft.unconfirmed)
        if draft.unconfirmed:
            all_button = QPushButton(self.tr("全部确认（{0} 个）").format(len(draft.unconfirmed)))
            all_button.clicked.connect(lambda: confirm(self.editing, list(draft.unconfirmed)))
            all_button.setEnabled(not self._read_only)
            self.confirm_all_button = all_button
            self.figures_layout.addWidget(all_button)
            for path in draft.unconfirmed:
                row = QWidget(self.figures_box)
                line = QHBoxLayout(row)
                line.setContentsMargins(0, 0, 0, 0)
                name = QLabel(self._label_of(path), row)
                value = QLabel(self.editing.text(path) or self.tr("（空）"), row)
                value.setStyleSheet("font-weight: bold;")
                button = QPushButton(self.tr("确认"), row)
                button.setEnabled(not self._read_only)
                button.clicked.connect(lambda _=False, p=path: confirm(self.editing, [p]))
                line.addWidget(name, 3)
                line.addWidget(value, 1)
                line.addWidget(button)
                self.figures_layout.addWidget(row)
        else:
            self.figures_layout.addWidget(QLabel(self.tr("没有待核对的数字。")))
        if not draft.unplaced:
            self.paragraphs_layout.addWidget(QLabel(self.tr("没有未归类的段落。")))
        for index, text in enumerate(draft.unplaced):
            row = QWidget(self.paragraphs_box)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 4, 0, 4)
            label = QLabel(text, row)
            label.setWordWrap(True)
            label.setStyleSheet("background: #f6f6f6; padding: 6px;")
            move = QToolButton(row)
            move.setText(self.tr("移到…"))
            move.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            menu = QMenu(move)
            for field_id, name in targets(self.editing):
                action = menu.addAction(name)
                action.triggered.connect(
                    lambda _=False, i=index, f=field_id: move_paragraph(self.editing, i, f)
                )
            menu.addSeparator()
            drop = menu.addAction(self.tr("不需要（删除这段）"))
            drop.triggered.connect(lambda _=False, i=index: drop_paragraph(self.editing, i))
            move.setMenu(menu)
            move.setEnabled(not self._read_only)
            self.move_buttons.append(move)
            line.addWidget(label, 1)
            line.addWidget(move)
            self.paragraphs_layout.addWidget(row)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.rebuild()


def install(window: Any) -> None:
    """Give an imported draft's window its 未归类内容 page (when anything is left)."""
    draft = window.draft
    editing: DraftEditing = window.editing

    def confirm_on_edit(path: str) -> None:
        # a figure the clerk changed herself counts as checked
        if path in editing.draft.unconfirmed:
            editing.draft.unconfirmed.remove(path)

    editing.edited.connect(confirm_on_edit)
    if not (draft.unplaced or draft.unconfirmed):
        return
    item = window.navigator.add_page(UNPLACED_PAGE, window.tr(TITLE))

    def show_status(_issues: list) -> None:
        left = len(window.draft.unplaced) + len(window.draft.unconfirmed)
        item.setIcon(0, status_icon("warning" if left else "done"))
        item.setText(0, f"{window.tr(TITLE)}（{left}）" if left else window.tr(TITLE))

    window.issues_changed.connect(show_status)
    show_status([])
