"""Word-compatible length counts and cleanup of pasted text.

Reviewers check limits such as 篇幅不超过2000字 in Word's statistics dialog, so
the counts here follow Word's 字数 (see shared/spec/document-format.md):

- every CJK character (ideographs of all extensions, compatibility ideographs,
  kana, bopomofo) and every full-width / CJK punctuation mark counts 1;
- a run of Hangul counts 1, because Word reports 中文字符和朝鲜语单词: Korean is
  counted in words, not syllables;
- every other unbroken run of non-space characters counts 1: ``2021``,
  ``12.34%``, ``APP``, ``e-mail``. A lone half-width mark between CJK
  characters (``中文,中文``) is such a run too and counts 1, as Word counts it
  as a 非中文单词;
- white space, line ends, zero-width and control characters count 0.

So ``东京2024奥运会`` is 6 and ``东京2024奥运会。`` is 7: the full-width 。 counts
like any full-width mark. (The spec's example gives 6 for the text with 。,
which contradicts its own rule; the rule is what Word does.)

Characters are counted per code point; an emoji made of several code points
(flags, ZWJ sequences) counts as several characters in the character counts.
"""

from __future__ import annotations

import functools
import re


@functools.cache
def _re(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled on first use. The clean-up patterns below hold the
    big CJK classes and took ~12 ms to compile at import, on every start, though
    only a paste or an import uses them; the counting ones stay compiled."""
    return re.compile(pattern)


# --- character classes (regex class bodies, without brackets) -------------------

#: Ideographs and other CJK letters, each counted as one 字.
_IDEOGRAPHS = (
    "\u2e80-\u2fdf"  # radicals, Kangxi radicals
    "\u3005-\u3007\u3021-\u3029\u3038-\u303b"  # 々〆〇, Hangzhou numerals
    "\u3040-\u30ff\u31f0-\u31ff"  # kana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3190-\u319f\u31c0-\u31ef"  # kanbun, strokes
    "\u3200-\u33ff"  # enclosed CJK, CJK compatibility (㈠ ㎡)
    "\u3400-\u4dbf\u4e00-\u9fff"  # Extension A, Unified
    "\uf900-\ufaff"  # compatibility ideographs
    "\uff66-\uff9f"  # half-width katakana
    "\U00020000-\U000323af"  # Extensions B-I, compatibility supplement
)
#: Full-width and CJK punctuation, each counted as one 字.
_CJK_PUNCT = (
    "\u3001-\u3004\u3008-\u3020\u302a-\u3037\u303c-\u303f"  # 、。〈〉《》「」【】〔〕〜…
    "\u00b7\u2014\u2015\u2018\u2019\u201c\u201d\u2025\u2026\u203b"  # ·—―‘’“”‥…※
    "\u2460-\u24ff\u25a0-\u25ff\u2605\u2606"  # ①… ■□◆○● ★☆
    "\ufe10-\ufe1f\ufe30-\ufe6f"  # vertical, compatibility and small forms
    "\uff01-\uff65\uffe0-\uffef"  # full-width forms ，：（）１２ and ￥
)
#: Hangul, counted in runs (Word counts Korean words).
_HANGUL = "\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff\uffa0-\uffdc"
#: Invisible characters that count 0 and separate runs: controls that are not
#: white space, soft hyphen, zero-width space, bidi marks, BOM, lone surrogates,
#: non-characters. ZWJ/ZWNJ and variation selectors stay (emoji sequences).
_IGNORED = (
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff0-\ufff8\ufffe\uffff\ud800-\udfff"
)
#: Line and paragraph ends: never counted, not even in 字符数(计空格).
_LINE_ENDS = "\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029"

_SINGLE = _IDEOGRAPHS + _CJK_PUNCT
_SINGLES = re.compile(f"[{_SINGLE}]+")
_RUN = re.compile(f"[{_HANGUL}]+|[^\\s{_SINGLE}{_HANGUL}{_IGNORED}]+")
_NOT_A_CHAR = re.compile(f"[\\s{_IGNORED}]+")
_NOT_A_CHAR_WITH_SPACES = re.compile(f"[{_LINE_ENDS}{_IGNORED}]+")

# --- counting --------------------------------------------------------------------

WORDS = "字数"
CHARS_NO_SPACES = "字符数不计空格"
CHARS_WITH_SPACES = "字符数计空格"
#: Names a template may give as its counting method; the first is the default.
COUNT_METHODS: tuple[str, ...] = (WORDS, CHARS_NO_SPACES, CHARS_WITH_SPACES)


def word_count(text: str) -> int:
    """Word's 字数: CJK characters and full-width marks 1 each, other runs 1 each."""
    # Counting by deletion keeps the per-character work in C (a 32,000-字 text
    # takes about 1 ms); only the few non-CJK runs become Python objects.
    singles = len(text) - len(_SINGLES.sub("", text))
    return singles + len(_RUN.findall(_SINGLES.sub(" ", text)))


def chars_no_spaces(text: str) -> int:
    """Word's 字符数(不计空格): every character except white space and line ends."""
    return len(_NOT_A_CHAR.sub("", text))


def chars_with_spaces(text: str) -> int:
    """Word's 字符数(计空格): spaces and tabs count, line and paragraph ends do not."""
    return len(_NOT_A_CHAR_WITH_SPACES.sub("", text))


_COUNTERS = {
    WORDS: word_count,
    CHARS_NO_SPACES: chars_no_spaces,
    CHARS_WITH_SPACES: chars_with_spaces,
}


def count(text: str, method: str = WORDS) -> int:
    """Count ``text`` the way a template asks, by the method's Chinese name.

    Word's own labels with brackets (``字符数(不计空格)``) are accepted too.
    """
    key = re.sub(r"[()（）\s]", "", method)
    try:
        counter = _COUNTERS[key]
    except KeyError:
        names = "、".join(COUNT_METHODS)
        raise ValueError(f"不认识的计数方式“{method}”，可选：{names}") from None
    return counter(text)


# --- text XML can hold -----------------------------------------------------------

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_XML_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]+")
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85]")


