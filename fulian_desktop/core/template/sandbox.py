"""The jinja2 sandbox that snippets run in, with a budget of work.

``ImmutableSandboxedEnvironment`` stops a template from reaching Python
internals, but not from working forever or filling memory: nested loops,
``9 ** 99999999``, ``'x' * 10**9``, ``lipsum(n=1000000)``, a recursive macro,
``{{ 'x' | center(10**9) }}``. Template files come from office staff and from
other PCs, so every snippet here runs on a budget:

- operations: each loop turn, call, filter, operator, attribute lookup and
  output piece costs one step; a snippet may take ``MAX_STEPS`` (plus a
  allowance per item of the draft's lists, so a sentence listing 10,000
  rows still prints), and one pass over a report (compose or validate) all
  snippets together ``PASS_STEPS``;
- sizes: no value (text, list) longer than ``MAX_VALUE`` and no integer
  wider than ``MAX_INT_BITS``, checked *before* ``*``, ``**``, ``+``, ``~``
  and size-taking filters build it; ``MAX_WRITTEN`` characters of output in
  all (captured blocks and macros included);
- no ``lipsum``, ``range`` up to ``MAX_RANGE``, macros nested ``MAX_DEPTH``
  deep, no recursive loops, no ``%`` or ``.format`` on text (widths), and
  only harmless methods and filters.

The budget is checked by counting, never by a clock, so a template that goes
over it fails the same way on every PC. Constant expressions that jinja folds
while compiling (at load) go through the same checks.
"""

from __future__ import annotations

import operator
import types
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, Joiner, Namespace

MAX_STEPS = 100_000  # one snippet
PASS_STEPS = 2_000_000  # all snippets of one compose or validation
STEPS_PER_ITEM = 50  # allowance per list item in the context (long lists print)
MAX_VALUE = 200_000  # characters of a text / items of a list
MAX_WRITTEN = 1_000_000  # characters one render may output, blocks included
MAX_INT_BITS = 4_096  # about 1,233 decimal digits
MAX_INT_ARGUMENT = 10_000  # widths and counts given to filters and methods
MAX_RANGE = 1_000
MAX_DEPTH = 10  # macros calling macros
MAX_SOURCE = 20_000  # characters of one snippet

#: Key under which a pass (compose, validation) shares one budget across its
#: snippets. Not an identifier, so a template cannot name it.
PASS_KEY = "\x00pass-budget"

#: Methods a snippet may call (on text, lists, mappings); anything else on a
#: built-in object is refused (center, ljust, zfill, expandtabs, replace …
#: build text as large as their argument).
SAFE_METHODS = frozenset(
    {
        "strip", "lstrip", "rstrip", "upper", "lower", "title", "capitalize",
        "startswith", "endswith", "isdigit", "isnumeric", "isdecimal", "isalpha",
        "isspace", "split", "rsplit", "splitlines", "count", "find", "rfind",
        "index", "rindex", "keys", "values", "items", "get", "isoformat",
        "is_zero", "is_signed", "is_finite",
    }
)  # fmt: skip

#: Built-in filters kept (besides the report's own); each runs on the budget.
SAFE_FILTERS = frozenset(
    {
        "default", "d", "length", "count", "upper", "lower", "trim", "first",
        "last", "round", "int", "float", "abs", "string", "sum", "min", "max",
        "list", "sort", "reverse", "unique", "truncate", "capitalize", "title",
        "wordcount", "replace", "join", "select", "reject", "selectattr",
        "rejectattr", "map", "dictsort", "items",
    }
)  # fmt: skip


class LimitError(SecurityError):
    """A snippet went over a limit (a jinja TemplateError, so render reports it)."""


