"""Walking a .docx's content in reading order, for ``verify`` (render/visible.py)
and for the report importer (importing/read_docx.py): one walk, so what verify
counts as visible and what the importer reads cannot drift apart.

Paragraphs of the body, of table cells (nested tables too), of text boxes
(``w:txbxContent``, one branch of ``mc:AlternateContent``), of block and inline
content controls (``w:sdt``), tracked insertions (deletions are not read),
``w:smartTag``/``w:fldSimple``/``w:customXml``/``w:hyperlink`` wrappers, and
``w:altChunk`` parts through a callback that reads them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from typing import Any

from fulian_desktop.render.docx_xml import (
    MC_NS,
    _invisible,
    _Styles,
    _w,
)

P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
SDT, SDT_CONTENT, TXBX = _w("sdt"), _w("sdtContent"), _w("txbxContent")
FALLBACK = f"{{{MC_NS}}}Fallback"
ALT_CHUNK = _w("altChunk")
# Tracked changes: what was inserted (or moved here) is read, what was deleted
# (or moved away) is not.
_INSERTED = {_w("ins"), _w("moveTo")}
_DROPPED = {_w("del"), _w("moveFrom")}
# Containers whose children are read as if they stood in the parent.
_TRANSPARENT = {_w("customXml"), _w("smartTag"), _w("hyperlink"), _w("fldSimple"), *_INSERTED}
_TRANSPARENT |= {f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", SDT_CONTENT}
FLD_CHAR, INSTR_TEXT, DEL_TEXT = _w("fldChar"), _w("instrText"), _w("delText")
# Run content that stands for a character (see _Reader._characters).
_CHARACTERS = {_w(t) for t in ("tab", "ptab", "br", "cr", "noBreakHyphen", "sym")}
# Not read by the importer's walk: text boxes and paragraphs are read on their
# own, fallbacks repeat mc:Choice, instructions and deletions are not shown.
# A ruby's phonetic guide (w:rt) is small print over the text it explains.
_NOT_SHOWN = {TXBX, FALLBACK, P, INSTR_TEXT, DEL_TEXT, _w("rt"), *_DROPPED}
# An equation's text (Word's equation editor) is text too.
MATH_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
SYM = _w("sym")
# w:sym in a symbol font: what its private-use code draws (Wingdings, Symbol)
_SYMBOLS = {0xF06C: "●", 0xF09F: "•", 0xF0A7: "▪", 0xF0A8: "□", 0xF0D8: "➢", 0xF0FC: "✓"}
_SYMBOLS |= {0xF0FE: "☑", 0xF0FD: "☒", 0xF0B7: "•", 0xF0D7: "▪", 0xF06F: "○", 0xF06E: "■"}
# What may stand between a table and its rows, or a row and its cells.
_ROW_WRAPPERS = {SDT, SDT_CONTENT, _w("customXml"), *_INSERTED}


# ----------------------------------------------------------------- reading


class _Reader:
    """The walk over a document's content in reading order, shared by ``verify``
    (``lines``) and the report importer (``items``, importing/read_docx.py).

    ``items`` gives ``("p", w:p, text)`` for each paragraph (text boxes anchored
    in it follow it), ``("row", w:tr, [w:tc, …])`` for each table row (its cells
    as the grid shows them; read a cell with ``items(tc)``) and ``("chunk",
    w:altChunk, [(text, level, is_row), …])`` for an embedded HTML or text part.

    ``import_reading`` reads as the report importer needs: a field's shown
    result instead of its instruction, only ``w:vanish`` text left out (white
    text on a shaded table cell is seen), and no findings.
    """

    def __init__(
        self,
        styles: _Styles,
        where: str,
        *,
        import_reading: bool = False,
        chunk: Callable[[Any], list[tuple[str, int | None, bool]] | None] | None = None,
    ) -> None:
        self.styles = styles
        self.where = where
        self.findings: list[str] = []
        self.import_reading = import_reading
        self.chunk = chunk  # r:id of an altChunk → its paragraphs (None: cannot be read)

    def _finding(self, kind: str, text: str) -> None:
        snippet = text.strip()[:20]
        self.findings.append(f"{self.where}有{kind}：“{snippet}”")

    def lines(self, container: Any) -> Iterator[str]:
        """Visible lines of the block-level content of ``container``, in order."""
        for kind, _node, value in self.items(container):
            if kind == "p":
                yield value
            elif kind == "row":
                yield "\t".join(" / ".join(x for x in self.lines(tc) if x) for tc in value)
            else:
                yield from (text for text, _level, _row in value)

    def items(self, container: Any) -> Iterator[tuple[str, Any, Any]]:
        """The paragraphs, table rows and embedded parts of ``container``, in order."""
        for child in container:
            tag = child.tag
            if tag == P:
                yield "p", child, self.paragraph(child)
                for box in self._text_boxes(child):
                    yield from self.items(box)
            elif tag == TBL:
                for tr in table_rows(child):
                    yield "row", tr, row_cells(tr)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None and not (self.import_reading and _placeholder(child)):
                    yield from self.items(content)
            elif tag == ALT_CHUNK:
                yield from self._alt_chunk(child)
            elif tag == FALLBACK:
                continue  # the same content as mc:Choice, for older readers
            elif tag in _TRANSPARENT or tag in _DROPPED:
                if tag in _DROPPED:
                    if not self.import_reading:
                        self.findings.append(f"{self.where}有未接受的修订（删除的内容）")
                    continue
                if tag in _INSERTED and not self.import_reading:
                    self.findings.append(f"{self.where}有未接受的修订（插入的内容）")
                yield from self.items(child)

    def _alt_chunk(self, node: Any) -> Iterator[tuple[str, Any, Any]]:
        found = self.chunk(node) if self.chunk is not None else None
        if found is None:
            # verify reads every chunk it can; what it cannot read is a finding
            self.findings.append(f"{self.where}有无法读取的嵌入内容（altChunk）")
            return
        yield "chunk", node, found

    def _text_boxes(self, paragraph: Any) -> Iterator[Any]:
        """The outermost text boxes anchored in ``paragraph`` (not the fallback copies);
        boxes nested in them are read with them."""
        for box in paragraph.iter(TXBX):
            between = []
            for ancestor in box.iterancestors():
                if ancestor is paragraph:
                    break
                between.append(ancestor.tag)
            # a box in a tracked deletion is deleted with it
            if FALLBACK not in between and TXBX not in between and not _DROPPED & set(between):
                yield box

    def paragraph(self, p: Any) -> str:
        parts: list[str] = []
        self._walk(p, p, parts, {"depth": 0, "result": False, "stack": []})
        return _normalise("".join(parts))

    def _walk(self, node: Any, p: Any, parts: list[str], field: dict[str, Any]) -> None:
        """Collect the visible text under ``node`` (in paragraph ``p``) in order."""
        if self.import_reading:
            self._walk_shown(node, p, parts, field["stack"])
            return
        for child in node:
            tag = child.tag
            if tag in (TXBX, FALLBACK, P):
                continue  # text boxes are lines of their own; fallbacks repeat mc:Choice
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    field["depth"] += 1
                    field["result"] = False
                elif kind == "separate":
                    field["result"] = True
                elif kind == "end":
                    field["depth"] = max(0, field["depth"] - 1)
                    field["result"] = False
            elif tag == _w("instrText"):
                words = (child.text or "").split()
                if field["depth"] and not field["result"] and words:
                    parts.append("{" + words[0].upper() + "}")
            elif tag == _w("fldSimple"):
                words = (child.get(_w("instr")) or "").split()
                parts.append("{" + (words[0].upper() if words else "") + "}")
            elif field["depth"] and field["result"]:
                continue  # a field's cached result (a page number) is not compared
            elif tag in _DROPPED:
                deleted = "".join(t.text or "" for t in child.iter(_w("delText"), T))
                self._finding("未接受的修订（删除的文字）", deleted)
            elif tag in _INSERTED:
                self.findings.append(f"{self.where}有未接受的修订（插入的内容）")
                self._walk(child, p, parts, field)
            elif tag == T or tag == MATH_T:
                text = child.text or ""
                why = _invisible(self.styles.run_properties(node, p)) if text.strip() else None
                if why is not None:
                    self._finding(why, text)
                else:
                    parts.append(text)
            else:
                self._characters(child, node, parts) or self._walk(child, p, parts, field)

    def _walk_shown(self, node: Any, p: Any, parts: list[str], stack: list[bool]) -> None:
        """The text a reader sees: fields by their shown result (``stack`` holds, for
        each open field, whether its result has begun), deletions left out."""
        for child in node:
            tag = child.tag
            if tag in _NOT_SHOWN:
                continue
            if tag == FLD_CHAR:
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    stack.append(False)
                elif kind == "separate" and stack:
                    stack[-1] = True
                elif kind == "end" and stack:
                    stack.pop()
            elif tag == T or tag == MATH_T:
                # inside a field's instruction (a nested field there too) nothing shows
                if all(stack) and not self.styles.hidden(node, p):
                    parts.append(child.text or "")
            elif tag == SYM:
                parts.append(_symbol(child))
            elif tag == SDT and _placeholder(child):
                continue
            elif tag in _CHARACTERS:
                self._characters(child, node, parts)
            elif len(child):  # most elements (properties, empty runs) hold nothing
                self._walk_shown(child, p, parts, stack)

    @staticmethod
    def _characters(child: Any, run: Any, parts: list[str]) -> bool:
        """Run content that stands for a character; False when ``child`` is not one."""
        tag = child.tag
        if tag in (_w("tab"), _w("ptab")):
            if run.tag == R:  # not a tab stop definition
                parts.append("\t")
            return run.tag == R
        if tag in (_w("br"), _w("cr")):
            if child.get(_w("type")) in (None, "textWrapping"):
                parts.append("\n")
            return True
        if tag == _w("noBreakHyphen"):
            parts.append("-")
            return True
        if tag == _w("sym"):
            parts.append(f"[{child.get(_w('font'), '')}:{child.get(_w('char'), '')}]")
            return True
        return False


def _symbol(sym: Any) -> str:
    """The character a w:sym draws ("" for a symbol-font glyph without a known one)."""
    try:
        code = int(sym.get(_w("char"), ""), 16)
    except ValueError:
        return ""
    if 0xF000 <= code <= 0xF0FF:
        return _SYMBOLS.get(code, "")
    return chr(code) if 0x20 <= code < 0xE000 else ""


def _placeholder(sdt: Any) -> bool:
    """A content control still showing its prompt ("单击此处输入文字"), not the author's text."""
    return sdt.find(f"{_w('sdtPr')}/{_w('showingPlcHdr')}") is not None