def _join_pair(match: re.Match[str]) -> str:
    high, low = match.group()
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def clean_for_xml(text: str) -> str:
    """Remove what python-docx cannot write; unify line ends to ``\\n``.

    Removed: C0 controls except tab and line ends, DEL, C1 controls,
    U+FFFE/U+FFFF and lone surrogates. A surrogate pair that arrived as two
    code points (from UTF-16 clipboard data) is joined into its character.
    Vertical tab (Word's manual line break), form feed (a PDF page break) and
    NEL are line breaks and become ``\\n`` rather than gluing words together.
    """
    text = _SURROGATE_PAIR.sub(_join_pair, text)
    text = _BREAKS.sub("\n", text)
    return _XML_UNSAFE.sub("", text)


# --- normalising pasted text -----------------------------------------------------

_CJK = _IDEOGRAPHS + _CJK_PUNCT  # "Chinese context" for spacing and punctuation
_ZERO_WIDTH = "[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]+"
_HSPACE = r"[^\S\n]+"  # tabs, NBSP, U+3000 and other spaces, in runs
_FULLWIDTH_ALNUM = {
    **{0xFF10 + i: ord("0") + i for i in range(10)},
    **{0xFF21 + i: ord("A") + i for i in range(26)},
    **{0xFF41 + i: ord("a") + i for i in range(26)},
    0xFF05: ord("%"),
}
_PAGE_NUMBER_LINE = r"[—–\-－]+ ?\d{1,4} ?[—–\-－]+|第 ?\d{1,4} ?页(?:[ ,，/]*共 ?\d{1,4} ?页)?"
_SPACE_NEAR_CJK = f"(?<=[{_CJK}]) +| +(?=[{_CJK}])"
_FULLWIDTH_DOT_IN_NUMBER = r"(?<=\d)．(?=\d)"
_ELLIPSIS = f"(?<=[{_IDEOGRAPHS}])(?:\\.{{3,}}|。{{3,}}|…(?!…))"
_STRAIGHT_QUOTES = r'"([^"\n]*)"'
_PAREN_PAIR = r"\(([^()\n]*)\)"
_SERIAL = r"[一二三四五六七八九十百零〇]+|\d{1,3}"
_LONE_PAREN = f"(?<=[{_CJK}])[()]|[()](?=[{_CJK}])"
_MARK = f"(?<=[{_CJK}])[,;:?!]|[,;:?!](?=[{_CJK}])"
# in a Chinese line, a mark right after any non-ASCII character (an emoji, a symbol,
# a full-width bracket) is Chinese punctuation too: "太好了😀!" gets "！"
_MARK_AFTER_WIDE = r"(?<=[^\x00-\x7f\s])[,;:?!]"
_FULL_STOP = f"(?<=[{_IDEOGRAPHS}”’」』）》】])[.．](?=$|\\s|[{_CJK}])"
_PERCENT_STOP = r"%[.．](?=$|\s)"
_HAS_CJK = f"[{_IDEOGRAPHS}]"
_IS_CJK = f"[{_CJK}]"
_HALF_TO_FULL = str.maketrans(",;:?!()", "，；：？！（）")

