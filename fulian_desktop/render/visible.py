"""What a reader can see in a .docx, read independently of style names.

``verify`` compares this with the same reading of a document composed again
from the signed-off draft, so every visible character counts: body
paragraphs of any style (spacers and captions too), tables (nested ones
included), content controls (``w:sdt``), text boxes, headers and footers.
Style names never decide what is read, so a re-save by LibreOffice or WPS,
which renames styles, reads the same.

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
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

#: Smallest font (half-points) counted as readable: 4 pt.
MIN_VISIBLE_HALF_POINTS = 8


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


P, R, T, TBL, TR, TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
SDT, SDT_CONTENT, TXBX = _w("sdt"), _w("sdtContent"), _w("txbxContent")
FALLBACK = f"{{{MC_NS}}}Fallback"
# Containers whose children are read as if they stood in the parent.
_TRANSPARENT = {_w("customXml"), _w("smartTag"), _w("ins"), _w("hyperlink"), _w("fldSimple")}
_TRANSPARENT |= {f"{{{MC_NS}}}AlternateContent", f"{{{MC_NS}}}Choice", SDT_CONTENT}


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


# ------------------------------------------------------------------- styles


def _on(element: Any | None) -> bool | None:
    """A toggle property's value (None when not set here)."""
    if element is None:
        return None
    return element.get(_w("val"), "true").lower() not in ("0", "false", "off")


class _Styles:
    """Run properties through the style chain: run, character style, paragraph
    style, document defaults (the first that sets a property wins)."""

    def __init__(self, root: Any | None) -> None:
        self.rpr: dict[str, Any] = {}
        self.based_on: dict[str, str] = {}
        self.defaults: Any | None = None
        self.default_para: str | None = None
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.defaults = defaults
        for style in root.findall(_w("style")):
            sid = style.get(_w("styleId"), "")
            rpr = style.find(_w("rPr"))
            if rpr is not None:
                self.rpr[sid] = rpr
            base = style.find(_w("basedOn"))
            if base is not None:
                self.based_on[sid] = base.get(_w("val"), "")
            default = style.get(_w("default")) in ("1", "true", "on")
            if style.get(_w("type")) == "paragraph" and default:
                self.default_para = sid

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            if style_id in self.rpr:
                yield self.rpr[style_id]
            style_id = self.based_on.get(style_id)

    def run_properties(self, run: Any, paragraph: Any | None) -> list[Any]:
        """The rPr elements that apply to ``run``, nearest first."""
        found: list[Any] = []
        rpr = run.find(_w("rPr"))
        if rpr is not None:
            found.append(rpr)
            rstyle = rpr.find(_w("rStyle"))
            if rstyle is not None:
                found.extend(self.chain(rstyle.get(_w("val"))))
        pstyle = None
        if paragraph is not None:
            node = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
            pstyle = node.get(_w("val")) if node is not None else None
        found.extend(self.chain(pstyle or self.default_para))
        if self.defaults is not None:
            found.append(self.defaults)
        return found


def _first(props: list[Any], tag: str) -> Any | None:
    for rpr in props:
        node = rpr.find(_w(tag))
        if node is not None:
            return node
    return None


def _near_white(color: str) -> bool:
    color = color.strip().upper()
    if len(color) != 6:
        return False
    try:
        channels = [int(color[i : i + 2], 16) for i in (0, 2, 4)]
    except ValueError:
        return False
    return min(channels) >= 0xF0


def _invisible(props: list[Any]) -> str | None:
    """Why a run with these properties cannot be seen (None: it can)."""
    for tag in ("vanish", "specVanish", "webHidden"):
        if _on(_first(props, tag)):
            return "隐藏文字"
    color = _first(props, "color")
    if color is not None:
        theme = (color.get(_w("themeColor")) or "").lower()
        if _near_white(color.get(_w("val"), "")) or theme in ("background1", "light1"):
            return "白色（不可见）文字"
    size = _first(props, "sz")
    if size is not None:
        try:
            if int(size.get(_w("val"), "24")) < MIN_VISIBLE_HALF_POINTS:
                return "极小字号文字"
        except ValueError:
            pass
    return None


# ----------------------------------------------------------------- reading


