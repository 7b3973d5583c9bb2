"""Reading last year's report: DOCX, PDF or plain text into blocks of text
(one module per kind: read_docx.py, read_pdf.py, read_text.py).

The kind of file is decided by its first bytes, not by its name: a .docx
saved by WPS, a PDF renamed .txt or a Word 97 file renamed .docx all get the
reader (or the message) that fits. Every refusal is a UserError with one
plain Chinese sentence, raised before anything is stored.

- DOCX (python-docx), after the same zip check as every .docx the program
  reads (entry count, sizes, compression ratio: render/docx.open_docx_zip).
  Paragraphs keep their outline level when the author used heading styles
  or outline levels; table rows become one block each, cells joined by tabs.
- PDF (PDFium through pypdfium2: read_pdf.py says why). Each page's text is
  kept apart so running headers and page numbers can be recognised; a PDF without a text layer is a scan.
- Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030
  (what Notepad on a Chinese Windows writes as "ANSI").
"""

from __future__ import annotations

from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import _CFB_MAGIC, MAX_IMPORT_BYTES, SourceText, shown_name


def read_source(path: Path | str) -> SourceText:
    """Read a report file of any supported kind; UserError with a Chinese message otherwise."""
    path = Path(path)
    name = shown_name(path.name)
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
            head = fh.read(1024)
    except OSError as exc:
        raise UserError(f"无法读取文件“{name}”：{exc.strerror or exc}") from None
    if b"%PDF-" in head:  # Acrobat and PDFium accept up to 1 KB of junk before it
        from fulian_desktop.importing.read_pdf import read_pdf

        return read_pdf(path)
    if head.startswith(b"PK\x03\x04"):
        from fulian_desktop.importing.read_docx import read_docx

        return read_docx(path)
    if head.startswith(_CFB_MAGIC):
        from fulian_desktop.importing.read_docx import compound_file_message

        raise UserError(compound_file_message(path))
    from fulian_desktop.importing.read_text import read_text

    return read_text(path)
