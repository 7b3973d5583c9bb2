"""Reading a DOCX report into blocks (python-docx), after the zip check every
.docx the program reads goes through (render/docx.open_docx_zip)."""

from __future__ import annotations

import re
from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import Block, SourceText


def compound_file_message(path: Path) -> str:
    """An OLE file is either a password-protected .docx or an old .doc/.wps."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            f"“{path.name}”设置了打开密码（已加密），无法导入。"
            "请在 Word 或 WPS 中打开它，取消密码后另存为 .docx 再导入。"
        )
    return (
        f"“{path.name}”是旧版 Word（.doc）或 WPS（.wps）格式，无法直接导入。"
        "请在 Word 或 WPS 中打开它，另存为 .docx 后再导入。"
    )


_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)


def _outline_level(paragraph) -> int | None:  # noqa: ANN001 - python-docx Paragraph
    """1-based outline level from the paragraph's own setting or its style chain."""
    from docx.oxml.ns import qn

    def level_in(ppr) -> int | None:  # noqa: ANN001
        if ppr is None:
            return None
        lvl = ppr.find(qn("w:outlineLvl"))
        if lvl is None:
            return None
        try:
            value = int(lvl.get(qn("w:val")))
        except (TypeError, ValueError):
            return None
        return value + 1 if 0 <= value < 9 else None  # 9 is "body text"

    own = level_in(paragraph._p.pPr)
    if own is not None:
        return own
    style = paragraph.style
    seen = 0
    while style is not None and seen < 10:  # a style chain can loop in a broken file
        match = _HEADING_STYLE.fullmatch((style.name or "").strip())
        if match:
            return int(match.group(1))
        found = level_in(style.element.pPr)
        if found is not None:
            return found
        style = style.base_style
        seen += 1
    return None


def read_docx(path: Path) -> SourceText:
    from docx import Document as open_document
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from fulian_desktop.render.docx import open_docx_zip

    open_docx_zip(path).close()  # zip-bomb and damage check before python-docx unpacks it
    try:
        document = open_document(str(path))
    except Exception:  # python-docx raises KeyError, ValueError, lxml errors… on a bad file
        raise UserError(
            f"“{path.name}”不是可以读取的 Word 文档（.docx），可能已损坏。"
            "请在 Word 或 WPS 中打开后另存为 .docx 再导入。"
        ) from None
    blocks: list[Block] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph = Paragraph(child, document)
            text = paragraph.text
            if text.strip():
                blocks.append(Block(text, _outline_level(paragraph)))
        elif child.tag == qn("w:tbl"):
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = "\n".join(p.text for p in cell.paragraphs).strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                if cells:
                    blocks.append(Block("\t".join(cells), table=True))
    if not blocks:
        raise UserError(f"“{path.name}”里没有文字，没有可以导入的内容。")
    return SourceText(path.name, "docx", blocks)
