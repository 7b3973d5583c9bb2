"""Safe evaluation of the expressions in templates (computed values, rules).

Expressions look like Python arithmetic but are parsed with ``ast`` and
walked node by node: only numbers, names, + - * /, comparisons, and/or/not,
parentheses and a few functions are allowed; nothing is ever passed to
``eval``. Arithmetic is on Decimal.

Names are field ids, computed ids and option ids. Functions:
- ``sum(group.sub)`` — the sum of a group's sub-field over its items
- ``count(group)`` — the number of items
- ``ratio(a, b)`` — a / b × 100 (a percentage), None when b is 0
- ``grade(score)`` — the grade band the score falls in
- ``min(a, b, …)``, ``max(…)``, ``abs(a)``, ``round(a, places)`` (ROUND_HALF_UP)

A missing figure is None, and None spreads through arithmetic: a rule whose
expression comes out None is not checked (the "required" check reports the
missing figure instead).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from decimal import Decimal
from functools import lru_cache
from typing import Any

FUNCTIONS = ("sum", "count", "ratio", "grade", "min", "max", "abs", "round")

#: Limits: expressions come from template files. Python's parser and the
#: evaluator below recurse, and a number's digits cost time, so a longer or
#: deeper expression is refused at load with a message (the built-in
#: templates' longest is about 120 characters and 6 levels deep).
MAX_LENGTH = 2_000  # characters
MAX_DEPTH = 100  # nested operations (a + b + … of 100 terms)
MAX_DIGITS = 30  # digits of a number written in an expression
MAX_PLACES = 10  # round(x, places)


class ExpressionError(ValueError):
    """An expression a template author wrote that cannot be used."""


_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}
_CMPOPS = {
    ast.Eq: lambda a, b: a == b,
    ast.NotEq: lambda a, b: a != b,
    ast.Lt: lambda a, b: a < b,
    ast.LtE: lambda a, b: a <= b,
    ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b,
}


def _shown(source: str) -> str:
    text = repr(source)
    return text if len(text) <= 80 else text[:77] + "…'"


def _depth(tree: ast.AST) -> int:
    """How deeply the operations nest (walked without recursion)."""
    deepest = 0
    pending = [(tree, 0)]
    while pending:
        node, depth = pending.pop()
        deepest = max(deepest, depth)
        pending.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return deepest


@lru_cache(maxsize=1024)
def parse(source: str) -> ast.expr:
    """Parse and check an expression; raise ExpressionError naming the problem."""
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            f"expression {_shown(source)} is {len(source)} characters long "
            f"(at most {MAX_LENGTH}); split it into computed values"
        )
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot read expression {_shown(source)}: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):  # parser limits
        raise ExpressionError(f"expression {_shown(source)} is nested too deeply") from None
    if _depth(tree) > MAX_DEPTH + 2:  # Expression and Load nodes add two levels
        raise ExpressionError(
            f"expression {_shown(source)} nests more than {MAX_DEPTH} operations; "
            "split it into computed values"
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise ExpressionError(
                    f"in {source!r}: unknown function; use one of {', '.join(FUNCTIONS)}"
                )
            if node.keywords:
                raise ExpressionError(f"in {source!r}: functions take no keyword arguments")
        elif isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name) or node.attr.startswith("_"):
                raise ExpressionError(f"in {source!r}: only group.field is allowed after a dot")
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float, str)):
                raise ExpressionError(f"in {_shown(source)}: unsupported constant {node.value!r}")
            if isinstance(node.value, float) and not math.isfinite(node.value):
                raise ExpressionError(f"in {_shown(source)}: a number is too large")
            if isinstance(node.value, int) and node.value.bit_length() > MAX_DIGITS * 10 // 3:
                raise ExpressionError(
                    f"in {_shown(source)}: a number has more than {MAX_DIGITS} digits"
                )
        elif not isinstance(
            node,
            (
                ast.Expression,
                ast.BinOp,
                ast.UnaryOp,
                ast.BoolOp,
                ast.Compare,
                ast.Name,
                ast.Load,
                ast.USub,
                ast.UAdd,
                ast.Not,
                ast.And,
                ast.Or,
                *_BINOPS,
                *_CMPOPS,
            ),
        ):
            raise ExpressionError(f"in {source!r}: '{type(node).__name__}' is not allowed")
    return tree.body


def names(source: str) -> set[str]:
    """The names an expression uses: plain names and 'group.sub' pairs."""
    found: set[str] = set()
    for node in ast.walk(parse(source)):
        if isinstance(node, ast.Attribute):
            found.add(f"{node.value.id}.{node.attr}")  # type: ignore[attr-defined]
        elif isinstance(node, ast.Name) and node.id not in FUNCTIONS:
            found.add(node.id)
    # a group named in group.sub is not itself a plain reference
    return {n for n in found if not any(m.startswith(n + ".") for m in found)} | {
        n for n in found if "." in n
    }


class Scope:
    """What names mean while evaluating: values, group columns, grade bands."""

    def __init__(
        self,
        values: Mapping[str, Any],
        groups: Mapping[str, list[Mapping[str, Any]]] | None = None,
        grade: Callable[[Decimal], str] | None = None,
    ) -> None:
        self.values = values
        self.groups = groups or {}
        self.grade = grade


def evaluate(source: str, scope: Scope) -> Any:
    """Evaluate an expression on Decimal; None when a figure it needs is missing."""
    return _eval(parse(source), scope, source)


def _num(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _eval(node: ast.expr, scope: Scope, source: str) -> Any:
    if isinstance(node, ast.Constant):
        return _num(node.value) if not isinstance(node.value, str) else node.value
    if isinstance(node, ast.Name):
        if node.id in scope.groups:
            return scope.groups[node.id]
        if node.id not in scope.values:
            raise ExpressionError(f"in {source!r}: unknown name {node.id!r}")
        return _num(scope.values[node.id])
    if isinstance(node, ast.Attribute):
        group = node.value.id  # type: ignore[attr-defined]
        if group not in scope.groups:
            raise ExpressionError(f"in {source!r}: {group!r} is not a group")
        return [_num(item.get(node.attr)) for item in scope.groups[group]]
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, scope, source)
        if isinstance(node.op, ast.Not):
            return None if operand is None else not operand
        if operand is None:
            return None
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, scope, source), _eval(node.right, scope, source)
        if left is None or right is None:
            return None
        op = _BINOPS[type(node.op)]
        try:
            if op == "+":
                return left + right
            if op == "-":
                return left - right
            if op == "*":
                return left * right
            return left / right
        except (ArithmeticError, ZeroDivisionError):  # also Decimal Overflow: no figure
            return None
        except TypeError:
            raise ExpressionError(f"in {source!r}: cannot compute with text") from None
    if isinstance(node, ast.BoolOp):
        values = [_eval(v, scope, source) for v in node.values]
        if any(v is None for v in values):
            return None
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, scope, source)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, scope, source)
            if left is None or right is None:
                return None
            try:
                if not _CMPOPS[type(op)](left, right):
                    return False
            except TypeError:
                raise ExpressionError(f"in {source!r}: cannot compare text with a number") from None
            left = right
        return True
    if isinstance(node, ast.Call):
        return _call(node, scope, source)
    raise ExpressionError(f"in {source!r}: unsupported expression")  # parse() prevents this


def _call(node: ast.Call, scope: Scope, source: str) -> Any:
    args = [_eval(arg, scope, source) for arg in node.args]
    try:
        return _apply(node.func.id, args, scope, source)  # type: ignore[attr-defined]
    except ArithmeticError:  # Decimal Overflow and the like: no figure
        return None
    except TypeError:
        raise ExpressionError(f"in {_shown(source)}: cannot compute with text") from None


def _apply(name: str, args: list[Any], scope: Scope, source: str) -> Any:
    if name == "sum":
        column = args[0] if len(args) == 1 and isinstance(args[0], list) else args
        if any(v is None for v in column):
            return None
        return sum(column, Decimal(0))
    if name == "count":
        if len(args) != 1 or not isinstance(args[0], list):
            raise ExpressionError(f"in {source!r}: count() takes one group")
        return Decimal(len(args[0]))
    if any(a is None for a in args):
        return None
    if name == "ratio":
        if len(args) != 2:
            raise ExpressionError(f"in {source!r}: ratio() takes two figures")
        return None if args[1] == 0 else args[0] / args[1] * 100
    if name == "grade":
        if scope.grade is None:
            raise ExpressionError(f"in {source!r}: no grade bands")
        return scope.grade(args[0])
    if name == "round":
        from fulian_desktop.core.text.numbers import round_money

        places = int(args[1]) if len(args) > 1 else 0
        if not 0 <= places <= MAX_PLACES:
            raise ExpressionError(f"in {_shown(source)}: round() takes 0 to {MAX_PLACES} places")
        try:
            return round_money(args[0], places)  # widens the context for long figures
        except TypeError:
            raise ExpressionError(f"in {source!r}: round() takes a figure") from None
    if name == "abs":
        return abs(args[0])
    if not args:
        raise ExpressionError(f"in {source!r}: {name}() needs figures")
    return min(args) if name == "min" else max(args)
