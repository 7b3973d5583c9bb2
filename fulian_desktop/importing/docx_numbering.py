"""Word's automatic list numbers (numbering.xml), rendered as Word shows them.

A heading numbered with Word's numbering button has no "一、" in its text:
the number lives in numbering.xml and is drawn by Word. The outline matcher
and the paragraph joining look for "一、" "（一）" "1." at the start of a
paragraph, so the reader prefixes the number here.

Counters are kept per list and level, as Word keeps them (ECMA-376 §17.9):
the list is the abstract definition (w:abstractNum), so list instances
(w:num, the numId a paragraph names) that share one continue each other's
count; an instance with w:lvlOverride/w:startOverride restarts the count at
its value where that instance is first used. Using a level restarts the
levels below it (unless w:lvlRestart says otherwise).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fulian_desktop.render.docx_xml import MC_NS, _w

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STOP = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛"
_CIRCLED_CHINESE = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
#: punctuation after which Word's tab or space before the text is not typed in Chinese
_CJK_END = set("、，．。：；）】」』〕")


def _chinese(n: int, digits: str = "零" + _DIGITS[1:], units: str = "十百千") -> str:
    """一 … 十 十一 二十 一百零五 (Word's chineseCounting and …Thousand)."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        return str(n)  # Word falls back to digits too; no report counts this far
    parts: list[str] = []
    zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            zero = bool(parts)
            continue
        if zero:
            parts.append(digits[0])
            zero = False
        # 十一 rather than 一十一 when the number starts with its tens
        parts.append(unit if (d == 1 and power == 10 and not parts) else digits[d] + unit)
    return "".join(parts)


def _letters(n: int, upper: bool) -> str:
    # Word repeats the letter: a … z, aa … zz
    base = "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if upper else "abcdefghijklmnopqrstuvwxyz"
    return base[(n - 1) % 26] * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _from(table: str, n: int) -> str:
    return table[n - 1] if 0 < n <= len(table) else str(n)


def format_number(n: int, fmt: str) -> str:
    """The counter ``n`` in Word's w:numFmt ``fmt`` (unknown formats as decimal)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting",
               "taiwaneseCountingThousand", "japaneseCounting", "koreanCounting"):  # fmt: skip
        return _chinese(n)
    if fmt == "chineseLegalSimplified":
        return _chinese(n, _LEGAL, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))
    if fmt in ("ideographTraditional", "ideographEnclosedCircle"):
        return _from(_TIANGAN, n)
    if fmt == "ideographZodiac":
        return _from(_DIZHI, n)
    if fmt == "decimalEnclosedCircleChinese":
        return _from(_CIRCLED_CHINESE, n)
    if fmt == "decimalEnclosedCircle":
        return _from(_CIRCLED, n)
    if fmt == "decimalEnclosedParen":
        return _from(_PAREN, n)
    if fmt == "decimalEnclosedFullstop":
        return _from(_STOP, n)
    if fmt == "decimalFullWidth":
        return str(n).translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False  # w:isLgl: higher levels shown as decimal ("1.1", not "一.1")
    restart: int | None = None  # w:lvlRestart: restart after this level (1-based); 0: never
    style: str | None = None  # w:pStyle: the paragraph style this level is linked to


def _val(node: Any | None, default: str | None = None) -> str | None:
    return default if node is None else node.get(_w("val"), default)


def _int(text: str | None, default: int | None) -> int | None:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def _level(lvl: Any) -> _Level:
    fmt = lvl.find(_w("numFmt"))
    if fmt is None:  # Word 2010 writes custom formats in mc:AlternateContent, decimalZero after
        fmt = lvl.find(f"{{{MC_NS}}}AlternateContent/{{{MC_NS}}}Fallback/{_w('numFmt')}")
    return _Level(
        start=_int(_val(lvl.find(_w("start"))), 1) or 0,
        fmt=_val(fmt, "decimal") or "decimal",
        text=_val(lvl.find(_w("lvlText")), "") or "",
        suffix=_val(lvl.find(_w("suff")), "tab") or "tab",
        legal=(lvl.find(_w("isLgl")) is not None and _val(lvl.find(_w("isLgl")), "1") != "0"),
        restart=_int(_val(lvl.find(_w("lvlRestart"))), None),
        style=_val(lvl.find(_w("pStyle"))),
    )


def _levels(parent: Any) -> dict[int, _Level]:
    found: dict[int, _Level] = {}
    for lvl in parent.findall(_w("lvl")):
        ilvl = _int(lvl.get(_w("ilvl")), None)
        if ilvl is not None and 0 <= ilvl < 9:
            found[ilvl] = _level(lvl)
    return found


@dataclass
class _Num:
    abstract: str  # the list whose count this instance shares
    levels: dict[int, _Level]
    starts: dict[int, int] = field(default_factory=dict)  # w:lvlOverride: restart here


class Numbering:
    """numbering.xml, and the counters of one reading of the document."""

    def __init__(self, root: Any | None, style_num: dict[str, str] | None = None) -> None:
        self.nums: dict[str, _Num] = {}
        self.counters: dict[str, dict[int, int]] = {}  # by abstractNumId, then level
        self.used: set[tuple[str, int]] = set()  # (numId, level) already numbered once
        if root is None:
            return
        abstract = {a.get(_w("abstractNumId"), ""): a for a in root.findall(_w("abstractNum"))}
        instances = {n.get(_w("numId"), ""): n for n in root.findall(_w("num"))}
        for num_id, num in instances.items():
            aid = self._resolve(
                abstract, instances, _val(num.find(_w("abstractNumId")), ""), style_num
            )
            node = abstract.get(aid)
            entry = _Num(aid, _levels(node) if node is not None else {})
            for override in num.findall(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), None)
                if ilvl is None or not 0 <= ilvl < 9:
                    continue
                replaced = override.find(_w("lvl"))
                if replaced is not None:
                    entry.levels[ilvl] = _level(replaced)
                    entry.starts[ilvl] = entry.levels[ilvl].start
                start = _int(_val(override.find(_w("startOverride"))), None)
                if start is not None:
                    entry.starts[ilvl] = start
            self.nums[num_id] = entry

    @staticmethod
    def _resolve(
        abstract: dict[str, Any],
        instances: dict[str, Any],
        aid: str | None,
        style_num: dict[str, str] | None,
    ) -> str:
        """The abstractNum that holds the levels: a list style's (w:numStyleLink)
        are in the abstractNum its style's own num points to."""
        node = abstract.get(aid or "")
        link = node.find(_w("numStyleLink")) if node is not None else None
        if link is None or not style_num:
            return aid or ""
        num = instances.get(style_num.get(_val(link, "") or "", ""))
        target = _val(num.find(_w("abstractNumId")), "") if num is not None else None
        linked = abstract.get(target or "")
        if linked is None or linked.find(_w("numStyleLink")) is not None:
            return aid or ""  # a link to a link: Word goes no further either
        return target or ""

    def style_level(self, num_id: str, style_id: str | None) -> int | None:
        """The level of list ``num_id`` linked to paragraph style ``style_id`` (Word's
        "link level to style": 标题 2 is level 2 without saying so in its numPr)."""
        num = self.nums.get(num_id)
        for ilvl, level in sorted(num.levels.items()) if num and style_id else []:
            if level.style == style_id:
                return ilvl
        return None

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of list ``num_id`` at level ``ilvl``, with what follows it
        ("一、", "（一）", "1. "); "" when the paragraph is not numbered."""
        num = self.nums.get(num_id)
        if num is None or ilvl not in num.levels:
            return ""
        level = num.levels[ilvl]
        counters = self.counters.setdefault(num.abstract, {})
        for lower in [k for k in counters if k > ilvl]:
            restart = num.levels[lower].restart if lower in num.levels else None
            if restart != 0 and (restart is None or ilvl < restart):
                del counters[lower]  # a higher level was used: the lower ones start again
        first_use = (num_id, ilvl) not in self.used
        self.used.add((num_id, ilvl))
        if first_use and ilvl in num.starts:
            counters[ilvl] = num.starts[ilvl]  # this instance restarts the shared count
        elif ilvl in counters:
            counters[ilvl] += 1
        else:
            counters[ilvl] = level.start
        if level.fmt == "bullet":
            return "• "  # a bullet is not a number; "•" is what the joining knows as an item
        text = level.text
        for k in range(8, -1, -1):  # %10 does not exist; replace %9 … %1
            if f"%{k + 1}" not in text:
                continue
            other = num.levels.get(k, _Level())
            value = counters.get(k, num.starts.get(k, other.start))
            fmt = "decimal" if (level.legal and k < ilvl) else other.fmt
            text = text.replace(f"%{k + 1}", format_number(value, fmt))
        if not text.strip() or level.suffix == "nothing":
            return text
        return text if text[-1] in _CJK_END else text + " "
