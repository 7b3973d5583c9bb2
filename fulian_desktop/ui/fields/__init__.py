"""One editor widget per field kind, built from the template's FieldSpec."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from fulian_desktop.core.template import FieldSpec
from fulian_desktop.ui.fields.base import ISSUE_STYLE, FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing

__all__ = ["ISSUE_STYLE", "DraftEditing", "FieldEditor", "make_editor", "make_label"]


def make_editor(
    spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
) -> FieldEditor:
    """The editor for ``spec`` bound to ``path`` of the draft."""
    from fulian_desktop.ui.fields.group import GroupEditor
    from fulian_desktop.ui.fields.line import ChoiceFieldEditor, LineFieldEditor
    from fulian_desktop.ui.fields.longtext import LongTextEditor

    if spec.kind == "group":
        return GroupEditor(spec, path, editing, parent)
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