class Budget:
    """Steps and characters left for one snippet, or for one pass."""

    __slots__ = ("steps", "limit", "written", "depth", "context", "widened", "parent", "what")

    def __init__(
        self,
        limit: int,
        context: dict[str, Any] | None = None,
        parent: Budget | None = None,
        what: str = "句子",
    ) -> None:
        self.steps = 0
        self.limit = limit
        self.written = 0
        self.depth = 0
        self.context = context
        self.widened = False
        self.parent = parent
        self.what = what

    def spend(self, steps: int = 1) -> None:
        self.steps += steps
        if self.steps > self.limit:
            self._widen_or_fail()
        if self.parent is not None:
            self.parent.spend(steps)

    def _widen_or_fail(self) -> None:
        # A long list in the draft may need more steps than the limit to
        # print: widen once by an allowance per item, worked out when needed.
        if not self.widened and self.context is not None:
            self.widened = True
            items = sum(len(v) for v in self.context.values() if isinstance(v, (list, tuple)))
            item = self.context.get("item")
            items += len(item) if isinstance(item, dict) else 0
            self.limit += STEPS_PER_ITEM * items
            if self.steps <= self.limit:
                return
        raise LimitError(f"{self.what}的计算量超过上限（{self.limit} 步）")


_CURRENT: ContextVar[Budget | None] = ContextVar("snippet_budget", default=None)


def current() -> Budget | None:
    return _CURRENT.get()


def _spend(steps: int = 1) -> None:
    budget = _CURRENT.get()
    if budget is not None:
        budget.spend(steps)


def run_with_budget(context: dict[str, Any] | None, fn: Any, *args: Any) -> Any:
    """Call ``fn(*args)`` with a fresh snippet budget (and the pass's, if any)."""
    parent = context.get(PASS_KEY) if context else None
    token = _CURRENT.set(Budget(MAX_STEPS, context, parent))
    try:
        return fn(*args)
    finally:
        _CURRENT.reset(token)


def pass_budget(context: dict[str, Any]) -> Budget:
    """A budget shared by every snippet of one pass (compose, validation):
    stored in the pass's snippet context under PASS_KEY."""
    return Budget(PASS_STEPS, context, what="整份报告的句子")


# --------------------------------------------------------------- size checks


def _size(value: Any) -> int | None:
    if isinstance(value, (str, list, tuple, dict)):
        return len(value)
    return None


def _check_value(value: Any) -> Any:
    size = _size(value)
    if size is not None and size > MAX_VALUE:
        raise LimitError(f"句子里的一个值太长（{size} 个字符或项，上限 {MAX_VALUE}）")
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise LimitError("句子里的一个整数太大")
    return value


def _check_int_arguments(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_INT_ARGUMENT:
            raise LimitError(f"句子里的参数 {arg} 太大（上限 {MAX_INT_ARGUMENT}）")


def _bits(value: Any) -> int:
    return value.bit_length() if isinstance(value, int) and not isinstance(value, bool) else 0


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_binop(op: str, left: Any, right: Any) -> None:
    """Refuse an operation whose result would be too large, before it is built."""
    if op == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) is not None and _is_int(times) and _size(seq) * max(times, 0) > MAX_VALUE:
                raise LimitError(f"句子里的一个值太长（上限 {MAX_VALUE} 个字符或项）")
        if _bits(left) + _bits(right) > MAX_INT_BITS:
            raise LimitError("句子里的一个整数太大")
    elif op == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            if left.bit_length() * right > MAX_INT_BITS:
                raise LimitError("句子里的乘方结果太大")
    elif op == "%":
        if isinstance(left, str):
            raise LimitError("句子里不能用 % 排版文字，请用 ~ 连接")
    elif op == "+":
        a, b = _size(left), _size(right)
        if a is not None and b is not None and a + b > MAX_VALUE:
            raise LimitError(f"句子里的一个值太长（上限 {MAX_VALUE} 个字符或项）")


_BINOPS = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "//": operator.floordiv,
    "**": operator.pow,
    "%": operator.mod,
}


def bounded_range(*args: int) -> range:
    _spend()
    rng = range(*args)
    if len(rng) > MAX_RANGE:
        raise LimitError(f"range() 最多 {MAX_RANGE} 个数")
    return rng


