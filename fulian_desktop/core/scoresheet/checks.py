"""Checks of the 绩效自评表, as Issues with the same levels as the rest of validation.

Paths point into the table: ``scoresheet.rows[3].actual``,
``scoresheet.budget.reason``, ``scoresheet.weights.output``,
``scoresheet.total``; their section is ``scoresheet`` (the table's page in the
navigator). A difference between the report's 自评分 and the table's total is
reported at both places.

A draft with nothing typed in its table is not checked against it (unless
the template sets ``required: true``): the table is an attachment handed in
beside the report, a draft may be written before it, and the transcribed
sample reports came without theirs. Once a row or a budget figure is typed,
every check applies.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fulian_desktop.core.issues import Issue, Severity
from fulian_desktop.core.scoresheet.scoring import (
    HUNDRED,
    ZERO,
    BudgetResult,
    ScoredRow,
    SheetResult,
    band_limits,
    in_band,
    score_sheet,
)
from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.scoresheet_spec import ScoresheetSpec
from fulian_desktop.core.text import textstats

SECTION = "scoresheet"
BUDGET_LABELS = {"initial": "年初预算数", "adjusted": "全年预算数", "executed": "全年执行数"}


def _n(value: Decimal) -> str:
    """A figure as written, without an exponent or needless zeros (92.50 → 92.5)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class _Report:
    def __init__(self, section_for: Callable[[str], str]) -> None:
        self.issues: list[Issue] = []
        self.section_for = section_for

    def add(
        self, severity: Severity, path: str, message: str, hint: str = "", code: str = ""
    ) -> None:
        section = SECTION if path.startswith("scoresheet") else self.section_for(path)
        self.issues.append(Issue(severity, path, message, hint, code, section))


def row_name(row: ScoredRow) -> str:
    name = row.raw["name"].strip()
    return f"自评表第 {row.index + 1} 行" + (f"“{name}”" if name else "")


def check_scoresheet(
    template: Any,
    draft: Any,
    scope: expressions.Scope | None,
    section_for: Callable[[str], str] = lambda _path: "",
    result: SheetResult | None = None,
) -> list[Issue]:
    """Every problem in ``draft``'s table under ``template``; [] when it has none."""
    spec: ScoresheetSpec | None = template.scoresheet
    if spec is None:
        return []
    if result is None:
        result = score_sheet(spec, draft.scoresheet, scope, template.grade_bands)
    report = _Report(section_for)
    if result.empty:
        if spec.required:
            report.add(
                "error",
                "scoresheet",
                "尚未填写绩效自评表",
                "在“绩效自评表”页填写各项指标，自评分由表中得分合计得出",
                "required",
            )
        return report.issues
    _check_weights(report, spec, result)
    for row in result.rows:
        _check_row(report, spec, row, template.length_method)
    if result.budget:
        _check_budget(report, spec, result.budget, template.length_method)
    if result.cap:
        report.add(
            "info",
            "scoresheet.total",
            f"预算执行率低于 {_n(result.cap.below)}%，自评总分由 {_n(result.subtotal)} 分封顶为 {_n(result.cap.max)} 分",
            code="cap",
        )
    _check_report_score(report, template, spec, draft, result, scope)
    return report.issues


# ---------------------------------------------------------------------------
# Weights


