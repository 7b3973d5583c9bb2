"""What the readers give: a report's text as blocks (paragraphs, table rows)
or pages, and the limits every reader keeps."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Literal

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
    #: what the clerk should know about a file that was read (characters that
    #: could not be read, …): one Chinese sentence each, shown with the result
    warnings: list[str] = field(default_factory=list)


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name or path as it can be printed and stored.

    On Linux a name that is not valid UTF-8 arrives with surrogate escapes
    (os.fsdecode); printing them, SQLite and the log would fail on them. The
    bytes that are not UTF-8 become �, the rest stays as the clerk sees it.
    """
    text = os.fspath(name)
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
