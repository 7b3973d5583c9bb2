"""The draft's typed values: raw strings parsed by field kind, and computed values.

Validation (expressions in rules) and composition (jinja snippets) both read
the draft through :func:`evaluate_draft`, so a figure is parsed one way only.
A value that does not parse is None here and its message is in ``errors``
(the validator reports it); nothing the clerk typed is changed.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.model import FieldSpec, Template


def parse_value(spec: FieldSpec, raw: str) -> Any:
    """Parse one raw string by the field's kind; None when empty.

    Raises ValueError (with a Chinese message) when it does not parse.
    """
    from fulian_desktop.core.text import numbers

    text = raw.strip()
    if not text:
        return None
    kind = spec.kind
    if kind in ("money", "score"):
        return numbers.parse_decimal(text)
    if kind == "percent":
        return numbers.parse_percent(text)
    if kind == "integer":
        value = numbers.parse_decimal(text)
        if value != value.to_integral_value():
            raise numbers.NumberFormatError(f"“{text}”不是整数")
        return value
    if kind == "date":
        return numbers.parse_date(text)
    return raw if kind == "longtext" else text


@dataclass
class Evaluated:
    """Typed values of one draft under one template."""

    values: dict[str, Any] = field(default_factory=dict)  # field id → typed value or None
    groups: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # typed items
    computed: dict[str, Any] = field(default_factory=dict)
    #: computed values before rounding to their places (checks compare a stated
    #: figure at its own precision, and rounding twice can be off by one digit)
    exact: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # path → why it does not parse
    computed_errors: dict[str, str] = field(default_factory=dict)  # template mistakes

    def scope(self, template: Template, options: dict[str, Any]) -> expressions.Scope:
        merged = {**options, **self.values, **self.computed}
        return expressions.Scope(merged, self.groups, grade=lambda s: grade_for(template, s))


def grade_for(template: Template, score: Decimal) -> str:
    for band in sorted(template.grade_bands, key=lambda b: b.min, reverse=True):
        if score >= band.min:
            return band.grade
    return ""


def draft_options(template: Template, draft: Draft) -> dict[str, Any]:
    options = template.option_defaults()
    options.update({k: v for k, v in draft.options.items() if k in options})
    return options


# One keystroke's refresh asks for the same figures several times (checks,
# composition, sentences, the 自评表). They depend only on the template, the
# typed values and the options, so the last answer is kept and handed out
# again while those are equal. Callers only read an Evaluated.
_last: tuple[Template, dict[str, Any], dict[str, Any], Evaluated] | None = None


def evaluate_draft(template: Template, draft: Draft) -> Evaluated:
    global _last
    values = {k: v if isinstance(v, str) else [dict(i) for i in v] for k, v in draft.values.items()}
    options = dict(draft.options)
    last = _last
    if last is not None and last[0] is template and last[1] == values and last[2] == options:
        return last[3]
    result = _evaluate(template, draft)
    _last = (template, values, options, result)
    return result


def _evaluate(template: Template, draft: Draft) -> Evaluated:
    result = Evaluated()
    for _section, spec in template.all_fields():
        if spec.kind == "group":
            items = []
            for index, item in enumerate(draft.items(spec.id)):
                typed: dict[str, Any] = {}
                for sub in spec.fields:
                    typed[sub.id] = _parse(
                        sub, item.get(sub.id, ""), f"{spec.id}[{index}].{sub.id}", result
                    )
                items.append(typed)
            result.groups[spec.id] = items
            result.values[spec.id] = items
        else:
            result.values[spec.id] = _parse(spec, draft.text(spec.id), spec.id, result)
    options = draft_options(template, draft)
    all_computed = list(template.all_computed())
    result.computed = {comp.id: None for comp in all_computed}
    # Two passes let a computed value use one defined after it.
    for _ in range(2):
        for comp in all_computed:
            try:
                value = expressions.evaluate(comp.expr, result.scope(template, options))
            except expressions.ExpressionError as exc:
                result.computed_errors[comp.id] = str(exc)
                value = None
            result.exact[comp.id] = value
            result.computed[comp.id] = (
                printed(template, comp.format, quantize(value, comp.places))
                if comp.format != "grade"
                else value
            )
    return result


def printed(template: Template, kind: str, value: Any) -> Any:
    """A computed value with the precision it prints with: the declared places,
    less trailing zeros where the template drops them (100.00% → 100%)."""
    from fulian_desktop.core.text.numbers import drop_trailing_zeros

    if not isinstance(value, Decimal) or not value.is_finite():
        return value
    if kind == "percent" and not template.percent_trailing_zeros:
        return drop_trailing_zeros(value)
    if kind == "money" and not template.money_trailing_zeros:
        return drop_trailing_zeros(value)
    return value


def quantize(value: Any, places: int) -> Any:
    if isinstance(value, Decimal) and value.is_finite():
        from fulian_desktop.core.text.numbers import round_money

        # round_money widens the context: a plain quantize raises on figures
        # with more than 28 digits (a clerk's typo of a 27-digit amount)
        return round_money(value, places)
    return value


def _parse(spec: FieldSpec, raw: str, path: str, result: Evaluated) -> Any:
    try:
        return parse_value(spec, raw)
    except ValueError as exc:
        result.errors[path] = str(exc)
        return None


def snippet_context(template: Template, draft: Draft, evaluated: Evaluated) -> dict[str, Any]:
    """What a jinja snippet sees: unit, options, every field and computed value."""
    signoff = draft.signoff
    context: dict[str, Any] = {
        "unit": draft.unit.model_dump(),
        "options": draft_options(template, draft),
        "signoff": signoff.model_dump() if signoff else None,
        "signoff_by": signoff.by if signoff else "",
        "signoff_date": signoff.date if signoff else None,
        "template_name": template.name,
        "report_year": draft.unit.year,
    }
    context.update(draft_options(template, draft))
    context.update(evaluated.values)
    context.update(evaluated.computed)
    if draft.last_year:  # 同比 sentences (the yoy filter: core/text/yoy.py)
        context["last_year"] = last_year_values(template, draft)
    else:
        context["last_year"] = None
    from fulian_desktop.core.template import sandbox

    # every snippet rendered with this context (or a copy) shares one budget
    context[sandbox.PASS_KEY] = sandbox.pass_budget(context)
    return context


# ---------------------------------------------------------------------------
# 同比: last year's figures (``Draft.last_year``, field id → text, kept when a
# report was started from last year's or from an imported one), evaluated under
# the same template, so a template can print
#   {% if last_year and last_year.budget_total is not none %}全年预算数较上年{{ budget_total | yoy(last_year.budget_total) }}{% endif %}

#: last year's evaluation by (template, figures, options): validation and the
#: snippet context both need it on every keystroke, and it rarely changes
_EVALUATED: dict[tuple[int, frozenset, frozenset], tuple[weakref.ref, Evaluated]] = {}


def last_year_evaluated(template: Template, draft: Draft) -> Evaluated | None:
    """Last year's figures evaluated under the template (computed values too)."""
    if not draft.last_year:
        return None
    key = (id(template), frozenset(draft.last_year.items()), frozenset(draft.options.items()))
    cached = _EVALUATED.get(key)
    if cached is not None and cached[0]() is template:
        return cached[1]
    then = Draft(
        template_id=draft.template_id,
        values=dict(draft.last_year),
        options=dict(draft.options),
        sections=dict(draft.sections),
    )
    evaluated = evaluate_draft(template, then)
    if len(_EVALUATED) > 16:
        _EVALUATED.clear()
    _EVALUATED[key] = (weakref.ref(template), evaluated)
    return evaluated


def last_year_values(template: Template, draft: Draft) -> dict[str, Any] | None:
    """What snippets see as ``last_year`` (None when the draft has no last year)."""
    evaluated = last_year_evaluated(template, draft)
    if evaluated is None:
        return None
    values = {k: v for k, v in evaluated.values.items() if not isinstance(v, list)}
    values.update(evaluated.computed)
    return values
