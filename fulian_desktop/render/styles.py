"""Style profiles: how each paragraph role looks on paper.

The document model says *what* a paragraph is (body, title, 一、 heading …);
a profile says how that role is set: fonts, sizes, indents, page setup. The
built-in profile ``gbt9704`` follows GB/T 9704-2012 《党政机关公文格式》 as
collected in ``shared/spec/document-format.md``. A template may adjust it
with a nested dict (``Document.style_overrides``), e.g.
``{"fonts": {"body": "仿宋"}, "margins_mm": {"top": 35}}``; unknown keys and
impossible values are refused with a plain message.

Lengths are kept in the units the standard speaks (mm, pt, characters) and
converted to twips (1/20 pt) only when written. The second half of the
module turns a profile into Word's document defaults and paragraph styles.
"""

from __future__ import annotations

import copy
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from fulian_desktop.errors import UserError

Align = Literal["justify", "left", "center", "right"]

#: Roles a profile must style: the document model's roles plus what the
#: writer adds itself (table text, table caption, page number).
ROLES = (
    "body",
    "title",
    "label",
    "h1",
    "h2",
    "h3",
    "h4",
    "note",
    "signature",
    "cover",
    "marker",
    "table",
    "caption",
    "page_number",
)

_FONT_NAME = re.compile(r"^[^\x00-\x1f<>&\"]{1,64}$")


