"""Generated sentences: jinja2 snippets rendered in a sandbox.

Snippets come from template files, which office staff edit, so they run in
``ImmutableSandboxedEnvironment`` (no attribute escapes, no mutation) with
autoescape off (python-docx escapes XML itself). The sandbox does not bound
output size, so rendering is cut at MAX_OUTPUT characters.

Filters: money, percent, date_cn, month_cn, cn_number, number, yoy (同比, core/yoy.py).

Figures print with the precision they carry (numbers.format_figure): a typed
figure as she typed it, a computed one as the template's ``places`` and
trailing-zero options made it (core/values.py). ``money(true)`` or
``money(2)`` pads a table column to two decimals, never rounding away a
typed digit; ``number(0)`` rounds (for counts).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

MAX_OUTPUT = 200_000  # characters one snippet may produce

CN_DIGITS = "零一二三四五六七八九"


def cn_number(n: Any) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (serials up to 99)."""
    try:
        n = int(n)
    except (TypeError, ValueError):
        return str(n)
    if not 0 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CN_DIGITS[ones]
    return f"{'' if tens == 1 else CN_DIGITS[tens]}十{CN_DIGITS[ones] if ones else ''}"


def _to_decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        from fulian_desktop.core.numbers import parse_decimal

        return parse_decimal(str(value))
    except ValueError:
        return None


def make_filters(money_trailing_zeros: bool) -> dict[str, Any]:
    from fulian_desktop.core import numbers

    def pad_places(pad: Any) -> int | None:
        if pad is True:
            return 2
        if pad is None or pad is False or not isinstance(pad, int):
            return None
        return max(0, min(pad, 10))

    def money(value: Any, pad: Any = None) -> str:
        d = _to_decimal(value)
        if d is None:
            return "" if value is None else str(value)
        return numbers.format_figure(d, pad_places(pad))

    def percent(value: Any, pad: Any = None) -> str:
        d = _to_decimal(value)
        if d is None:
            return "" if value is None else str(value)
        return numbers.format_figure(d, pad_places(pad)) + "%"

    def number(value: Any, places: int | None = None) -> str:
        d = _to_decimal(value)
        if d is None:
            return "" if value is None else str(value)
        if places is None:
            return numbers.format_figure(d)
        return numbers.format_money(numbers.round_money(d, places), trailing_zeros=False)

    def date_cn(value: Any) -> str:
        if isinstance(value, date):
            return numbers.format_date_cn(value)
        if not value:
            return ""
        try:
            return numbers.format_date_cn(numbers.parse_date(str(value)))
        except ValueError:
            return str(value)

    def month_cn(value: Any) -> str:
        if isinstance(value, date):
            return numbers.format_month_cn(value)
        if not value:
            return ""
        try:
            return numbers.format_month_cn(numbers.parse_date(str(value)))
        except ValueError:
            return str(value)

    def yoy(value: Any, last: Any, kind: str = "money") -> str:
        from fulian_desktop.core.yoy import change

        return change(_to_decimal(value), _to_decimal(last), kind)

    return {
        "yoy": yoy,
        "money": money,
        "percent": percent,
        "number": number,
        "date_cn": date_cn,
        "month_cn": month_cn,
        "cn_number": cn_number,
    }


@lru_cache(maxsize=4)
def environment(money_trailing_zeros: bool = False):  # -> ImmutableSandboxedEnvironment
    """The sandbox for one money style (cached: building it is not free)."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    # A figure the clerk has not typed yet is None: print nothing, never "None".
    env = ImmutableSandboxedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        finalize=lambda value: "" if value is None else value,
    )
    env.filters.update(make_filters(money_trailing_zeros))
    return env


@lru_cache(maxsize=2048)
def _compiled(source: str, money_trailing_zeros: bool):
    return environment(money_trailing_zeros).from_string(source)


class SnippetError(ValueError):
    """A snippet that cannot be rendered (a template author's mistake)."""


def render(source: str, context: dict[str, Any], money_trailing_zeros: bool = False) -> str:
    """Render a snippet; output beyond MAX_OUTPUT characters is cut."""
    from jinja2 import TemplateError as JinjaError

    if "{" not in source:  # plain text: nothing to render
        return source
    try:
        pieces: list[str] = []
        size = 0
        for piece in _compiled(source, money_trailing_zeros).generate(context):
            pieces.append(piece)
            size += len(piece)
            if size > MAX_OUTPUT:
                break
        return "".join(pieces)[:MAX_OUTPUT]
    except JinjaError as exc:
        raise SnippetError(f"{source!r}: {exc}") from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise SnippetError(f"{source!r}: {exc}") from None


def undeclared_variables(source: str) -> set[str]:
    """Top-level names a snippet reads (checked against the template at load)."""
    from jinja2 import TemplateSyntaxError, meta

    try:
        ast = environment(False).parse(source)
    except TemplateSyntaxError as exc:
        raise SnippetError(f"{source!r}: line {exc.lineno}: {exc.message}") from None
    return set(meta.find_undeclared_variables(ast))