#: A line starting like this begins a new item and is never joined to the line before
#: (``ITEM_START``, compiled when first asked for: see ``__getattr__``).
_ITEM_START = (
    r"[一二三四五六七八九十百零]+[、.．]"  # 一、
    r"|[（(][一二三四五六七八九十百零]+[）)]"  # （一）
    r"|\d{1,3}(?:[、．]|\.(?!\d))"  # 1. 1、 but not 12.34
    r"|[（(]\d{1,3}[）)]"  # （1）
    r"|[\u2460-\u24ff\u2776-\u2793]"  # ① ❶
    r"|[一二三四五六七八九十]+是"  # 一是
    r"|第[一二三四五六七八九十百零\d]+(?:[，、,:：]|是|条|章|节|部分|项)"  # 第一，
    r"|[•●○■□◆◇▪►▶√✓※]|[-*] "  # bullets
)
#: A line ending in one of these ends its sentence, so the next line is a new paragraph.
_SENTENCE_END = set("。！？；：…”’」』）!?;:.)")
_INNER_PUNCT = set("，。；！？,;!?")
_SHORT_LINE = 15  # a line this short without punctuation is a heading, not a wrapped line


def _convert_pair(match: re.Match[str]) -> str:
    inner, text = match.group(1), match.string
    before = text[match.start() - 1 : match.start()]
    after = text[match.end() : match.end() + 1]
    if (
        _re(_HAS_CJK).search(inner)
        or _re(_SERIAL).fullmatch(inner)
        or _re(_IS_CJK).match(before)
        or _re(_IS_CJK).match(after)
    ):
        return f"（{inner}）"
    return match.group()


def _quote_pair(match: re.Match[str]) -> str:
    inner = match.group(1)
    return f"“{inner}”" if _re(_HAS_CJK).search(inner) else match.group()


def _to_full(match: re.Match[str]) -> str:
    return match.group().translate(_HALF_TO_FULL)


def _normalise_line(line: str) -> str:
    """Spacing and punctuation inside one line."""
    line = _re(_SPACE_NEAR_CJK).sub("", line.strip(" "))
    line = _re(_FULLWIDTH_DOT_IN_NUMBER).sub(".", line)
    line = _re(_ELLIPSIS).sub("……", line)
    line = _re(_STRAIGHT_QUOTES).sub(_quote_pair, line)
    while True:  # innermost pairs first: (请介绍本镇(街道)的情况)
        converted = _re(_PAREN_PAIR).sub(_convert_pair, line)
        if converted == line:
            break
        line = converted
    line = _re(_LONE_PAREN).sub(_to_full, line)
    line = _re(_MARK).sub(_to_full, line)
    line = _re(_FULL_STOP).sub("。", line)
    if _re(_HAS_CJK).search(line):  # "完成率95.78%." ends a Chinese sentence too
        line = _re(_MARK_AFTER_WIDE).sub(_to_full, line)
        line = _re(_PERCENT_STOP).sub("%。", line)
    return _re(_SPACE_NEAR_CJK).sub("", line)


def _is_heading(paragraph: str) -> bool:
    if any(c in _INNER_PUNCT for c in paragraph):
        return False
    return len(paragraph) <= _SHORT_LINE or _re(_ITEM_START).match(paragraph) is not None


def _continues(paragraph: str, line: str) -> bool:
    """Is ``line`` the rest of ``paragraph``'s sentence, broken by a hard line end?"""
    return not (
        paragraph[-1] in _SENTENCE_END or _re(_ITEM_START).match(line) or _is_heading(paragraph)
    )


def _normalise_once(text: str) -> str:
    text = clean_for_xml(text).replace("\u2028", "\n").replace("\u2029", "\n")
    text = _re(_ZERO_WIDTH).sub("", text)
    text = _re(_HSPACE).sub(" ", text).translate(_FULLWIDTH_ALNUM)
    pieces: list[str] = []  # paragraphs and the separators between them
    paragraph = ""
    blank = False
    for raw in text.split("\n"):
        line = _normalise_line(raw)
        if _re(_PAGE_NUMBER_LINE).fullmatch(line):
            continue  # a PDF page footer inside the paste
        if not line:
            blank = True
            continue
        if paragraph and not blank and _continues(paragraph, line):
            glue = "" if _re(_IS_CJK).match(paragraph[-1]) or _re(_IS_CJK).match(line[0]) else " "
            paragraph += glue + line  # the next round tidies the seam
            continue
        if paragraph:
            pieces += [paragraph, "\n\n" if blank else "\n"]
        paragraph, blank = line, False
    if paragraph:
        pieces.append(paragraph)
    return "".join(pieces)


