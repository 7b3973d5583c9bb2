"""Characters that look like Chinese but are not the code points the program
reads, folded to the ones it does; and whether a text is prose at all.

Chromium's PDFs (and some Word exports) use a font whose glyphs for 一 广 门
女 are also mapped to the Kangxi/CJK radical code points (⼀ ⼴ ⻔ ⼥); some
PDF text engines give those instead of the ideographs. They print alike but
"⼴州" is not "广州" to a heading search, a template sentence or a spell check.
NFKC folds the Kangxi radicals and the CJK compatibility ideographs, but not
the CJK Radicals Supplement (⻔ ⺠ ⻓ …), and applied to a whole text it would
also turn the full-width punctuation the program relies on （）：，。 into
half-width, and ① into 1. So only these ranges are folded, nothing else.
"""

from __future__ import annotations

import unicodedata

#: CJK Radicals Supplement (U+2E80–U+2EF3) → the ideograph each one is
#: (Unicode's EquivalentUnifiedIdeograph.txt, 15.0; NFKC leaves all but ⺟ ⻳
#: alone), as pairs: radical, ideograph. Generated with
#: ``grep -E '^2E[89A-F]' EquivalentUnifiedIdeograph.txt`` (Debian unicode-data).
_SUPPLEMENT = (
    "⺁厂⺂乛⺃乚⺄乙⺅亻⺆冂⺇𠘨⺈刀⺉刂⺊卜⺋㔾⺌小⺍小⺎兀⺏尣⺐尢⺑𡯂⺒巳⺓幺⺔彑"
    "⺕\U0002b739⺖忄⺗心⺘扌⺙攵⺛旡⺜日⺝月⺞歺⺟母⺠民⺡氵⺢氺⺣灬⺤爫⺥爫⺦丬⺧牛⺨犭⺩王"
    "⺪𤴔⺫目⺬示⺭礻⺮𥫗⺯糹⺰纟⺱罓⺲罒⺳㓁⺴冗⺵𦉫⺶羊⺷𦍌⺸𦍋⺹耂⺺肀⺻聿⺼肉⺽𦥑"
    "⺾艹⺿艹⻀艹⻁虎⻂衤⻃覀⻄西⻅见⻆角⻇𧢲⻈讠⻉贝⻊𧾷⻋车⻌辶⻍辶⻎辶⻏邑⻐钅⻑長"
    "⻒镸⻓长⻔门⻕𨸏⻖阝⻗雨⻘青⻙韦⻚页⻛风⻜飞⻝食⻞𩙿⻟飠⻠饣⻡𩠐⻢马⻣骨⻤鬼⻥鱼"
    "⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟"
)


def _build_fold() -> dict[int, str]:
    table = {ord(a): b for a, b in zip(_SUPPLEMENT[::2], _SUPPLEMENT[1::2], strict=True)}
    # Kangxi radicals: NFKC gives the ideograph (⼀ → 一, ⼴ → 广)
    for cp in range(0x2F00, 0x2FD6):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    # compatibility ideographs (郞 U+F92C …): a canonical singleton, the ideograph itself
    for cp in [*range(0xF900, 0xFB00), *range(0x2F800, 0x2FA20)]:
        decomposition = unicodedata.decomposition(chr(cp))
        if decomposition and " " not in decomposition and not decomposition.startswith("<"):
            table[cp] = chr(int(decomposition, 16))
    # Latin ligatures from PDFs typeset with them (ﬁ → fi)
    for cp in range(0xFB00, 0xFB07):
        table[cp] = unicodedata.normalize("NFKC", chr(cp))
    return table


FOLD = _build_fold()


def fold(text: str) -> str:
    """The text with radicals, compatibility ideographs and ligatures as ordinary characters."""
    return text.translate(FOLD)


def is_han(char: str) -> bool:
    cp = ord(char)
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x3FFFF
        or 0xF900 <= cp <= 0xFAFF
    )


def _is_junk(char: str) -> bool:
    """Characters no report's text holds: private use, U+FFFD, unassigned, controls."""
    category = unicodedata.category(char)
    return category in ("Co", "Cn", "Cc", "Cs") or char in "\ufffd\ufffe\uffff"


#: A Chinese report is mostly Chinese characters (measured on the four sample
#: reports: 82–86 % of their non-space characters); text read through a font
#: without a ToUnicode map has none, or a few among digits and punctuation.
MIN_HAN_SHARE = 0.3
#: Private-use, replacement or control characters: Word's Symbol-font bullets
#: come out as U+F0B7 (about one a paragraph, 1–3 %); a font that cannot be
#: mapped gives nothing else.
MAX_JUNK_SHARE = 0.1


def prose_measure(text: str) -> tuple[int, float, float]:
    """(visible characters, share of Chinese characters, share of junk) of ``text``."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0, 0.0, 0.0
    han = sum(1 for c in visible if is_han(c))
    junk = sum(1 for c in visible if _is_junk(c))
    return len(visible), han / len(visible), junk / len(visible)


def is_chinese_prose(text: str) -> bool:
    """Whether ``text`` (already folded) reads as a Chinese report, not as font noise."""
    count, han, junk = prose_measure(text)
    return count > 0 and han >= MIN_HAN_SHARE and junk <= MAX_JUNK_SHARE
