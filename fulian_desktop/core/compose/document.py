"""The composed report: one document model that both the DOCX writer and the
on-screen preview read. Nothing else re-derives the report.

``compose(template, draft)`` (core/compose/composer.py) builds a :class:`Document`;
``render/docx.py`` writes it with python-docx; the UI turns it into HTML for
the preview. Blocks carry plain text only (already cleaned of characters XML
cannot hold); how a role looks (fonts, sizes, indents) is the style profile's
business, not the model's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["justify", "left", "center", "right"]

# Paragraph roles a style profile knows how to format.
#   body       正文: 仿宋, first-line indent of two characters, justified
#   title      标题: 方正小标宋, centred, no indent
#   label      附件标签 (附件2): 黑体, top left, no indent
#   h1 .. h4   一、 （一） 1. （1） headings
#   note       small explanatory text (说明 page items, instructions in brackets)
#   signature  signature / seal / date lines (no indent, usually right-aligned)
#   cover      cover-page lines (单位名称（公章）：…)
#   marker     the 草稿 marker (never printed in a final document)
Role = Literal[
    "body", "title", "label", "h1", "h2", "h3", "h4", "note", "signature", "cover", "marker"
]


@dataclass
class Paragraph:
    """One paragraph. ``number`` is the heading's serial (一、 （一） 1. （1）),
    kept apart from the text so the preview and the DOCX can style it alike."""

    text: str
    role: Role = "body"
    number: str = ""
    align: Align | None = None  # None: the role's default
    bold: bool = False
    anchor: str = ""  # id of the template section this came from (preview follows it)
    # Stays on the page of the next paragraph: headings do by their role; a
    # heading-like line typed in a body text ("四、…", "任务（一）：…") by this.
    keep_next: bool = False
    #: indents in characters (left, right, first line; a negative first line
    #: hangs), overriding the role's: 附件说明 and the 署名 centred over the date
    indent: tuple[float, float, float] | None = None

    @property
    def full_text(self) -> str:
        return f"{self.number}{self.text}"


@dataclass
class Table:
    """A simple grid of text cells; the first ``header_rows`` rows are headings."""

    rows: list[list[str]]
    header_rows: int = 1
    caption: str = ""  # e.g. 单位：万元, printed above the table on the right
    widths: list[float] | None = None  # relative column widths; None: equal
    align: list[Align] | None = None  # per-column alignment of data cells
    anchor: str = ""
    font_size: float | None = None  # points; None: the table role's size
    #: vertical merges (row, column, rows spanned): 一级/二级 cells of a group;
    #: the rows below the first hold "" in that column
    merges: list[tuple[int, int, int]] = field(default_factory=list)
    #: (row, column) cells aligned unlike their column (text in a column of
    #: figures); rows count the header rows
    cell_align: dict[tuple[int, int], Align] = field(default_factory=dict)


@dataclass
class Spacer:
    """An empty line (of the body's line pitch)."""

    lines: int = 1
    anchor: str = ""


@dataclass
class PageBreak:
    anchor: str = ""


@dataclass
class SectionStart:
    """Starts a new section on a new page, e.g. an attachment table printed
    landscape; page numbers run on from the pages before."""

    landscape: bool = False
    anchor: str = ""


@dataclass
class CoverEnd:
    """Ends the cover page: what came before has no page number, and numbering
    starts at 1 on the next page (a new section in the DOCX)."""

    anchor: str = ""


@dataclass
class Box:
    """A small bordered box with a label, like the cover's blank 编号 box, or the
    cover's 年度 table; rendered as a one-row table."""

    cells: list[str]
    align: Align = "right"
    anchor: str = ""


@dataclass
class AttachmentHead:
    """The head of an attachment (GB/T 9704-2012 8.2): "附件2" in 黑体 at the
    left of line 1, the attachment's title centred from line 3, a blank line
    before the text. ``new_page`` starts it on a new page (page numbers run on).
    The writers read it through :meth:`blocks`, so the report's own head and an
    attachment added after the report look alike."""

    label: str
    title: list[str]
    new_page: bool = False
    anchor: str = ""

    def blocks(self) -> list[Paragraph | Spacer | PageBreak]:
        out: list[Paragraph | Spacer | PageBreak] = []
        if self.new_page:
            out.append(PageBreak(anchor=self.anchor))
        if self.label:
            out.append(Paragraph(self.label, "label", anchor=self.anchor, keep_next=True))
            out.append(Spacer(anchor=self.anchor))
        out.extend(Paragraph(line, "title", anchor=self.anchor) for line in self.title)
        out.append(Spacer(anchor=self.anchor))
        return out


Block = Paragraph | Table | Spacer | PageBreak | CoverEnd | SectionStart | Box | AttachmentHead


@dataclass
class Document:
    title: str
    blocks: list[Block] = field(default_factory=list)
    author: str = ""  # the unit
    subject: str = ""  # the template's name
    style_profile: str = "gbt9704"
    style_overrides: dict = field(default_factory=dict)
    draft_marker: bool = True  # a 草稿 marker in the header until signed off
    custom_properties: dict[str, str] = field(default_factory=dict)  # hash, template id …

    def flat_blocks(self) -> list[Block]:
        """The blocks with composite ones (AttachmentHead) spelled out: what
        the DOCX writer and the preview walk through."""
        flat: list[Block] = []
        for block in self.blocks:
            if isinstance(block, AttachmentHead):
                flat.extend(block.blocks())
            else:
                flat.append(block)
        return flat

    def text(self) -> str:
        """The document's text, one paragraph a line, tables row by row with tabs.

        Golden tests compare this with the text read back from the DOCX.
        """
        lines: list[str] = []
        for block in self.flat_blocks():
            if isinstance(block, Paragraph):
                lines.append(block.full_text)
            elif isinstance(block, Table):
                lines.extend("\t".join(row) for row in block.rows)
            elif isinstance(block, Box):
                lines.append("\t".join(block.cells))
        return "\n".join(lines)
