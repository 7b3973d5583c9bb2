"""Reading a plain-text report, in whatever encoding Notepad or WPS saved it."""

from __future__ import annotations

import re
from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import MAX_TEXT_CHARS, SourceText

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


def read_text(path: Path) -> SourceText:
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
