"""Long texts: a plain-text box with a live 字数 counter and cleanup of pasted text."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QWidget

from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.core.text import textstats
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing, split_path


class PasteCleaningEdit(QPlainTextEdit):
    """Pasted text goes through textstats.normalise_pasted (PDF line breaks,
    half-width commas between Chinese characters, control characters); when that
    changed anything, ``cleaned`` says what, and ``paste_raw()`` puts the text
    back as it was pasted."""

    #: what the clean-up changed (short Chinese phrases)
    cleaned = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_paste: tuple[int, str, str] | None = None  # start, raw, inserted

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802 (Qt name)
        if not source.hasText():
            super().insertFromMimeData(source)
            return
        raw = source.text()
        text = textstats.normalise_pasted(raw)
        start = self.textCursor().selectionStart()
        self.insertPlainText(text)
        self._last_paste = (start, raw, text) if text != raw else None
        if text != raw:
            self.cleaned.emit(textstats.describe_cleanup(raw, text))

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 (Qt name)
        zoom = getattr(self.window(), "font_zoom", None)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and zoom is not None:
            # the window sizes every editor's text at once (ui/window_state.py)
            if event.angleDelta().y():
                zoom.step(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)

    def paste_raw(self) -> bool:
        """Replace the last cleaned paste by the text exactly as it was copied."""
        if self._last_paste is None or self.isReadOnly():
            return False
        start, raw, text = self._last_paste
        self._last_paste = None
        cursor = self.textCursor()
        cursor.setPosition(start)
        units = len(text.encode("utf-16-le")) // 2  # Qt counts UTF-16 units (an emoji is two)
        cursor.setPosition(start + units, cursor.MoveMode.KeepAnchor)
        if cursor.selectedText().replace("\u2029", "\n") != text:
            return False  # edited since: leave it alone
        cursor.insertText(raw)
        self.setTextCursor(cursor)
        return True

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        return source.hasText()


class TextEditAccess:
    """The FieldEditor accessors of an editor built around ``self.text_edit``
    (a PasteCleaningEdit): the long text and the generated sentence."""

    text_edit: PasteCleaningEdit

    def input_widget(self) -> QWidget:
        return self.text_edit

    def current_text(self) -> str:
        return self.text_edit.toPlainText()

    def show_text(self, text: str) -> None:
        self.text_edit.setPlainText(text)

    def set_read_only(self, read_only: bool) -> None:
        self.text_edit.setReadOnly(read_only)


class LongTextEditor(TextEditAccess, FieldEditor):
    def __init__(
        self, spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(spec, path, editing, parent)
        self.text_edit = PasteCleaningEdit(self)
        self.text_edit.setTabChangesFocus(True)  # Tab moves through the form, like a form
        self.text_edit.setPlaceholderText(spec.placeholder)
        self.text_edit.setMinimumHeight(110)
        self._layout.addWidget(self.text_edit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        self.counter = QLabel(self)
        self.counter.setProperty("role", "counter")
        row.addWidget(self.counter)
        self._layout.addLayout(row)
        self.text_edit.textChanged.connect(self._changed)
        self.text_edit.cleaned.connect(
            lambda notes: self.editing.paste_cleaned.emit(self.text_edit, notes)
        )
        self.editing.edited.connect(self._other_edited)
        self.finish_layout()
        self.update_counter()

    def refresh(self) -> None:
        super().refresh()
        self.update_counter()

    def _changed(self) -> None:
        self.commit()
        self.update_counter()

    def _other_edited(self, path: str) -> None:
        # Another part of the same shared cap changed: the combined figure moves.
        if path != self.path and split_path(self.path)[1] is None:
            cap = self.editing.caps.get(self.spec.id)
            if cap is not None and path in cap.fields:
                self.update_counter()

    def update_counter(self) -> None:
        """ "1234 / 2000 字", red past the limit; a shared cap shows the combined count."""
        unit = self.tr(self.editing.count_unit())
        own = self.editing.count(self.current_text())
        spec = self.spec
        over = False
        if spec.max_length:
            text = f"{own} / {spec.max_length} {unit}"
            over = own > spec.max_length
        else:
            text = f"{own} {unit}"
        if spec.min_length and own < spec.min_length:
            text += self.tr("（至少 {0} {1}）").format(spec.min_length, unit)
        cap = self.editing.cap_total(spec.id) if split_path(self.path)[1] is None else None
        if cap is not None:
            rule, total = cap
            label = rule.label or self.tr("以上各部分")
            text = self.tr("本段 {0} {1} · {2}合计 {3} / {4} {1}").format(
                own, unit, label, total, rule.max
            )
            over = over or total > rule.max
        self.counter.setText(text)
        if self.counter.property("over") != over:
            self.counter.setProperty("over", over)
            self.counter.style().unpolish(self.counter)
            self.counter.style().polish(self.counter)
