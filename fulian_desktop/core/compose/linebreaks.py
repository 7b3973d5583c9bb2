"""Where a line may break: titles at sense boundaries, and which body lines
read as headings.

GB/T 9704-2012 7.3.3 wants a long title broken "回行时，要做到词意完整，排列
对称，长短适宜，间距恰当", in a trapezoid or diamond shape. A renderer breaks a
centred line wherever it is full ("…部门整体支/出绩效自评报告"), so the
composer breaks titles itself: never inside a number, a Latin word or a word
of the report's vocabulary (整体, 支出, 绩效, 自评, 报告, 妇女联合会 …),
preferably after a place name (…区, …街道), after the year, after the unit's
name, or before a bracket; lines as even as the boundaries allow.

The render check (render/layout_check.py) uses the same rules to find a title
line broken inside a word and a heading stranded at a page foot.
"""

from __future__ import annotations

import itertools
import math
import re

#: Words a title line must never be broken inside (longest first when matched).
TITLE_WORDS: tuple[str, ...] = (
    "妇女联合会",
    "联合会",
    "红皮书",
    "整体",
    "支出",
    "绩效",
    "自评",
    "报告",
    "部门",
    "年度",
    "妇女",
    "妇联",
    "专项",
    "资金",
    "项目",
    "预算",
    "评价",
    "执行",
    "情况",
    "街道",
    "自治",
    "委员会",
)
#: Place-name endings: a break just after one is a sense boundary.
_PLACE_END = ("省", "市", "区", "县", "镇", "乡", "街道", "旗", "州")
#: Width of a 2号 title line in full-width characters (442 pt / 22 pt), and
#: on a landscape page (225 mm: 638 pt / 22 pt, less a character of margin).
TITLE_WIDTH = 20.0
LANDSCAPE_TITLE_WIDTH = 28.0
#: Ways of cutting a title tried before settling for greedy breaks: a real
#: title of 2–3 lines has a few thousand; a unit name of hundreds of
#: characters would have more than the universe has atoms.
MAX_CUTS_TRIED = 50_000

_UNBREAKABLE = re.compile(r"[0-9A-Za-z][0-9A-Za-z.．%％,·\-]*[0-9A-Za-z%％]|[0-9A-Za-z]")


def char_width(ch: str) -> float:
    """Width in full-width characters: digits, Latin letters and ASCII punctuation
    are about half as wide as a Chinese character."""
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def text_width(text: str) -> float:
    return sum(char_width(ch) for ch in text)


def forbidden_breaks(text: str) -> set[int]:
    """Positions i (a break between text[i-1] and text[i]) that split a number,
    a Latin word or a title word."""
    banned: set[int] = set()
    for match in _UNBREAKABLE.finditer(text):
        banned.update(range(match.start() + 1, match.end()))
    taken = [False] * len(text)
    for word in sorted(TITLE_WORDS, key=len, reverse=True):
        for match in re.finditer(re.escape(word), text):
            if any(taken[match.start() : match.end()]):
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            banned.update(range(match.start() + 1, match.end()))
    # A full-width closing bracket or punctuation never starts a line, an
    # opening bracket never ends one (GB/T 15834 line-start rules).
    for i in range(1, len(text)):
        if text[i] in "）》」』】、，。；：？！%％" or text[i - 1] in "（《「『【":
            banned.add(i)
    return banned


def _boundary_cost(text: str, i: int) -> float:
    """Cost of breaking before text[i]: 0 at a sense boundary, more elsewhere."""
    before, after = text[:i], text[i:]
    if after.startswith(("（", "(")):
        return 0
    if before.endswith(_PLACE_END) or before.endswith(("妇女联合会", "妇联", "委员会")):
        return 0
    if re.search(r"\d年度?$", before):
        return 0
    if after.startswith(("部门", "整体", "绩效", "项目", "专项")):
        return 1
    return 4


