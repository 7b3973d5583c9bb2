"""同比: this year's key figures beside last year's.

Text only: how two figures compare, in words, and what a text claims about
them. Last year's figures themselves (``Draft.last_year``, what snippets see as
``last_year``) are evaluated in core/draft/values.py.

- :func:`change` is the ``yoy`` filter: ``增加30.5万元（增长3.88%）``,
  ``提高1.2个百分点`` for rates, ``提高1.5分`` for scores, ``持平``.
- :func:`find_claims` reads what a text says 同比 (``执行数较上年减少12万元``,
  ``同比增长3.9%``, ``与上年相比，预算完成率提高1.2个百分点``) and
  :func:`contradiction` says when last year's and this year's figures say
  otherwise; validation warns then (core/check/prose.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fulian_desktop.core.text import mentions, numbers

if TYPE_CHECKING:
    pass

UP_WORDS = ("增加", "增长", "提高", "上升")
DOWN_WORDS = ("减少", "下降", "降低")
SAME_WORDS = ("持平",)
# a comparison with last year, then (in the same sentence) the direction
_COMPARED = re.compile(
    r"较上年度|较上年|比上年度|比上年|较去年|比去年|同比|与上年相比|和上年相比|与去年相比"
)
_DIRECTION = re.compile(
    r"(?P<word>增加|增长|提高|上升|减少|下降|降低|持平)了?"
    r"(?:\s*" + mentions._NUMBER + r"\s*(?P<unit>亿元|万元|元|万|%|个百分点|分))?"
)
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def _decimal(value: Any) -> Decimal | None:
    return value if isinstance(value, Decimal) and value.is_finite() else None


def change(this: Any, last: Any, kind: str = "money") -> str:
    """How ``this`` compares with ``last`` in words ('' when one is missing).

    money: 增加30.5万元（增长3.88%）/ 减少… / 持平; percent: 提高1.2个百分点;
    score: 提高1.5分. Differences print with two decimals at most, 四舍五入.
    """
    a, b = _decimal(this), _decimal(last)
    if a is None or b is None:
        return ""
    diff = numbers.round_money(a - b, 2)
    if diff.is_zero():
        return "持平"
    size = numbers.format_money(abs(diff), trailing_zeros=False)
    if kind == "percent":
        return f"{'提高' if diff > 0 else '降低'}{size}个百分点"
    if kind == "score":
        return f"{'提高' if diff > 0 else '降低'}{size}分"
    text = f"{'增加' if diff > 0 else '减少'}{size}万元"
    rate = numbers.percent(abs(a - b), b) if not b.is_zero() else None
    if rate is not None:
        text += f"（{'增长' if diff > 0 else '下降'}{numbers.format_percent(rate)}）"
    return text


@dataclass(frozen=True)
class Claim:
    """What a text says a key figure did since last year."""

    key: str  # 预算数, 执行数 … (the mention key named before the direction)
    direction: int  # +1 up, -1 down, 0 the same
    amount: Decimal | None  # the number written after the direction word, if any
    places: int  # decimals the text writes (for the comparison's precision)
    unit: str  # 万元 (converted from 元/亿元), %, 个百分点, 分, or ''
    start: int  # from the key's words …
    end: int  # … to the end of the amount


def find_claims(text: str, spec: mentions.MentionsSpec | None = None) -> list[Claim]:
    """Every 同比 statement about a key figure in ``text``."""
    spec = spec or mentions.DEFAULT_SPEC
    if not text or not _COMPARED.search(text):
        return []
    compiled = mentions._compile(spec)
    plain = mentions.half_width(text)
    claims: list[Claim] = []
    sentence_start = 0
    for end_match in [*_SENTENCE_END.finditer(plain), None]:
        sentence_end = end_match.start() if end_match else len(plain)
        claims.extend(_claims_in(plain, sentence_start, sentence_end, compiled))
        sentence_start = end_match.end() if end_match else len(plain)
    return claims


def _claims_in(plain: str, start: int, end: int, compiled: Any) -> list[Claim]:
    compared = _COMPARED.search(plain, start, end)
    if compared is None:
        return []
    found: list[Claim] = []
    for match in _DIRECTION.finditer(plain, start, end):
        if match.start() < compared.start():
            continue  # a direction before the comparison belongs to another clause
        if not match.group("num") and plain[match.end() : match.end() + 1].isdigit():
            continue  # 增加200人: a number of something else, not a key figure
        key_match = None
        for word in compiled.words.finditer(plain, start, match.start()):
            if not any(plain.endswith(q, 0, word.start()) for q in compiled.qualifiers):
                key_match = word
        if key_match is None:
            continue
        figure = compiled.figure_of_word[key_match.group()]
        word = match.group("word")
        direction = 1 if word in UP_WORDS else -1 if word in DOWN_WORDS else 0
        amount, places, unit = None, 0, ""
        if match.group("num"):
            amount = Decimal(match.group("num").replace(",", "").replace("，", ""))
            exponent = amount.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            unit = match.group("unit")
            shift = {"亿元": 4, "元": -4}.get(unit, 0)
            if shift:
                amount, places = amount.scaleb(shift), max(places - shift, 0)
            if unit in ("亿元", "元", "万"):
                unit = "万元"
        end_at = match.end() if amount is not None else match.start() + len(word)
        found.append(Claim(figure.key, direction, amount, places, unit, key_match.start(), end_at))
    return found


def contradiction(claim: Claim, this: Decimal, last: Decimal, kind: str) -> str:
    """Why ``claim`` does not hold for this year's and last year's figures ('' if it does)."""
    diff = this - last
    rounded = numbers.round_money(diff, 2)
    actual = change(this, last, kind)
    if claim.direction == 0:
        return "" if rounded.is_zero() else actual
    if rounded.is_zero() or (rounded > 0) != (claim.direction > 0):
        return actual
    if claim.amount is None:
        return ""
    candidates: list[Decimal] = []
    if claim.unit == "万元" and kind == "money":
        candidates.append(abs(diff))
    elif claim.unit == "%":
        if not last.is_zero():
            candidates.append(abs(diff) * 100 / abs(last))
        if kind == "percent":
            candidates.append(abs(diff))  # "提高1.2%" said of a rate often means points
    elif claim.unit == "个百分点" and kind == "percent":
        candidates.append(abs(diff))
    elif claim.unit == "分" and kind == "score":
        candidates.append(abs(diff))
    else:
        return ""  # a unit that does not fit the figure: not a statement about it
    at = min(claim.places, 2)
    if any(numbers.round_money(c, at) == numbers.round_money(claim.amount, at) for c in candidates):
        return ""
    return actual