def mm_to_twips(mm: float) -> int:
    """Millimetres to twips, rounded half up (37 mm → 2098, as in the spec)."""
    twips = Decimal(str(mm)) * 1440 / Decimal("25.4")
    return int(twips.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Margins(_Strict):
    top: float = Field(37, gt=0, lt=150)
    bottom: float = Field(35, gt=0, lt=150)
    left: float = Field(28, gt=0, lt=150)  # binding side
    right: float = Field(26, gt=0, lt=150)


class Fonts(_Strict):
    """East Asian font per role; ``latin`` is used for Latin letters and digits
    in every role except the page number (half-width 宋体 digits)."""

    body: str = "仿宋_GB2312"
    title: str = "方正小标宋简体"
    label: str = "黑体"
    h1: str = "黑体"
    h2: str = "楷体_GB2312"
    h3: str = "仿宋_GB2312"
    h4: str = "仿宋_GB2312"
    note: str = "仿宋_GB2312"
    signature: str = "仿宋_GB2312"
    cover: str = "仿宋_GB2312"
    marker: str = "黑体"
    table: str = "仿宋_GB2312"
    caption: str = "仿宋_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"

    @field_validator("*")
    @classmethod
    def _font_name(cls, value: str) -> str:
        value = value.strip()
        if not _FONT_NAME.match(value):
            raise ValueError('字体名称不能为空，也不能含有控制字符或 < > & "')
        return value


class RoleStyle(_Strict):
    """How one role is set. ``first_line_chars``/``right_chars`` are in
    characters of the body size (GB/T 9704 counts indents in characters)."""

    size_pt: float = Field(16, ge=5, le=72)
    bold: bool = False
    align: Align = "justify"
    first_line_chars: float = Field(0, ge=0, le=10)
    right_chars: float = Field(0, ge=0, le=20)
    outline_level: int | None = Field(None, ge=0, le=8)
    color: str | None = None  # RRGGBB
    exact_pitch: bool = True  # False: single spacing off the grid (tables, footers)
    # Exact spacing of its own, off the document grid: a 22 pt title snapped
    # to the 28.95 pt grid takes two grid lines per line.
    pitch_twips: int | None = Field(None, ge=100, le=2000)
    keep_next: bool = False  # stay on the page of the next paragraph

    @field_validator("color")
    @classmethod
    def _color(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
            raise ValueError("颜色应写成六位十六进制，例如 808080")
        return value.upper() if value else value


def _default_roles() -> dict[str, RoleStyle]:
    heading = {"first_line_chars": 0, "align": "justify", "keep_next": True}
    return {
        "body": RoleStyle(first_line_chars=2),
        # 2号 title: 33 pt exact (1.5 × 22 pt), not snapped to the grid.
        "title": RoleStyle(size_pt=22, align="center", pitch_twips=660, keep_next=True),
        # 附件2: introduces what follows, never alone at a page foot.
        "label": RoleStyle(align="left", keep_next=True),
        "h1": RoleStyle(outline_level=0, **heading),
        "h2": RoleStyle(outline_level=1, **heading),
        "h3": RoleStyle(outline_level=2, bold=True, **heading),
        "h4": RoleStyle(outline_level=3, **heading),
        "note": RoleStyle(size_pt=14, first_line_chars=2),
        # GB/T 9704 7.3.5: the unit's name two characters in from the right.
        # keep_next: the unit's name never ends a page without its date.
        "signature": RoleStyle(align="right", right_chars=2, keep_next=True),
        "cover": RoleStyle(align="left"),
        "marker": RoleStyle(size_pt=12, align="right", color="808080", exact_pitch=False),
        "table": RoleStyle(size_pt=14, align="left", exact_pitch=False),
        "caption": RoleStyle(size_pt=14, align="right", keep_next=True),
        "page_number": RoleStyle(size_pt=14, align="right", exact_pitch=False),
    }


class StyleProfile(_Strict):
    """Every layout setting the DOCX writer uses; defaults are GB/T 9704-2012."""

    name: str = "gbt9704"
    page_width_mm: float = Field(210, gt=50, lt=1000)  # A4
    page_height_mm: float = Field(297, gt=50, lt=1000)
    margins_mm: Margins = Field(default_factory=Margins)
    header_mm: float = Field(15, ge=0, lt=100)  # page edge to header (草稿 marker)
    # Page edge to the footer: GB/T 9704 7.5 puts the number's 一字线 7 mm
    # below the text block. Measured in LibreOffice at 300 dpi: 24 mm put the
    # dash's top 8.25 mm below the block; 25.3 mm puts it at 7 mm.
    footer_mm: float = Field(25.3, ge=0, lt=100)
    body_size_pt: float = Field(16, ge=5, le=72)  # 3号; one "character" of indent
    line_pitch_twips: int = Field(579, ge=100, le=2000)  # 225 mm / 22 lines
    lines_per_page: int = Field(22, ge=1, le=100)
    chars_per_line: int = Field(28, ge=1, le=100)
    # Condensing that fits 28 characters of 16 pt into 156 mm (LibreOffice
    # and, reportedly, Word); "linesAndChars" uses Word's character grid instead.
    char_spacing_twips: int = Field(-5, ge=-40, le=40)
    grid_type: Literal["lines", "linesAndChars"] = "lines"
    # East Asian language of the text. Latin text and digits are tagged with
    # ``latin_language``, as Word does for a Chinese document: tagged zh-CN,
    # LibreOffice breaks numbers and Latin words anywhere ("99./44%").
    language: str = Field("zh-CN", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    latin_language: str = Field("en-US", pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")
    # Printed on both sides: the cover counts as page 1 (no number shown), so
    # every odd number is on a right-hand page and lands on the outer edge.
    double_sided: bool = False
    fonts: Fonts = Field(default_factory=Fonts)
    roles: dict[str, RoleStyle] = Field(default_factory=_default_roles)
    page_number_prefix: str = Field("— ", max_length=8)
    page_number_suffix: str = Field(" —", max_length=8)
    page_number_inset_chars: float = Field(1, ge=0, le=10)  # 一字 in from the block edge
    draft_marker_text: str = Field("草稿 — 未定稿，不得报送", min_length=1, max_length=60)
    table_border_size: int = Field(4, ge=2, le=24)  # eighths of a point
    table_header_bold: bool = True

    @field_validator("roles")
    @classmethod
    def _all_roles(cls, roles: dict[str, RoleStyle]) -> dict[str, RoleStyle]:
        unknown = sorted(set(roles) - set(ROLES))
        if unknown:
            raise ValueError(f"未知的段落角色：{'、'.join(unknown)}")
        missing = [role for role in ROLES if role not in roles]
        if missing:
            raise ValueError(f"缺少段落角色：{'、'.join(missing)}")
        return roles

    @model_validator(mode="after")
    def _fits(self) -> StyleProfile:
        m = self.margins_mm
        if m.left + m.right >= self.page_width_mm - 20:
            raise ValueError("左右页边距太大，版心不足 20 毫米宽")
        if m.top + m.bottom >= self.page_height_mm - 20:
            raise ValueError("上下页边距太大，版心不足 20 毫米高")
        return self

    # Lengths the writer needs, in twips.
    @property
    def page_twips(self) -> tuple[int, int]:
        return mm_to_twips(self.page_width_mm), mm_to_twips(self.page_height_mm)

    @property
    def margin_twips(self) -> dict[str, int]:
        m = self.margins_mm
        return {
            "top": mm_to_twips(m.top),
            "bottom": mm_to_twips(m.bottom),
            "left": mm_to_twips(m.left),
            "right": mm_to_twips(m.right),
        }

    @property
    def text_width_twips(self) -> int:
        margins = self.margin_twips
        return self.page_twips[0] - margins["left"] - margins["right"]

    @property
    def char_twips(self) -> int:
        """One character of the body size, the unit of GB/T 9704 indents."""
        return round(self.body_size_pt * 20)

    @property
    def char_space(self) -> int:
        """``w:docGrid w:charSpace`` for a linesAndChars grid: the extra pitch per
        character in 1/4096 pt so that ``chars_per_line`` fill the block."""
        pitch_pt = self.text_width_twips / 20 / self.chars_per_line
        return round((pitch_pt - self.body_size_pt) * 4096)

    def role(self, name: str) -> RoleStyle:
        return self.roles[name]

    def font(self, role: str) -> str:
        return getattr(self.fonts, role)


#: Built-in profiles by name; each is a dict of overrides over the defaults.
PROFILES: dict[str, dict[str, Any]] = {"gbt9704": {}}


def _merge(base: dict[str, Any], overrides: dict[str, Any], path: str = "") -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in overrides.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in merged:
            raise UserError(f"版式设置中没有“{where}”这一项")
        if isinstance(merged[key], dict) and not isinstance(value, dict):
            raise UserError(f"版式设置“{where}”应是一组设置，而不是单个值")
        if isinstance(merged[key], dict):
            merged[key] = _merge(merged[key], value, where)
        else:
            merged[key] = value
    return merged


_MESSAGES = {
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应不小于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应不大于 {le}",
    "int_parsing": "应是整数",
    "int_from_float": "应是整数",
    "float_parsing": "应是数字",
    "float_type": "应是数字",
    "int_type": "应是整数",
    "bool_parsing": "应是 true 或 false",
    "bool_type": "应是 true 或 false",
    "string_type": "应是文字",
    "literal_error": "应是以下之一：{expected}",
    "string_too_long": "最多 {max_length} 个字符",
    "string_too_short": "不能为空",
    "string_pattern_mismatch": "格式不对",
    "dict_type": "应是一组设置",
}


def _explain(error: ValidationError) -> str:
    """One plain line for the first problem pydantic found."""
    first = error.errors()[0]
    template = _MESSAGES.get(first["type"])
    try:
        message = template.format(**first.get("ctx", {})) if template else None
    except (KeyError, IndexError):
        message = None
    message = message or str(first["msg"]).removeprefix("Value error, ")
    where = ".".join(str(part) for part in first["loc"])
    return f"版式设置“{where}”有误：{message}" if where else f"版式设置有误：{message}"


def load_profile(name: str = "gbt9704", overrides: dict[str, Any] | None = None) -> StyleProfile:
    """The named profile with ``overrides`` (a nested dict) applied on top.

    Raises UserError with a one-line Chinese message for an unknown profile,
    an unknown setting or an impossible value.
    """
    if name not in PROFILES:
        known = "、".join(sorted(PROFILES))
        raise UserError(f"没有名为“{name}”的版式方案（可用：{known}）")
    if overrides is not None and not isinstance(overrides, dict):
        raise UserError("版式设置应是一组“名称: 值”")
    base = StyleProfile().model_dump()
    data = _merge(base, PROFILES[name])
    data = _merge(data, overrides or {})
    data["name"] = name
    try:
        return StyleProfile.model_validate(data)
    except ValidationError as error:
        raise UserError(_explain(error)) from None


def profile_fonts(profile: StyleProfile) -> set[str]:
    """Every font family the profile asks for (the UI checks which are installed)."""
    return set(profile.fonts.model_dump().values())


# ------------------------------------------------- Word styles from a profile
# Built here so a profile and the styles.xml it becomes stay side by side;
# python-docx is imported only inside the functions.

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Style id and the name a clerk sees in Word's style list, per role.
STYLES: dict[str, tuple[str, str]] = {
    "body": ("FLBody", "公文正文"),
    "title": ("FLTitle", "公文标题"),
    "label": ("FLLabel", "附件标签"),
    "h1": ("FLHeading1", "一级标题"),
    "h2": ("FLHeading2", "二级标题"),
    "h3": ("FLHeading3", "三级标题"),
    "h4": ("FLHeading4", "四级标题"),
    "note": ("FLNote", "说明文字"),
    "signature": ("FLSignature", "落款"),
    "cover": ("FLCover", "封面文字"),
    "marker": ("FLMarker", "草稿标记"),
    "table": ("FLTableText", "表格文字"),
    "caption": ("FLCaption", "表格单位"),
    "page_number": ("FLPageNumber", "页码"),
}
# Paragraphs the writer adds for layout only; read_docx_text skips them, as
# Document.text() has no line for spacers, captions or breaks.
SPACER_STYLE = "FLSpacer"
BREAK_STYLE = "FLPageBreak"
LAYOUT_STYLES = {SPACER_STYLE, BREAK_STYLE, STYLES["caption"][0]}
# Styles kept from python-docx's default template; the rest (Heading 1 with
# theme fonts and blue colour, Title, …) would only mislead.
KEEP_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList"}
THEME_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
JC = {"justify": "both", "left": "left", "center": "center", "right": "right"}


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_W_NSMAP = {"w": W_NS}


@cache
def _make_element() -> Any:
    """python-docx's element factory (its parser gives its element classes),
    looked up once: a report makes thousands of elements."""
    from docx.oxml.parser import oxml_parser

    return oxml_parser.makeelement


def element(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> Any:
    """A ``w:`` element with ``w:`` attributes (values stringified); the same
    element ``docx.oxml.OxmlElement(f"w:{tag}")`` makes."""
    attrib = {w(key): str(value) for key, value in attrs.items()} if attrs else None
    node = _make_element()(w(tag), attrib=attrib, nsmap=_W_NSMAP)
    for child in children:
        if child is not None:
            node.append(child)
    return node


def _fonts(east_asian: str, latin: str) -> Any:
    return element(
        "rFonts",
        {"ascii": latin, "hAnsi": latin, "eastAsia": east_asian, "cs": latin, "hint": "eastAsia"},
    )


def _spacing(profile: StyleProfile, exact: bool, pitch: int | None = None) -> Any:
    if pitch:
        line = {"line": pitch, "lineRule": "exact"}
    elif exact:
        line = {"line": profile.line_pitch_twips, "lineRule": "exact"}
    else:
        line = {"line": 240, "lineRule": "auto"}
    return element("spacing", {"before": 0, "beforeLines": 0, "after": 0, "afterLines": 0, **line})


def language(profile: StyleProfile) -> Any:
    """``w:lang``: Latin text in ``latin_language``, Chinese in ``language``."""
    return element(
        "lang", {"val": profile.latin_language, "eastAsia": profile.language, "bidi": "ar-SA"}
    )


def indent(
    profile: StyleProfile, first_chars: float = 0, right_chars: float = 0, left_chars: float = 0
) -> Any:
    """Indents in characters; twips too, for readers that ignore ``*Chars``."""
    one = profile.char_twips
    attrs: dict[str, Any] = {
        "left": round(left_chars * one),
        "leftChars": round(left_chars * 100),
        "right": round(right_chars * one),
        "rightChars": round(right_chars * 100),
    }
    if first_chars < 0:  # a hanging indent: wrapped lines align under the text
        attrs.update(hanging=round(-first_chars * one), hangingChars=round(-first_chars * 100))
    else:
        attrs.update(firstLine=round(first_chars * one), firstLineChars=round(first_chars * 100))
    return element("ind", attrs)


#: East Asian line breaking stated, not left to each reader; the values are
#: Word's own defaults, so Word and WPS lay out as before (避头尾, marks may
#: hang). overflowPunct="1" matters for LibreOffice: its DOCX import reads it
#: inverted (hanging = val == 0), so its hanging punctuation goes off; with it
#: on, a 、；，。 after an exactly full justified line was not drawn at all.
EAST_ASIAN_RULES = (
    ("kinsoku", 1),
    ("wordWrap", 1),
    ("overflowPunct", 1),
    ("topLinePunct", 0),
    ("autoSpaceDE", 1),
    ("autoSpaceDN", 1),
)


def east_asian_rules() -> list[Any]:
    """The rules as pPr children (schema order: after widowControl, before
    snapToGrid and spacing)."""
    return [element(tag, {"val": val}) for tag, val in EAST_ASIAN_RULES]


#: Word's built-in heading styles the outline roles are based on, so pandoc,
#: mammoth, WPS's 目录 and screen readers see headings. Defined here with
#: nothing of Word's look (theme fonts, blue, 24 pt before): the FL styles
#: based on them set everything themselves.
HEADING_LEVELS = 4


def builtin_heading_id(level: int) -> str:
    """``Heading1`` for outline level 0."""
    return f"Heading{level + 1}"


def _builtin_heading(level: int) -> Any:
    """Word's Heading N, holding only the outline level and no look of its own:
    keep-with-next, bold, italic and colour stated off (the FL style based on
    it sets what it wants), since a reader's own Heading N (LibreOffice's is bold)
    would add them to what is not stated here."""
    return element(
        "style",
        {"type": "paragraph", "styleId": builtin_heading_id(level)},
        element("name", {"val": f"heading {level + 1}"}),
        element("basedOn", {"val": "Normal"}),
        element("next", {"val": "Normal"}),
        element("uiPriority", {"val": 9}),
        element("qFormat"),
        element(
            "pPr", None, element("keepNext", {"val": 0}), element("outlineLvl", {"val": level})
        ),
        element(
            "rPr",
            None,
            element("b", {"val": 0}),
            element("bCs", {"val": 0}),
            element("i", {"val": 0}),
            element("iCs", {"val": 0}),
            element("color", {"val": "auto"}),
        ),
    )


def _style(profile: StyleProfile, role: str, style_id: str, name: str) -> Any:
    """A paragraph style for ``role``, based on Normal, or on Word's Heading N
    for an outline level (its look is all stated here, not inherited)."""
    look = profile.role(role)
    latin = profile.font(role) if role == "page_number" else profile.fonts.latin
    size = round(look.size_pt * 2)
    level = look.outline_level
    heading = level is not None and level < HEADING_LEVELS
    ppr = element(
        "pPr",
        None,
        element("keepNext") if look.keep_next else None,
        element("widowControl"),
        *east_asian_rules(),
        element("snapToGrid", {"val": 0}) if not look.exact_pitch or look.pitch_twips else None,
        _spacing(profile, look.exact_pitch, look.pitch_twips),
        indent(profile, look.first_line_chars, look.right_chars),
        element("jc", {"val": JC[look.align]}),
        element("outlineLvl", {"val": look.outline_level})
        if look.outline_level is not None
        else None,
    )
    rpr = element(
        "rPr",
        None,
        _fonts(profile.font(role), latin),
        element("b") if look.bold else None,
        element("bCs") if look.bold else None,
        element("color", {"val": look.color}) if look.color else None,
        element("sz", {"val": size}),
        element("szCs", {"val": size}),
        language(profile),
    )
    style = element(
        "style",
        {"type": "paragraph", "customStyle": 1, "styleId": style_id},
        element("name", {"val": name}),
        element("basedOn", {"val": builtin_heading_id(level) if heading else "Normal"}),
        element("next", {"val": "FLBody" if look.outline_level is not None else style_id}),
        element("qFormat"),
        ppr,
        rpr,
    )
    return style


def _layout_style(profile: StyleProfile, style_id: str, name: str, *, tiny: bool) -> Any:
    """Spacer (an empty body line) or page-break carrier (as thin as possible)."""
    if tiny:
        ppr = element(
            "pPr",
            None,
            *east_asian_rules(),
            element("snapToGrid", {"val": 0}),
            element("spacing", {"before": 0, "after": 0, "line": 20, "lineRule": "exact"}),
            indent(profile),
        )
        rpr = element("rPr", None, element("sz", {"val": 2}), element("szCs", {"val": 2}))
    else:
        ppr = element("pPr", None, *east_asian_rules(), _spacing(profile, True), indent(profile))
        rpr = None
    return element(
        "style",
        {"type": "paragraph", "customStyle": 1, "styleId": style_id},
        element("name", {"val": name}),
        element("basedOn", {"val": "Normal"}),
        element("qFormat"),
        ppr,
        rpr,
    )


def apply_styles(doc: Any, profile: StyleProfile) -> None:
    """Document defaults, Normal and one style per role; no theme fonts left."""
    styles = doc.styles.element
    for style in styles.findall(w("style")):
        if style.get(w("styleId")) not in KEEP_STYLES:
            styles.remove(style)
    defaults = styles.find(w("docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    body_size = round(profile.body_size_pt * 2)
    rpr = element(
        "rPr",
        None,
        _fonts(profile.fonts.body, profile.fonts.latin),
        element("spacing", {"val": profile.char_spacing_twips})
        if profile.char_spacing_twips
        else None,
        element("kern", {"val": 0}),
        element("sz", {"val": body_size}),
        element("szCs", {"val": body_size}),
        language(profile),
    )
    # Widow/orphan control written out, not left to each reader's default.
    ppr = element(
        "pPr", None, element("widowControl"), *east_asian_rules(), _spacing(profile, True)
    )
    defaults = element(
        "docDefaults", None, element("rPrDefault", None, rpr), element("pPrDefault", None, ppr)
    )
    styles.insert(0, defaults)

    normal = styles.find(f"{w('style')}[@{w('styleId')}='Normal']")
    for child in list(normal):
        if child.tag != w("name"):
            normal.remove(child)
    normal.append(element("qFormat"))
    normal.append(
        element(
            "pPr",
            None,
            element("widowControl"),
            *east_asian_rules(),
            _spacing(profile, True),
            indent(profile),
            element("jc", {"val": "both"}),
        )
    )
    normal.append(
        element(
            "rPr",
            None,
            _fonts(profile.fonts.body, profile.fonts.latin),
            element("sz", {"val": body_size}),
            element("szCs", {"val": body_size}),
        )
    )
    for level in range(HEADING_LEVELS):
        styles.append(_builtin_heading(level))
    for role, (style_id, name) in STYLES.items():
        styles.append(_style(profile, role, style_id, name))
    styles.append(_layout_style(profile, SPACER_STYLE, "空行", tiny=False))
    styles.append(_layout_style(profile, BREAK_STYLE, "分页", tiny=True))
    themed = " or ".join(f"@w:{attr}" for attr in THEME_ATTRS)
    for node in styles.xpath(f".//*[{themed}]"):  # python-docx knows the w: prefix
        for attr in THEME_ATTRS:
            node.attrib.pop(w(attr), None)
