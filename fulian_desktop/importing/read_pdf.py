"""Reading a PDF report: the text of each page, kept apart so running headers
and page numbers can be recognised (importing/cleanup.py).

Engine: PDFium (pypdfium2), the PDF engine of Chrome, chosen over pypdf on
measurement (the four sample reports printed by LibreOffice, Chromium and
ReportLab, plus a PDF whose text is drawn out of reading order):

- characters: PDFium gave 100 % of every report's characters on every
  producer; pypdf gave 89 % on Chromium's PDFs, where it reads about 1,900
  Kangxi/CJK-radical code points (⼴州 for 广州) out of the fonts' maps;
- order and quotes: on a PDF whose text is drawn out of reading order PDFium
  kept every character in order and all 376 curly quotes in place; pypdf
  moved every one of them to the start of its line;
- encryption: PDFium opens owner-password-only PDFs (AES-128, AES-256, RC4)
  itself; pypdf needs the ``cryptography`` package for AES (not bundled: such
  files were refused as "damaged"); PDFium also finds ``%PDF-`` after up to
  1 KB of junk, as Acrobat does;
- Windows: the win_amd64 wheel carries pdfium.dll (about 8 MB) and nothing
  else to install; pyinstaller-hooks-contrib's hooks for pypdfium2 and
  pypdfium2_raw collect the library and its version.json, so the spec needs
  no entry of its own (checked on the Linux bundle: libpdfium.so is in it and
  the bundled CLI imports the PDF fixtures);
- upkeep: one wheel without Python dependencies, PDFium maintained and
  fuzzed as Chrome's PDF engine; 10–20 times faster than pypdf (5–23 ms a
  page against 18–331 ms).

PDFium is not thread-safe: every call goes through one lock.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.normalise import fold, is_chinese_prose, is_han
from fulian_desktop.importing.source import MAX_PDF_PAGES, MAX_TEXT_CHARS, SourceText, shown_name

_LOCK = threading.Lock()
#: PDFium joins a word hyphenated at a line end ("docu-" "ment") and marks the
#: hyphen U+FFFE ("docu\ufffement"); a dash after a digit ("2020-") stays as it is
_GENERATED = str.maketrans({"\ufffe": None})
#: a scan with a watermark ("Scanned by CamScanner") has a few Latin words a page
_WATERMARK_CHARS = 80


def _scan_message(name: str) -> str:
    return (
        f"“{name}”：这是扫描件，没有文字层，无法导入。"
        "请用原来的 Word 文档导入，或先用文字识别（OCR）软件转成文字。"
    )


def _is_watermark(text: str, pages: int) -> bool:
    """A few Latin words a page and no Chinese: a scanner app's stamp, not the report."""
    visible = [c for c in text if not c.isspace()]
    letters = sum(1 for c in visible if c.isascii() and c.isalpha())
    return (
        not any(is_han(c) for c in visible)
        and letters >= 0.7 * len(visible)
        and len(visible) <= _WATERMARK_CHARS * pages
    )


def _page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    name = shown_name(path.name)
    damaged = f"“{name}”这个 PDF 文件已损坏，无法读取。"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{name}”：{exc.strerror or exc}") from None
    try:
        # PDFium tries the empty open password itself: owner-only protection opens
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (
            pdfium_c.FPDF_ERR_PASSWORD,
            pdfium_c.FPDF_ERR_SECURITY,
        ):
            raise UserError(
                f"“{name}”设置了打开密码（已加密），无法导入。"
                "请用原文件（Word 文档）导入，或请发布单位提供未加密的文件。"
            ) from None
        raise UserError(damaged) from None
    try:
        count = len(document)
        if count > MAX_PDF_PAGES:
            raise UserError(
                f"“{name}”有 {count} 页（上限 {MAX_PDF_PAGES} 页），不像一份报告，没有导入。"
            )
        pages: list[str] = []
        total = 0
        for index in range(count):
            page = document[index]
            textpage = page.get_textpage()
            try:
                text = textpage.get_text_range()
            finally:
                textpage.close()
                page.close()
            text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_GENERATED)
            pages.append(text)
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise UserError(f"“{name}”的文字太多，不像一份报告，没有导入。")
        return pages
    except pdfium.PdfiumError:
        raise UserError(damaged) from None
    finally:
        document.close()


def read_pdf(path: Path) -> SourceText:
    with _LOCK:
        pages = _page_texts(path)
    text = fold("".join(pages))
    visible = len(re.sub(r"\s", "", text))
    if visible < 10 * max(1, min(len(pages), 3)):
        raise UserError(_scan_message(shown_name(path.name)))
    if not is_chinese_prose(text):
        # refused here, before anything is placed or stored: an import of noise
        # would "succeed" with every paragraph unplaced
        if _is_watermark(text, len(pages)):
            raise UserError(_scan_message(shown_name(path.name)))
        raise UserError(
            f"“{shown_name(path.name)}”：这份 PDF 的文字无法正确读出（它的字体没有附带文字编码，"
            "读出来是乱码），没有导入。请用 Word 原文件导入。"
        )
    return SourceText(shown_name(path.name), "pdf", pages=pages)
