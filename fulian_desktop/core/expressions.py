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
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache
from typing import Any

FUNCTIONS = ("sum", "count", "ratio", "grade", "min", "max", "abs", "round")


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


@lru_cache(maxsize=1024)
def parse(source: str) -> ast.expr:
    """Parse and check an expression; raise ExpressionError naming the problem."""
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"cannot read expression {source!r}: {exc.msg}") from None
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
                raise ExpressionError(f"in {source!r}: unsupported constant {node.value!r}")
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
        except (DivisionByZero, InvalidOperation, ZeroDivisionError):
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
    name = node.func.id  # type: ignore[attr-defined]
    args = [_eval(arg, scope, source) for arg in node.args]
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
        from fulian_desktop.core.numbers import round_money

        places = int(args[1]) if len(args) > 1 else 0
        try:
            return round_money(args[0], places)  # widens the context for long figures
        except TypeError:
            raise ExpressionError(f"in {source!r}: round() takes a figure") from None
    if name == "abs":
        return abs(args[0])
    if not args:
        raise ExpressionError(f"in {source!r}: {name}() needs figures")
    return min(args) if name == "min" else max(args)
