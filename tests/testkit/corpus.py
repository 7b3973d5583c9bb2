"""A corpus of report files in the forms clerks receive them, made from a draft.

Each form starts from the program's own export of the draft (write_docx) and
rewrites its document.xml the way another producer or author would have it:
headings made bold by hand instead of heading styles, outline levels set on
the paragraph (as WPS writes them), paragraphs inside text boxes or content
controls, every run a tracked insertion beside tracked deletions. What a
reader of the page sees stays the same, so an import must give the same draft.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import Template
from fulian_desktop.render.docx import write_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
V = "urn:schemas-microsoft-com:vml"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _heading_styles(styles_xml: bytes) -> dict[str, int]:
    """Style id → outline level (0-based) for the styles that make headings."""
    root = etree.fromstring(styles_xml)
    found: dict[str, int] = {}
    for style in root.iter(_w("style")):
        level = style.find(f"{_w('pPr')}/{_w('outlineLvl')}")
        if level is not None and level.get(_w("val"), "9") != "9":
            found[style.get(_w("styleId"))] = int(level.get(_w("val")))
    return found


def _body_paragraphs(body: etree._Element) -> list[etree._Element]:
    return [p for p in body if p.tag == _w("p")]


def _style_of(p: etree._Element) -> str:
    style = p.find(f"{_w('pPr')}/{_w('pStyle')}")
    return style.get(_w("val"), "") if style is not None else ""


def bold_headings(body: etree._Element, headings: dict[str, int]) -> None:
    """Headings as an author makes them by hand: Normal paragraphs in bold."""
    for p in _body_paragraphs(body):
        if _style_of(p) not in headings:
            continue
        ppr = p.find(_w("pPr"))
        ppr.remove(ppr.find(_w("pStyle")))
        for r in p.iter(_w("r")):
            rpr = r.find(_w("rPr"))
            if rpr is None:
                rpr = etree.SubElement(r, _w("rPr"))
                r.insert(0, rpr)
            etree.SubElement(rpr, _w("b"))


def outline_levels(body: etree._Element, headings: dict[str, int]) -> None:
    """Headings as WPS often writes them: an outline level on the paragraph, no style."""
    for p in _body_paragraphs(body):
        level = headings.get(_style_of(p))
        if level is None:
            continue
        ppr = p.find(_w("pPr"))
        ppr.remove(ppr.find(_w("pStyle")))
        etree.SubElement(ppr, _w("outlineLvl")).set(_w("val"), str(level))


def _plain_body(body: etree._Element, headings: dict[str, int]) -> list[etree._Element]:
    return [
        p
        for p in _body_paragraphs(body)
        if _style_of(p) not in headings and p.findall(f".//{_w('t')}")
    ]


def text_boxes(body: etree._Element, headings: dict[str, int]) -> None:
    """Every third body paragraph inside a text box (VML, as Word 2003–2019 write it)."""
    for p in _plain_body(body, headings)[::3]:
        holder = etree.Element(_w("p"))
        run = etree.SubElement(holder, _w("r"))
        pict = etree.SubElement(run, _w("pict"))
        shape = etree.SubElement(pict, f"{{{V}}}shape")
        box = etree.SubElement(shape, f"{{{V}}}textbox")
        content = etree.SubElement(box, _w("txbxContent"))
        p.addprevious(holder)
        content.append(p)


def content_controls(body: etree._Element, headings: dict[str, int]) -> None:
    """Every second body paragraph in a block content control (a web system's form)."""
    for p in _plain_body(body, headings)[::2]:
        sdt = etree.Element(_w("sdt"))
        etree.SubElement(sdt, _w("sdtPr"))
        content = etree.SubElement(sdt, _w("sdtContent"))
        p.addprevious(sdt)
        content.append(p)


def tracked_changes(body: etree._Element, headings: dict[str, int]) -> None:
    """Every run a tracked insertion, and a tracked deletion in each paragraph
    (its words are no longer in the report and must not come back)."""
    for n, p in enumerate(_body_paragraphs(body)):
        runs = [r for r in p if r.tag == _w("r")]
        for r in runs:
            ins = etree.Element(_w("ins"), {_w("id"): str(1000 + n), _w("author"): "审核"})
            r.addprevious(ins)
            ins.append(r)
        if runs:
            deleted = etree.SubElement(
                p, _w("del"), {_w("id"): str(5000 + n), _w("author"): "审核"}
            )
            run = etree.SubElement(deleted, _w("r"))
            etree.SubElement(run, _w("delText")).text = "删去的旧表述"


FORMS: dict[str, Callable[[etree._Element, dict[str, int]], None]] = {
    "bold-headings": bold_headings,
    "outline-levels": outline_levels,
    "text-boxes": text_boxes,
    "content-controls": content_controls,
    "tracked-changes": tracked_changes,
}


def write_form(template: Template, draft: Draft, form: str, path: Path) -> Path:
    """The draft's report as a DOCX in ``form`` (one of FORMS)."""
    exported = path.with_suffix(".export.docx")
    write_docx(compose(template, draft), exported)
    with zipfile.ZipFile(exported) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    FORMS[form](root.find(_w("body")), _heading_styles(parts["word/styles.xml"]))
    parts["word/document.xml"] = etree.tostring(
        root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in parts.items():
            out.writestr(name, data)
    exported.unlink()
    return path
