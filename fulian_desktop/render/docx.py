"""Write a composed :class:`~fulian_desktop.core.compose.document.Document` as .docx.

The layout (page, fonts, indents, page numbers) comes from a style profile
(render/styles.py, GB/T 9704-2012 by default). Each paragraph role becomes a
named paragraph style, so a clerk who edits the file in Word or WPS keeps the
formatting. python-docx and lxml are imported inside the functions: the
application's start-up must not pay for them.

Besides writing, this module reads back what the ``verify`` command and the
golden tests need: the custom properties and the body text.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path
from typing import Any

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
from fulian_desktop.core.text.textstats import clean_for_xml
from fulian_desktop.errors import UserError
from fulian_desktop.render.package import fix_package
from fulian_desktop.render.styles import (
    BREAK_STYLE,
    JC,
    LAYOUT_STYLES,
    SPACER_STYLE,
    STYLES,
    StyleProfile,
    apply_styles,
    load_profile,
    mm_to_twips,
)
from fulian_desktop.render.styles import (
    element as _el,
)
from fulian_desktop.render.styles import (
    indent as _ind,
)
from fulian_desktop.render.styles import (
    w as _w,
)

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
OFFICE_DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"


def _clean(text: Any) -> str:
    """Text XML can hold. Compose cleans already; export cleans again, since
    a clerk's text must never make an export fail."""
    return clean_for_xml("" if text is None else str(text))


def _core_text(text: str) -> str:
    """A core property holds at most 255 characters (python-docx refuses more,
    Word truncates); the document itself keeps the whole text."""
    text = _clean(text)
    return text if len(text) <= 255 else text[:254] + "…"


