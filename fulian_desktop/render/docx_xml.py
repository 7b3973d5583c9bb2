"""WordprocessingML names, and run properties through the style chain: what
the walk over a document (docx_walk.py) needs to know about styles."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOC_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"

#: Smallest font (half-points) counted as readable: 4 pt.
MIN_VISIBLE_HALF_POINTS = 8


@cache  # called for every element walked: the names are built once
def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


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
        self.ppr: dict[str, Any] = {}  # paragraph properties (the importer's levels, numbering)
        self.names: dict[str, str] = {}
        self.based_on: dict[str, str] = {}
        self.defaults: Any | None = None
        self.default_para: str | None = None
        self._hidden: dict[tuple[str | None, str | None], bool] = {}
        if root is None:
            return
        defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
        self.defaults = defaults
        for style in root.findall(_w("style")):
            sid = style.get(_w("styleId"), "")
            rpr = style.find(_w("rPr"))
            if rpr is not None:
                self.rpr[sid] = rpr
            ppr = style.find(_w("pPr"))
            if ppr is not None:
                self.ppr[sid] = ppr
            name = style.find(_w("name"))
            if name is not None:
                self.names[sid] = name.get(_w("val"), "")
            base = style.find(_w("basedOn"))
            if base is not None:
                self.based_on[sid] = base.get(_w("val"), "")
            default = style.get(_w("default")) in ("1", "true", "on")
            if style.get(_w("type")) == "paragraph" and default:
                self.default_para = sid

    def chain(self, style_id: str | None) -> Iterator[Any]:
        for sid in self.ids(style_id):
            if sid in self.rpr:
                yield self.rpr[sid]

    def ids(self, style_id: str | None) -> Iterator[str]:
        """``style_id`` and the styles it is based on, nearest first (a loop ends it)."""
        seen: set[str] = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            yield style_id
            style_id = self.based_on.get(style_id)

    def hidden(self, run: Any, paragraph: Any) -> bool:
        """Is ``run`` hidden with ``w:vanish`` (own setting, else its styles')?"""
        rpr = run.find(_w("rPr"))
        own = _on(rpr.find(_w("vanish"))) if rpr is not None else None
        if own is not None:
            return own
        rstyle = rpr.find(_w("rStyle")) if rpr is not None else None
        node = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        key = (
            rstyle.get(_w("val")) if rstyle is not None else None,
            node.get(_w("val")) if node is not None else None,
        )
        if key not in self._hidden:  # the same styles again and again: look once
            props = [*self.chain(key[0]), *self.chain(key[1] or self.default_para)]
            props += [self.defaults] if self.defaults is not None else []
            self._hidden[key] = bool(_on(_first(props, "vanish")))
        return self._hidden[key]

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
