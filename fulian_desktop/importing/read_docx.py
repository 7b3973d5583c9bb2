"""Reading a Word report (.docx, and .docm/.dotx/.dotm, which differ only in
their content type) into blocks.

The package is read with lxml, not python-docx: python-docx refuses macro and
template packages, reads every part (pictures too) into memory, and sees
neither text boxes, content controls nor tracked insertions. What is read is
what verify counts as visible (render/docx_walk.py walks both), plus Word's
list numbers (docx_numbering.py), table cells by the grid (docx_blocks.py),
embedded HTML or text parts (w:altChunk), and footnotes (after the block that
refers to them) and endnotes (at the end) as "[1] …". Headers and footers are
page furniture, as the PDF reader's running headers are: not read.

Bounds: after the zip check every .docx the program reads goes through
(render/docx.open_docx_zip: declared sizes and compression ratio), parts are
inflated while counting (zip headers may lie), document.xml is parsed as a
stream, body element by body element, counting elements and paragraphs, and
the text read is counted: a file over any bound is refused with one sentence
as soon as the bound is passed, before the rest is read.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import Any

from fulian_desktop.core.draft.bounds import MAX_FIELD_CHARS
from fulian_desktop.errors import UserError
from fulian_desktop.importing.docx_blocks import BlockWriter, notes_of, style_numbers
from fulian_desktop.importing.docx_numbering import Numbering
from fulian_desktop.importing.source import MAX_TEXT_CHARS, Block, SourceText, shown_name
from fulian_desktop.render.docx_walk import _Reader
from fulian_desktop.render.docx_xml import _Styles, _w

#: Inflated size of one part read (document.xml of a 100-page report with
#: heavy formatting is under 15 MB) and of all parts read together.
MAX_PART_BYTES = 32 * 1024 * 1024
MAX_READ_BYTES = 64 * 1024 * 1024
#: The other parts read (styles, numbering, relationships, embedded HTML) are
#: parsed whole, so they get less: Word's styles.xml is under 1 MB.
MAX_OTHER_PART_BYTES = 8 * 1024 * 1024
#: XML elements in document.xml (Word writes about 25 per KB: a heavy 15 MB
#: report has under 400,000); also bounds the memory one body element takes.
MAX_ELEMENTS = 1_000_000
#: Paragraphs, empty ones included (a 100-page report has a few thousand).
MAX_PARAGRAPHS = 50_000
#: Blocks given to the importer.
MAX_BLOCKS = 20_000
#: Characters given: all of it may end up in one field (未归类内容 or a
#: section's text), so the smaller of the reader's and a field's bound.
MAX_CHARS = min(MAX_TEXT_CHARS, MAX_FIELD_CHARS)

_STRICT_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_BODY = _w("body")
_BODY_LEVEL = {_w(t) for t in ("p", "tbl", "sdt", "altChunk", "customXml", "ins", "moveTo")}
_BODY_LEVEL |= {
    _w("del"),
    _w("moveFrom"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}


def compound_file_message(path: Path) -> str:
    """An OLE file is either a password-protected .docx or an old .doc/.wps."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if "EncryptionInfo".encode("utf-16-le") in data:
        return (
            f"“{shown_name(path.name)}”设置了打开密码（已加密），无法导入。"
            "请在 Word 或 WPS 中打开它，取消密码后另存为 .docx 再导入。"
        )
    return (
        f"“{shown_name(path.name)}”是旧版 Word（.doc）或 WPS（.wps）格式，无法直接导入。"
        "请在 Word 或 WPS 中打开它，另存为 .docx 后再导入。"
    )


def _damaged(name: str) -> UserError:
    return UserError(
        f"“{name}”不是可以读取的 Word 文档（.docx），可能已损坏。"
        "请在 Word 或 WPS 中打开后另存为 .docx 再导入。"
    )


def _too_big(name: str) -> UserError:
    return UserError(f"“{name}”的内容太多，不像一份报告，没有导入。")


