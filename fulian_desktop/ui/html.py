"""The composed Document as HTML for the preview (a QTextBrowser).

The preview reads the same Document the DOCX writer reads; this module only
decides how each block looks on screen (Qt's rich-text subset of HTML 4 and
CSS). Each section's first block carries an ``<a name>`` so the preview can
scroll to the section being edited. No Qt import: the HTML is plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from fulian_desktop.core.compose.document import (
    Box,
    CoverEnd,
    Document,
    PageBreak,
    Paragraph,
    SectionStart,
    Spacer,
    Table,
)

_BODY_FONT = "'FangSong', 'FangSong_GB2312', '仿宋', '仿宋_GB2312', serif"
_TITLE_FONT = "'FZXiaoBiaoSong-B05S', '方正小标宋简体', 'SimSun', serif"
_HEI = "'SimHei', '黑体', sans-serif"
_KAI = "'KaiTi', 'KaiTi_GB2312', '楷体', '楷体_GB2312', serif"

#: role → (css, default align)
_ROLE_STYLE: dict[str, tuple[str, str]] = {
    "body": ("text-indent: 2em;", "justify"),
    "title": (f"font-family: {_TITLE_FONT}; font-size: 18pt; font-weight: bold;", "center"),
    "label": (f"font-family: {_HEI};", "left"),
    "h1": (f"font-family: {_HEI}; text-indent: 2em;", "left"),
    "h2": (f"font-family: {_KAI}; text-indent: 2em;", "left"),
    "h3": ("font-weight: bold; text-indent: 2em;", "left"),
    "h4": ("text-indent: 2em;", "left"),
    "note": ("font-size: 10pt; color: #444444; text-indent: 2em;", "left"),
    "signature": ("", "right"),
    "cover": ("", "left"),
    "marker": ("color: #b00020;", "right"),
}


#: a table cell holding one figure: 817.15, 97.70%, -2.5, 1,200
_FIGURE = re.compile(r"[-+−]?[\d,]+(?:\.\d+)?%?")


def _text(value: str) -> str:
    """Escape and keep line breaks inside a paragraph."""
    return escape(value).replace("\n", "<br/>")


@dataclass(frozen=True)
class Piece:
    """One top-level part of the preview's HTML. A paragraph also keeps its
    markup apart from the text it shows, so the preview can apply a typed
    change to the shown page instead of loading the whole page again."""

    html: str
    #: a paragraph's HTML with its text left out ("" for tables and the like)
    markup: str = ""
    #: what the paragraph shows: its number, then its text with line breaks as
    #: U+2028, the way Qt holds a <br/> inside a paragraph
    number: str = ""
    text: str = ""


_TEXT = "\x00"  # where a paragraph's text goes in its markup


def _paragraph(block: Paragraph, state: int, anchor: str) -> Piece:
    """The paragraph's HTML; ``state`` becomes the Qt block's user state, so
    the preview can find the block it turned into."""
    css, align = _ROLE_STYLE.get(block.role, ("", "left"))
    align = block.align or align
    number = f"<b>{escape(block.number)}</b>" if block.number else ""
    text = f"<b>{_TEXT}</b>" if block.bold else _TEXT
    markup = (
        f'{anchor}<p align="{align}" style="margin-top: 0; margin-bottom: 4px; '
        f'-qt-user-state: {state}; {css}">{number}{text}</p>'
    )
    return Piece(
        markup.replace(_TEXT, _text(block.text)),
        markup,
        block.number,
        block.text.replace("\n", "\u2028"),
    )


def _table(block: Table) -> str:
    parts: list[str] = []
    if block.caption:
        parts.append(f'<p align="right" style="margin: 0;">{_text(block.caption)}</p>')
    total = sum(block.widths) if block.widths else 0
    # a table with its own small print size (the 绩效自评表) shows small too,
    # with tight cells: 60 rows of it lay out several times faster
    small = f" font-size: {block.font_size * 0.8:.1f}pt;" if block.font_size else ""
    parts.append(
        f'<table border="1" cellspacing="0" cellpadding="{2 if small else 4}" width="100%" '
        f'style="border-collapse: collapse; border-color: #000000;{small}">'
    )
    spans = {(r, c): n for r, c, n in block.merges if n > 1}
    covered = {(r + i, c) for (r, c), n in spans.items() for i in range(1, n)}
    for r, row in enumerate(block.rows):
        parts.append("<tr>")
        for c, cell in enumerate(row):
            if (r, c) in covered:
                continue  # inside a merged cell above
            tag = "th" if r < block.header_rows else "td"
            attrs = f' rowspan="{spans[(r, c)]}"' if (r, c) in spans else ""
            if block.widths and total and c < len(block.widths):
                attrs += f' width="{round(100 * block.widths[c] / total)}%"'
            if tag == "td" and block.align and c < len(block.align):
                attrs += f' align="{block.align[c]}"'
            elif tag == "th":
                attrs += ' align="center"'
            style = small.strip()
            if tag == "td" and _FIGURE.fullmatch(cell):
                # a narrow column must not break 10.00 into 10.0 / 0 (Qt ignores `nowrap`)
                style = f"{style} white-space: nowrap;".strip()
            if style:
                attrs += f' style="{style}"'
            parts.append(f"<{tag}{attrs}>{_text(cell)}</{tag}>")
        parts.append("</tr>")
    parts.append("</table>")
    return "".join(parts)


def _box(block: Box) -> str:
    cells = "".join(f"<td>{_text(c) or '&nbsp;'}</td>" for c in block.cells)
    return (
        f'<table border="1" cellspacing="0" cellpadding="4" align="{block.align}" '
        f'style="border-collapse: collapse;"><tr>{cells}</tr></table>'
    )


def _page_break() -> str:
    return '<hr style="border: 1px dashed #999999;"/>'


def document_pieces(document: Document) -> list[Piece]:
    """The document's HTML, one piece per block; sections get anchors named by their ids."""
    pieces: list[Piece] = []
    seen: set[str] = set()
    for block in document.flat_blocks():
        if isinstance(block, Paragraph) and block.role == "marker":
            continue  # the 草稿 marker belongs in the printed header only
        anchor = getattr(block, "anchor", "")
        if anchor and anchor not in seen:
            seen.add(anchor)
            anchor = f'<a name="{escape(anchor, quote=True)}"></a>'
        else:
            anchor = ""
        if isinstance(block, Paragraph):
            pieces.append(_paragraph(block, len(pieces), anchor))
        elif isinstance(block, Table):
            pieces.append(Piece(anchor + _table(block)))
        elif isinstance(block, Box):
            pieces.append(Piece(anchor + _box(block)))
        elif isinstance(block, Spacer):
            pieces.append(Piece(anchor + "<p>&nbsp;</p>" * max(1, block.lines)))
        elif isinstance(block, PageBreak | CoverEnd | SectionStart):
            pieces.append(Piece(anchor + _page_break()))
        elif anchor:
            pieces.append(Piece(anchor))
    return pieces


def pieces_html(pieces: list[Piece]) -> str:
    """The pieces as one HTML page."""
    return "".join(
        [
            "<html><head><meta charset='utf-8'/></head>",
            f'<body style="font-family: {_BODY_FONT}; font-size: 12pt; line-height: 150%;">',
            *(piece.html for piece in pieces),
            "</body></html>",
        ]
    )


def document_html(document: Document) -> str:
    """The whole document as one HTML page."""
    return pieces_html(document_pieces(document))


def message_html(text: str) -> str:
    """A plain message in place of the preview (e.g. when composing failed)."""
    return f'<p style="color: #b00020;">{_text(text)}</p>'
