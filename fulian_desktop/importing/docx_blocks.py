"""From the walk over a Word document (render/docx_walk.py) to the importer's
blocks: a paragraph with its list number and outline level, a table row with
its cells by the grid, the paragraphs of an embedded HTML or text part.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from fulian_desktop.importing.docx_numbering import Numbering
from fulian_desktop.importing.source import Block
from fulian_desktop.render.docx_walk import _Reader, vertically_continued
from fulian_desktop.render.docx_xml import _Styles, _w

if TYPE_CHECKING:
    from fulian_desktop.importing.read_docx import _Budget

_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_FOOTNOTE_REF, _ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
_NOTE_REFS = (_FOOTNOTE_REF, _ENDNOTE_REF)
_DROPPED = {_w("del"), _w("moveFrom")}


def notes_of(footnotes: Any | None, endnotes: Any | None) -> dict[str, dict[str, Any]]:
    """Reference tag → note id → w:footnote/w:endnote, without Word's separator notes."""
    found: dict[str, dict[str, Any]] = {}
    for ref, root, tag in (
        (_FOOTNOTE_REF, footnotes, "footnote"),
        (_ENDNOTE_REF, endnotes, "endnote"),
    ):
        found[ref] = {
            note.get(_w("id"), ""): note
            for note in (root.findall(_w(tag)) if root is not None else [])
            if note.get(_w("type"), "normal") == "normal"
        }
    return found


def _level_in(ppr: Any | None) -> int | None:
    lvl = ppr.find(_w("outlineLvl")) if ppr is not None else None
    if lvl is None:
        return None
    try:
        value = int(lvl.get(_w("val"), ""))
    except ValueError:
        return None
    return value + 1 if 0 <= value < 9 else None  # 9 is "body text"


def _style_id(p: Any, styles: _Styles) -> str | None:
    node = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return node.get(_w("val")) if node is not None else styles.default_para


def outline_level(p: Any, styles: _Styles) -> int | None:
    """1-based outline level from the paragraph's own setting or its style chain."""
    own = _level_in(p.find(_w("pPr")))
    if own is not None:
        return own
    for sid in styles.ids(_style_id(p, styles)):
        match = _HEADING_STYLE.fullmatch(styles.names.get(sid, "").strip())
        if match:
            return int(match.group(1))
        found = _level_in(styles.ppr.get(sid))
        if found is not None:
            return found
    return None


