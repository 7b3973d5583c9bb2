"""Package parts around the document body: the font table, list numbering and
the application properties.

python-docx's default package lists ＭＳ 明朝 and Calibri in ``fontTable.xml``
and none of the fonts the report uses, keeps list numbering that refers to
styles the writer removed, and says ``docProps/app.xml`` was written by
"Microsoft Macintosh Word" with zero pages. Word and WPS read the font table
to substitute a missing font, so a PC without 仿宋_GB2312 should find 仿宋 named
there as the stand-in.
"""

from __future__ import annotations

from typing import Any

from fulian_desktop.render.styles import StyleProfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"

#: The stand-in Word and WPS should use when a font is missing, and how the
#: font is classed (charset 86 = GB2312; family and pitch as Word writes them).
FONT_FACTS: dict[str, tuple[str, str, str, str]] = {
    # name: (altName, charset, family, pitch)
    "仿宋_GB2312": ("仿宋", "86", "modern", "fixed"),
    "楷体_GB2312": ("楷体", "86", "modern", "fixed"),
    "方正小标宋简体": ("宋体", "86", "script", "fixed"),
    "黑体": ("SimHei", "86", "modern", "fixed"),
    "宋体": ("SimSun", "86", "auto", "variable"),
    "仿宋": ("FangSong", "86", "modern", "fixed"),
    "楷体": ("KaiTi", "86", "modern", "fixed"),
    "Times New Roman": ("", "00", "roman", "variable"),
}


def _is_cjk_name(name: str) -> bool:
    return any(ord(ch) > 0x2E80 for ch in name)


def font_table_xml(profile: StyleProfile) -> bytes:
    """``word/fontTable.xml`` naming every font the profile uses."""
    from lxml import etree

    w = f"{{{W_NS}}}"
    root = etree.Element(f"{w}fonts", nsmap={"w": W_NS})
    names = sorted(set(profile.fonts.model_dump().values()), key=lambda n: (_is_cjk_name(n), n))
    for name in names:
        default = (
            ("", "86", "auto", "variable") if _is_cjk_name(name) else ("", "00", "auto", "variable")
        )
        alt, charset, family, pitch = FONT_FACTS.get(name, default)
        font = etree.SubElement(root, f"{w}font", {f"{w}name": name})
        if alt:
            etree.SubElement(font, f"{w}altName", {f"{w}val": alt})
        etree.SubElement(font, f"{w}charset", {f"{w}val": charset})
        etree.SubElement(font, f"{w}family", {f"{w}val": family})
        etree.SubElement(font, f"{w}pitch", {f"{w}val": pitch})
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def app_xml(application: str) -> bytes:
    """``docProps/app.xml``: this application, and no counts (the writer does
    not lay out pages, and Word recounts on opening anyway)."""
    from lxml import etree

    root = etree.Element(f"{{{APP_NS}}}Properties", nsmap={None: APP_NS, "vt": VT_NS})
    etree.SubElement(root, f"{{{APP_NS}}}Application").text = application
    etree.SubElement(root, f"{{{APP_NS}}}DocSecurity").text = "0"
    etree.SubElement(root, f"{{{APP_NS}}}ScaleCrop").text = "false"
    etree.SubElement(root, f"{{{APP_NS}}}LinksUpToDate").text = "false"
    etree.SubElement(root, f"{{{APP_NS}}}SharedDoc").text = "false"
    etree.SubElement(root, f"{{{APP_NS}}}HyperlinksChanged").text = "false"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


#: Theme fonts for Chinese text (python-docx's theme has empty ea slots and
#: Japanese script fonts, which WPS reports as missing): headings, body.
THEME_EA_FONTS = {"majorFont": "黑体", "minorFont": "宋体"}
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def chinese_theme(blob: bytes) -> bytes:
    """``theme1.xml`` with 黑体/宋体 as the East Asian and Hans fonts and no
    Japanese (Jpan) fonts."""
    from lxml import etree

    root = etree.fromstring(blob)
    a = f"{{{A_NS}}}"
    for slot, face in THEME_EA_FONTS.items():
        for fonts in root.iter(f"{a}{slot}"):
            ea = fonts.find(f"{a}ea")
            if ea is not None:
                ea.set("typeface", face)
            for font in fonts.findall(f"{a}font"):
                if font.get("script") == "Jpan":
                    fonts.remove(font)
                elif font.get("script") == "Hans":
                    font.set("typeface", face)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_compatibility_mode(settings: Any, mode: int = 15) -> None:
    """Word 2013+ layout (15): 14 opens in Word's 兼容模式."""
    for setting in settings.iter(f"{{{W_NS}}}compatSetting"):
        if setting.get(f"{{{W_NS}}}name") == "compatibilityMode":
            setting.set(f"{{{W_NS}}}val", str(mode))


def fix_package(doc: Any, profile: StyleProfile) -> None:
    """Font table, app properties, numbering, theme fonts and compatibility
    mode of a fresh python-docx document."""
    from fulian_desktop import __version__

    package = doc.part.package
    for part in package.iter_parts():
        name = str(part.partname)
        if name == "/word/fontTable.xml":
            part._blob = font_table_xml(profile)
        elif name == "/word/theme/theme1.xml":
            part._blob = chinese_theme(part.blob)
        elif name == "/docProps/app.xml":
            part._blob = app_xml(f"绩效自评报告助手 fulian-desktop {__version__}")
        elif name == "/word/numbering.xml":
            # The template's bullet and number lists name List Bullet / List
            # Number styles that apply_styles removed; the report uses no lists.
            numbering = part.element
            for child in list(numbering):
                numbering.remove(child)
    set_compatibility_mode(doc.settings.element)
