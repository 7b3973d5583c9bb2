"""Scoring the 绩效自评表: pure functions over the template's rules and the draft's rows.

The draft keeps the table as typed, in ``draft.scoresheet`` (strings, like
every other value, so nothing is lost when a figure does not parse yet)::

    {"rows": [{"level1": "output", "level2": "quantity", "name": "开展宣讲场次",
               "kind": "positive", "target": "100", "unit": "场", "actual": "126",
               "weight": "10", "score": "", "grade": "", "reason": ""}, …],
     "weights": {"output": "50"},          # only where the template lets her choose
     "budget": {"initial": "", "adjusted": "", "executed": "",  # only where not bound
                "score": "", "reason": ""}}

Every score is rounded to two decimals, 四舍五入 (ROUND_HALF_UP), row by row;
the total is the sum of the rounded scores, then capped by 执行率 when the
outline says so. ``core/scoresheet/checks.py`` turns the result into Issues.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, localcontext
from typing import Any

from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.scoresheet_spec import (
    KIND_NAMES,
    KINDS,
    BudgetBlock,
    Level1,
    Level2,
    QualitativeBand,
    RateBand,
    ScoresheetSpec,
    TotalCap,
)
from fulian_desktop.core.text.numbers import NumberFormatError, parse_decimal, round_money

ROW_KEYS = (
    "level1",
    "level2",
    "name",
    "kind",
    "target",
    "unit",
    "actual",
    "weight",
    "score",
    "grade",
    "reason",
)
BUDGET_KEYS = ("initial", "adjusted", "executed", "score", "reason")
ZERO = Decimal(0)
HUNDRED = Decimal(100)

# ---------------------------------------------------------------------------
# The scoring rules (each a pure function of Decimals; scores round to 0.01)


def _r(value: Decimal) -> Decimal:
    return round_money(value, 2)


def _div(a: Decimal, b: Decimal) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 50
        return a / b


def score_positive(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """正向 (≥): full weight when 实际 ≥ 目标, else weight × 实际 ÷ 目标 (never below 0)."""
    if actual >= target:
        return _r(weight)
    if target <= 0:
        return ZERO
    return _r(max(ZERO, weight * _div(actual, target)))


def score_negative(
    weight: Decimal, target: Decimal, actual: Decimal, method: str = "linear"
) -> Decimal:
    """反向 (≤): full weight when 实际 ≤ 目标.

    ``linear``: between 目标 and 2×目标 weight × (1 − (实际 − 目标) ÷ 目标), 0 at or
    beyond 2×目标. ``ratio``: weight × 目标 ÷ 实际. A 目标 of 0 scores like 等于.
    """
    if actual <= target:
        return _r(weight)
    if target <= 0:
        return ZERO
    if method == "ratio":
        return _r(weight * _div(target, actual))
    if actual >= 2 * target:
        return ZERO
    return _r(weight * (1 - _div(actual - target, target)))


def score_equal(weight: Decimal, target: Decimal, actual: Decimal) -> Decimal:
    """等于 (＝): full weight when 实际 equals 目标 (目标 0, e.g. 安全事故: 实际 ≤ 0), else 0."""
    if actual == target or (target == 0 and actual <= 0):
        return _r(weight)
    return ZERO


def score_budget(
    weight: Decimal,
    rate: Decimal,
    method: str = "proportional",
    bands: Sequence[RateBand] = (),
) -> Decimal:
    """预算执行: weight × 执行率 (percent) capped at the weight, or the outline's bands."""
    if method == "bands":
        for band in sorted(bands, key=lambda b: b.min, reverse=True):
            if rate >= band.min:
                return _r(weight * band.ratio)
        return ZERO
    return _r(min(weight, max(ZERO, weight * _div(rate, HUNDRED))))


def cap_total(
    total: Decimal, rate: Decimal | None, caps: list[TotalCap]
) -> tuple[Decimal, TotalCap | None]:
    """The total after the 执行率 caps (the lowest cap whose band 执行率 falls in)."""
    if rate is None:
        return total, None
    applying = [cap for cap in caps if rate < cap.below]
    if not applying:
        return total, None
    cap = min(applying, key=lambda c: c.max)
    return (cap.max, cap) if total > cap.max else (total, None)


def qualitative_band(bands: list[QualitativeBand], grade: str) -> QualitativeBand | None:
    grade = grade.strip()
    return next((b for b in bands if b.grade == grade), None)


