"""One editor widget per field kind, built from the template's FieldSpec."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.ui.fields.base import ISSUE_STYLE, FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing
from fulian_desktop.ui.fields.factory import make_label, make_plain_editor

__all__ = ["ISSUE_STYLE", "DraftEditing", "FieldEditor", "make_editor", "make_label"]


def make_editor(
    spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
) -> FieldEditor:
    """The editor for ``spec`` bound to ``path`` of the draft."""
    if spec.kind == "group":
        from fulian_desktop.ui.fields.group import GroupEditor

        return GroupEditor(spec, path, editing, parent)
    return make_plain_editor(spec, path, editing, parent)