def _check_weights(report: _Report, spec: ScoresheetSpec, result: SheetResult) -> None:
    weights = result.weights
    for level_id, why in result.weight_errors.items():
        report.add("error", f"scoresheet.weights.{level_id}", f"权重填写有误：{why}", code="format")
    for level in spec.levels:
        for node in (level, *level.children):
            value = weights.get(node.id)
            if node.adjustable and value is not None and node.weight_min is not None:
                if not node.weight_min <= value <= (node.weight_max or value):
                    report.add(
                        "error",
                        f"scoresheet.weights.{node.id}",
                        f"“{node.name}”的权重 {_n(value)} 超出大纲允许的 {_n(node.weight_min)}–{_n(node.weight_max or value)}",
                        "在大纲允许的范围内调整权重",
                        "weight",
                    )
    top = [weights.get(level.id) for level in spec.levels]
    if all(w is not None for w in top):
        total = sum(top, ZERO) + (spec.budget.weight if spec.budget else ZERO)
        if total != HUNDRED:
            parts = "、".join(f"{lv.name} {_n(weights[lv.id] or ZERO)}" for lv in spec.levels)
            if spec.budget:
                parts += f"、{spec.budget.level1} {_n(spec.budget.weight)}"
            report.add(
                "error",
                "scoresheet.weights",
                f"一级指标权重合计为 {_n(total)} 分（{parts}），应为 100 分",
                "调整一级指标的权重，使合计为 100 分",
                "weight",
            )
    for level in spec.levels:
        rows = [r for r in result.rows if r.level1 is level]
        _check_sum(report, level.name, weights.get(level.id), rows, level.id, "一级指标")
        child_weights = [weights.get(c.id) for c in level.children]
        if all(w is not None for w in child_weights) and weights.get(level.id) is not None:
            total = sum(child_weights, ZERO)
            if total != weights[level.id]:
                report.add(
                    "error",
                    f"scoresheet.weights.{level.id}",
                    f"“{level.name}”下各二级指标权重合计为 {_n(total)} 分，应等于 {_n(weights[level.id] or ZERO)} 分",
                    "调整二级指标的权重",
                    "weight",
                )
        for child in level.children:
            if weights.get(child.id) is None:
                continue
            rows = [r for r in result.rows if r.level2 is child]
            _check_sum(report, child.name, weights.get(child.id), rows, child.id, "二级指标")


def _check_sum(
    report: _Report,
    name: str,
    weight: Decimal | None,
    rows: list[ScoredRow],
    level_id: str,
    what: str,
) -> None:
    if weight is None or any(r.weight is None for r in rows):
        return  # a row without a weight is reported on the row
    total = sum((r.weight for r in rows if r.weight is not None), ZERO)
    if total != weight:
        have = f"其下三级指标权重合计为 {_n(total)} 分" if rows else "其下还没有三级指标"
        report.add(
            "error",
            f"scoresheet.weights.{level_id}",
            f"{what}“{name}”权重为 {_n(weight)} 分，{have}",
            "调整各三级指标的分值，使之与上级权重相等",
            "weight",
        )


# ---------------------------------------------------------------------------
# Rows


def _check_row(report: _Report, spec: ScoresheetSpec, row: ScoredRow, method: str) -> None:
    raw, base, name = row.raw, f"scoresheet.rows[{row.index}]", row_name(row)
    if not any(v.strip() for v in raw.values()):
        report.add("error", base, f"{name}是空行", "请填写或删除此行", "required")
        return
    if not raw["name"].strip():
        report.add("error", f"{base}.name", f"{name}未填写三级指标名称", code="required")
    if row.level1 is None:
        shown = raw["level1"].strip() or raw["level2"].strip()
        why = f"“{shown}”不是本大纲的指标" if shown else "未选择一级/二级指标"
        report.add(
            "error", f"{base}.level1", f"{name}{why}", "在一级、二级指标栏中选择", "required"
        )
    elif raw["level2"].strip() and row.level2 is None:
        report.add(
            "error",
            f"{base}.level2",
            f"{name}的二级指标“{raw['level2'].strip()}”不在“{row.level1.name}”之下",
            f"可选：{'、'.join(c.name for c in row.level1.children)}",
            "required",
        )
    if not row.kind:
        shown = raw["kind"].strip()
        report.add(
            "error",
            f"{base}.kind",
            f"{name}的指标性质{'“' + shown + '”无法识别' if shown else '未选择'}",
            "选择 ≥（正向）、≤（反向）、＝（等于）或 定性",
            "required",
        )
    for key, why in row.errors.items():
        label = {"weight": "分值", "score": "得分", "target": "年度指标值", "actual": "实际完成值"}[
            key
        ]
        report.add("error", f"{base}.{key}", f"{name}的{label}填写有误：{why}", code="format")
    if row.weight is None and "weight" not in row.errors:
        report.add("error", f"{base}.weight", f"{name}未填写分值（权重）", code="required")
    elif row.weight is not None and row.weight <= 0:
        report.add("error", f"{base}.weight", f"{name}的分值应大于 0", code="range")
    if row.kind == "qualitative":
        _check_qualitative(report, spec, row, base, name)
    elif row.kind:
        _check_quantitative(report, spec, row, base, name)
    _check_score_and_reason(report, spec, row, base, name, method)