def break_title(text: str, width: float = TITLE_WIDTH) -> list[str]:
    """A title as lines no wider than ``width``, broken at sense boundaries.

    A title that fits stays one line; text with line breaks already is
    returned as its lines. When no allowed break fits, the widest allowed
    lines are used (a renderer then wraps, but never inside a word here).
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) != 1:
        return lines
    title = lines[0]
    if text_width(title) <= width:
        return [title]
    banned = forbidden_breaks(title)
    candidates = [i for i in range(1, len(title)) if i not in banned]
    total = text_width(title)
    best: tuple[float, list[int]] | None = None
    fewest = int(-(-total // width))
    n = len(candidates)
    if math.comb(n, fewest - 1) + math.comb(n, fewest) > MAX_CUTS_TRIED:
        return _greedy(title, candidates, width)
    for count in range(fewest, fewest + 2):
        for cut in itertools.combinations(candidates, count - 1):
            bounds = [0, *cut, len(title)]
            widths = [text_width(title[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
            if max(widths) > width:
                continue
            cost = sum(_boundary_cost(title, i) for i in cut) * 3
            cost += max(widths) - min(widths)  # even lines: trapezoid or diamond
            cost += 6 * (count - fewest)  # no more lines than needed
            if best is None or cost < best[0]:
                best = (cost, list(cut))
        if best is not None:
            break
    if best is None:  # nothing fits: break greedily at allowed places
        return _greedy(title, candidates, width)
    bounds = [0, *best[1], len(title)]
    return [title[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _greedy(title: str, candidates: list[int], width: float) -> list[str]:
    """Each line as long as fits, breaking only at ``candidates`` (ascending).

    One pass with running widths: a unit name of thousands of characters
    must not cost (length)² or worse.
    """
    prefix = list(itertools.accumulate(map(char_width, title), initial=0.0))
    end = len(title)
    lines: list[str] = []
    start = 0
    k = 0
    while prefix[end] - prefix[start] > width:
        fitting = None
        while k < len(candidates) and (
            candidates[k] <= start or prefix[candidates[k]] - prefix[start] <= width
        ):
            if candidates[k] > start:
                fitting = candidates[k]
            k += 1
        if fitting is None:
            break
        lines.append(title[start:fitting])
        start = fitting
    lines.append(title[start:])
    return lines


def apply_clerk_breaks(title: str, chosen: list[str]) -> list[str] | None:
    """The clerk's own line breaks when they still fit the title: her lines
    joined must be the title (spaces ignored); None when the title changed."""
    lines = [line.strip() for line in chosen if line.strip()]
    if len(lines) < 1:
        return None
    if "".join(lines).replace(" ", "") != title.replace("\n", "").replace(" ", ""):
        return None
    return lines


def bad_title_break(first: str, second: str) -> str | None:
    """Why breaking a title between ``first`` and ``second`` is wrong, or None."""
    joined = first + second
    if len(first) in forbidden_breaks(joined):
        left, right = first[-2:], second[:2]
        return f"标题在“{left}/{right}”处断行，拆开了词或数字"
    return None


# ------------------------------------------------------------ heading-like lines

_SERIAL = re.compile(
    r"^(?:第[一二三四五六七八九十]+[部分章节条]"
    r"|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[.．、](?!\d)"
    r"|[（(]\d{1,2}[）)]"
    r"|任务[（(][一二三四五六七八九十\d]+[）)][：:]?)"
)
#: A typed line no longer than this (a body line) that starts with a serial
#: reads as a heading and keeps with what follows.
HEADING_MAX_CHARS = 28


def heading_like(line: str) -> bool:
    """Whether a typed line reads as a heading: "四、困境妇女儿童关爱更加精准",
    "（二）巾帼微网格", "3.家庭教育". Short (one body line) and starting with a
    serial; a long numbered paragraph is text, not a heading."""
    text = line.strip()
    return bool(_SERIAL.match(text)) and 0 < len(text) <= HEADING_MAX_CHARS
