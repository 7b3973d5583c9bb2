"""Checking a draft against its template: what a careful reviewer would find.

``validate(template, draft)`` returns a list of :class:`Issue` in document
order (then by severity). Everything the clerk typed wrong is an issue, never
an exception; a mistake in the template itself (an expression that cannot be
computed, a sentence that cannot be generated) is an issue with code
``template`` so the window keeps working.

It runs on every pause in typing, so it is built to be cheap: the draft is
evaluated once (core/draft/values.py), each text is counted once, and what depends
only on the template (document order, which texts need counting, which
sections hold which fields) is worked out once per template object and cached.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from fulian_desktop.core.check import prose as prose_checks
from fulian_desktop.core.check import rules as rule_checks
from fulian_desktop.core.check.last_year_mentions import check_last_year_mentions
from fulian_desktop.core.check.numbering import check_numbering
from fulian_desktop.core.check.rules import length_unit, num
from fulian_desktop.core.check.run import PATH, Plan, Run, bare, plan_for
from fulian_desktop.core.draft.bounds import MAX_FIELD_CHARS, text_too_long
from fulian_desktop.core.draft.marks import import_issues
from fulian_desktop.core.draft.model import UNIT_FIELDS, UNIT_LABELS, Draft
from fulian_desktop.core.draft.values import (
    draft_options,
    evaluate_draft,
)
from fulian_desktop.core.issues import SEVERITY_ORDER, Issue
from fulian_desktop.core.scoresheet.checks import check_scoresheet
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.model import (
    EqualSumsRule,
    ExprRule,
    FieldSpec,
    LengthCapRule,
    Section,
    Template,
)

_KIND_WORD = {"money": "金额", "percent": "百分比", "score": "分数", "integer": "数字"}
_KIND_EXAMPLE = {
    "money": "金额以万元为单位，只填数字，不加逗号",
    "percent": "填写百分比数字，例如 95.78 或 95.78%",
    "score": "填写 0–100 的分数，例如 94.08",
    "integer": "填写整数，例如 5",
    "date": "填写日期，例如 2021-12-29 或 2021年12月29日",
}
_CN_PLACES = "零一二三四五六七八九"

# 020-12345678, (020)12345678, 12345678, 13812345678, +86 138…, 转/- extension
_PHONE_ONE = re.compile(
    r"^(?:(?:\+?86[-－ ]?)?1[3-9]\d{9}"
    r"|(?:[（(]?0\d{2,3}[)）]?[-－ ]?)?[2-9]\d{6,7}(?:(?:[-－]|转)\d{1,6})?)$"
)
_PHONE_SPLIT = re.compile(r"[、,，;；/／]|\s{2,}|或")


def validate(template: Template, draft: Draft) -> list[Issue]:
    """Every problem in ``draft`` under ``template``, in document order."""
    plan = plan_for(template)
    on = _sections_on(plan, draft)
    if plan.any_optional and not all(on.values()):
        # A section that is switched off does not exist in the report: its
        # figures are neither checked nor used by sums and rules.
        kept = {
            key: value
            for key, value in draft.values.items()
            if key not in plan.section_of or on.get(plan.section_of[key].id, True)
        }
        draft = draft.model_copy(update={"values": kept})
    evaluated = evaluate_draft(template, draft)
    scope = evaluated.scope(template, draft_options(template, draft))
    run = Run(template, draft, plan, on, evaluated, scope)

    _check_unit(run)
    for section, _parent in plan.sections:
        if not on[section.id]:
            continue
        for spec in section.fields:
            if spec.kind == "group":
                _check_group(run, section, spec)
            else:
                _check_field(run, section, spec)
    for section, comp in plan.computed:
        if on[section.id]:
            rule_checks.check_computed(run, section, comp)
    for section, rule in plan.rules:
        if section is not None and not on[section.id]:
            continue
        if isinstance(rule, EqualSumsRule):
            rule_checks.check_sums(run, section, rule)
        elif isinstance(rule, LengthCapRule):
            rule_checks.check_cap(run, section, rule)
        elif isinstance(rule, ExprRule):
            rule_checks.check_expr_rule(run, section, rule)
    rule_checks.check_snippets(run)
    run.issues.extend(check_scoresheet(template, draft, scope, run.section_for))
    run.issues.extend(import_issues(draft, run.section_for))
    prose_checks.check_sentences(run)
    prose_checks.check_prose(run)
    prose_checks.check_yoy(run)
    check_last_year_mentions(run)
    check_numbering(run)
    return _sorted(run)


def _sections_on(plan: Plan, draft: Draft) -> dict[str, bool]:
    on: dict[str, bool] = {}
    for section, parent in plan.sections:
        own = draft.sections.get(section.id, section.default_on) if section.optional else True
        on[section.id] = bool(own) and (parent is None or on[parent])
    return on


def _sorted(run: Run) -> list[Issue]:
    position = run.plan.position
    subs = run.plan.sub_position

    def key(indexed: tuple[int, Issue]) -> tuple:
        seq, issue = indexed
        path = issue.path
        if path.startswith("unit."):
            attr = path[5:]
            where: tuple = (-1, UNIT_FIELDS.index(attr) if attr in UNIT_FIELDS else 99, -1)
        else:
            match = PATH.match(path)
            if match and match.group(1) in position:
                ident, index, sub = match.groups()
                where = (
                    position[ident],
                    int(index) if index is not None else -1,
                    subs.get(ident, {}).get(sub, -1) if sub else -1,
                )
            elif issue.section in position:
                where = (position[issue.section], -1, -1)
            else:
                where = (len(position), -1, -1)
        return (where, SEVERITY_ORDER[issue.severity], seq)

    return [issue for _, issue in sorted(enumerate(run.issues), key=key)]


# ---------------------------------------------------------------------------
# Unit identity


def _check_unit(run: Run) -> None:
    unit = run.draft.unit
    if not unit.name.strip():
        run.add(
            "error",
            "unit.name",
            "单位全称未填写",
            "在“单位信息”中填写单位全称，例如“广州市番禺区妇女联合会”",
            "required",
        )
    if unit.year is None:
        run.add(
            "error", "unit.year", "年度未填写", "填写报告所评价的预算年度，例如 2021", "required"
        )
    elif not 2000 <= unit.year <= 2100:
        run.add(
            "error",
            "unit.year",
            f"年度 {unit.year} 不是有效的年份",
            "填写四位年份，例如 2021",
            "range",
        )
    elif run.template.years and unit.year not in run.template.years:
        years = "、".join(str(y) for y in run.template.years)
        run.add(
            "warning",
            "unit.year",
            f"本模板适用于 {years} 年度，草稿年度为 {unit.year}",
            "请确认本年度的大纲没有变化，或选择适用于该年度的模板",
            "year",
        )
    if unit.phone.strip() and not _phone_ok(unit.phone):
        run.add(
            "warning",
            "unit.phone",
            f"联系电话“{unit.phone.strip()}”看起来不是有效的电话号码",
            "填写手机号（11 位）或带区号的座机号，例如 020-84833366",
            "format",
        )
    for attr, label in run.plan.cover_unit_fields:
        value = getattr(unit, attr)
        if value is None or (isinstance(value, str) and not value.strip()):
            run.add(
                "warning",
                f"unit.{attr}",
                f"{UNIT_LABELS[attr]}未填写，封面的“{_plain(label)}”一栏将是空白",
                f"在“单位信息”中填写{UNIT_LABELS[attr]}",
                "required",
            )


def _plain(label: str) -> str:
    return label.rstrip("：: ")


def _phone_ok(text: str) -> bool:
    parts = [p.strip() for p in _PHONE_SPLIT.split(text.strip()) if p.strip()]
    return bool(parts) and all(_PHONE_ONE.match(p.replace(" ", "")) for p in parts)


# ---------------------------------------------------------------------------
# Fields


def _required(run: Run, spec: FieldSpec, section: str) -> bool:
    if spec.required:
        return True
    if spec.required_when:
        return run.try_eval(spec.required_when, spec.id, section) is True
    return False


def _check_field(run: Run, section: Section, spec: FieldSpec) -> None:
    raw = run.draft.text(spec.id)
    typed = run.evaluated.values.get(spec.id)
    _check_value(run, spec, raw, typed, spec.id, f"“{spec.label}”", section.id)


def _check_value(
    run: Run, spec: FieldSpec, raw: str, typed: Any, path: str, name: Any, section: str
) -> None:
    """Checks of one value (a plain field or an item's sub-field)."""
    if text_too_long(raw):
        run.add(
            "error",
            path,
            f"{name}有 {len(raw)} 个字符，超过每项 {MAX_FIELD_CHARS} 个字符的上限",
            "这不像报告的一项内容：请检查是否误粘贴了整份文件",
            "size",
        )
        return
    if not raw.strip():
        if _required(run, spec, section):
            run.add("error", path, f"{name}未填写", spec.help or "大纲要求填写此项", "required")
        return
    if path in run.evaluated.errors:
        why = run.evaluated.errors[path]
        run.add("error", path, f"{name}填写有误：{why}", _KIND_EXAMPLE.get(spec.kind, ""), "format")
        return
    kind = spec.kind
    if isinstance(typed, Decimal):
        _check_number(run, spec, typed, path, name)
    elif kind in ("text", "longtext"):
        _check_text(run, spec, raw, path, name)
    elif kind == "choice" and typed not in spec.choices:
        run.add(
            "error",
            path,
            f"{name}填写的“{typed}”不是可选项",
            f"可选：{'、'.join(spec.choices)}",
            "choice",
        )
    elif kind == "phone" and not _phone_ok(raw):
        run.add(
            "warning",
            path,
            f"{name}“{raw.strip()}”看起来不是有效的电话号码",
            "填写手机号（11 位）或带区号的座机号，例如 020-84833366",
            "format",
        )


def _check_number(run: Run, spec: FieldSpec, value: Decimal, path: str, name: Any) -> None:
    exponent = value.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if spec.kind in ("money", "percent", "score") and decimals > spec.places:
        word = _KIND_WORD[spec.kind]
        places = _CN_PLACES[spec.places] if spec.places == 1 else str(spec.places)
        places = "两" if spec.places == 2 else places
        limit = "为整数" if spec.places == 0 else f"最多{places}位小数"
        run.add(
            "error",
            path,
            f"{name}填写为 {num(value)}，{word}{limit}",
            "按四舍五入保留到规定的位数",
            "format",
        )
    low = spec.minimum
    high = spec.maximum
    if spec.kind == "score":
        low = Decimal(0) if low is None else low
        high = Decimal(100) if high is None else high
    if (low is not None and value < low) or (high is not None and value > high):
        if low is not None and high is not None:
            allowed = f"应在 {num(low)}–{num(high)} 之间"
        elif low is not None:
            allowed = f"不应小于 {num(low)}"
        else:
            allowed = f"不应大于 {num(high)}"
        run.add("error", path, f"{name}填写为 {num(value)}，{allowed}", "请核对数字", "range")


def _check_text(run: Run, spec: FieldSpec, raw: str, path: str, name: Any) -> None:
    if spec.min_length is not None or spec.max_length is not None:
        if path in run.plan.specs:
            n = run.count(path)
        else:
            from fulian_desktop.core.text import textstats

            n = textstats.count(raw, run.template.length_method)
        unit = length_unit(run.template)
        if spec.max_length is not None and n > spec.max_length:
            run.add(
                "error",
                path,
                f"{name}共 {n} {unit}，超过 {spec.max_length} {unit}上限 {n - spec.max_length} {unit}",
                "请精简文字",
                "length",
            )
        elif spec.min_length is not None and n < spec.min_length:
            run.add(
                "error",
                path,
                f"{name}共 {n} {unit}，少于要求的 {spec.min_length} {unit}",
                "大纲要求写得更具体一些",
                "length",
            )
    from fulian_desktop.core.text import textstats

    odd = textstats.unprintable(raw)
    if odd:
        run.add(
            "warning",
            path,
            f"{name}含有公文字体印不出的字符：{' '.join(odd[:8])}{'…' if len(odd) > 8 else ''}",
            "打印时会缺字或显示成方框；请删除，或改用文字表述",
            "glyph",
        )
    if spec.substantive and bare(raw) in run.plan.empty_answers:
        run.add(
            "warning",
            path,
            f"{name}只填写了“{raw.strip()}”，大纲要求说明具体情况",
            "如确实没有，请写明原因或具体情况，例如“本年度未发现……方面的问题”",
            "substance",
        )


def _item_name(run: Run, spec: FieldSpec, index: int, typed: dict[str, Any]) -> str:
    if spec.item_label:
        context = {**run.context(), "item": typed, "n": index + 1}
        try:
            label = snippets.render(spec.item_label, context, run.template.money_trailing_zeros)
            if label.strip():
                return label.strip()
        except snippets.SnippetError:
            pass  # reported by _check_snippets
    return f"{spec.label}第 {index + 1} 项"


class _LazyName:
    """An item's name (rendered from item_label) worked out only if a message needs it."""

    def __init__(self, make: Callable[[], str]) -> None:
        self._make = make
        self._text: str | None = None

    def __str__(self) -> str:
        if self._text is None:
            self._text = self._make()
        return self._text


def _check_group(run: Run, section: Section, spec: FieldSpec) -> None:
    items = run.draft.items(spec.id)
    typed_items = run.evaluated.groups.get(spec.id, [])
    minimum = max(spec.min_items, 1 if _required(run, spec, section.id) else 0)
    if len(items) < minimum:
        have = f"现有 {len(items)} 项" if items else "尚未填写"
        run.add(
            "error",
            spec.id,
            f"“{spec.label}”至少需要 {minimum} 项，{have}",
            "点击“添加”增加一项",
            "required",
        )
    if spec.max_items is not None and len(items) > spec.max_items:
        run.add(
            "error",
            spec.id,
            f"“{spec.label}”最多 {spec.max_items} 项，现有 {len(items)} 项",
            "请合并或删除多余的项",
            "range",
        )
    for index, item in enumerate(items):
        typed = typed_items[index] if index < len(typed_items) else {}
        base = f"{spec.id}[{index}]"
        if not any(str(v).strip() for v in item.values()):
            name = _item_name(run, spec, index, typed)
            run.add("error", base, f"{name}是空的", "请填写或删除此项", "required")
            continue
        item_name = _LazyName(lambda s=spec, i=index, t=typed: _item_name(run, s, i, t))
        for sub in spec.fields:
            raw = item.get(sub.id, "")
            raw = raw if isinstance(raw, str) else str(raw)
            name = _LazyName(lambda n=item_name, label=sub.label: f"{n}的“{label}”")
            path = f"{base}.{sub.id}"
            _check_value(run, sub, raw, typed.get(sub.id), path, name, section.id)
