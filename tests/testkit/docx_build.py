"""Word files built in a test: python-docx gives the package (styles with
"heading 1", content types), raw XML what python-docx cannot write."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from fulian_desktop.importing.readers import read_source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def p(text: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def num(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>'
    )


def numbering(*abstracts: str, nums: str) -> str:
    return f'<w:numbering xmlns:w="{W}">{"".join(abstracts)}{nums}</w:numbering>'


def make_docx(
    tmp_path: Path,
    body: str,
    *,
    numbering_xml: str | None = None,
    parts: dict[str, tuple[bytes, str] | tuple[bytes, str, str]] | None = None,
    main_type: str = MAIN_CT,
    name: str = "报告.docx",
    styles_extra: str = "",
) -> Path:
    """A package from python-docx with ``body`` as its document body; ``parts``:
    extra parts (relationship id → (bytes, content type[, relationship type,
    "aFChunk" when not given])) related from document.xml."""
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = f"<w:document {NS}><w:body>{body}</w:body></w:document>".encode()
            elif info.filename == "word/numbering.xml" and numbering_xml is not None:
                data = numbering_xml.encode()
            elif info.filename == "word/styles.xml" and styles_extra:
                data = data.replace(b"</w:styles>", styles_extra.encode() + b"</w:styles>")
            elif info.filename == "[Content_Types].xml":
                data = data.replace(MAIN_CT.encode(), main_type.encode())
                for rid, (_blob, kind, *_rel) in (parts or {}).items():
                    override = f'<Override PartName="/word/{rid}.part" ContentType="{kind}"/>'
                    data = data.replace(b"</Types>", override.encode() + b"</Types>")
            elif info.filename == "word/_rels/document.xml.rels":
                for rid, (_blob, _kind, *rel_type) in (parts or {}).items():
                    kind = rel_type[0] if rel_type else "aFChunk"
                    rel = f'<Relationship Id="{rid}" Type="{DOC_RT}/{kind}" Target="{rid}.part"/>'
                    data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            target.writestr(info.filename, data)
        for rid, (blob, *_kind) in (parts or {}).items():
            target.writestr(f"word/{rid}.part", blob)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def texts(path: Path) -> list[str]:
    return [b.text for b in read_source(path).blocks]


def raw_zip(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries`` and nothing else (no content types, no relationships)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()