def _check_quantitative(
    report: _Report, spec: ScoresheetSpec, row: ScoredRow, base: str, name: str
) -> None:
    for key, label in (("target", "年度指标值"), ("actual", "实际完成值")):
        if not row.raw[key].strip():
            report.add(
                "error", f"{base}.{key}", f"{name}未填写{label}", "填写数字，可带单位", "required"
            )
    if row.target is not None and row.actual is not None:
        if row.target_unit != row.actual_unit:
            report.add(
                "warning",
                f"{base}.actual",
                f"{name}的年度指标值单位为“{row.target_unit or '无'}”，实际完成值单位为“{row.actual_unit or '无'}”，两者不一致",
                "统一计量单位后再比较，否则得分没有意义",
                "unit",
            )
        threshold = spec.rules.overshoot_percent
        if (
            threshold is not None
            and row.kind == "positive"
            and row.target > 0
            and row.actual > row.target * (1 + threshold / HUNDRED)
        ):
            report.add(
                "warning",
                f"{base}.target",
                f"{name}实际完成值 {_n(row.actual)} 超过年度指标值 {_n(row.target)} 的 {_n(threshold)}% 以上，目标设置偏低",
                "评审时会被认为目标设置偏低；请说明原因，下一年度据实调整目标",
                "overshoot",
            )


def _check_qualitative(
    report: _Report, spec: ScoresheetSpec, row: ScoredRow, base: str, name: str
) -> None:
    if not row.raw["target"].strip():
        report.add("error", f"{base}.target", f"{name}未填写年度指标值", code="required")
    grades = "、".join(b.grade for b in spec.rules.qualitative)
    if not row.raw["grade"].strip():
        report.add(
            "error",
            f"{base}.grade",
            f"{name}是定性指标，未选择完成档次",
            f"可选：{grades}",
            "required",
        )
        return
    if row.band is None:
        report.add(
            "error",
            f"{base}.grade",
            f"{name}的完成档次“{row.raw['grade'].strip()}”不是可选项",
            f"可选：{grades}",
            "choice",
        )
        return
    if row.weight is None:
        return
    low, high = band_limits(row.band, row.weight)
    if row.score is None:
        if "score" not in row.errors:
            report.add(
                "error",
                f"{base}.score",
                f"{name}评为“{row.band.grade}”，请填写得分（{_n(low)}–{_n(high)} 分）",
                code="required",
            )
    elif not in_band(row.band, row.weight, row.score):
        closed = "]" if row.band.max == HUNDRED else ")"
        report.add(
            "error",
            f"{base}.score",
            f"{name}评为“{row.band.grade}”，得分 {_n(row.score)} 不在该档次的 [{_n(low)}, {_n(high)}{closed} 分之内",
            "按档次给分，或改选相应的档次",
            "band",
        )


def _check_score_and_reason(
    report: _Report, spec: ScoresheetSpec, row: ScoredRow, base: str, name: str, method: str
) -> None:
    score, weight = row.score, row.weight
    if row.kind != "qualitative" and row.manual is not None and row.computed is not None:
        if row.manual != row.computed:
            report.add(
                "warning",
                f"{base}.score",
                f"{name}填写的得分 {_n(row.manual)} 与按规则计算的 {_n(row.computed)} 不同",
                "请核对；如有特殊情况，在偏差原因中说明",
                "manual",
            )
    if score is None or weight is None:
        return
    if score < 0 or score > weight:
        report.add(
            "error",
            f"{base}.score",
            f"{name}得分 {_n(score)} 应在 0–{_n(weight)} 分之间",
            code="range",
        )
    reason = row.raw["reason"]
    if score < weight and not reason.strip():
        report.add(
            "error",
            f"{base}.reason",
            f"{name}得分 {_n(score)} 低于分值 {_n(weight)}，未填写偏差原因分析及改进措施",
            "说明未达成目标的原因和下一步改进措施",
            "reason",
        )
    limit = spec.rules.reason_max_length
    if limit is not None and reason.strip():
        count = textstats.count(reason, method)
        if count > limit:
            report.add(
                "error",
                f"{base}.reason",
                f"{name}的偏差原因分析共 {count} 字，超过 {limit} 字上限",
                "请精简文字",
                "length",
            )


