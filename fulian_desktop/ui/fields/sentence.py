"""Generated sentences as text the clerk can rewrite in place.

Each ``sentence`` of a section's body shows in its page as an editable box.
Untouched, it follows the figures (the generated sentence, regenerated as she
types them). Once she changes the words, her version is stored in
``Draft.sentences`` beside the generated one and the figures it was written
for (core/compose/sentences.py), prints instead in the preview and the DOCX, and stays
when a figure changes; validation then warns, and 重新生成 (undoable) brings
the generated sentence back.
"""

from __future__ import annotations

from PySide6.QtGui import QTextCursor, QUndoCommand
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from fulian_desktop.core.compose import sentences
from fulian_desktop.core.draft.model import SentenceOverride
from fulian_desktop.core.template.model import FieldSpec, Section
from fulian_desktop.ui.fields.base import FieldEditor
from fulian_desktop.ui.fields.binding import DraftEditing
from fulian_desktop.ui.fields.longtext import PasteCleaningEdit, TextEditAccess

_SPEC = FieldSpec(id="generated_sentence", kind="longtext", label="由数字生成的句子")


class SentenceEditor(TextEditAccess, FieldEditor):
    """The sentence ``key`` of ``section``; its path is the key ("conclusion.1")."""

    def __init__(
        self, section: Section, key: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(_SPEC, key, editing, parent)
        self.section = section
        self.key = key
        self.title = QLabel(self.tr("由数字生成的句子（可直接改写）"), self)
        self._layout.addWidget(self.title)
        self.text_edit = PasteCleaningEdit(self)
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(60)
        self.text_edit.setMaximumHeight(110)  # a sentence or two, not a page
        self.text_edit.setObjectName(f"sentence_{key}")
        self.title.setBuddy(self.text_edit)
        self._layout.addWidget(self.text_edit)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        self.status = QLabel(self)
        self.status.setProperty("role", "field-help")
        self.status.setWordWrap(True)
        row.addWidget(self.status, 1)
        self.regenerate_button = QPushButton(self.tr("重新生成"), self)
        self.regenerate_button.setToolTip(
            self.tr("放弃改写，按表中现在的数字重新生成这一句（可用“撤销”恢复）")
        )
        self.regenerate_button.clicked.connect(self.regenerate)
        row.addWidget(self.regenerate_button)
        self._layout.addLayout(row)
        self.text_edit.textChanged.connect(self.commit)
        editing.edited.connect(self._other_edited)
        editing.values_replaced.connect(self._replaced)
        self.finish_layout()

    # -- FieldEditor ------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.regenerate_button.setEnabled(not read_only and self.override() is not None)

    def generated(self) -> sentences.Generated:
        found = sentences.generate(self.editing.template, self.editing.draft, self.section)
        return next(g for g in found if g.key == self.key)

    def override(self) -> SentenceOverride | None:
        return self.editing.draft.sentences.get(self.key)

    def refresh(self) -> None:
        generated = self.generated()
        override = self.override()
        self.show_quietly(override.text if override is not None else generated.text)
        if override is not None:
            status = self.tr("已改写：打印您写的这一句。原来生成的是：{0}").format(
                generated.text or self.tr("（按现在的选项不生成这一句）")
            )
        elif generated.text:
            status = self.tr("按表中数字生成；可以直接改写，改写后以您写的为准。")
        else:
            status = self.tr("按现在的选项或数字，这一句不生成、不打印。")
        self.status.setText(status)
        self.regenerate_button.setEnabled(override is not None and not self.editing.read_only)
        # a sentence that does not apply and was never rewritten takes no room
        self.setVisible(bool(generated.text) or override is not None)

    def commit(self) -> None:
        if self._loading or self.editing.read_only:
            return
        text = self.current_text()
        generated = self.generated()
        draft = self.editing.draft
        old = draft.sentences.get(self.key)
        _forget_undo_of(self.editing, self.key)
        if old is None and text == generated.text:
            return
        # every edit records the figures as they are now: she wrote it for them
        draft.sentences[self.key] = sentences.rewrite(generated, text)
        self.editing.edited.emit(self.key)
        self.refresh()

    def regenerate(self) -> None:
        """Drop her version (one undoable step)."""
        if self.editing.read_only or self.override() is None:
            return
        self.editing.undo_stack.push(_Regenerate(self.editing, self.key))

    def select_span(self, start: int, end: int) -> None:
        select_span(self.text_edit, start, end)

    # -- keeping up with the figures ----------------------------------------------
    def _other_edited(self, path: str) -> None:
        if path != self.key:
            self.refresh()

    def _replaced(self, _keys: set[str]) -> None:
        self.refresh()  # undo/redo of a figure or of 重新生成


class _Regenerate(QUndoCommand):
    def __init__(self, editing: DraftEditing, key: str) -> None:
        super().__init__("重新生成句子")
        self._editing = editing
        self.key = key
        self.keys = {key}
        self._old = editing.draft.sentences[key].model_copy(deep=True)

    def _emit(self) -> None:
        self._editing.values_replaced.emit({self.key})
        self._editing.edited.emit(self.key)

    def redo(self) -> None:
        self._editing.draft.sentences.pop(self.key, None)
        self._emit()

    def undo(self) -> None:
        self._editing.draft.sentences[self.key] = self._old.model_copy(deep=True)
        self._emit()


def _forget_undo_of(editing: DraftEditing, key: str) -> None:
    # Undoing an older 重新生成 would throw away what was typed since.
    stack = editing.undo_stack
    for i in range(stack.count()):
        command = stack.command(i)
        if isinstance(command, _Regenerate) and command.key == key:
            stack.clear()
            return


def add_sentence_editors(page, section: Section) -> list[SentenceEditor]:  # noqa: ANN001
    """Put an editor for each of the section's generated sentences on ``page``."""
    added: list[SentenceEditor] = []
    for key, _item in sentences.section_sentences(section):
        editor = SentenceEditor(section, key, page.editing, page.inner)
        page.form.addRow(editor)
        page.top_editors.append(editor)
        added.append(editor)
    return added


def select_span(widget: QWidget, start: int, end: int) -> None:
    """Select characters start..end (Python offsets) of a text editor: an issue's words."""
    text = (
        widget.toPlainText() if hasattr(widget, "toPlainText") else getattr(widget, "text", str)()
    )
    # Qt counts UTF-16 units: a character beyond the BMP takes two
    start, end = _utf16(text, start), _utf16(text, end)
    if hasattr(widget, "textCursor"):
        cursor = widget.textCursor()  # type: ignore[attr-defined]
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        widget.setTextCursor(cursor)  # type: ignore[attr-defined]
        widget.ensureCursorVisible()  # type: ignore[attr-defined]
    elif isinstance(widget, QLineEdit):
        widget.setSelection(start, end - start)


def _utf16(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le")) // 2