def _setup_package(doc: Any, document: Document, profile: StyleProfile) -> None:
    """Settings, core properties, custom properties; drop template leftovers."""
    from datetime import datetime, timezone

    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    theme_lang = settings.element.find(_w("themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(_w("val"), profile.latin_language)
        theme_lang.set(_w("eastAsia"), profile.language)
    fix_package(doc, profile)
    # stylesWithEffects repeats the template's theme-font styles for Word
    # 2010; the thumbnail is python-docx's picture of an empty page.
    for part, kind in ((doc.part, "stylesWithEffects"), (doc.part.package, "thumbnail")):
        for rel_id, rel in list(part.rels.items()):
            if rel.reltype.endswith("/" + kind):
                part.drop_rel(rel_id) if hasattr(part, "drop_rel") else part.rels.pop(rel_id)

    core = doc.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None)
    core.title = _core_text(document.title)
    core.author = _core_text(document.author)
    core.last_modified_by = _core_text(document.author)
    core.subject = _core_text(document.subject)
    core.language = profile.language
    core.comments = ""
    core.keywords = ""
    core.revision = 1
    core.created = now
    core.modified = now
    if document.custom_properties:
        _add_custom_properties(doc, document.custom_properties)


def _add_custom_properties(doc: Any, properties: dict[str, str]) -> None:
    """docProps/custom.xml: python-docx has no API, so build the OPC part."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from lxml import etree

    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    pid = 2  # 0 and 1 are reserved
    seen: set[str] = set()
    for key, value in properties.items():
        name = _clean(key).strip()[:255]
        if not name or name in seen:
            continue
        seen.add(name)
        prop = etree.SubElement(
            root, f"{{{CUSTOM_NS}}}property", fmtid=CUSTOM_FMTID, pid=str(pid), name=name
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = _clean(value)
        pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CUSTOM_CT, blob, package)
    package.relate_to(part, CUSTOM_RT)


# ------------------------------------------------------------------ sections


def _setup_section(
    sectpr: Any,
    profile: StyleProfile,
    *,
    numbered: bool,
    start: int | None = 1,
    landscape: bool = False,
) -> None:
    """Page size, margins and line grid; page numbers restart at ``start`` on
    the first numbered section and run on (``start`` None) in later ones. A
    landscape section turns the page and its margins with it."""
    from docx.enum.section import WD_ORIENT
    from docx.section import Section
    from docx.shared import Mm, Twips

    section = Section(sectpr, None)
    width, height = profile.page_twips
    margins = profile.margin_twips
    if landscape:
        width, height = height, width
        margins = _turned(margins)
        section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Twips(width), Twips(height)
    section.top_margin = Twips(margins["top"])
    section.bottom_margin = Twips(margins["bottom"])
    section.left_margin = Twips(margins["left"])
    section.right_margin = Twips(margins["right"])
    section.header_distance = Mm(profile.header_mm)
    footer = Mm(profile.footer_mm)
    if landscape:
        # The number keeps its 7 mm below the (turned) text block: the footer
        # moves by what the bottom margin lost in turning (35 → 28 mm), or
        # it sat on the block's edge.
        footer -= Twips(profile.margin_twips["bottom"] - margins["bottom"])
    section.footer_distance = footer
    section.gutter = Twips(0)
    for tag in ("pgNumType", "docGrid", "titlePg"):
        for old in sectpr.findall(_w(tag)):
            sectpr.remove(old)
    if numbered:
        page_num = _el("pgNumType", {"fmt": "decimal", **({"start": start} if start else {})})
        cols = sectpr.find(_w("cols"))
        if cols is not None:
            cols.addprevious(page_num)
        else:
            sectpr.pgMar.addnext(page_num)
    grid = {"type": profile.grid_type, "linePitch": profile.line_pitch_twips}
    if profile.grid_type == "linesAndChars":
        grid["charSpace"] = profile.char_space
    sectpr.append(_el("docGrid", grid))


def _turned(margins: dict[str, int]) -> dict[str, int]:
    """Margins of a landscape page as it lies on the portrait sheet (GB/T 9704
    横排表格): printed turned a quarter, its top on the sheet's left edge, so
    the table head is toward the binding edge on odd pages and toward the
    outer edge on even ones, and its left edge is the sheet's foot."""
    return {
        "top": margins["left"],
        "bottom": margins["right"],
        "left": margins["bottom"],
        "right": margins["top"],
    }


def _marker(container: Any, profile: StyleProfile) -> None:
    """The 草稿 line in a header: replaces whatever the header held."""
    _fill_hdrftr(container, _paragraph("marker", profile.draft_marker_text))


def _page_number(container: Any, profile: StyleProfile, *, odd: bool) -> None:
    """— N — with a PAGE field; odd pages right, even pages left, one char in."""
    inset = profile.page_number_inset_chars
    p = _paragraph("page_number", "")
    ppr = p.find(_w("pPr"))
    if odd:
        ppr.append(_ind(profile, right_chars=inset))
        ppr.append(_el("jc", {"val": "right"}))
    else:
        ppr.append(_ind(profile, left_chars=inset))
        ppr.append(_el("jc", {"val": "left"}))
    p.append(_run(profile.page_number_prefix))
    p.append(_el("r", None, _el("fldChar", {"fldCharType": "begin"})))
    instr = _el("instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    p.append(_el("r", None, instr))
    p.append(_el("r", None, _el("fldChar", {"fldCharType": "separate"})))
    p.append(_run("1"))
    p.append(_el("r", None, _el("fldChar", {"fldCharType": "end"})))
    p.append(_run(profile.page_number_suffix))
    _fill_hdrftr(container, p)


#: GB/T 9704 7.5: the 一字线 of the page number 7 mm below the text block.
PAGE_NUMBER_GAP_MM = 7


def _turned_page_number(container: Any, profile: StyleProfile, *, odd: bool) -> None:
    """The number of a landscape page where the portrait pages have it: on
    the sheet's foot, i.e. the landscape page's left edge, reading along the
    sheet (text turned a quarter, top to bottom). A one-cell table placed on
    the page holds it: the cell spans what the portrait text block's width
    spans, so the number sits one character in from the same corner, and its
    centre line lies where the portrait footer puts the 一字线."""
    _page_number(container, profile, odd=odd)
    number = container._element[0]
    container._element.remove(number)
    margins = profile.margin_twips
    width = 400  # the cell across the turned line: 14 pt and a little
    gap = mm_to_twips(PAGE_NUMBER_GAP_MM)
    x = margins["bottom"] - gap - width // 2
    height = profile.text_width_twips
    zero = {"w": 0, "type": "dxa"}
    table = _el(
        "tbl",
        None,
        _el(
            "tblPr",
            None,
            _el(
                "tblpPr",
                {
                    "leftFromText": 0,
                    "rightFromText": 0,
                    "vertAnchor": "page",
                    "horzAnchor": "page",
                    "tblpX": x,
                    "tblpY": margins["left"],
                },
            ),
            _el("tblW", {"w": width, "type": "dxa"}),
            _el("tblLayout", {"type": "fixed"}),
            _el("tblCellMar", None, _el("left", zero), _el("right", zero)),
        ),
        _el("tblGrid", None, _el("gridCol", {"w": width})),
        _el(
            "tr",
            None,
            _el("trPr", None, _el("trHeight", {"val": height, "hRule": "exact"})),
            _el(
                "tc",
                None,
                _el(
                    "tcPr",
                    None,
                    _el("tcW", {"w": width, "type": "dxa"}),
                    _el("textDirection", {"val": "tbRl"}),
                    _el("vAlign", {"val": "center"}),
                ),
                number,
            ),
        ),
    )
    # a footer ends with a paragraph: the thinnest there is
    tail = _el("p", None, _el("pPr", None, _el("pStyle", {"val": BREAK_STYLE})))
    _fill_hdrftr(container, table, tail)


def _fill_hdrftr(container: Any, *children: Any) -> None:
    container.is_linked_to_previous = False
    element = container._element
    for child in list(element):
        element.remove(child)
    for child in children:
        element.append(child)


# -------------------------------------------------------------------- blocks


def _run(text: str, *, bold: bool = False) -> Any:
    """One run; tabs become w:tab and line ends w:br (a line break, not a paragraph)."""
    run = _el("r", None, _el("rPr", None, _el("b"), _el("bCs")) if bold else None)
    for piece in re.split(r"(\t|\n)", text):
        if piece == "\t":
            run.append(_el("tab"))
        elif piece == "\n":
            run.append(_el("br"))
        elif piece:
            t = _el("t")
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.append(t)
    return run


def _paragraph(
    role: str,
    text: str,
    *,
    number: str = "",
    bold: bool = False,
    align: str | None = None,
    keep_next: bool = False,
    indent: Any = None,
) -> Any:
    style_id = STYLES[role][0] if role in STYLES else role
    ppr = _el("pPr", None, _el("pStyle", {"val": style_id}), _el("keepNext") if keep_next else None)
    if indent is not None:  # w:ind comes before w:jc in pPr
        ppr.append(indent)
    if align:
        ppr.append(_el("jc", {"val": JC[align]}))
    p = _el("p", None, ppr)
    if number:
        p.append(_run(_clean(number), bold=bold))
    if text:
        p.append(_run(_clean(text), bold=bold))
    return p


def _lrf(indent: tuple[float, float, float]) -> tuple[float, float, float]:
    """A Paragraph's (left, right, first) as styles.indent's (first, right, left)."""
    left, right, first = indent
    return first, right, left


def _page_break_before(p: Any) -> None:
    ppr = p.find(_w("pPr"))
    keep = ppr.find(_w("keepNext"))  # schema order: pStyle, keepNext, pageBreakBefore
    (keep if keep is not None else ppr.find(_w("pStyle"))).addnext(_el("pageBreakBefore"))


def _tag_runs(root: Any, profile: StyleProfile) -> None:
    """``w:lang`` on every run too (styles carry it already): a run copied into
    another document keeps Latin digits tagged en-US, so they never break."""
    from fulian_desktop.render.styles import language

    lang = language(profile)
    for run in root.iter(_w("r")):
        rpr = run.find(_w("rPr"))
        if rpr is None:
            rpr = _el("rPr")
            run.insert(0, rpr)
        rpr.append(copy.copy(lang))  # lxml copies the element: quicker than making one


def _borders(size: int) -> Any:
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    attrs = {"val": "single", "sz": size, "space": 0, "color": "auto"}
    return _el("tblBorders", None, *(_el(side, attrs) for side in sides))


#: the repeated label of a group's later rows: legible, but lighter than the
#: group's first row
GROUP_REPEAT_COLOR = "808080"


def _group_borders(place: str | None) -> Any:
    """No rule inside a group's cells (first row: none below; later rows: none
    above, and none below until the last)."""
    if place is None:
        return None
    nil = {"val": "nil"}
    top = _el("top", nil) if place != "restart" else None
    bottom = _el("bottom", nil) if place != "last" else None
    return _el("tcBorders", None, top, bottom)


def _table_element(
    profile: StyleProfile,
    rows: list[list[str]],
    widths: list[int],
    *,
    header_rows: int,
    align: str,
    col_align: list[str] | None,
    all_center: bool = False,
    font_size: float | None = None,
    merges: list[tuple[int, int, int]] | None = None,
    split_rows: bool = False,
    cell_align: dict[tuple[int, int], str] | None = None,
) -> Any:
    """A bordered grid; short rows end in one cell spanning the rest.

    ``font_size`` (points) overrides the table role's size; ``merges`` are
    vertical merges (row, column, rows spanned). ``split_rows``: body rows may
    break across pages (the landscape 自评表, whose tall rows otherwise move
    whole to the next page and leave a quarter page empty)."""
    # A group's label (一级, 二级) is printed in every row of the group, in
    # grey below the first, with no rule between the rows: a vertically merged
    # cell prints its text on the first page only, so a page that continues a
    # group would start without its label (Word and LibreOffice alike).
    vmerge: dict[tuple[int, int], str] = {}
    for row, col, span in merges or []:
        if span > 1:
            vmerge[(row, col)] = "restart"
            for below in range(row + 1, row + span):
                vmerge[(below, col)] = "continue"
            vmerge[(row + span - 1, col)] = "last"
    cols = len(widths)
    tbl = _el(
        "tbl",
        None,
        _el(
            "tblPr",
            None,
            _el("tblW", {"w": sum(widths), "type": "dxa"}),
            _el("jc", {"val": "center" if align == "center" else JC[align]}),
            _borders(profile.table_border_size),
            _el("tblLayout", {"type": "fixed"}),
            _el(
                "tblCellMar",
                None,
                _el("left", {"w": 108, "type": "dxa"}),
                _el("right", {"w": 108, "type": "dxa"}),
            ),
            _el("tblLook", {"val": "0000", "firstRow": 0, "lastRow": 0, "noHBand": 1}),
        ),
        _el("tblGrid", None, *(_el("gridCol", {"w": w}) for w in widths)),
    )
    for index, row in enumerate(rows):
        header = index < header_rows
        keep_row = header or not split_rows
        trpr = _el(
            "trPr",
            None,
            _el("cantSplit") if keep_row else None,
            _el("tblHeader") if header else None,
        )
        tr = _el("tr", None, trpr)
        cells = [_clean(cell) for cell in row] or [""]
        for col, text in enumerate(cells[:cols]):
            span = cols - col if col == len(cells) - 1 else 1
            tcpr = _el(
                "tcPr",
                None,
                _el("tcW", {"w": sum(widths[col : col + span]), "type": "dxa"}),
                _el("gridSpan", {"val": span}) if span > 1 else None,
                _group_borders(vmerge.get((index, col))),
                _el("vAlign", {"val": "center"}),
            )
            if header or all_center:
                here = "center"
            elif cell_align and (index, col) in cell_align:
                here = cell_align[(index, col)]
            elif col_align and col < len(col_align):
                here = col_align[col]
            else:
                here = None
            bold = header and profile.table_header_bold
            para = _paragraph("table", text, bold=bold, align=here)
            if vmerge.get((index, col)) in ("continue", "last"):
                for run in para.iter(_w("r")):
                    run.insert(0, _el("rPr", None, _el("color", {"val": GROUP_REPEAT_COLOR})))
            tr.append(_el("tc", None, tcpr, para))
        tbl.append(tr)
    if font_size:
        half_points = round(font_size * 2)
        for run in tbl.iter(_w("r")):
            rpr = run.find(_w("rPr"))
            if rpr is None:
                rpr = _el("rPr")
                run.insert(0, rpr)
            rpr.append(_el("sz", {"val": half_points}))
            rpr.append(_el("szCs", {"val": half_points}))
    return tbl


def _column_widths(
    profile: StyleProfile, table: Table, cols: int, total: int | None = None
) -> list[int]:
    """Relative widths scaled to the text block (``total`` twips, default the
    portrait block); equal when missing or odd."""
    total = total or profile.text_width_twips
    weights = list(table.widths or [])
    if len(weights) != cols or any(not (w > 0) for w in weights):
        weights = [1.0] * cols
    scale = sum(float(w) for w in weights)
    widths = [max(1, int(total * float(w) / scale)) for w in weights]
    widths[-1] += total - sum(widths)
    return widths


def _box_widths(profile: StyleProfile, box: Box) -> list[int]:
    one = round(profile.role("table").size_pt * 20)
    return [max(len(_clean(cell)) + 1, 4 if cell.strip() else 6) * one + 216 for cell in box.cells]


class _Writer:
    """Appends blocks to the body, before the final section properties."""

    def __init__(self, doc: Any, profile: StyleProfile) -> None:
        self.doc = doc
        self.profile = profile
        self.body = doc.element.body
        self.break_pending = False
        # Kept, not looked up: ``body.sectPr`` scans every child of the body,
        # which made export quadratic in the number of paragraphs.
        self.sentinel = self.body.sectPr
        self.cover_sections = 0  # sections before the numbered pages (the cover)
        self.landscape: set[int] = set()  # indexes of landscape sections
        self.text_width = profile.text_width_twips  # of the section being written
        self.landscape_now = False  # the section being written is landscape
        self.title_twips = 0  # height of the title lines just written

    def title_written(self, lines: int) -> None:
        look = self.profile.role("title")
        if look.pitch_twips:
            self.title_twips += lines * look.pitch_twips

    def spacer(self) -> Any:
        """An empty body line. The first after a title also takes up what the
        title's exact lines left of their last grid line (two 33 pt lines are
        2.28 lines of 28.95 pt): the body below stays on the grid of the
        other pages, and page 1 holds 22 lines."""
        p = _paragraph(SPACER_STYLE, "")
        pad = -self.title_twips % self.profile.line_pitch_twips
        self.title_twips = 0
        if pad:
            ppr = p.find(_w("pPr"))
            ppr.append(_el("snapToGrid", {"val": 0}))
            line = self.profile.line_pitch_twips + pad
            ppr.append(_el("spacing", {"line": line, "lineRule": "exact"}))
        return p

    def append(self, element: Any) -> None:
        self.sentinel.addprevious(element)

    def last(self) -> Any:
        return self.sentinel.getprevious()

    def paragraph(self, p: Any) -> None:
        style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
        if style is None or style.get(_w("val")) != STYLES["title"][0]:
            if style is None or style.get(_w("val")) != SPACER_STYLE:
                self.title_twips = 0  # text after the title: no blank line to pad
        if self.break_pending:
            _page_break_before(p)
            self.break_pending = False
        self.append(p)

    def table(self, tbl: Any) -> None:
        if self.break_pending:
            self.append(
                _el(
                    "p",
                    None,
                    _el("pPr", None, _el("pStyle", {"val": BREAK_STYLE})),
                    _el("r", None, _el("br", {"type": "page"})),
                )
            )
            self.break_pending = False
        elif self.last() is not None and self.last().tag == _w("tbl"):
            self.append(_paragraph(SPACER_STYLE, ""))  # Word would join adjacent tables
        self.append(tbl)

    def section_break(self) -> None:
        """End the cover: the section's properties go into its last paragraph."""
        from docx.enum.section import WD_SECTION

        self.break_pending = False  # a new section starts on a new page anyway
        previous = self.last()
        self.doc.add_section(WD_SECTION.NEW_PAGE)
        carrier = self.last()  # python-docx's new empty paragraph with the sectPr
        if previous is not None and previous.tag == _w("p"):
            ppr = previous.find(_w("pPr"))
            if ppr is None or ppr.find(_w("sectPr")) is None:
                sectpr = carrier.find(_w("pPr")).find(_w("sectPr"))
                previous.get_or_add_pPr()._insert_sectPr(sectpr)
                self.body.remove(carrier)
                return
        carrier.get_or_add_pPr().style = SPACER_STYLE

    def finish(self) -> None:
        if self.break_pending:
            self.append(
                _el(
                    "p",
                    None,
                    _el("pPr", None, _el("pStyle", {"val": BREAK_STYLE})),
                    _el("r", None, _el("br", {"type": "page"})),
                )
            )
        if self.last() is not None and self.last().tag == _w("tbl"):
            self.append(_paragraph(SPACER_STYLE, ""))  # Word ends a body with a paragraph


# --------------------------------------------------------------- public API


#: profile (as JSON) → the saved skeleton document (see _skeleton)
_SKELETONS: dict[str, bytes] = {}


def _skeleton(profile: StyleProfile) -> bytes:
    """python-docx's empty document with an empty body and the profile's
    styles, saved once per profile: restyling it took a fifth of an export."""
    import docx

    key = profile.model_dump_json()
    if key not in _SKELETONS:
        doc = docx.Document()
        body = doc.element.body
        for child in list(body):
            if child.tag != _w("sectPr"):
                body.remove(child)
        apply_styles(doc, profile)
        buffer = io.BytesIO()
        doc.save(buffer)
        _SKELETONS[key] = buffer.getvalue()
    return _SKELETONS[key]


def _build(document: Document) -> Any:
    import docx

    profile = load_profile(document.style_profile, document.style_overrides)
    doc = docx.Document(io.BytesIO(_skeleton(profile)))
    _setup_package(doc, document, profile)

    writer = _Writer(doc, profile)
    for block in document.flat_blocks():
        if isinstance(block, Paragraph):
            role = block.role if block.role in STYLES else "body"
            if role == "title":
                writer.title_written(block.text.count("\n") + 1)
            writer.paragraph(
                _paragraph(
                    role,
                    block.text,
                    number=block.number,
                    bold=block.bold,
                    align=block.align,
                    keep_next=block.keep_next,
                    indent=None if block.indent is None else _ind(profile, *_lrf(block.indent)),
                )
            )
        elif isinstance(block, Spacer):
            for _ in range(max(0, int(block.lines))):
                writer.paragraph(writer.spacer())
        elif isinstance(block, PageBreak):
            writer.break_pending = True
        elif isinstance(block, CoverEnd):
            if writer.last() is not None:  # an empty cover is no cover
                writer.section_break()
                writer.cover_sections = len(doc.sections) - 1
        elif isinstance(block, SectionStart):
            if writer.last() is not None:
                writer.section_break()
            writer.landscape_now = block.landscape
            if block.landscape:
                writer.landscape.add(len(doc.sections) - 1)
                margins = _turned(profile.margin_twips)
                writer.text_width = profile.page_twips[1] - margins["left"] - margins["right"]
            else:
                writer.text_width = profile.text_width_twips
        elif isinstance(block, Table):
            if block.caption:
                writer.paragraph(_paragraph("caption", block.caption))
            cols = max((len(row) for row in block.rows), default=0)
            if cols:
                widths = _column_widths(profile, block, cols, writer.text_width)
                writer.table(
                    _table_element(
                        profile,
                        block.rows,
                        widths,
                        header_rows=block.header_rows,
                        align="center",
                        col_align=list(block.align) if block.align else None,
                        font_size=block.font_size,
                        merges=block.merges,
                        split_rows=writer.landscape_now,
                        cell_align=dict(block.cell_align),
                    )
                )
        elif isinstance(block, Box):
            if block.cells:
                cells = [list(block.cells)]
                writer.table(
                    _table_element(
                        profile,
                        cells,
                        _box_widths(profile, block),
                        header_rows=0,
                        align=block.align,
                        col_align=None,
                        all_center=True,
                    )
                )
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"unknown block {type(block).__name__}")
    writer.finish()

    sections = list(doc.sections)
    # Double-sided: the cover is page 1 of the count, so numbers and sides agree.
    start = writer.cover_sections + 1 if profile.double_sided else 1
    for index, section in enumerate(sections):
        numbered = index >= writer.cover_sections
        _setup_section(
            section._sectPr,
            profile,
            numbered=numbered,
            start=start if index == writer.cover_sections else None,
            landscape=index in writer.landscape,
        )
        if document.draft_marker:
            _marker(section.header, profile)
            _marker(section.even_page_header, profile)
        if numbered and index in writer.landscape:
            _turned_page_number(section.footer, profile, odd=True)
            _turned_page_number(section.even_page_footer, profile, odd=False)
        elif numbered:
            _page_number(section.footer, profile, odd=True)
            _page_number(section.even_page_footer, profile, odd=False)
    _tag_runs(doc.element.body, profile)
    for section in sections:
        for part in (
            section.header,
            section.even_page_header,
            section.footer,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                _tag_runs(part._element, profile)
    return doc


def docx_bytes(document: Document) -> bytes:
    """The document as .docx bytes (tests and previews; write_docx writes files)."""
    buffer = io.BytesIO()
    _build(document).save(buffer)
    return buffer.getvalue()


def write_docx(document: Document, path: Path) -> None:
    """Write atomically (storage.atomic: temp file in the same folder, fsync,
    replace, retried while Windows reports the file briefly in use). A file open
    in Word stays locked; the clerk gets a plain message."""
    from fulian_desktop.storage.atomic import atomic_write_bytes

    path = Path(path)
    data = docx_bytes(document)
    try:
        atomic_write_bytes(path, data)
    except PermissionError:
        raise UserError(
            f"无法保存“{path.name}”：文件可能正在 Word 或 WPS 中打开，请关闭后重试。"
        ) from None
    except OSError as error:
        raise UserError(f"无法保存“{path.name}”：{error.strerror or error}") from None


# ------------------------------------------------------------------- reading

_MAX_ENTRIES = 2000
_MAX_TOTAL = 300 * 1024 * 1024
_MAX_RATIO = 1000


def _open_zip(path: Path) -> zipfile.ZipFile:
    """Open a .docx for reading after checking it is not a zip bomb."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise UserError(f"“{Path(path).name}”不是可以读取的 Word 文档（.docx）") from None
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if (
        len(infos) > _MAX_ENTRIES
        or total > _MAX_TOTAL
        or any(info.file_size > _MAX_RATIO * max(info.compress_size, 1024) for info in infos)
    ):
        archive.close()
        raise UserError(f"“{Path(path).name}”的内容异常（过大或压缩比异常），没有打开")
    return archive


#: The check for any .docx the program reads (the report importer uses it too).
open_docx_zip = _open_zip


def _xml(archive: zipfile.ZipFile, name: str) -> Any:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(archive.read(name), parser)
    except (KeyError, etree.XMLSyntaxError):
        raise UserError(f"Word 文档已损坏：缺少或无法读取 {name}") from None


def _package_target(archive: zipfile.ZipFile, reltype: str) -> str | None:
    rels = _xml(archive, "_rels/.rels")
    for rel in rels:
        if rel.get("Type") == reltype:
            return rel.get("Target", "").lstrip("/")
    return None


def read_custom_properties(path: Path) -> dict[str, str]:
    """Custom document properties (name → text) of a .docx; {} when it has none."""
    with _open_zip(path) as archive:
        target = _package_target(archive, CUSTOM_RT)
        if not target:
            return {}
        root = _xml(archive, target)
    result: dict[str, str] = {}
    for prop in root.findall(f"{{{CUSTOM_NS}}}property"):
        value = next(iter(prop), None)
        result[prop.get("name", "")] = "" if value is None else (value.text or "")
    return result


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    for node in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr")):
        if node.tag == _w("t"):
            parts.append(node.text or "")
        elif node.tag == _w("tab"):
            if node.getparent().tag == _w("r"):  # not a tab stop definition
                parts.append("\t")
        elif node.get(_w("type")) in (None, "textWrapping"):
            parts.append("\n")
    return "".join(parts)


def read_docx_text(path: Path) -> str:
    """The body text in the shape of Document.text(): a line per paragraph,
    table rows with cells joined by tabs; headers, footers, spacers, captions
    and break carriers left out."""
    with _open_zip(path) as archive:
        target = _package_target(archive, OFFICE_DOC_RT) or "word/document.xml"
        root = _xml(archive, target)
    body = root.find(_w("body"))
    lines: list[str] = []
    for child in body if body is not None else []:
        if child.tag == _w("p"):
            style = child.find(f"{_w('pPr')}/{_w('pStyle')}")
            if style is not None and style.get(_w("val")) in LAYOUT_STYLES:
                continue
            lines.append(_paragraph_text(child))
        elif child.tag == _w("tbl"):
            for tr in child.findall(_w("tr")):
                cells = [
                    "\n".join(_paragraph_text(p) for p in tc.findall(_w("p")))
                    for tc in tr.findall(_w("tc"))
                ]
                lines.append("\t".join(cells))
    return "\n".join(lines)