def _ids(num_pr: Any | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) set by one w:numPr (None where it sets nothing)."""
    if num_pr is None:
        return None, None
    num_id = num_pr.find(_w("numId"))
    ilvl = num_pr.find(_w("ilvl"))
    try:
        level = int(ilvl.get(_w("val"), "0")) if ilvl is not None else None
    except ValueError:
        level = 0
    return (num_id.get(_w("val")) if num_id is not None else None), level


def _style_num_pr(styles: _Styles, style_id: str | None) -> tuple[str | None, int | None]:
    """(numId, ilvl) a paragraph style gives through its chain, nearest first."""
    num_id: str | None = None
    ilvl: int | None = None
    for sid in styles.ids(style_id):
        found = _ids(styles.ppr[sid].find(_w("numPr")) if sid in styles.ppr else None)
        num_id = num_id if num_id is not None else found[0]
        ilvl = ilvl if ilvl is not None else found[1]
    return num_id, ilvl


def style_numbers(styles: _Styles) -> dict[str, str]:
    """Style id → numId of the styles that carry a list (for w:numStyleLink)."""
    found: dict[str, str] = {}
    for sid, ppr in styles.ppr.items():
        node = ppr.find(f"{_w('numPr')}/{_w('numId')}")
        if node is not None:
            found[sid] = node.get(_w("val"), "")
    return found


class BlockWriter:
    """Turns each body element into blocks, in document order."""

    def __init__(
        self,
        reader: _Reader,
        styles: _Styles,
        numbering: Numbering,
        budget: _Budget,
        notes: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        self.reader = reader
        self.styles = styles
        self.numbering = numbering
        self.budget = budget
        self.blocks: list[Block] = []
        self._by_style: dict[str | None, tuple[str | None, int | None]] = {}
        # footnotes and endnotes by reference tag and id (see notes_of)
        self.notes = notes or {}
        self._numbers = dict.fromkeys(_NOTE_REFS, 0)
        self._footnotes: list[Block] = []  # of the block being read: they follow it
        self._endnotes: list[Block] = []  # Word prints them after the last page

    def _num_pr(self, p: Any) -> tuple[str, int] | None:
        """(numId, level) of the paragraph's list, from its own w:numPr or its style's."""
        num_id, ilvl = _ids(p.find(f"{_w('pPr')}/{_w('numPr')}"))
        if num_id is None or ilvl is None:
            sid = _style_id(p, self.styles)
            if sid not in self._by_style:  # thousands of paragraphs, a few styles
                self._by_style[sid] = _style_num_pr(self.styles, sid)
            style_num, style_lvl = self._by_style[sid]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_lvl
            if ilvl is None and num_id:  # the level linked to the style (w:lvl/w:pStyle)
                ilvl = self.numbering.style_level(num_id, sid)
        if not num_id or num_id == "0":  # numId 0 switches a style's numbering off
            return None
        return num_id, min(max(ilvl or 0, 0), 8)

    def _add(self, block: Block) -> None:
        for one in (block, *self._footnotes):
            self.budget.block(one)  # refuses before a block too many is kept
            self.blocks.append(one)
        self._footnotes.clear()

    def finish(self) -> list[Block]:
        """The blocks read, the endnotes after them."""
        for block in self._endnotes:
            self.budget.block(block)
            self.blocks.append(block)
        self._endnotes.clear()
        return self.blocks

    def _note_references(self, p: Any) -> None:
        """The notes referred to in ``p``, numbered in reading order as Word does."""
        for ref in p.iter(*_NOTE_REFS):
            note = self.notes.get(ref.tag, {}).get(ref.get(_w("id"), ""))
            if note is None or any(a.tag in _DROPPED for a in ref.iterancestors()):
                continue
            self._numbers[ref.tag] += 1
            lines = [value for kind, _n, value in self.reader.items(note) if kind == "p"]
            text = "\n".join(x for x in lines if x.strip()).strip()
            if text:  # "[1] 数据来源于……": the number is the mark the reader sees
                target = self._footnotes if ref.tag == _FOOTNOTE_REF else self._endnotes
                target.append(Block(f"[{self._numbers[ref.tag]}] {text}"))

    def body_element(self, element: Any) -> None:
        # the walk reads a container's children: give it the one element
        self.items([element])

    def items(self, container: Any) -> None:
        for kind, node, value in self.reader.items(container):
            if kind == "p":
                text = self.paragraph(node, value)
                if text.strip():
                    self._add(Block(text, outline_level(node, self.styles)))
                elif self._footnotes:  # a note referred to from an empty paragraph
                    self._add(self._footnotes.pop(0))
            elif kind == "row":
                self.row(value)
            else:
                for text, level, is_row in value:
                    self._add(Block(text, level, table=is_row))

    def paragraph(self, p: Any, text: str) -> str:
        """The paragraph's text with Word's list number before it ("一、", "（一）")."""
        self._note_references(p)
        found = self._num_pr(p)
        # the counter moves on even for an empty numbered paragraph, as Word's does
        label = self.numbering.label(*found) if found else ""
        return label + text if text.strip() else ""

    def row(self, cells: list[Any]) -> None:
        """One block for the row, its cells joined by tabs, equal cells kept; the rows
        of tables nested in its cells follow it as rows of their own."""
        texts: list[str] = []
        nested: list[Any] = []
        for tc in cells:
            if vertically_continued(tc):
                texts.append("")  # a merged cell's text is in the row where it starts
                continue
            lines: list[str] = []
            for kind, node, value in self.reader.items(tc):
                if kind == "p":
                    lines.append(self.paragraph(node, value))
                elif kind == "row":
                    nested.append(value)
                else:
                    lines.extend(text for text, _level, _row in value)
            # a tab inside a cell would split it in two
            texts.append("\n".join(x for x in lines if x.strip()).replace("\t", " ").strip())
        if any(texts):
            self._add(Block("\t".join(texts), table=True))
        for inner in nested:
            self.row(inner)
