"""Computed values, shown read-only with how they are computed.

The figure itself comes from core (values.evaluate_draft); this widget only
says it in words: "预算完成率 = 总支出 ÷ 年度预算数 × 100% = 95.78%", and, when
the clerk also typed the figure (``check``), the difference between the two.
"""

from __future__ import annotations

import ast
from decimal import Decimal
from typing import Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fulian_desktop.core.draft.values import Evaluated, quantize
from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.model import ComputedSpec, Template

_OPS = {ast.Add: " + ", ast.Sub: " − ", ast.Mult: " × ", ast.Div: " ÷ "}


def _names(template: Template) -> dict[str, str]:
    names = {spec.id: spec.label for _, spec in template.all_fields()}
    names.update({comp.id: comp.label for comp in template.all_computed()})
    names.update({opt.id: opt.label for opt in template.options})
    return names


def describe_expr(template: Template, expr: str) -> str:
    """An expression in the clerk's words (labels instead of ids)."""
    try:
        tree = expressions.parse(expr)
    except expressions.ExpressionError:
        return expr
    names = _names(template)

    def sub_label(group: str, sub: str) -> str:
        try:
            spec = template.field(group)
        except KeyError:
            return f"{group}.{sub}"
        label = next((f.label for f in spec.fields if f.id == sub), sub)
        return f"各{spec.label}的{label}"

    def words(node: ast.AST) -> str:
        if isinstance(node, ast.Expression):
            return words(node.body)
        if isinstance(node, ast.Name):
            return names.get(node.id, node.id)
        if isinstance(node, ast.Constant):
            return str(node.value)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            return sub_label(node.value.id, node.attr)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            left, right = words(node.left), words(node.right)
            if isinstance(node.right, ast.BinOp):
                right = f"（{right}）"
            return f"{left}{_OPS[type(node.op)]}{right}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"−{words(node.operand)}"
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [words(a) for a in node.args]
            fn = node.func.id
            if fn == "ratio" and len(args) == 2:
                return f"{args[0]} ÷ {args[1]} × 100%"
            if fn == "sum" and args:
                return f"{args[0]}之和"
            if fn == "count" and args:
                return f"{args[0]}的条数"
            if fn == "grade" and args:
                return f"按{args[0]}评定的等次"
            if fn == "round" and len(args) == 2:
                return f"{args[0]}（保留 {args[1]} 位小数）"
            label = {"min": "最小值", "max": "最大值", "abs": "绝对值"}.get(fn, fn)
            return f"{'、'.join(args)}的{label}"
        return ast.unparse(node)

    return words(tree)


def format_value(comp: ComputedSpec, value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        places = 0 if comp.format == "integer" else comp.places
        text = f"{value:.{places}f}"
        return {"money": f"{text} 万元", "percent": f"{text}%"}.get(comp.format, text)
    return str(value)


class ComputedView(QWidget):
    """One computed value with its formula; ``update_from`` after each validation."""

    def __init__(self, comp: ComputedSpec, template: Template, parent: QWidget | None = None):
        super().__init__(parent)
        self.comp = comp
        self.template = template
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        self.value_label = QLabel(self)
        self.value_label.setStyleSheet("font-weight: bold;")
        self.formula = QLabel(self)
        self.formula.setProperty("role", "field-help")
        self.formula.setWordWrap(True)
        self.check_label = QLabel(self)
        self.check_label.setWordWrap(True)
        # its line stays reserved, so the check coming and going moves nothing
        self.check_label.setMinimumHeight(self.check_label.fontMetrics().lineSpacing())
        for widget in (self.value_label, self.formula, self.check_label):
            layout.addWidget(widget)
        self.formula.setText(self.tr("计算方法：{0}").format(describe_expr(template, comp.expr)))
        self.value_label.setText("—")

    def update_from(self, evaluated: Evaluated) -> None:
        comp = self.comp
        value = evaluated.computed.get(comp.id)
        self.value_label.setText(self.tr("{0}（自动计算）").format(format_value(comp, value)))
        if not comp.check:
            return
        typed = evaluated.values.get(comp.check)
        if not isinstance(typed, Decimal) or not isinstance(value, Decimal):
            self.check_label.setText("")
            return
        try:
            label = self.template.field(comp.check).label
        except KeyError:
            label = comp.check
        # Compare at the typed figure's own precision, as the validator does.
        exponent = typed.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else comp.places
        exact = evaluated.exact.get(comp.id, value)
        shown = quantize(exact if isinstance(exact, Decimal) else value, places)
        if typed == shown:
            text = self.tr("与填写的“{0}” {1} 一致").format(label, f"{typed:f}")
            color = "#2e7d32"
        else:
            text = self.tr("填写的“{0}”为 {1}，计算结果为 {2}，相差 {3}").format(
                label, f"{typed:f}", f"{shown:f}", f"{(typed - shown):+f}"
            )
            color = "#d32f2f" if comp.severity == "error" else "#b26a00"
        self.check_label.setText(text)
        self.check_label.setStyleSheet(f"color: {color};")
