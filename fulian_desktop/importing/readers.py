"""Reading last year's report: DOCX, PDF or plain text into blocks of text.

The kind of file is decided by its first bytes, not by its name: a .docx
saved by WPS, a PDF renamed .txt or a Word 97 file renamed .docx all get the
reader (or the message) that fits. Every refusal is a UserError with one
plain Chinese sentence, raised before anything is stored.

- DOCX (python-docx), after the same zip check as every .docx the program
  reads (entry count, sizes, compression ratio: render/docx.open_docx_zip).
  Paragraphs keep their outline level when the author used heading styles
  or outline levels; table rows become one block each, cells joined by tabs.
- PDF (pypdf: pure Python, no native code, so the Windows bundle needs
  nothing more). Each page's text is kept apart so running headers and page
  numbers can be recognised; a PDF without a text layer is a scan.
- Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030
  (what Notepad on a Chinese Windows writes as "ANSI").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from fulian_desktop.errors import UserError

#: Larger files are refused before reading: a 30-page report is well under
#: 5 MB even as a PDF with pictures; 50 MB leaves room for scans of seals.
MAX_IMPORT_BYTES = 50 * 1024 * 1024
#: A report has dozens of pages; a PDF with thousands is not a report.
MAX_PDF_PAGES = 500
#: Text characters read at most (about 100 pages of dense Chinese text).
MAX_TEXT_CHARS = 2_000_000

SourceKind = Literal["docx", "pdf", "text"]

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE compound file: .doc, .wps, encrypted .docx


@dataclass
class Block:
    """One paragraph (or table row) as the author wrote it."""

    text: str
    #: outline level from a DOCX heading style or outline level (1 = top), else None
    level: int | None = None
    table: bool = False


@dataclass
class SourceText:
    name: str
    kind: SourceKind
    blocks: list[Block] = field(default_factory=list)
    #: PDF and text: the raw text of each page (running headers are found across pages)
    pages: list[str] = field(default_factory=list)


def read_source(path: Path | str) -> SourceText:
    """Read a report file of any supported kind; UserError with a Chinese message otherwise."""
    path = Path(path)
    name = path.name
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"无法读取文件“{name}”：{exc.strerror or exc}") from None
    if not path.is_file():
        raise UserError(f"“{name}”不是文件，无法导入。")
    if size > MAX_IMPORT_BYTES:
        raise UserError(
            f"文件“{name}”太大（{size / 1024 / 1024:.0f} MB，上限 "
            f"{MAX_IMPORT_BYTES // 1024 // 1024} MB），不像一份报告，没有导入。"
        )
    if size == 0:
        raise UserError(f"文件“{name}”是空的，没有可以导入的内容。")
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise UserError(f"无法读取文件“{name}”：{exc.strerror or exc}") from None
    if head.startswith(b"%PDF-"):
        return _read_pdf(path)
    if head.startswith(b"PK\x03\x04"):
        return _read_docx(path)
    if head.startswith(_CFB_MAGIC):
        raise UserError(_compound_file_message(path))
    return _read_text(path)


# ---------------------------------------------------------------------- DOCX


def _compound_file_message(path: Path) -> str:
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


def _read_docx(path: Path) -> SourceText:
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


# ----------------------------------------------------------------------- PDF


def _read_pdf(path: Path) -> SourceText:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings about odd but readable files
    damaged = f"“{path.name}”这个 PDF 文件已损坏，无法读取。"
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            # Many published PDFs only forbid editing: they open with an empty password.
            try:
                if not reader.decrypt(""):
                    raise FileNotDecryptedError("password")
            except (FileNotDecryptedError, DependencyError, NotImplementedError):
                raise UserError(
                    f"“{path.name}”设置了打开密码（已加密），无法导入。"
                    "请用原文件（Word 文档）导入，或请发布单位提供未加密的文件。"
                ) from None
        count = len(reader.pages)
        if count > MAX_PDF_PAGES:
            raise UserError(
                f"“{path.name}”有 {count} 页（上限 {MAX_PDF_PAGES} 页），不像一份报告，没有导入。"
            )
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            pages.append(text)
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise UserError(f"“{path.name}”的文字太多，不像一份报告，没有导入。")
    except UserError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError):
        raise UserError(damaged) from None
    except Exception:  # pypdf can raise almost anything on a mangled file
        raise UserError(damaged) from None
    if sum(len(re.sub(r"\s", "", p)) for p in pages) < 10 * max(1, min(len(pages), 3)):
        raise UserError(
            f"“{path.name}”：这是扫描件，没有文字层，无法导入。"
            "请用原来的 Word 文档导入，或先用文字识别（OCR）软件转成文字。"
        )
    return SourceText(path.name, "pdf", pages=pages)


# ---------------------------------------------------------------------- text

_BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def decode_text(data: bytes) -> str | None:
    """UTF-8 (BOM or not), UTF-16 with BOM, or GB18030; None when it is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # a binary file that happens to decode has control characters all over it
        if len(_BINARY.findall(text[:20000])) > 2:
            return None
        return text
    return None


def _read_text(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{path.name}”：{exc.strerror or exc}") from None
    text = decode_text(data)
    if text is None:
        raise UserError(
            f"“{path.name}”不是可以导入的文件。可以导入的有：Word 文档（.docx）、"
            "带文字的 PDF、纯文本（.txt）。"
        )
    if len(text) > MAX_TEXT_CHARS:
        raise UserError(f"“{path.name}”的文字太多，不像一份报告，没有导入。")
    if not text.strip():
        raise UserError(f"文件“{path.name}”是空的，没有可以导入的内容。")
    return SourceText(path.name, "text", pages=text.split("\f"))
