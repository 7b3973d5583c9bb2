"""Which of the document's fonts are missing on this PC.

The exported DOCX names its fonts (仿宋_GB2312, 方正小标宋简体 …); Word shows
a substitute for any font the PC lacks, so the clerk may see a page that looks
wrong although the file is right. We tell them before they worry, and say what
to do. Windows may report a font under its English name, so known aliases
count as installed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFontDatabase

from fulian_desktop.render.styles import StyleProfile, profile_fonts

#: Chinese font names and the English family names Windows may report instead.
ALIASES: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("FangSong_GB2312",),
    "楷体_GB2312": ("KaiTi_GB2312",),
    "仿宋": ("FangSong",),
    "楷体": ("KaiTi",),
    "黑体": ("SimHei",),
    "宋体": ("SimSun",),
    "微软雅黑": ("Microsoft YaHei",),
    "方正小标宋简体": ("FZXiaoBiaoSong-B05S",),
    "方正小标宋_GBK": ("FZXiaoBiaoSong-B05",),
    "方正仿宋_GBK": ("FZFangSong-Z02",),
}


def _names(font: str) -> set[str]:
    return {n.casefold() for n in (font, *ALIASES.get(font, ()))}


def missing_fonts(wanted: Iterable[str], installed: Iterable[str]) -> list[str]:
    """The wanted fonts not among the installed families (case-insensitive, aliases known)."""
    have = {name.casefold() for name in installed}
    missing = {font for font in wanted if not (_names(font) & have)}
    return sorted(missing, key=lambda name: (name.isascii(), name))  # Chinese fonts first


def installed_families() -> list[str]:
    """Font families Qt finds on this PC (needs a QGuiApplication)."""
    return list(QFontDatabase.families())


def missing_fonts_message(missing: list[str]) -> str:
    """The sentence the clerk reads; '' when nothing is missing."""
    if not missing:
        return ""
    return (
        f"本机未安装：{'、'.join(missing)}。导出的文档在本机 Word 中会以其他字体显示，"
        "报送前请在已安装这些字体的电脑上检查。"
    )


def check_profile_fonts(profile: StyleProfile, installed: Iterable[str] | None = None) -> str:
    """The warning for ``profile`` on this PC ('' when every font is installed)."""
    families = installed_families() if installed is None else installed
    return missing_fonts_message(missing_fonts(profile_fonts(profile), families))