def normalise_pasted(text: str) -> str:
    """Clean text pasted from PDF, Word or WeChat into what a report should hold.

    - control, zero-width and bidi characters go; NBSP, U+3000, tabs and other
      spaces become one space, which is dropped next to CJK characters and
      full-width marks (PDF extraction puts spaces there: ``2021 年 12 月``);
      leading indentation goes (the document indents first lines itself);
    - full-width digits and Latin letters become half-width (GB/T 15834);
    - half-width ``, ; : ? ! ( )`` next to Chinese become full-width,
      ``(一)`` and ``(1)`` become ``（一）`` and ``（1）``, ``"…"`` around
      Chinese becomes ``“…”``, ``...`` after Chinese becomes ``……``, and ``.``
      becomes ``。`` only where it ends a Chinese sentence (never in ``12.34``
      or a ``1.`` serial);
    - a hard line break inside a sentence is removed: a line that does not
      end with sentence-final punctuation (。！？；：…”’」』） and their
      half-width forms) is joined to the next, unless the next line starts a
      new item (一、 （一） 1. （1） ① 一是 第一， bullets) or the line is a
      heading (no ，。；！？ in it and either short or starting with a serial);
    - lines that are only a page number (``— 3 —``) are dropped;
    - blank lines separate paragraphs and are kept as one blank line.

    Running it twice gives the same text as running it once.
    """
    for _ in range(10):
        result = _normalise_once(text)
        if result == text:
            break
        text = result
    return text


# --- what a clean-up changed, and what the official fonts cannot print -------------

_FULL_MARKS = "，；：？！（）“”……。"


def describe_cleanup(before: str, after: str) -> list[str]:
    """What ``normalise_pasted`` changed, in short phrases for the clerk (counted, not diffed)."""
    notes: list[str] = []
    wide = sum(1 for c in before if ord(c) in _FULLWIDTH_ALNUM)
    if wide:
        notes.append(f"全角字母、数字改为半角 {wide} 个")
    spaces = len(_re(_HSPACE).findall(before)) - len(_re(_HSPACE).findall(after))
    if spaces > 0:
        notes.append(f"删除多余空格 {spaces} 处")
    marks = sum(after.count(c) for c in _FULL_MARKS) - sum(before.count(c) for c in _FULL_MARKS)
    if marks > 0:
        notes.append(f"标点改为中文全角 {marks} 个")
    joined = before.count("\n") - after.count("\n")
    if joined > 0:
        notes.append(f"合并断行或删去空行、页码 {joined} 处")
    invisible = len(before) - len(clean_for_xml(_re(_ZERO_WIDTH).sub("", before)))
    if invisible > 0:
        notes.append(f"删除看不见的控制字符 {invisible} 个")
    if not notes and before != after:
        notes.append("整理了空格和标点")
    return notes


def unprintable(text: str) -> list[str]:
    """Distinct characters the official document fonts cannot print, in order of appearance.

    The GB/T 9704 fonts (仿宋_GB2312, 小标宋, 黑体, 楷体) cover the GBK repertoire
    at most. Outside it, Word borrows a Latin symbol such as ® or ² from another
    font and prints it; what it cannot print in a black official document are
    the symbol blocks: emoji and pictographs, dingbats (✓ ▶ ★), arrows and
    geometric shapes, emoji variation selectors and private-use characters.
    """
    try:
        text.encode("gbk")
        return []  # the common case, at C speed
    except UnicodeEncodeError:
        pass
    found: dict[str, None] = {}
    for char in text:
        if char in found or char in "\n\t":
            continue
        try:
            char.encode("gbk")
        except UnicodeEncodeError:
            if any(low <= ord(char) <= high for low, high in _SYMBOL_BLOCKS):
                found[char] = None
    return list(found)


#: Unicode blocks of symbols the official fonts lack and Word prints badly or in colour
_SYMBOL_BLOCKS = (
    (0x2190, 0x2BFF),  # arrows, technical, dingbats, geometric shapes, misc symbols
    (0xE000, 0xF8FF),  # private use (a font's own icons)
    (0xFE00, 0xFE0F),  # variation selectors (emoji presentation)
    (0x1D000, 0x1FFFF),  # musical and other symbols, emoji, pictographs
    (0xE0000, 0x10FFFF),  # tags, supplementary private use
)


def __getattr__(name: str) -> re.Pattern[str]:
    # ITEM_START stays importable (importing/cleanup.py) but compiles on first use
    if name == "ITEM_START":
        return _re(_ITEM_START)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
