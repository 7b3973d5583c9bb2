"""The live preview: the composed Document as HTML, scrolled to the section
being edited.

Loading the whole page (QTextEdit.setHtml) costs several milliseconds on a
long report, more than a keystroke may take. While the clerk types, only the
paragraph she types in changes, so that change is applied to the shown page
in place; anything else (a new block, a changed table or style) loads the page
again. A test checks that both ways show the same page.
"""

from __future__ import annotations

from PySide6.QtGui import QTextBlock, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QWidget

from fulian_desktop.core.compose.document import Document
from fulian_desktop.ui.html import Piece, document_pieces, message_html, pieces_html

#: More changed paragraphs than this load the page again (it is then as quick).
MAX_IN_PLACE = 16


def _plain(shown: str) -> bool:
    """Whether Qt's HTML reading shows this text exactly as it is: printable
    characters, and no white space it would fold or drop."""
    return all(
        line and line.isprintable() and line.strip(" ") == line and "  " not in line
        for line in shown.split("\u2028")
    )


def _differing(old: str, new: str, number: int) -> tuple[int, int, int, int] | None:
    """Where ``old`` and ``new`` differ: (start, end in old, end in new, the
    character whose format the new text takes), or None when the change touches
    what an edit in place cannot keep: the first character (it carries the
    section's anchor) or the paragraph's number."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    if start < max(number, 1):
        return None
    # The new text takes the format of the character before the change, else of
    # the first one of the text (not the anchored first character, not the number).
    source = start - 1 if start - 1 >= max(number, 1) else max(number, 1)
    if source >= len(old):
        return None
    return start, len(old) - end, len(new) - end, source


class Preview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMinimumWidth(260)
        self.document().setUndoRedoEnabled(False)  # read-only: no history to keep
        self.anchor = ""
        self._html = ""
        self._pieces: list[Piece] = []
        self._blocks: dict[int, int] | None = None  # piece index → block number
        #: whole-page loads so far (a test counts them: typing must not cause one)
        self.loads = 0
        self.document_model: Document | None = None

    def show_document(self, document: Document) -> None:
        """Redisplay, keeping the scroll position (typing must not make it jump)."""
        self.document_model = document
        pieces = document_pieces(document)
        if self._pieces and self._apply_in_place(pieces):
            self._pieces = pieces
            return
        self._pieces = pieces
        self._set_html(pieces_html(pieces), keep_scroll=True)

    def show_message(self, text: str) -> None:
        self.document_model = None
        self._pieces = []
        self._set_html(message_html(text), keep_scroll=False)

    def _set_html(self, html: str, keep_scroll: bool) -> None:
        if html == self._html:
            return
        first = not self._html
        self._html = html
        self._blocks = None
        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(html)
        self.loads += 1
        if keep_scroll and not first:
            bar.setValue(position)
        elif self.anchor:
            self.scrollToAnchor(self.anchor)

    # -- a typed change, applied in place -----------------------------------------
    def _apply_in_place(self, pieces: list[Piece]) -> bool:
        """Change the shown paragraphs whose text alone changed; False (nothing
        done) when the page must be loaded again."""
        old = self._pieces
        if len(old) != len(pieces):
            return False
        changed = [i for i, (a, b) in enumerate(zip(old, pieces, strict=True)) if a != b]
        if len(changed) > MAX_IN_PLACE:
            return False
        edits: list[tuple[int, int, int, str]] = []  # start, end, format source, new text
        for i in changed:
            before, after = old[i], pieces[i]
            if not before.markup or before.markup != after.markup or before.number != after.number:
                return False
            old_text, new_text = before.number + before.text, after.number + after.text
            if not (_plain(old_text) and _plain(new_text)):
                return False
            span = _differing(old_text, new_text, len(before.number))
            block = self._block(i)
            # the page must hold what we think it does: if not, load it again
            if span is None or block is None or block.text() != old_text:
                return False
            start, old_end, new_end, source = span
            position = block.position()
            edits.append(
                (position + start, position + old_end, position + source, new_text[start:new_end])
            )
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        for start, end, source, text in reversed(edits):  # later blocks first: positions hold
            cursor.setPosition(source + 1)
            char_format = cursor.charFormat()  # of the character before the cursor
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.insertText(text, char_format)
        cursor.endEditBlock()
        self._html = pieces_html(pieces)
        return True

    def _block(self, index: int) -> QTextBlock | None:
        """The shown block of paragraph piece ``index`` (found by its user state)."""
        if self._blocks is None:
            self._blocks = {}
            block = self.document().begin()
            while block.isValid():
                if block.userState() >= 0:
                    self._blocks[block.userState()] = block.blockNumber()
                block = block.next()
        number = self._blocks.get(index)
        if number is None:
            return None
        block = self.document().findBlockByNumber(number)
        return block if block.isValid() and block.userState() == index else None

    def follow(self, anchor: str) -> None:
        """Scroll to the section with this anchor (a template section id)."""
        self.anchor = anchor
        if anchor and self._html:
            self.scrollToAnchor(anchor)

    def text(self) -> str:
        return self.toPlainText()