# ---------------------------------------------------------------------------
# 预算执行 and the report's own figures


def _check_budget(report: _Report, spec: ScoresheetSpec, budget: BudgetResult, method: str) -> None:
    block = budget.block
    for key, label in BUDGET_LABELS.items():
        if key == "initial" and not budget.bound[key] and budget.initial is None:
            continue  # 年初预算数 is printed when known; the rate does not need it
        if key in budget.errors:
            report.add(
                "error",
                f"scoresheet.budget.{key}",
                f"自评表的{label}填写有误：{budget.errors[key]}",
                code="format",
            )
        elif getattr(budget, key) is None:
            where = "报告的预算数字中" if budget.bound[key] else "自评表预算执行情况中"
            report.add(
                "error",
                f"scoresheet.budget.{key}",
                f"自评表的{label}缺少数字",
                f"在{where}填写",
                "required",
            )
    if budget.adjusted is not None and budget.adjusted <= 0:
        report.add(
            "error",
            "scoresheet.budget.adjusted",
            "全年预算数应大于 0，执行率无从计算",
            code="range",
        )
    rate = budget.rate
    if rate is not None and budget.report_rate is not None and rate != budget.report_rate:
        report.add(
            "error",
            "scoresheet.budget.rate",
            f"自评表的执行率 {_n(rate)}%（执行数 {_n(budget.executed or ZERO)} ÷ 全年预算数 {_n(budget.adjusted or ZERO)}）与报告的预算完成率 {_n(budget.report_rate)}% 不一致",
            "核对报告中的预算数、执行数和完成率",
            "rate",
        )
    if rate is not None and block.explain_below is not None and rate < block.explain_below:
        if not budget.reason.strip():
            report.add(
                "error",
                "scoresheet.budget.reason",
                f"预算执行率 {_n(rate)}% 低于 {_n(block.explain_below)}%，须说明未完成原因",
                "在预算执行情况的“未完成原因”中说明",
                "reason",
            )
    if "score" in budget.errors:
        report.add(
            "error",
            "scoresheet.budget.score",
            f"预算执行得分填写有误：{budget.errors['score']}",
            code="format",
        )
    if (
        budget.manual is not None
        and budget.computed is not None
        and budget.manual != budget.computed
    ):
        report.add(
            "warning",
            "scoresheet.budget.score",
            f"预算执行填写的得分 {_n(budget.manual)} 与按规则计算的 {_n(budget.computed)} 不同",
            "请核对",
            "manual",
        )
    limit = spec.rules.reason_max_length
    if limit is not None and budget.reason.strip():
        count = textstats.count(budget.reason, method)
        if count > limit:
            report.add(
                "error",
                "scoresheet.budget.reason",
                f"预算未完成原因共 {count} 字，超过 {limit} 字上限",
                "请精简文字",
                "length",
            )


def _check_report_score(
    report: _Report,
    template: Any,
    spec: ScoresheetSpec,
    draft: Any,
    result: SheetResult,
    scope: expressions.Scope | None,
) -> None:
    values = scope.values if scope is not None else {}
    if spec.score_field:
        stated = values.get(spec.score_field)
        if isinstance(stated, Decimal) and stated != result.total:
            label = template.field(spec.score_field).label
            message = (
                f"报告的{label} {_n(stated)} 分与绩效自评表得分合计 {_n(result.total)} 分不一致"
            )
            hint = "自评分应等于自评表各项得分之和；请核对两处"
            report.add("error", spec.score_field, message, hint, "scoresheet")
            report.add("error", "scoresheet.total", message, hint, "scoresheet")
    if spec.grade_field and result.grade:
        stated = values.get(spec.grade_field)
        if isinstance(stated, str) and stated.strip() and stated.strip() != result.grade:
            label = template.field(spec.grade_field).label
            message = f"报告的{label}“{stated.strip()}”与绩效自评表的等级“{result.grade}”（{_n(result.total)} 分）不一致"
            report.add("error", spec.grade_field, message, "请核对两处", "scoresheet")
            report.add("error", "scoresheet.grade", message, "请核对两处", "scoresheet")
