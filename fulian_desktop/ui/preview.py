"""The live preview: the composed Document as HTML, scrolled to the section
being edited."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from fulian_desktop.core.document import Document
from fulian_desktop.ui.html import document_html, message_html


class Preview(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMinimumWidth(260)
        self.anchor = ""
        self._html = ""
        self.document_model: Document | None = None

    def show_document(self, document: Document) -> None:
        """Redisplay, keeping the scroll position (typing must not make it jump)."""
        self.document_model = document
        self._set_html(document_html(document), keep_scroll=True)

    def show_message(self, text: str) -> None:
        self.document_model = None
        self._set_html(message_html(text), keep_scroll=False)

    def _set_html(self, html: str, keep_scroll: bool) -> None:
        if html == self._html:
            return
        first = not self._html
        self._html = html
        bar = self.verticalScrollBar()
        position = bar.value()
        self.setHtml(html)
        if keep_scroll and not first:
            bar.setValue(position)
        elif self.anchor:
            self.scrollToAnchor(self.anchor)

    def follow(self, anchor: str) -> None:
        """Scroll to the section with this anchor (a template section id)."""
        self.anchor = anchor
        if anchor and self._html:
            self.scrollToAnchor(anchor)

    def text(self) -> str:
        return self.toPlainText()
