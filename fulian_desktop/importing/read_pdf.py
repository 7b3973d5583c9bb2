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

Lines by position: each page is read as lines ordered by where they are
printed (top to bottom, then left to right), not in the order the producer
drew them, so a running header drawn after the body still comes first and
cleanup.strip_page_furniture, which looks at a page's first and last lines,
finds it: on four reports whose header and page number were drawn last,
stream order (``get_text_range``) left 20 headers inside paragraphs, positions
0. LibreOffice's PDFs read as before, except where the stream broke a
printed line before a punctuation mark ("行动”" "，深入", in 增城's report:
now one line, 98.8 % → 99.9 % placed by field); Chromium's and ReportLab's
differ only in the page number moving from the first line to the last.

PDFium is not thread-safe: every call goes through one lock.
"""

from __future__ import annotations

import ctypes
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fulian_desktop.errors import UserError
from fulian_desktop.importing.normalise import fold, is_chinese_prose, is_han
from fulian_desktop.importing.source import MAX_PDF_PAGES, MAX_TEXT_CHARS, SourceText, shown_name

if TYPE_CHECKING:
    from pypdfium2 import PdfTextPage

_LOCK = threading.Lock()
#: PDFium marks the hyphen of a word hyphenated at a line end ("docu-" "ment")
#: U+FFFE; _page_lines joins the word ("document"). A dash after a digit
#: ("2020-") is not marked and stays as it is.
_HYPHEN = "\ufffe"
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


class _Char(NamedTuple):
    index: int  # PDFium's character index: the content stream's order
    text: str
    baseline: float
    left: float
    right: float
    size: float  # the effective font size, in points
    before: str  # the spacing PDFium put before it (at a stream line's start: its indent)
    after: str  # at a stream line's end: the spacing PDFium put before the line end
    previous: int  # the index of the character before it on the same stream line, or -1
    hyphen: bool  # PDFium's mark for a word hyphenated at a line end
    rotated: bool


def _is_cjk(char: str) -> bool:
    return ord(char) >= 0x2E80


def _join(line: list[_Char]) -> str:
    """One line's text, left to right. Characters that follow each other in the
    stream keep PDFium's own spacing; between the others a gap wider than a
    quarter of the font size is a space between Latin letters or digits, and a
    gap wider than a character and a half is a space whatever the script."""
    out: list[str] = []
    previous: _Char | None = None
    for char in line:
        if previous is None:
            out.append(char.before if char.previous == -1 else "")
        else:
            if char.previous == previous.index:
                out.append(char.before)
            else:
                gap = char.left - previous.right
                size = max(char.size, previous.size)
                latin = not _is_cjk(char.text[0]) and not _is_cjk(previous.text[-1])
                if gap > 1.5 * size or (latin and gap > 0.25 * size):
                    out.append(" ")
        out.append("-" if char.hyphen else char.text)
        previous = char
    return "".join(out) + (previous.after if previous else "")


def _page_lines(textpage: PdfTextPage) -> str:
    """A page's text as lines ordered by position: top to bottom, each left to right.

    Characters whose baselines are within 0.45 of the font size of each other
    make one line. Rotated characters (a diagonal watermark) are not spread over
    the body's lines: they stay together where the stream had them, before or
    after the page's text.
    """
    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    upright: list[_Char] = []
    rotated: list[tuple[bool, _Char]] = []  # (drawn before the upright text, char)
    spacing = ""  # since the previous character: spaces, "\n" for a line end
    chars: list[_Char] = []
    count = textpage.count_chars()
    for index in range(count + 1):
        if index < count:
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
            text = textpage.get_text_range(index, 1) if code < 0x20 or code > 0xFFFF else chr(code)
        else:
            text = "\n"  # the page's end ends its last line
        if text in ("\r", "\n"):
            if chars and "\n" not in spacing:
                chars[-1] = chars[-1]._replace(after=spacing)
            spacing = spacing if "\n" in spacing else spacing + "\n"
            continue
        if text.isspace() or not text:
            spacing += text
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
        pdfium_c.FPDFText_GetCharOrigin(raw, index, x, y)
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        # the Tf size; the character matrix carries the page's scale (Chromium: 0.75)
        scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
        size = pdfium_c.FPDFText_GetFontSize(raw, index) * scale
        size = size if size > 0 else max(box.top - box.bottom, 1.0)
        char = _Char(
            index,
            text,
            y.value,
            box.left,
            box.right,
            size,
            spacing.rpartition("\n")[2],
            "",
            -1 if "\n" in spacing or not chars else chars[-1].index,
            text == _HYPHEN,
            abs(matrix.b) > 0.1 * abs(matrix.a),  # the baseline not level (a slant is .c)
        )
        chars.append(char)
        spacing = ""
    for char in chars:
        if char.rotated:
            rotated.append((not upright, char))
        else:
            upright.append(char)
    lines: list[list[_Char]] = []
    top = 0.0
    for char in sorted(upright, key=lambda c: (-c.baseline, c.index)):
        if lines and top - char.baseline <= 0.45 * char.size:
            lines[-1].append(char)
        else:
            lines.append([char])
            top = char.baseline
    following = {a.index: b.index for a, b in zip(upright, upright[1:], strict=False)}
    texts: list[str] = []
    hyphen = -1  # the index of the character after a hyphen ending the previous line
    for line in lines:
        line.sort(key=lambda c: (c.left, c.index))
        text = _join(line)
        if texts and line[0].index == hyphen and texts[-1].endswith("-"):
            texts[-1] = texts[-1][:-1] + text  # "docu-" "ment": one word, as PDFium joins it
        else:
            texts.append(text)
        hyphen = following.get(line[-1].index, -1) if line[-1].hyphen else -1
    before = [c for first, c in rotated if first]
    after = [c for first, c in rotated if not first]
    return "\n".join(
        ([_join(before)] if before else []) + texts + ([_join(after)] if after else [])
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
                # a line end is "\r\n": the text has at least half as many characters
                if total + textpage.count_chars() // 2 > MAX_TEXT_CHARS:
                    raise UserError(f"“{name}”的文字太多，不像一份报告，没有导入。")
                text = _page_lines(textpage)
            finally:
                textpage.close()
                page.close()
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
