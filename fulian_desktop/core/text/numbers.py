"""Money, percentages and dates the way these reports print them.

Money is Decimal in 万元, rounded 四舍五入 (ROUND_HALF_UP) with ``quantize``;
Python's ``round()`` is half-even and works on binary floats
(``round(2.675, 2)`` is 2.67), so it is never used here. No thousands
separators and no scientific notation in output. Parsing is forgiving about
what clerks type (spaces, full-width digits, ``1,234.5``, a trailing unit) and
strict about everything else, with a message in plain Chinese.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext

from fulian_desktop.errors import UserError


class NumberFormatError(UserError, ValueError):
    """Text that is not a number; ``str(error)`` is a message for the clerk."""


class DateFormatError(UserError, ValueError):
    """Text that is not a date; ``str(error)`` is a message for the clerk."""


CENT = Decimal("0.01")

# Full-width digits, dot, comma, signs and percent, as typed with a Chinese IME.
_HALF_WIDTH = str.maketrans(
    "０１２３４５６７８９．，－＋％\u2212\ufe63",
    "0123456789.,-+%--",
)
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
MONEY_UNITS: tuple[str, ...] = ("万元", "元", "%", "分")
#: Digits a typed figure may have: far above any amount in 万元 (15 digits
#: before the point is 10¹⁵ 万元), and small enough that sums, ratios and
#: rounding never overflow or build huge numbers.
MAX_DIGITS = 30


def _short(text: str) -> str:
    """Text as a message quotes it: a pasted page is cut to its start."""
    return text if len(text) <= 24 else text[:20] + "…"


def _parse(text: str, units: tuple[str, ...]) -> Decimal:
    if not isinstance(text, str):
        raise TypeError(f"expected text, got {type(text).__name__}")
    shown = text.strip()
    if not shown:
        raise NumberFormatError("请填写数字。")
    s = shown.translate(_HALF_WIDTH)
    for unit in units:
        if s.endswith(unit):
            s = s[: -len(unit)].rstrip()
            break
    if "," in s:
        if not _GROUPED.fullmatch(s):
            raise NumberFormatError(
                f"“{_short(shown)}”中的逗号位置不对；数字请不要加逗号，例如 1234.5。"
            )
        s = s.replace(",", "")
    if not _NUMBER.fullmatch(s):
        example = "95.78" if units == ("%",) else "701.5"
        raise NumberFormatError(f"“{_short(shown)}”不是有效的数字，请只填数字，例如 {example}。")
    digits = len(s) - (s[0] in "+-") - ("." in s)
    if digits > MAX_DIGITS:
        raise NumberFormatError(
            f"“{_short(shown)}”有 {digits} 位数字，太长了（最多 {MAX_DIGITS} 位），请核对。"
        )
    return Decimal(s)


def parse_decimal(text: str) -> Decimal:
    """Read a number as a clerk typed it: ``" 1,234.5 "``, ``１２．５``, ``701.5万元``.

    A trailing 万元 / 元 / % / 分 is dropped; the caller knows the field's unit.
    Empty text, NaN, infinity, exponents, two dots and letters are refused.
    """
    return _parse(text, MONEY_UNITS)


def parse_percent(text: str) -> Decimal:
    """Read a percentage, ``"95.78%"`` or ``"95.78"``, as ``Decimal("95.78")``."""
    return _parse(text, ("%",))


def _decimal(value: Decimal | int) -> Decimal:
    if isinstance(value, float) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"money must be Decimal or int, not {type(value).__name__}")
    d = Decimal(value)
    if not d.is_finite():
        raise ValueError(f"not a finite number: {d}")
    return d


def round_money(d: Decimal | int, places: int = 2) -> Decimal:
    """四舍五入 to ``places`` decimals: ``2.675`` → ``2.68``, ``-2.675`` → ``-2.68``."""
    d = _decimal(d)
    with localcontext() as ctx:  # room for every digit, however large the number
        ctx.prec = max(28, d.adjusted() + places + 2)
        return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_money(d: Decimal | int, trailing_zeros: bool, places: int = 2) -> str:
    """Print rounded money: ``701.50`` with trailing zeros, ``701.5`` without.

    Zero prints as ``0.00`` / ``0`` (never ``-0``); no thousands separators,
    no exponent.
    """
    q = round_money(d, places)
    if q.is_zero():
        q = abs(q)
    s = f"{q:f}"
    if not trailing_zeros and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def format_figure(d: Decimal | int, pad: int | None = None) -> str:
    """A figure with the precision it carries: as the clerk typed it (``500.00``
    stays ``500.00``, ``204.8`` stays ``204.8``; full-width digits and commas were
    normalised when parsed), or as a computed value was rounded.

    ``pad`` pads to that many decimals (a table column: ``204.8`` → ``204.80``)
    but never rounds away a digit she typed (``204.805`` stays). Zero never
    prints as ``-0``; no exponent, no thousands separators.
    """
    d = _decimal(d)
    exponent = d.as_tuple().exponent
    if pad is not None and isinstance(exponent, int) and -exponent < pad:
        with localcontext() as ctx:
            ctx.prec = max(28, d.adjusted() + pad + 2)
            d = d.quantize(Decimal(1).scaleb(-pad))  # adds zeros only: exact
    if d.is_zero():
        d = abs(d)
    return f"{d:f}"


def drop_trailing_zeros(d: Decimal) -> Decimal:
    """``100.00`` → ``100``, ``95.80`` → ``95.8`` (the value is unchanged)."""
    with localcontext() as ctx:  # room for every digit of a clerk's long typo
        ctx.prec = max(28, d.adjusted() + 2, len(d.as_tuple().digits) + 2)
        if d == d.to_integral_value():
            return d.quantize(Decimal(1))
        return d.normalize()


def percent(
    numerator: Decimal | int, denominator: Decimal | int, places: int = 2
) -> Decimal | None:
    """``numerator / denominator`` as a rounded percentage; None when dividing by zero.

    ``percent(Decimal("701.5"), Decimal("732.44"))`` is ``Decimal("95.78")``.
    """
    n, m = _decimal(numerator), _decimal(denominator)
    if m.is_zero():
        return None
    with localcontext() as ctx:
        ctx.prec = 50
        return round_money(n * 100 / m, places)


def format_percent(d: Decimal | int, places: int = 2) -> str:
    """``Decimal("95.776")`` → ``"95.78%"``; always ``places`` decimals (``97.90%``)."""
    return format_money(d, trailing_zeros=True, places=places) + "%"


def rounding_tolerance(n_parts: int, step: Decimal = CENT) -> Decimal:
    """How far n rounded parts may legitimately miss their rounded total.

    Each of the n parts and the total is off by at most half a step, so the
    sum can differ by up to (n + 1) × step / 2: 0.015 for two parts. Zero
    parts leaves the total's own half step.
    """
    if n_parts < 0:
        raise ValueError("n_parts must not be negative")
    return (n_parts + 1) * step / 2


# --- dates ---------------------------------------------------------------------------

_DATE_SEPARATED = re.compile(r"(\d{4}) *([-/.]) *(\d{1,2}) *\2 *(\d{1,2})")
_DATE_CHINESE = re.compile(r"(\d{4}) *年 *(\d{1,2}) *月 *(\d{1,2}) *日?")


def format_date_cn(d: date) -> str:
    """``2021年12月29日``: full year, no leading zeros (GB/T 9704-2012 7.3.5)."""
    return f"{d.year}年{d.month}月{d.day}日"


def format_month_cn(d: date) -> str:
    """``2022年1月``."""
    return f"{d.year}年{d.month}月"


def parse_date(text: str) -> date:
    """Read 2021-12-29, 2021/12/29, 2021.12.29 or 2021年12月29日 (spaces allowed)."""
    shown = text.strip()
    s = shown.translate(_HALF_WIDTH).replace("／", "/")
    match = _DATE_SEPARATED.fullmatch(s)
    if match:
        year, month, day = match.group(1, 3, 4)
    else:
        match = _DATE_CHINESE.fullmatch(s)
        if not match:
            raise DateFormatError(
                f"“{_short(shown)}”不是有效的日期，请写成 2021年12月29日 或 2021-12-29。"
                if shown
                else "请填写日期，例如 2021年12月29日。"
            )
        year, month, day = match.groups()
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise DateFormatError(f"日期“{shown}”不存在，请检查月份和日子。") from None