def in_band(band: QualitativeBand, weight: Decimal, score: Decimal) -> bool:
    """[min, max) of the weight; the top band's 100% is inclusive."""
    low = _r(weight * band.min / HUNDRED)
    high = _r(weight * band.max / HUNDRED)
    return low <= score < high or (score == high and band.max == HUNDRED)


def band_limits(band: QualitativeBand, weight: Decimal) -> tuple[Decimal, Decimal]:
    return _r(weight * band.min / HUNDRED), _r(weight * band.max / HUNDRED)


def grade_of(bands: list[Any], score: Decimal) -> str:
    for band in sorted(bands, key=lambda b: b.min, reverse=True):
        if score >= band.min:
            return band.grade
    return ""


# ---------------------------------------------------------------------------
# Reading what the clerk typed

_SIGNS = str.maketrans({"≥": "", "≤": "", "＝": "", "=": "", "＞": "", "＜": "", ">": "", "<": ""})
_FIGURE = re.compile(r"^\s*([+\-－]?[0-9０-９][0-9０-９.．,，]*)\s*(.*?)\s*$")

_KIND_WORDS = {
    "positive": "positive",
    "正向": "positive",
    "≥": "positive",
    ">=": "positive",
    "越大越好": "positive",
    "negative": "negative",
    "反向": "negative",
    "≤": "negative",
    "<=": "negative",
    "越小越好": "negative",
    "equal": "equal",
    "等于": "equal",
    "=": "equal",
    "＝": "equal",
    "qualitative": "qualitative",
    "定性": "qualitative",
}


def parse_kind(text: str) -> str:
    """'≥', '正向', 'positive' → 'positive'; '' when unknown."""
    return _KIND_WORDS.get(text.strip(), "")


def kind_label(kind: str) -> str:
    return KINDS.get(kind, "")


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, "")


def split_figure(text: str) -> tuple[Decimal | None, str]:
    """'126场' → (126, '场'); '≥95%' → (95, '%'); '' → (None, '').

    Raises NumberFormatError when there is text but no number at its start.
    """
    shown = text.strip()
    if not shown:
        return None, ""
    match = _FIGURE.match(shown.translate(_SIGNS))
    if not match:
        raise NumberFormatError(f"“{shown}”不是数字，请填写数字，可带单位，例如 100场、95%")
    return parse_decimal(match.group(1)), match.group(2)


def _number(text: str) -> Decimal | None:
    """A weight or score: a plain number (a trailing 分 is allowed)."""
    return parse_decimal(text) if text.strip() else None


def rows_of(data: dict[str, Any]) -> list[dict[str, str]]:
    """The draft's rows with every key present as a string (odd shapes read as text)."""
    rows = data.get("rows", []) if isinstance(data, dict) else []
    out: list[dict[str, str]] = []
    for row in rows if isinstance(rows, list) else []:
        row = row if isinstance(row, dict) else {}
        out.append({key: "" if row.get(key) is None else str(row.get(key)) for key in ROW_KEYS})
    return out


def section_data(data: dict[str, Any], key: str) -> dict[str, str]:
    part = data.get(key, {}) if isinstance(data, dict) else {}
    part = part if isinstance(part, dict) else {}
    return {k: "" if v is None else str(v) for k, v in part.items()}


def is_empty(data: dict[str, Any]) -> bool:
    """Nothing typed in the table yet (no rows, no budget entries, no weights)."""
    if not isinstance(data, dict) or not data:
        return True
    budget = section_data(data, "budget")
    return (
        not rows_of(data)
        and not any(v.strip() for v in budget.values())
        and not any(v.strip() for v in section_data(data, "weights").values())
    )


# ---------------------------------------------------------------------------
# Scoring a whole table


@dataclass
class ScoredRow:
    index: int
    raw: dict[str, str]
    level1: Level1 | None
    level2: Level2 | None
    kind: str
    weight: Decimal | None = None
    target: Decimal | None = None
    target_unit: str = ""
    actual: Decimal | None = None
    actual_unit: str = ""
    band: QualitativeBand | None = None
    computed: Decimal | None = None  # by the rules
    manual: Decimal | None = None  # typed by the clerk
    errors: dict[str, str] = field(default_factory=dict)  # column → why it does not parse

    @property
    def score(self) -> Decimal | None:
        """What counts: the typed score where it is allowed and typed, else the computed one."""
        return self.manual if self.manual is not None else self.computed


