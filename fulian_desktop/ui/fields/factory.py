"""The editor and form label for one field that is not a group.

Kept apart from the package's ``make_editor`` so the group editor can build its
items' sub-field editors without importing the package that imports it
(groups cannot be nested, so a sub-field is never a group).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing


def make_plain_editor(
    spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
) -> FieldEditor:
    """The editor for a field of any kind but ``group``, bound to ``path``."""
    from fulian_desktop.ui.fields.line import ChoiceFieldEditor, LineFieldEditor
    from fulian_desktop.ui.fields.longtext import LongTextEditor

    if spec.kind == "longtext":
        return LongTextEditor(spec, path, editing, parent)
    if spec.kind == "choice":
        return ChoiceFieldEditor(spec, path, editing, parent)
    return LineFieldEditor(spec, path, editing, parent)


def make_label(spec: FieldSpec, editor: FieldEditor, parent: QWidget | None = None) -> QLabel:
    """The form label; a required field gets a red star, and the label's buddy
    is the editor so a click (or its mnemonic) focuses it."""
    star = ' <span style="color:#d32f2f">*</span>' if spec.required else ""
    label = QLabel(f"{escape(spec.label)}{star}", parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(True)
    label.setBuddy(editor.input_widget())
    if spec.help:
        label.setToolTip(spec.help)
    return label