def _bounded_filter(name: str, func: Any) -> Any:
    @wraps(func)  # keeps jinja's pass_context / pass_environment marks
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = [a for a in args if not hasattr(a, "environment")]  # skip context/env
        value = values[0] if values else None
        _spend(1 + (_size(value) or 0))
        _check_int_arguments([*values[1:], *kwargs.values()])
        if name == "replace" and isinstance(value, str) and len(values) >= 3:
            old, new = str(values[1]), str(values[2])
            grown = (value.count(old) if old else len(value) + 1) * (len(new) - len(old))
            if len(value) + grown > MAX_VALUE:
                raise LimitError(f"句子里的一个值太长（上限 {MAX_VALUE} 个字符）")
        if name == "join" and isinstance(value, (list, tuple)):
            sep = str(values[1]) if len(values) > 1 else str(kwargs.get("d", ""))
            total = sum(len(str(v)) for v in value) + len(sep) * len(value)
            if total > MAX_VALUE:
                raise LimitError(f"句子里的一个值太长（上限 {MAX_VALUE} 个字符）")
        return _check_value(func(*args, **kwargs))

    return bounded


# --------------------------------------------------------------- code generation


class _BoundedCodeGenerator(CodeGenerator):
    """Routes loops, output and ``~`` through the environment's budget."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if node.recursive:
            self.fail("句子里不能用递归循环（recursive）", node.lineno)
        node.iter = nodes.Call(
            nodes.EnvironmentAttribute("budget_iter"), [node.iter], [], None, None
        ).set_lineno(node.lineno)
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.budget_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        return f"environment.budget_output({super()._output_const_repr(group)})"

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        self.write("environment.budget_output(")
        super()._output_child_pre(node, frame, finalize)

    def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        super()._output_child_post(node, frame, finalize)
        self.write(")")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """ImmutableSandboxedEnvironment with the budget described above."""

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset(_BINOPS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals.pop("lipsum", None)
        self.globals["range"] = bounded_range
        self.filters = {
            name: _bounded_filter(name, func)
            for name, func in self.filters.items()
            if name in SAFE_FILTERS
        }

    def add_filters(self, filters: dict[str, Any]) -> None:
        """The report's own filters, on the same budget."""
        self.filters.update({name: _bounded_filter(name, f) for name, f in filters.items()})

    # -- hooks the generated code calls --------------------------------------
    def budget_iter(self, iterable: Any) -> Iterator[Any]:
        for value in iterable:
            _spend()
            yield value

    def budget_concat(self, parts: tuple[Any, ...]) -> str:
        _spend()
        texts = [str(p) for p in parts]
        if sum(len(t) for t in texts) > MAX_VALUE:
            raise LimitError(f"句子里的一个值太长（上限 {MAX_VALUE} 个字符）")
        return "".join(texts)

    def budget_output(self, text: str) -> str:
        budget = _CURRENT.get()
        if budget is not None:
            budget.spend()
            budget.written += len(text)
            if budget.written > MAX_WRITTEN:
                raise LimitError(f"句子生成的文字超过上限（{MAX_WRITTEN} 个字符）")
        return text

    # -- sandbox hooks -------------------------------------------------------
    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _spend()
        _check_binop(operator, left, right)
        return _check_value(_BINOPS[operator](left, right))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _spend()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _spend()
        return super().getitem(obj, argument)

    def wrap_str_format(self, value: Any) -> Any:
        if super().wrap_str_format(value) is not None:
            raise LimitError("句子里不能用 format 排版文字，请用 ~ 连接")
        return None

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        _spend()
        owner = getattr(__obj, "__self__", None)
        if (
            isinstance(__obj, (types.BuiltinMethodType, types.MethodType))
            and owner is not None
            and not isinstance(owner, (types.ModuleType, BoundedEnvironment))
            and not isinstance(owner, (LoopContext, Cycler, Joiner, Namespace))
            and __obj.__name__ not in SAFE_METHODS
        ):
            raise LimitError(f"句子里不能调用 {__obj.__name__}()")
        _check_int_arguments(args)
        _check_int_arguments(v for k, v in kwargs.items() if not k.startswith("_"))
        budget = _CURRENT.get()
        if isinstance(__obj, Macro) and budget is not None:
            budget.depth += 1
            try:
                if budget.depth > MAX_DEPTH:
                    raise LimitError(f"宏调用嵌套超过 {MAX_DEPTH} 层")
                return _check_value(super().call(__context, __obj, *args, **kwargs))
            finally:
                budget.depth -= 1
        return _check_value(super().call(__context, __obj, *args, **kwargs))