@dataclass
class BudgetResult:
    block: BudgetBlock
    initial: Decimal | None
    adjusted: Decimal | None
    executed: Decimal | None
    rate: Decimal | None  # 执行数 ÷ 全年预算数, percent, two decimals
    report_rate: Decimal | None  # the report's own 预算完成率
    bound: dict[str, bool]  # which figures come from the report
    computed: Decimal | None
    manual: Decimal | None
    reason: str
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def score(self) -> Decimal | None:
        return self.manual if self.manual is not None else self.computed


@dataclass
class SheetResult:
    spec: ScoresheetSpec
    rows: list[ScoredRow]
    budget: BudgetResult | None
    weights: dict[str, Decimal | None]  # level id → weight in force
    weight_errors: dict[str, str]
    subtotal: Decimal  # sum of the rounded scores
    total: Decimal  # after the 执行率 cap
    cap: TotalCap | None
    grade: str
    empty: bool

    def level_rows(self, level_id: str) -> list[ScoredRow]:
        return [
            r
            for r in self.rows
            if (r.level1 and r.level1.id == level_id) or (r.level2 and r.level2.id == level_id)
        ]


def _eval(source: str, scope: expressions.Scope | None) -> Decimal | None:
    if not source or scope is None:
        return None
    try:
        value = expressions.evaluate(source, scope)
    except expressions.ExpressionError:
        return None  # the template loader reports a broken expression
    return value if isinstance(value, Decimal) else None


def level_weights(
    spec: ScoresheetSpec, typed: dict[str, str]
) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """The weight of every 一级 and 二级 in force: fixed, or chosen within limits."""
    weights: dict[str, Decimal | None] = {}
    errors: dict[str, str] = {}
    for level in spec.levels:
        for node in (level, *level.children):
            weights[node.id] = node.weight
            text = typed.get(node.id, "").strip()
            if node.adjustable and text:
                try:
                    weights[node.id] = parse_decimal(text)
                except NumberFormatError as exc:
                    errors[node.id] = str(exc)
    return weights, errors


def _score_row(spec: ScoresheetSpec, row: ScoredRow) -> None:
    raw = row.raw
    rules = spec.rules
    for key in ("weight", "score"):
        try:
            value = _number(raw[key])
        except NumberFormatError as exc:
            row.errors[key] = str(exc)
            continue
        if key == "weight":
            row.weight = value
        elif row.kind == "qualitative" or rules.manual_scores:
            row.manual = value
    if row.kind == "qualitative":
        row.band = qualitative_band(rules.qualitative, raw["grade"])
        if row.band and row.band.default is not None and row.weight is not None:
            row.computed = _r(row.weight * row.band.default / HUNDRED)
        return
    for key in ("target", "actual"):
        try:
            value, unit = split_figure(raw[key])
        except NumberFormatError as exc:
            row.errors[key] = str(exc)
            continue
        setattr(row, key, value)
        setattr(row, f"{key}_unit", unit or raw["unit"].strip())
    if row.weight is None or row.target is None or row.actual is None:
        return
    if row.kind == "positive":
        row.computed = score_positive(row.weight, row.target, row.actual)
    elif row.kind == "negative":
        row.computed = score_negative(row.weight, row.target, row.actual, rules.negative)
    elif row.kind == "equal":
        row.computed = score_equal(row.weight, row.target, row.actual)


#: scored rows by their typed values, per spec: a keystroke changes one row,
#: so validating a 60-row table rescoring only that row stays cheap
_ROW_CACHE: dict[int, tuple[ScoresheetSpec, dict[tuple[str, ...], ScoredRow]]] = {}
_ROW_CACHE_MAX = 4096


def _scored(spec: ScoresheetSpec, index: int, raw: dict[str, str]) -> ScoredRow:
    entry = _ROW_CACHE.get(id(spec))
    if entry is None or entry[0] is not spec:
        if len(_ROW_CACHE) > 16:
            _ROW_CACHE.clear()
        entry = _ROW_CACHE[id(spec)] = (spec, {})
    cache = entry[1]
    key = tuple(raw[k] for k in ROW_KEYS)
    found = cache.get(key)
    if found is None:
        if len(cache) >= _ROW_CACHE_MAX:
            cache.clear()
        levels = spec.level2(raw["level2"].strip())
        level1 = levels[0] if levels else spec.level1(raw["level1"].strip())
        level2 = levels[1] if levels else None
        found = ScoredRow(
            index=-1, raw=raw, level1=level1, level2=level2, kind=parse_kind(raw["kind"])
        )
        _score_row(spec, found)
        cache[key] = found
    return replace(found, index=index, raw=raw, errors=dict(found.errors))