class _Reader:
    def __init__(self, styles: _Styles, where: str) -> None:
        self.styles = styles
        self.where = where
        self.findings: list[str] = []

    def _finding(self, kind: str, text: str) -> None:
        snippet = text.strip()[:20]
        self.findings.append(f"{self.where}有{kind}：“{snippet}”")

    def lines(self, container: Any) -> Iterator[str]:
        """Visible lines of the block-level content of ``container``, in order."""
        for child in container:
            tag = child.tag
            if tag == P:
                yield self.paragraph(child)
                for box in self._text_boxes(child):
                    yield from self.lines(box)
            elif tag == TBL:
                for tr in child.iter(TR):
                    if tr.getparent() is not child:
                        continue  # rows of a nested table are read inside their cell
                    cells = [" / ".join(x for x in self.lines(tc) if x) for tc in tr.findall(TC)]
                    yield "\t".join(cells)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    yield from self.lines(content)
            elif tag == FALLBACK:
                continue  # the same content as mc:Choice, for older readers
            elif tag in _TRANSPARENT or tag == _w("del"):
                if tag == _w("ins"):
                    self.findings.append(f"{self.where}有未接受的修订（插入的内容）")
                elif tag == _w("del"):
                    self.findings.append(f"{self.where}有未接受的修订（删除的内容）")
                    continue
                yield from self.lines(child)

    def _text_boxes(self, paragraph: Any) -> Iterator[Any]:
        """The outermost text boxes anchored in ``paragraph`` (not the fallback copies);
        boxes nested in them are read with them."""
        for box in paragraph.iter(TXBX):
            between = []
            for ancestor in box.iterancestors():
                if ancestor is paragraph:
                    break
                between.append(ancestor.tag)
            if FALLBACK not in between and TXBX not in between:
                yield box

    def paragraph(self, p: Any) -> str:
        parts: list[str] = []
        self._walk(p, p, parts, {"depth": 0, "result": False})
        return _normalise("".join(parts))

    def _walk(self, node: Any, p: Any, parts: list[str], field: dict[str, Any]) -> None:
        """Collect the visible text under ``node`` (in paragraph ``p``) in order."""
        for child in node:
            tag = child.tag
            if tag in (TXBX, FALLBACK, P):
                continue  # text boxes are lines of their own; fallbacks repeat mc:Choice
            if tag == _w("fldChar"):
                kind = child.get(_w("fldCharType"))
                if kind == "begin":
                    field["depth"] += 1
                    field["result"] = False
                elif kind == "separate":
                    field["result"] = True
                elif kind == "end":
                    field["depth"] = max(0, field["depth"] - 1)
                    field["result"] = False
            elif tag == _w("instrText"):
                words = (child.text or "").split()
                if field["depth"] and not field["result"] and words:
                    parts.append("{" + words[0].upper() + "}")
            elif tag == _w("fldSimple"):
                words = (child.get(_w("instr")) or "").split()
                parts.append("{" + (words[0].upper() if words else "") + "}")
            elif field["depth"] and field["result"]:
                continue  # a field's cached result (a page number) is not compared
            elif tag == _w("del"):
                deleted = "".join(t.text or "" for t in child.iter(_w("delText")))
                self._finding("未接受的修订（删除的文字）", deleted)
            elif tag == _w("ins"):
                self.findings.append(f"{self.where}有未接受的修订（插入的内容）")
                self._walk(child, p, parts, field)
            elif tag == T:
                text = child.text or ""
                why = _invisible(self.styles.run_properties(node, p)) if text.strip() else None
                if why is not None:
                    self._finding(why, text)
                else:
                    parts.append(text)
            elif tag in (_w("tab"), _w("ptab")) and node.tag == R:
                parts.append("\t")
            elif tag in (_w("br"), _w("cr")):
                if child.get(_w("type")) in (None, "textWrapping"):
                    parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("sym"):
                parts.append(f"[{child.get(_w('font'), '')}:{child.get(_w('char'), '')}]")
            else:
                self._walk(child, p, parts, field)


def _normalise(text: str) -> str:
    # NFC, and no-break/ideographic spaces as re-savers write them, kept distinct
    # from nothing: only trailing whitespace of a line is dropped.
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


# ------------------------------------------------------------------ package


def _xml(archive: zipfile.ZipFile, name: str) -> Any | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(archive.read(name), parser)
    except KeyError:
        return None


def _rels(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, target part name) of ``part``."""
    folder = PurePosixPath(part).parent
    root = _xml(archive, str(folder / "_rels" / f"{PurePosixPath(part).name}.rels"))
    found: dict[str, tuple[str, str]] = {}
    for rel in root if root is not None else []:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        name = target.lstrip("/") if target.startswith("/") else str(folder / target)
        found[rel.get("Id", "")] = (rel.get("Type", ""), _clean_path(name))
    return found


def _clean_path(name: str) -> str:
    parts: list[str] = []
    for piece in name.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _main_part(archive: zipfile.ZipFile) -> str:
    root = _xml(archive, "_rels/.rels")
    for rel in root if root is not None else []:
        if rel.get("Type") == OFFICE_DOC_RT:
            return rel.get("Target", "").lstrip("/")
    return "word/document.xml"


def read_visible(source: Path | bytes) -> VisibleText:
    """The visible text and findings of a .docx (a path or its bytes).

    Raises ValueError (zipfile.BadZipFile, lxml's XMLSyntaxError) or KeyError
    for a file that is not a readable .docx; callers turn that into a message.
    """
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        main = _main_part(archive)
        root = _xml(archive, main)
        if root is None:
            raise KeyError(main)
        rels = _rels(archive, main)
        styles_part = next((t for k, t in rels.values() if k.endswith("/styles")), None)
        styles = _Styles(_xml(archive, styles_part) if styles_part else None)
        reader = _Reader(styles, "正文中")
        body = root.find(_w("body"))
        body_lines = [x for x in reader.lines(body if body is not None else []) if x.strip()]
        findings = list(reader.findings)
        texts: set[str] = set()
        for ref in root.iter(_w("headerReference"), _w("footerReference")):
            target = rels.get(ref.get(f"{{{R_NS}}}id", ""))
            part = _xml(archive, target[1]) if target else None
            if part is None:
                continue
            where = "页眉中" if ref.tag == _w("headerReference") else "页脚中"
            hf = _Reader(styles, where)
            text = "\n".join(x for x in hf.lines(part) if x.strip())
            findings.extend(hf.findings)
            if text:
                texts.add(text)
        for kind, target in rels.values():
            if kind.endswith("/comments"):
                part = _xml(archive, target)
                if part is not None and "".join(part.itertext()).strip():
                    findings.append("文档中有批注")
    return VisibleText(body_lines, sorted(texts), _dedupe(findings))


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
