"""The paragraphs of a ``w:altChunk`` part: HTML or plain text that Word shows
in place (a report pasted from a web page or a mail, or one some program
assembled). Word turns it into ordinary paragraphs when the file is saved
again; until then it is text a reader sees, so verify and the importer read it.

A paragraph is ``(text, level, is_row)``: level 1–6 for ``<h1>``–``<h6>``,
a table row has its cells joined by tabs (as the DOCX table rows are).
"""

from __future__ import annotations

import re
from typing import Any

Paragraph = tuple[str, int | None, bool]

#: Elements that end a paragraph (everything else is inline text).
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "pre", "blockquote",
    "table", "tr", "body", "section", "article", "header", "footer", "dl", "dt", "dd", "hr",
}  # fmt: skip
_SKIP = {"head", "script", "style", "title", "template", "noscript"}
_SPACE = re.compile(r"[ \t\r\n\f]+")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.IGNORECASE)


def _decode(data: bytes) -> str:
    """HTML or text bytes: by BOM, declared charset, else UTF-8, else GB18030."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    declared = _CHARSET.search(data[:4096])
    for encoding in ([declared.group(1).decode("ascii")] if declared else []) + ["utf-8-sig"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("gb18030", "replace")


def _is_html(name: str, content_type: str, text: str) -> bool:
    if "html" in content_type or name.lower().endswith((".htm", ".html", ".xhtml")):
        return True
    return text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))


def chunk_paragraphs(data: bytes, name: str, content_type: str) -> list[Paragraph] | None:
    """The paragraphs of an altChunk part; None for a kind not read here (RTF,
    MHT, an embedded .docx): the caller says so rather than dropping it."""
    kind = content_type.lower()
    if any(
        k in kind for k in ("rtf", "message/rfc822", "wordprocessingml")
    ) or name.lower().endswith((".rtf", ".mht", ".mhtml", ".docx", ".docm")):
        return None
    text = _decode(data)
    if _is_html(name, kind, text):
        return html_paragraphs(text)
    if kind.startswith("text/") or name.lower().endswith(".txt") or not kind:
        return [(line.strip(), None, False) for line in text.splitlines() if line.strip()]
    return None


def html_paragraphs(text: str) -> list[Paragraph]:
    from lxml import html

    try:
        root = html.document_fromstring(text)
    except Exception:  # lxml's ParserError on an empty or broken document
        return [(line.strip(), None, False) for line in text.splitlines() if line.strip()]
    out: list[Paragraph] = []
    _Html(out).block(root)
    return out


class _Html:
    def __init__(self, out: list[Paragraph]) -> None:
        self.out = out
        self.parts: list[str] = []
        self.level: int | None = None

    def flush(self) -> None:
        # white space in HTML is one space; only <br> (kept as \0) ends a line
        pieces = "".join(self.parts).split("\0")
        line = "\n".join(_SPACE.sub(" ", x).strip() for x in pieces).strip()
        if line:
            self.out.append((line, self.level, False))
        self.parts.clear()
        self.level = None

    def block(self, node: Any) -> None:
        """Text of ``node``'s children, a paragraph at each block boundary."""
        if node.text:
            self.parts.append(node.text)
        number = 0
        for child in node:
            tag = child.tag.lower() if isinstance(child.tag, str) else ""
            if tag in _SKIP or not tag:
                pass  # comments and processing instructions are not text
            elif tag == "br":
                self.parts.append("\0")
            elif tag == "tr":
                self.flush()
                cells = [_SPACE.sub(" ", c.text_content()).strip() for c in child if _cell(c)]
                if any(cells):
                    self.out.append(("\t".join(cells), None, True))
            elif tag in _BLOCK:
                self.flush()
                if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    self.level = int(tag[1])
                if tag == "li" and node.tag == "ol":
                    number += 1
                    self.parts.append(f"{number}. ")  # the number a browser (and Word) draws
                self.block(child)
                self.flush()
            else:
                self.block(child)
            if child.tail:
                self.parts.append(child.tail)


def _cell(node: Any) -> bool:
    return isinstance(node.tag, str) and node.tag.lower() in ("td", "th")
