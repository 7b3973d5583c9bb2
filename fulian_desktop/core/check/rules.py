"""The rules part of validation: computed figures checked against typed ones,
sums with rounding tolerance, shared length caps, expression rules, and the
sentences a template generates. Split from core/check/validate.py, which owns the
run (``Run``) these functions report into.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fulian_desktop.core.template import expressions, snippets
from fulian_desktop.core.template.model import (
    BodySentence,
    BodyTable,
    BodyText,
    ComputedSpec,
    EqualSumsRule,
    ExprRule,
    FieldSpec,
    LengthCapRule,
    Section,
    TableSpec,
    Template,
)
from fulian_desktop.core.text import numbers

if TYPE_CHECKING:
    from fulian_desktop.core.check.run import Run


def length_unit(template: Template) -> str:
    return "字" if template.length_method == "字数" else "个字符"


def num(value: Decimal) -> str:
    """A figure as written: no exponent, no trailing zeros beyond what it has."""
    return numbers.format_figure(value)


def money_num(value: Decimal) -> str:
    """A computed amount or gap in 万元: two decimals, as the template declares
    money ("相差 10.00 万元"), never fewer digits than a typed figure has."""
    return numbers.format_figure(value, 2)


# ---------------------------------------------------------------------------
# Computed values checked against typed figures


def check_computed(run: Run, section: Section, comp: ComputedSpec) -> None:
    if comp.id in run.evaluated.computed_errors:
        run.template_issue(
            comp.id, f"“{comp.label}”无法计算：{run.evaluated.computed_errors[comp.id]}", section.id
        )
        return
    if not comp.check or not run.field_on(comp.check):
        return
    spec = run.plan.specs.get(comp.check)
    stated = run.evaluated.values.get(comp.check)
    exact = run.evaluated.exact.get(comp.id, run.evaluated.computed.get(comp.id))
    if spec is None or stated is None or exact is None:
        return  # a missing figure is reported by the required check
    unit = "%" if comp.format == "percent" or spec.kind == "percent" else ""
    unit = " 万元" if spec.kind == "money" else unit
    if isinstance(exact, Decimal):
        if isinstance(stated, str):
            try:
                stated = numbers.parse_percent(stated)
            except ValueError:
                return
        if not isinstance(stated, Decimal):
            return
        exponent = stated.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        expected = _round(exact, places)
        if expected == stated:
            return
        shown, should = f"{num(stated)}{unit}", f"{num(expected)}{unit}"
        gap = abs(stated - expected)
        if unit == "%":
            should += f"，相差 {money_num(gap)} 个百分点"
        elif unit:
            should += f"，相差 {money_num(gap)}{unit}"
    else:
        if str(stated).strip() == str(exact).strip():
            return
        shown, should = f"“{stated}”", f"“{exact}”"
    run.add(
        comp.severity,
        comp.check,
        f"“{spec.label}”填写为 {shown}，按{_basis(run, comp)}计算应为 {should}",
        "请核对填写的数字，或核对计算所用的各项数字",
        "rate" if comp.format == "percent" else "computed",
        run.plan.section_of[comp.check].id,
    )


def _round(value: Decimal, places: int) -> Decimal:
    return numbers.round_money(value, places)


def _basis(run: Run, comp: ComputedSpec) -> str:
    """'总支出 701.5、年度预算数 732.44' — the figures a computed value uses."""
    parts: list[str] = []
    try:
        used = sorted(expressions.names(comp.expr), key=lambda n: run.plan.position.get(n, 0))
    except expressions.ExpressionError:
        used = []
    for name in used:
        if "." in name:
            continue
        value = run.evaluated.values.get(name, run.evaluated.computed.get(name))
        label = run.plan.specs[name].label if name in run.plan.specs else name
        if isinstance(value, Decimal):
            parts.append(f"{label} {num(value)}")
    basis = f"（{'、'.join(parts)}）" if parts else ""
    return f"{comp.label}{basis}"


# ---------------------------------------------------------------------------
# Rules


def _term_figures(run: Run, term: str) -> tuple[list[Decimal], str, str] | None:
    """The figures of one sum term, its label and its kind; None when any is missing."""
    group, _, sub = term.partition(".")
    if sub:
        spec = run.plan.specs.get(group)
        items = run.evaluated.groups.get(group, [])
        if spec is None or not items or not run.field_on(group):
            return None
        column = [item.get(sub) for item in items]
        if not all(isinstance(v, Decimal) for v in column):
            return None
        sub_spec = next((f for f in spec.fields if f.id == sub), None)
        label = f"各{spec.label}的{sub_spec.label if sub_spec else sub}"
        return column, label, sub_spec.kind if sub_spec else "money"  # type: ignore[return-value]
    if term in run.plan.specs:
        spec = run.plan.specs[term]
        value = run.evaluated.values.get(term) if run.field_on(term) else None
        return ([value], spec.label, spec.kind) if isinstance(value, Decimal) else None
    value = run.evaluated.computed.get(term)
    if not isinstance(value, Decimal):
        return None
    comp = next((c for _, c in run.plan.computed if c.id == term), None)
    return [value], comp.label if comp else term, comp.format if comp else "money"


def _side_name(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else f"{'与'.join(labels)}之和"


def check_sums(run: Run, section: Section | None, rule: EqualSumsRule) -> None:
    sides = []
    for terms in (rule.left, rule.right):
        figures: list[Decimal] = []
        labels: list[str] = []
        kinds: set[str] = set()
        for term in terms:
            got = _term_figures(run, term)
            if got is None:
                return  # a missing figure: reported as required, not as a sum
            figures.extend(got[0])
            labels.append(got[1])
            kinds.add(got[2])
        sides.append((figures, labels, kinds))
    (lf, ll, lk), (rf, rl, rk) = sides
    left, right = sum(lf, Decimal(0)), sum(rf, Decimal(0))
    gap = abs(left - right)
    if gap == 0:
        return
    # n parts and one total: (n + 1) × 0.005; in general every figure on either side
    tolerance = numbers.rounding_tolerance(len(lf) + len(rf) - 1)
    unit = " 万元" if (lk | rk) <= {"money"} else ""
    left_name = rule.label or _side_name(ll)
    right_name = _side_name(rl)
    first = rule.right[0].partition(".")[0] if rule.right else rule.left[0].partition(".")[0]
    path = first if first in run.plan.specs else (section.id if section else first)
    where = section.id if section and path == section.id else ""
    # A side of one typed figure prints as typed; a sum or the gap is computed
    # and prints at the declared two decimals ("相差 10.00 万元").
    fig = money_num if unit else num
    shown_left = fig(left) if len(lf) > 1 else num(left)
    shown_right = fig(right) if len(rf) > 1 else num(right)
    figures = (
        f"{left_name} {shown_left}{unit}与{right_name} {shown_right}{unit}相差 {fig(gap)}{unit}"
    )
    if gap <= tolerance:
        run.add(
            "info",
            path,
            f"四舍五入差异：{figures}，在 {len(lf) + len(rf)} 个数各自四舍五入允许的 "
            f"{num(tolerance)}{unit}之内",
            "各数分别四舍五入到 0.01 后相加，可能相差几分；一般无需修改",
            "rounding",
            where,
        )
        return
    message = rule.message or figures
    for name, shown in (("left", shown_left), ("right", shown_right), ("gap", fig(gap))):
        message = message.replace("{" + name + "}", shown)
    run.add(
        rule.severity,
        path,
        message,
        rule.hint or "请核对各项数字：分项之和应等于合计数",
        "sum",
        where,
    )


def section_count(run: Run, section: Section) -> int:
    """What a reviewer counts selecting the whole section in Word: its
    headings, fixed notes and texts as printed (composed, like the export)."""
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.core.compose.document import Paragraph
    from fulian_desktop.core.text import textstats

    ids: set[str] = set()
    stack = [section]
    while stack:
        current = stack.pop()
        ids.add(current.id)
        stack.extend(current.sections)
    document = compose(run.template, run.draft, final=True)
    method = run.template.length_method
    return sum(
        textstats.count(block.full_text, method)
        for block in document.flat_blocks()
        if isinstance(block, Paragraph) and block.anchor in ids
    )


def check_cap(run: Run, section: Section | None, rule: LengthCapRule) -> None:
    """The capped texts' total; near or over the cap, also the whole section
    as Word counts it (headings and the fixed note add about 120 字 in the 红皮书),
    and both figures when they differ. ``counts: section`` caps the latter."""
    total = sum(run.count(field_id) for field_id in rule.fields)
    whole: int | None = None
    if section is not None and (rule.counts == "section" or total * 10 >= rule.max * 8):
        whole = section_count(run, section)
    counted = whole if rule.counts == "section" and whole is not None else total
    unit = length_unit(run.template)
    name = rule.label or "、".join(
        f"“{run.plan.specs[f].label}”" for f in rule.fields if f in run.plan.specs
    )
    path = section.id if section else rule.fields[0]
    both = whole is not None and whole != total
    figures = (
        f"{name}正文 {total} {unit}；整节在 Word 中约 {whole} {unit}"
        if both
        else f"{name}共 {total} {unit}"
    )
    if counted <= rule.max:
        if both and whole is not None and whole > rule.max:
            run.add(
                "info",
                path,
                f"{figures}（含标题和说明文字），评审在 Word 中选中整节会看到超过 {rule.max} {unit}",
                "上限按提纲只计正文；如评审按整节计，请再压缩一些",
                "length",
                section.id if section else "",
            )
        return
    message = rule.message or f"{figures}，超过 {rule.max} {unit}上限 {counted - rule.max} {unit}"
    run.add(
        rule.severity,
        path,
        message,
        rule.hint or "请精简文字（按 Word 的“字数”统计）",
        "length",
        section.id if section else "",
    )


def check_expr_rule(run: Run, section: Section | None, rule: ExprRule) -> None:
    path = rule.field or (section.id if section else _first_field(run, rule.check))
    where = section.id if section and path == section.id else ""
    result = run.try_eval(rule.check, path, where)
    if result is False:
        run.add(rule.severity, path, rule.message, rule.hint, "rule", where)


def _first_field(run: Run, source: str) -> str:
    """Where a template-wide rule points: the first field its expression names."""
    try:
        used = [n.partition(".")[0] for n in expressions.names(source)]
    except expressions.ExpressionError:
        return "template"
    fields = [n for n in used if n in run.plan.specs]
    return min(fields, key=run.plan.position.__getitem__) if fields else "template"


# ---------------------------------------------------------------------------
# Sentences: a snippet that cannot be generated would stop the export


def check_snippets(run: Run) -> None:
    """Render every snippet that would print; one template issue per failing one.

    Composition prints a failed snippet as 【模板错误】 in the document, so the
    clerk should hear of it here, before exporting.
    """
    template = run.template
    reported: set[str] = set()

    def render(source: str, path: str, section: str, extra: dict[str, Any] | None = None) -> str:
        if not source or "{" not in source or source in reported:
            return source
        context = run.context() if extra is None else {**run.context(), **extra}
        text, error = snippets.render_cached(source, context, template.money_trailing_zeros)
        if error is not None:
            reported.add(source)
            run.template_issue(path, f"句子无法生成：{error}", section)
        return text

    def table_wanted(table: TableSpec, path: str, section: str) -> bool:
        when = table.when.strip()
        if not when:
            return True
        options = run.context()["options"]
        if when in options:
            return bool(options[when])
        return bool(run.try_eval(when, path, section))

    def table(table: TableSpec, path: str, section: str) -> None:
        if table_wanted(table, path, section):
            for source in _table_sources(table):
                render(source, path, section)

    for source in (template.title, template.attachment_label):
        render(source, "template", "")
    if template.cover:
        for source in [template.cover.title, template.cover.date]:
            render(source, "template", "")
        for line in template.cover.lines:
            render(line.value, "template", "")
    for section, _ in run.plan.sections:
        if not run.on[section.id]:
            continue
        for item in section.printed_body():
            if isinstance(item, BodySentence):
                render(item.sentence, section.id, section.id)
            elif isinstance(item, BodyText):
                render(item.text, section.id, section.id)
            elif isinstance(item, BodyTable):
                table(item.table, section.id, section.id)
        for spec in section.fields:
            if spec.kind == "group":
                _check_item_snippets(run, section, spec, render, table_wanted)
    # The sign-off block prints only once signed off; it is checked then.


def _check_item_snippets(run: Run, section: Section, spec: FieldSpec, render, table_wanted) -> None:
    items = run.evaluated.groups.get(spec.id, [])
    if not items:
        return
    table = spec.item_table
    if table is not None and not table_wanted(table, spec.id, section.id):
        return
    for index, typed in enumerate(items):
        path = f"{spec.id}[{index}]"
        extra: dict[str, Any] = {"item": typed, "n": index + 1}
        extra["label"] = render(spec.item_label, path, section.id, extra) if spec.item_label else ""
        sources = [c.value for c in table.columns] if table else spec.item_print
        for source in sources:
            render(source, path, section.id, extra)
    if table is not None:
        for source in [table.caption, *(c.header for c in table.columns), *table.total_row]:
            render(source, spec.id, section.id)


def _table_sources(table: TableSpec) -> list[str]:
    return [
        table.caption,
        *(c.header for c in table.columns),
        *(cell for row in table.rows for cell in row),
        *table.total_row,
    ]
