"""What a reader can see in a .docx, read independently of style names.

``verify`` compares this with the same reading of a document composed again
from the signed-off draft, so every visible character counts: body
paragraphs of any style (spacers and captions too), tables (nested ones
included), content controls (``w:sdt``), text boxes, embedded HTML or text
parts (``w:altChunk``), headers and footers. The walk is render/docx_walk.py,
which the report importer reads with too. Style names never decide what is
read, so a re-save by LibreOffice or WPS, which renames styles, reads the same.

The reading is normalised where a harmless re-save differs: empty
paragraphs are left out, runs are joined, a field is read as its instruction
(``{PAGE}``) rather than its cached result, and headers and footers are
compared as the set of their texts (programs arrange their parts differently).

Text a reader cannot see in the document but that is there (hidden with
``w:vanish``, white or near-white, a font under 4 pt), tracked changes and
comments are *findings*: a final document has none of them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from fulian_desktop.errors import UserError
from fulian_desktop.render.docx_walk import _Reader
from fulian_desktop.render.docx_xml import OFFICE_DOC_RT, R_NS, _Styles, _w


@dataclass
class VisibleText:
    """The normalised visible text of a document, and what should not be there."""

    body: list[str]
    headers_footers: list[str]  # sorted, distinct
    findings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        parts = ["[正文]", *self.body, "[页眉页脚]", *self.headers_footers]
        return "\n".join(parts)


# ------------------------------------------------------------------ package


class UnreadableDocument(UserError, ValueError):
    """A part whose XML is broken or hostile: a clear line for the clerk, and a
    ValueError for the callers that already treat those as "not a readable .docx"."""


def _xml_problem(name: str, exc: Exception) -> UnreadableDocument:
    text = str(exc).lower()
    if "amplification" in text or "entit" in text:
        why = "含有会无限展开的实体定义，可能是特意构造的文件"
    elif "depth" in text or isinstance(exc, RecursionError):
        why = "嵌套层数过多，可能是特意构造的文件"
    else:
        why = "XML 内容不完整或格式错误"
    return UnreadableDocument(f"其中的 {name} {why}")


class Package:
    """The parts of a .docx package, read through ``read`` (part name → bytes,
    None when absent): verify reads them whole, the importer while counting."""

    def __init__(self, read: Callable[[str], bytes | None]) -> None:
        self.read = read
        self._types: tuple[dict[str, str], dict[str, str]] | None = None

    def xml(self, name: str) -> Any | None:
        from lxml import etree

        data = self.read(name)
        if data is None:
            return None
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        try:
            return etree.fromstring(data, parser)
        except (etree.XMLSyntaxError, RecursionError) as exc:  # libxml2's own limits included
            raise _xml_problem(name, exc) from None

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Relationship id → (type, target part name) of ``part``."""
        folder = PurePosixPath(part).parent
        root = self.xml(str(folder / "_rels" / f"{PurePosixPath(part).name}.rels"))
        found: dict[str, tuple[str, str]] = {}
        for rel in root if root is not None else []:
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            name = target.lstrip("/") if target.startswith("/") else str(folder / target)
            found[rel.get("Id", "")] = (rel.get("Type", ""), _clean_path(name))
        return found

    def main_part(self) -> str:
        root = self.xml("_rels/.rels")
        for rel in root if root is not None else []:
            if rel.get("Type") == OFFICE_DOC_RT:
                return _clean_path(rel.get("Target", ""))
        return "word/document.xml"

    def content_type(self, name: str) -> str:
        if self._types is None:
            defaults: dict[str, str] = {}
            overrides: dict[str, str] = {}
            root = self.xml("[Content_Types].xml")
            for node in root if root is not None else []:
                kind = node.get("ContentType", "")
                if node.get("Extension"):
                    defaults[node.get("Extension", "").lower()] = kind
                elif node.get("PartName"):
                    overrides[_clean_path(node.get("PartName", ""))] = kind
            self._types = (defaults, overrides)
        defaults, overrides = self._types
        return overrides.get(name) or defaults.get(PurePosixPath(name).suffix[1:].lower(), "")

    def chunk_reader(
        self, rels: dict[str, tuple[str, str]]
    ) -> Callable[[Any], list[tuple[str, int | None, bool]] | None]:
        """What ``_Reader`` calls for a ``w:altChunk`` of the part with ``rels``."""
        from fulian_desktop.render.alt_chunk import chunk_paragraphs

        def chunk(node: Any) -> list[tuple[str, int | None, bool]] | None:
            target = rels.get(node.get(f"{{{R_NS}}}id", ""))
            data = self.read(target[1]) if target else None
            if target is None or data is None:
                return None
            return chunk_paragraphs(data, target[1], self.content_type(target[1]))

        return chunk


def _clean_path(name: str) -> str:
    parts: list[str] = []
    for piece in name.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _reader(archive: zipfile.ZipFile) -> Callable[[str], bytes | None]:
    def read(name: str) -> bytes | None:
        try:
            return archive.read(name)
        except KeyError:
            return None

    return read


def read_visible(source: Path | bytes) -> VisibleText:
    """The visible text and findings of a .docx (a path or its bytes).

    Raises ValueError (zipfile.BadZipFile, UnreadableDocument for broken XML) or KeyError
    for a file that is not a readable .docx; callers turn that into a message.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    try:
        return _read_visible(data)
    except RecursionError as exc:  # nesting the parser allows but the walk cannot follow
        raise _xml_problem("word/document.xml", exc) from None


def _read_visible(data: bytes) -> VisibleText:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        package = Package(_reader(archive))
        main = package.main_part()
        root = package.xml(main)
        if root is None:
            raise KeyError(main)
        rels = package.rels(main)
        styles_part = next((t for k, t in rels.values() if k.endswith("/styles")), None)
        styles = _Styles(package.xml(styles_part) if styles_part else None)
        reader = _Reader(styles, "正文中", chunk=package.chunk_reader(rels))
        body = root.find(_w("body"))
        body_lines = [x for x in reader.lines(body if body is not None else []) if x.strip()]
        findings = list(reader.findings)
        texts: set[str] = set()
        for ref in root.iter(_w("headerReference"), _w("footerReference")):
            target = rels.get(ref.get(f"{{{R_NS}}}id", ""))
            part = package.xml(target[1]) if target else None
            if part is None:
                continue
            where = "页眉中" if ref.tag == _w("headerReference") else "页脚中"
            hf = _Reader(styles, where, chunk=package.chunk_reader(package.rels(target[1])))
            text = "\n".join(x for x in hf.lines(part) if x.strip())
            findings.extend(hf.findings)
            if text:
                texts.add(text)
        for kind, target in rels.values():
            if kind.endswith("/comments"):
                part = package.xml(target)
                if part is not None and "".join(part.itertext()).strip():
                    findings.append("文档中有批注")
    return VisibleText(body_lines, sorted(texts), _dedupe(findings))


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