class _Parts:
    """Reads parts of the package, counting inflated bytes as they come: the
    sizes in the zip headers are what the file says, not what it holds."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.archive = archive
        self.name = name
        self.total = 0

    def stream(self, part: str, limit: int | None = None) -> _Counted | None:
        try:
            return _Counted(self, self.archive.open(part), limit or MAX_OTHER_PART_BYTES)
        except KeyError:
            return None
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, OSError, RuntimeError):
            raise _damaged(self.name) from None  # RuntimeError: an encrypted zip entry

    def read(self, part: str) -> bytes | None:
        stream = self.stream(part)
        if stream is None:
            return None
        chunks = []
        with stream:
            while chunk := stream.read(1 << 20):
                chunks.append(chunk)
        return b"".join(chunks)


class _Counted:
    def __init__(self, parts: _Parts, raw: Any, limit: int) -> None:
        self.parts = parts
        self.raw = raw
        self.limit = limit
        self.size = 0

    def read(self, n: int = -1) -> bytes:
        try:
            data = self.raw.read(1 << 20 if n is None or n < 0 else min(n, 1 << 20))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError):
            raise _damaged(self.parts.name) from None  # a wrong CRC or size: the header lied
        self.size += len(data)
        self.parts.total += len(data)
        if self.size > self.limit or self.parts.total > MAX_READ_BYTES:
            raise _too_big(self.parts.name)
        return data

    def __enter__(self) -> _Counted:
        return self

    def __exit__(self, *exc: object) -> None:
        self.raw.close()


def read_docx(path: Path) -> SourceText:
    from fulian_desktop.render.docx import open_docx_zip
    from fulian_desktop.render.visible import Package

    name = shown_name(path.name)
    archive = open_docx_zip(path)  # declared sizes, entry count and ratio first
    try:
        parts = _Parts(archive, name)
        package = Package(parts.read)
        try:
            main = package.main_part()
            rels = package.rels(main)
            styles_part = next((t for k, t in rels.values() if k.endswith("/styles")), None)
            numbering_part = next((t for k, t in rels.values() if k.endswith("/numbering")), None)
            styles = _Styles(package.xml(styles_part) if styles_part else None)
            numbering = Numbering(
                package.xml(numbering_part) if numbering_part else None, style_numbers(styles)
            )
            kinds = {k.rsplit("/", 1)[-1]: t for k, t in rels.values()}
            notes = notes_of(
                package.xml(kinds["footnotes"]) if "footnotes" in kinds else None,
                package.xml(kinds["endnotes"]) if "endnotes" in kinds else None,
            )
        except (ValueError, RecursionError):  # lxml's XMLSyntaxError is a ValueError
            raise _damaged(name) from None
        chunks = package.chunk_reader(rels)

        def chunk(node: Any) -> list[tuple[str, int | None, bool]]:
            found = chunks(node)
            if found is None:
                # Word turns an embedded part into ordinary text when the file is saved again
                raise UserError(
                    f"“{name}”里嵌入了无法读取的内容（如 RTF 或网页存档），没有导入。"
                    "请在 Word 中打开它，另存为 .docx 后再导入。"
                )
            return found

        reader = _Reader(styles, "正文中", import_reading=True, chunk=chunk)
        writer = BlockWriter(reader, styles, numbering, _Budget(name), notes)
        stream = parts.stream(main, MAX_PART_BYTES)  # parsed as a stream: more may come
        if stream is None:
            raise _damaged(name)
        with stream:
            _stream_body(stream, writer, name)
    finally:
        archive.close()
    blocks = writer.finish()
    if not blocks:
        raise UserError(f"“{name}”里没有文字，没有可以导入的内容。")
    return SourceText(name, "docx", blocks)


class _Budget:
    """Counts what is read and refuses the file as soon as a bound is passed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.blocks = 0
        self.chars = 0

    def block(self, block: Block) -> None:
        self.blocks += 1
        self.chars += len(block.text) + 1  # the line end joining it to the next
        if self.blocks > MAX_BLOCKS:
            raise _too_big(self.name)
        if self.chars > MAX_CHARS:
            raise UserError(
                f"“{self.name}”的文字太多（超过 {MAX_CHARS // 10000} 万字），不像一份报告，没有导入。"
            )


def _stream_body(stream: _Counted, writer: BlockWriter, name: str) -> None:
    """Parse document.xml as a stream: each body element is read when it ends and
    then dropped, so memory holds one body element, not the whole document."""
    from lxml import etree

    # huge_tree off: libxml2 keeps its depth and text-node limits (a deep nesting
    # would otherwise exhaust Python's recursion in the walk)
    events = etree.iterparse(
        stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False
    )
    paragraph = _w("p")
    elements = paragraphs = 0
    # counted here rather than in _Budget: this loop runs for every element
    max_elements, max_paragraphs = MAX_ELEMENTS, MAX_PARAGRAPHS
    try:
        for _event, element in events:
            elements += 1
            tag = element.tag
            if tag == paragraph:
                paragraphs += 1
                if paragraphs > max_paragraphs:
                    raise _too_big(name)
            if elements > max_elements:
                raise _too_big(name)
            if tag not in _BODY_LEVEL:
                continue
            parent = element.getparent()
            if parent is None or parent.tag != _BODY:
                continue
            writer.body_element(element)
            element.clear()
            while element.getprevious() is not None:
                del parent[0]
        root = events.root
    except (etree.XMLSyntaxError, RecursionError):
        raise _damaged(name) from None
    if root is None or root.tag != _w("document"):
        if root is not None and root.tag == f"{{{_STRICT_NS}}}document":
            raise UserError(
                f"“{name}”是“严格 Open XML”格式的 Word 文档，无法导入。"
                "请在 Word 中打开它，另存为普通的 Word 文档（.docx）后再导入。"
            )
        raise _damaged(name)
