"""One-line editors: text, money, integer, percent, score, date, phone; and choices."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QWidget

from fulian_desktop.core.draft.values import parse_value
from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing

#: what each kind shows after the box, and a placeholder when the template has none
_SUFFIX = {"money": "万元", "percent": "%", "score": "分"}
_PLACEHOLDER = {
    "money": "例如 701.50",
    "percent": "例如 95.78",
    "score": "0–100，例如 94.08",
    "integer": "整数",
    "date": "例如 2023-03-01 或 2023年3月1日",
    "phone": "例如 020-12345678 或 13812345678",
}


class LineFieldEditor(FieldEditor):
    """A QLineEdit that accepts anything and says what is wrong with it."""

    def __init__(
        self, spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, path, editing, parent)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.line = QLineEdit(self)
        self.line.setPlaceholderText(spec.placeholder or self.tr(_PLACEHOLDER.get(spec.kind, "")))
        if spec.kind in _SUFFIX or spec.kind in ("integer", "date", "phone"):
            self.line.setMaximumWidth(260)
        row.addWidget(self.line, 1 if spec.kind == "text" else 0)
        suffix = _SUFFIX.get(spec.kind, "")
        if suffix:
            row.addWidget(QLabel(self.tr(suffix), self))
        if spec.kind != "text":
            row.addStretch(1)
        self._layout.addLayout(row)
        self.line.textChanged.connect(lambda _text: self.commit())
        self.finish_layout()

    def input_widget(self) -> QWidget:
        return self.line

    def current_text(self) -> str:
        return self.line.text()

    def show_text(self, text: str) -> None:
        self.line.setText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)

    def local_error(self, text: str) -> str:
        """Whether the text parses as the kind says, checked at once while typing
        (core's parser; ranges and sums come from the validator a moment later)."""
        if not text.strip() or self.spec.kind in ("text", "phone"):
            return ""
        try:
            parse_value(self.spec, text)
        except ValueError as exc:
            return str(exc)
        return ""


class ChoiceFieldEditor(FieldEditor):
    """A drop-down; a value that is not among the choices (an old draft) stays shown."""

    def __init__(
        self, spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, path, editing, parent)
        self.combo = QComboBox(self)
        self.combo.addItem(self.tr("（请选择）"), "")
        for choice in spec.choices:
            self.combo.addItem(choice, choice)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        # The error/warning border comes from a style sheet, which draws the box
        # with wider margins than the size hint allowed for: keep room for the
        # longest text (else "（请选择）" shows cut off exactly when it matters).
        widest = max(
            self.combo.fontMetrics().horizontalAdvance(self.combo.itemText(i))
            for i in range(self.combo.count())
        )
        self.combo.setMinimumWidth(widest + 44)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.combo)
        row.addStretch(1)
        self._layout.addLayout(row)
        self.combo.currentIndexChanged.connect(lambda _index: self.commit())
        self.finish_layout()

    def input_widget(self) -> QWidget:
        return self.combo

    def current_text(self) -> str:
        return self.combo.currentData() or ""

    def show_text(self, text: str) -> None:
        index = self.combo.findData(text, flags=Qt.MatchFlag.MatchExactly)
        if index < 0:
            self.combo.addItem(text, text)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)

    def select(self, text: str) -> None:
        """Choose ``text`` as the clerk would (tests and keyboard helpers)."""
        self.show_text(text)
        self.commit()

    def set_read_only(self, read_only: bool) -> None:
        self.combo.setEnabled(not read_only)