def _budget(
    spec: ScoresheetSpec, data: dict[str, Any], scope: expressions.Scope | None
) -> BudgetResult | None:
    block = spec.budget
    if block is None:
        return None
    typed = section_data(data, "budget")
    figures: dict[str, Decimal | None] = {}
    bound: dict[str, bool] = {}
    errors: dict[str, str] = {}
    for key in ("initial", "adjusted", "executed"):
        source = getattr(block, key)
        bound[key] = bool(source)
        if source:
            figures[key] = _eval(source, scope)
            if figures[key] is not None:
                figures[key] = round_money(figures[key], 2)
            continue
        try:
            figures[key] = _number(typed.get(key, ""))
        except NumberFormatError as exc:
            figures[key] = None
            errors[key] = str(exc)
    adjusted, executed = figures["adjusted"], figures["executed"]
    rate = None
    if adjusted is not None and executed is not None and adjusted > 0:
        rate = _r(_div(executed * HUNDRED, adjusted))
    report_rate = None
    for source in block.report_rate:
        report_rate = _eval(source, scope)
        if report_rate is not None:
            break
    computed = None
    if rate is not None:
        computed = score_budget(block.weight, rate, block.method, block.bands)
    manual = None
    if spec.rules.manual_scores:
        try:
            manual = _number(typed.get("score", ""))
        except NumberFormatError as exc:
            errors["score"] = str(exc)
    return BudgetResult(
        block=block,
        initial=figures["initial"],
        adjusted=adjusted,
        executed=executed,
        rate=rate,
        report_rate=report_rate,
        bound=bound,
        computed=computed,
        manual=manual,
        reason=typed.get("reason", ""),
        errors=errors,
    )


def score_sheet(
    spec: ScoresheetSpec,
    data: dict[str, Any],
    scope: expressions.Scope | None = None,
    grade_bands: list[Any] | None = None,
) -> SheetResult:
    """Score a draft's table. ``scope`` holds the report's figures (for the
    budget block); ``grade_bands`` are the template's when the table has none."""
    weights, weight_errors = level_weights(spec, section_data(data, "weights"))
    rows = [_scored(spec, index, raw) for index, raw in enumerate(rows_of(data))]
    budget = _budget(spec, data, scope)
    scores = [r.score for r in rows if r.score is not None]
    if budget and budget.score is not None:
        scores.append(budget.score)
    subtotal = sum(scores, ZERO)
    rate = budget.rate if budget else None
    total, cap = cap_total(subtotal, rate, spec.rules.total_caps)
    bands = spec.grade_bands or grade_bands or []
    return SheetResult(
        spec=spec,
        rows=rows,
        budget=budget,
        weights=weights,
        weight_errors=weight_errors,
        subtotal=_r(subtotal),
        total=_r(total),
        cap=cap,
        grade=grade_of(bands, total),
        empty=is_empty(data),
    )


def score_draft(template: Any, draft: Any) -> SheetResult | None:
    """Score ``draft``'s table under ``template`` (None when the template has none)."""
    spec = template.scoresheet
    if spec is None:
        return None
    from fulian_desktop.core.draft.values import draft_options, evaluate_draft

    evaluated = evaluate_draft(template, draft)
    scope = evaluated.scope(template, draft_options(template, draft))
    return score_sheet(spec, draft.scoresheet, scope, template.grade_bands)


def carry_forward(data: dict[str, Any]) -> dict[str, Any]:
    """Next year's table: the same indicators, targets, units and weights, with
    实际, 得分, 档次 and 偏差原因 emptied (基于往年报告)."""
    if is_empty(data):
        return {}
    rows = []
    for row in rows_of(data):
        kept = dict(row)
        for key in ("actual", "score", "grade", "reason"):
            kept[key] = ""
        rows.append(kept)
    out: dict[str, Any] = {"rows": rows}
    weights = {k: v for k, v in section_data(data, "weights").items() if v.strip()}
    if weights:
        out["weights"] = weights
    return out