def _rows_in(node: Any) -> Iterator[Any]:
    for child in node:
        if child.tag == TR:
            yield child
        elif child.tag in _ROW_WRAPPERS:
            yield from _rows_in(child)


def table_rows(tbl: Any) -> Iterator[Any]:
    """The rows of ``tbl`` (also inside content controls), not those of tables nested in it."""
    yield from _rows_in(tbl)


def row_cells(tr: Any) -> list[Any]:
    """The cells of ``tr`` as the grid shows them: a cell spanning columns
    (``w:gridSpan``) once, the continuation cells of an old-style ``w:hMerge``
    left out, cells inside content controls included."""
    cells: list[Any] = []
    for child in tr:
        if child.tag == TC:
            merge = child.find(f"{_w('tcPr')}/{_w('hMerge')}")
            if merge is None or merge.get(_w("val"), "continue") == "restart":
                cells.append(child)
        elif child.tag in _ROW_WRAPPERS:
            cells.extend(row_cells(child))
    return cells


def vertically_continued(tc: Any) -> bool:
    """Is ``tc`` the continuation of a cell merged with the one above (its text is there)?"""
    merge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
    return merge is not None and merge.get(_w("val"), "continue") == "continue"


def _normalise(text: str) -> str:
    # NFC, and no-break/ideographic spaces as re-savers write them, kept distinct
    # from nothing: only trailing whitespace of a line is dropped.
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))
