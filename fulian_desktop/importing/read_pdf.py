"""Reading a PDF report: the text of each page, kept apart so running headers
and page numbers can be recognised (importing/cleanup.py)."""

from __future__ import annotations

import re
from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import MAX_PDF_PAGES, MAX_TEXT_CHARS, SourceText


def read_pdf(path: Path) -> SourceText:
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
