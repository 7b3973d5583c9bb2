"""Repeatable groups (tasks, projects, expense items): add, remove, move, duplicate.

Each item is a box with its sub-field editors; structural changes go through
DraftEditing as undoable steps and the boxes are rebuilt from the draft.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing
from fulian_desktop.ui.fields.factory import make_label, make_plain_editor


def item_title(spec: FieldSpec, index: int, item: dict[str, str]) -> str:
    """The item's label from the template (任务（一）), or 第 n 项."""
    if spec.item_label:
        try:
            text = snippets.render(spec.item_label, {"n": index + 1, "item": item, **item})
        except (snippets.SnippetError, ValueError):
            text = ""
        if text.strip():
            return text.strip()
    return f"第 {index + 1} 项"


class GroupItemBox(QGroupBox):
    """One item: its sub-field editors and the buttons that move it."""

    def __init__(self, group: GroupEditor, index: int) -> None:
        super().__init__(group)
        self.index = index
        spec = group.spec
        editing = group.editing
        self.setTitle(item_title(spec, index, editing.items(spec.id)[index]))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.editors: list[FieldEditor] = []
        for sub in spec.fields:
            editor = make_plain_editor(sub, f"{spec.id}[{index}].{sub.id}", editing, self)
            form.addRow(make_label(sub, editor, self), editor)
            self.editors.append(editor)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        count = len(editing.items(spec.id))
        self.up = self._button(buttons, self.tr("上移"), lambda: group.move(index, index - 1))
        self.down = self._button(buttons, self.tr("下移"), lambda: group.move(index, index + 1))
        self.copy = self._button(buttons, self.tr("复制"), lambda: group.duplicate(index))
        self.remove = self._button(buttons, self.tr("删除"), lambda: group.remove(index))
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        full = spec.max_items is not None and count >= spec.max_items
        self.copy.setEnabled(not full)
        self.remove.setEnabled(count > spec.min_items)
        layout.addLayout(buttons)

    def _button(self, row: QHBoxLayout, text: str, slot) -> QPushButton:  # noqa: ANN001
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        row.addWidget(button)
        return button


class GroupEditor(FieldEditor):
    """All items of one group, with an 添加 button below."""

    def __init__(
        self, spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, path, editing, parent)
        self._read_only = False
        self.boxes: list[GroupItemBox] = []
        self._items_layout = QVBoxLayout()
        self._items_layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addLayout(self._items_layout)
        self.empty_label = QLabel(self.tr("还没有条目。"), self)
        self._layout.addWidget(self.empty_label)
        row = QHBoxLayout()
        label = spec.label
        self.add_button = QPushButton(self.tr("添加{0}").format(label), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        row.addWidget(self.add_button)
        row.addStretch(1)
        self._layout.addLayout(row)
        editing.values_replaced.connect(self._replaced)
        self.finish_layout()

    # FieldEditor: the group's own value is the item list, rebuilt on change
    def input_widget(self) -> QWidget:
        return self.add_button

    def current_text(self) -> str:
        return ""

    def show_text(self, text: str) -> None:
        pass

    def refresh(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        for box in self.boxes:
            self._items_layout.removeWidget(box)
            box.hide()
            box.deleteLater()
        self.boxes = []
        for index in range(len(self.editing.items(self.spec.id))):
            box = GroupItemBox(self, index)
            self._items_layout.addWidget(box)
            self.boxes.append(box)
        self.empty_label.setVisible(not self.boxes)
        full = self.spec.max_items is not None and len(self.boxes) >= self.spec.max_items
        self.add_button.setEnabled(not full and not self._read_only)
        self.set_read_only(self._read_only)

    def _replaced(self, keys: set[str]) -> None:
        if self.spec.id in keys:
            self.rebuild()
            self.editors_changed()

    def editors_changed(self) -> None:
        """Hook: the page re-applies issues and tab order after a rebuild."""
        page = self.parent()
        while page is not None and not hasattr(page, "editors_rebuilt"):
            page = page.parent()
        if page is not None:
            page.editors_rebuilt()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setEnabled(
            not read_only
            and not (self.spec.max_items is not None and len(self.boxes) >= self.spec.max_items)
        )
        for box in self.boxes:
            for button in (box.up, box.down, box.copy, box.remove):
                button.setVisible(not read_only)
            for editor in box.editors:
                editor.set_read_only(read_only)

    def editors(self) -> Iterator[FieldEditor]:
        yield self
        for box in self.boxes:
            yield from box.editors

    def focus_editor(self) -> None:
        if self.boxes and self.boxes[0].editors:
            self.boxes[0].editors[0].focus_editor()
        else:
            self.add_button.setFocus()

    # -- operations ----------------------------------------------------------
    def add(self) -> None:
        self.editing.add_item(self.spec.id)
        if self.boxes:
            self.boxes[-1].editors[0].focus_editor()

    def remove(self, index: int) -> None:
        self.editing.remove_item(self.spec.id, index)

    def move(self, index: int, to: int) -> None:
        self.editing.move_item(self.spec.id, index, to)
        if 0 <= to < len(self.boxes):
            self.boxes[to].editors[0].focus_editor()

    def duplicate(self, index: int) -> None:
        self.editing.duplicate_item(self.spec.id, index)
