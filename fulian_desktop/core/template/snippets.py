"""Generated sentences: jinja2 snippets rendered in a sandbox.

Snippets come from template files, which office staff edit, so they run in
``ImmutableSandboxedEnvironment`` (no attribute escapes, no mutation) with
autoescape off (python-docx escapes XML itself), extended in sandbox.py with a
budget of work and of sizes, so a hostile or mistaken snippet fails with a
message instead of hanging or filling memory. Rendering is cut at MAX_OUTPUT
characters.

Filters: money, percent, date_cn, month_cn, cn_number, number, yoy (同比, core/text/yoy.py).

Figures print with the precision they carry (numbers.format_figure): a typed
figure as she typed it, a computed one as the template's ``places`` and
trailing-zero options made it (core/draft/values.py). ``money(true)`` or
``money(2)`` pads a table column to two decimals, never rounding away a
typed digit; ``number(0)`` rounds (for counts).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

log = logging.getLogger(__name__)

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
        from fulian_desktop.core.text.numbers import parse_decimal

        return parse_decimal(str(value))
    except ValueError:
        return None


def make_filters(money_trailing_zeros: bool) -> dict[str, Any]:
    from fulian_desktop.core.text import numbers

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
        from fulian_desktop.core.text.yoy import change

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
def environment(money_trailing_zeros: bool = False):  # -> sandbox.BoundedEnvironment
    """The sandbox for one money style (cached: building it is not free)."""
    from jinja2 import StrictUndefined

    from fulian_desktop.core.template.sandbox import BoundedEnvironment

    # A figure the clerk has not typed yet is None: print nothing, never "None".
    env = BoundedEnvironment(
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
        finalize=lambda value: "" if value is None else value,
    )
    env.add_filters(make_filters(money_trailing_zeros))
    return env


@lru_cache(maxsize=2048)
def _compiled(source: str, money_trailing_zeros: bool):
    return environment(money_trailing_zeros).from_string(source)


class SnippetError(ValueError):
    """A snippet that cannot be rendered (a template author's mistake)."""


#: What a snippet can raise besides jinja's own errors: mistakes (TypeError,
#: ValueError: ints over Python's digit limit, ArithmeticError: Decimal
#: overflow), nesting too deep for the parser (RecursionError) and memory.
_FAILURES = (TypeError, ValueError, ArithmeticError, RecursionError, MemoryError, LookupError)


def _shown(source: str) -> str:
    """The snippet as a message quotes it: one line, not too long."""
    text = repr(source)
    return text if len(text) <= 80 else text[:77] + "…'"


def _check_source(source: str) -> None:
    from fulian_desktop.core.template.sandbox import MAX_SOURCE

    if len(source) > MAX_SOURCE:
        raise SnippetError(
            f"{_shown(source)}: 句子模板太长（{len(source)} 个字符，上限 {MAX_SOURCE}）"
        )


def render(source: str, context: dict[str, Any], money_trailing_zeros: bool = False) -> str:
    """Render a snippet on a budget; output beyond MAX_OUTPUT characters is cut."""
    from jinja2 import TemplateError as JinjaError

    from fulian_desktop.core.template.sandbox import run_with_budget

    if "{" not in source:  # plain text: nothing to render
        return source
    _check_source(source)

    def run() -> str:
        pieces: list[str] = []
        size = 0
        for piece in _compiled(source, money_trailing_zeros).generate(context):
            pieces.append(piece)
            size += len(piece)
            if size > MAX_OUTPUT:
                break
        return "".join(pieces)[:MAX_OUTPUT]

    try:
        return run_with_budget(context, run)
    except JinjaError as exc:
        raise SnippetError(f"{_shown(source)}: {exc}") from None
    except _FAILURES as exc:
        raise SnippetError(f"{_shown(source)}: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "嵌套太深"
    if isinstance(exc, MemoryError):
        return "需要的内存太多"
    return str(exc) or type(exc).__name__


def undeclared_variables(source: str) -> set[str]:
    """Top-level names a snippet reads (checked against the template at load).

    Parsing folds constant expressions, so it runs on a budget too. The
    outcome is remembered per source for the process (``_parsed``): loading a
    template parses every snippet, and rendering (``render_cached``), the
    sentence figures and composition ask again for the same sources.
    """
    _check_source(source)
    outcome = _parsed(source)
    if isinstance(outcome, str):
        raise SnippetError(outcome)
    return set(outcome)


@lru_cache(maxsize=4096)
def _parsed(source: str) -> frozenset[str] | str:
    """The names ``source`` reads, or the message of its (lasting) error.

    A parse that ran out of stack or memory depends on the moment, not the
    source: it raises SnippetError and is not remembered (lru_cache keeps no
    exception), so the next call parses again, as before this memo.
    """
    from jinja2 import TemplateError as JinjaError
    from jinja2 import meta, nodes

    from fulian_desktop.core.template.sandbox import run_with_budget

    def names() -> set[str]:
        ast = environment(False).parse(source)
        if any(loop.recursive for loop in ast.find_all(nodes.For)):
            raise SnippetError(f"{_shown(source)}: 句子里不能用递归循环（recursive）")
        return set(meta.find_undeclared_variables(ast))

    try:
        return frozenset(run_with_budget(None, names))
    except JinjaError as exc:
        line = getattr(exc, "lineno", None)
        where = f"line {line}: " if line else ""
        return f"{_shown(source)}: {where}{getattr(exc, 'message', None) or exc}"
    except (RecursionError, MemoryError) as exc:
        raise SnippetError(f"{_shown(source)}: {_reason(exc)}") from None
    except _FAILURES as exc:
        return f"{_shown(source)}: {_reason(exc)}"


#: Outcomes of recent renders keyed on the snippet and the values it reads:
#: while the clerk types a long text, the sentences' figures do not change, so
#: re-validating or recomposing renders nothing (jinja is most of the cost otherwise).
_OUTCOMES: OrderedDict[tuple, tuple[str, str | None]] = OrderedDict()
_OUTCOMES_MAX = 1024
_OUTCOMES_LOCK = threading.Lock()
_ABSENT = object()


@lru_cache(maxsize=4096)
def _reads(source: str) -> tuple[str, ...] | None:
    """The names ``source`` reads, sorted: from the same memo as the template
    checks' parse at load, so a snippet is parsed once per process."""
    try:
        return tuple(sorted(undeclared_variables(source)))
    except SnippetError:
        return None  # rendering reports the syntax error


def render_cached(source: str, context: dict[str, Any], zeros: bool) -> tuple[str, str | None]:
    """(text, None) or ("", why it failed); the same inputs are rendered once."""
    names = _reads(source)
    key = None
    if names is not None:
        key = (source, zeros, tuple(repr(context.get(n, _ABSENT)) for n in names))
        with _OUTCOMES_LOCK:
            hit = _OUTCOMES.get(key)
            if hit is not None:
                _OUTCOMES.move_to_end(key)
                return hit
    try:
        outcome: tuple[str, str | None] = (render(source, context, zeros), None)
    except SnippetError as exc:
        outcome = ("", str(exc))
    if key is not None:
        with _OUTCOMES_LOCK:
            _OUTCOMES[key] = outcome
            if len(_OUTCOMES) > _OUTCOMES_MAX:
                _OUTCOMES.popitem(last=False)
    return outcome


def printed(source: str, context: dict[str, Any], money_trailing_zeros: bool, where: str) -> str:
    """A snippet's text as the document prints it: rendered (remembered, see
    ``render_cached``) and cleaned for XML; a template mistake becomes visible
    text 【模板错误：…】 and a log line naming ``where``."""
    from fulian_desktop.core.text.textstats import clean_for_xml

    if not source:
        return ""
    if "{" not in source:
        return clean_for_xml(source)
    text, error = render_cached(source, context, money_trailing_zeros)
    if error is not None:
        log.warning("template %s: snippet failed: %s", where, error)
        return clean_for_xml(f"【模板错误：{error}】")
    return clean_for_xml(text)
