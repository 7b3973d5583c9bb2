"""One validation run and what it reports into, shared by the checks.

``Plan`` is what depends only on the template (document order, which texts
need counting, which section holds which field), worked out once per template
object. ``Run`` is one check of one draft: the checks in validate.py, rules.py
and prose.py add their issues to it. It lives apart from them so that none of
the three imports another to reach it.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from fulian_desktop.core.draft.model import UNIT_FIELDS, Draft
from fulian_desktop.core.draft.values import Evaluated, snippet_context
from fulian_desktop.core.issues import Issue, Severity
from fulian_desktop.core.template import expressions
from fulian_desktop.core.template.model import (
    ComputedSpec,
    FieldSpec,
    LengthCapRule,
    Section,
    Template,
)

TRAILING_PUNCT = "。.！!；;，,、：:…～~ \t\r\n\u3000"
#: a draft path: ``field``, ``group[2]``, ``group[2].sub``
PATH = re.compile(r"^([a-z][a-z0-9_]*)(?:\[(\d+)\](?:\.([a-z][a-z0-9_]*))?)?$")
_UNIT_IN_SNIPPET = re.compile(r"\bunit\.([a-z_]+)")


# ---------------------------------------------------------------------------
# What depends only on the template: worked out once per template object


@dataclass
class Plan:
    sections: list[tuple[Section, str | None]]  # document order, with parent id
    section_of: dict[str, Section]  # field id and computed id → section
    specs: dict[str, FieldSpec]
    position: dict[str, int]  # section / field / computed id → document position
    sub_position: dict[str, dict[str, int]]  # group id → sub id → order
    counted: frozenset[str]  # field ids whose length is needed (limits, caps)
    rules: list[tuple[Section | None, Any]]
    computed: list[tuple[Section, ComputedSpec]]
    empty_answers: frozenset[str]
    cover_unit_fields: list[tuple[str, str]]  # (unit attribute, cover label)
    any_optional: bool


_PLANS: dict[int, tuple[weakref.ref, Plan]] = {}
_PLANS_LOCK = threading.Lock()


def plan_for(template: Template) -> Plan:
    key = id(template)
    cached = _PLANS.get(key)
    if cached is not None and cached[0]() is template:
        return cached[1]
    plan = _build_plan(template)
    with _PLANS_LOCK:
        _PLANS[key] = (weakref.ref(template, lambda _ref, k=key: _PLANS.pop(k, None)), plan)
    return plan


def _build_plan(template: Template) -> Plan:
    sections: list[tuple[Section, str | None]] = []
    section_of: dict[str, Section] = {}
    specs: dict[str, FieldSpec] = {}
    position: dict[str, int] = {}
    sub_position: dict[str, dict[str, int]] = {}
    computed: list[tuple[Section, ComputedSpec]] = []
    counted: set[str] = set()
    rules: list[tuple[Section | None, Any]] = []

    def visit(items: list[Section], parent: str | None) -> None:
        for section in items:
            sections.append((section, parent))
            position[section.id] = len(position)
            for spec in section.fields:
                position[spec.id] = len(position)
                section_of[spec.id] = section
                specs[spec.id] = spec
                if spec.min_length is not None or spec.max_length is not None:
                    counted.add(spec.id)
                if spec.kind == "group":
                    sub_position[spec.id] = {sub.id: i for i, sub in enumerate(spec.fields)}
            for comp in section.computed:
                position.setdefault(comp.id, len(position))
                section_of.setdefault(comp.id, section)
                computed.append((section, comp))
            rules.extend((section, rule) for rule in section.rules)
            visit(section.sections, section.id)

    visit(template.sections, None)
    rules.extend((None, rule) for rule in template.rules)
    for _, rule in rules:
        if isinstance(rule, LengthCapRule):
            counted.update(rule.fields)
    cover_unit_fields: list[tuple[str, str]] = []
    if template.cover:
        for line in template.cover.lines:
            for attr in _UNIT_IN_SNIPPET.findall(line.value):
                if attr in UNIT_FIELDS and attr not in ("name", "year"):
                    cover_unit_fields.append((attr, line.label))
        for attr in _UNIT_IN_SNIPPET.findall(template.cover.date):
            if attr in UNIT_FIELDS and attr not in ("name", "year"):
                cover_unit_fields.append((attr, "填表日期"))
    return Plan(
        sections=sections,
        section_of=section_of,
        specs=specs,
        position=position,
        sub_position=sub_position,
        counted=frozenset(counted),
        rules=rules,
        computed=computed,
        empty_answers=frozenset(bare(a) for a in template.empty_answers),
        cover_unit_fields=list(dict.fromkeys(cover_unit_fields)),
        any_optional=any(s.optional for s, _ in sections),
    )


def bare(text: str) -> str:
    """Text without surrounding space and trailing punctuation (无。 → 无)."""
    return text.strip().rstrip(TRAILING_PUNCT).strip()


# ---------------------------------------------------------------------------
# One validation run


@dataclass
class Run:
    template: Template
    draft: Draft
    plan: Plan
    on: dict[str, bool]  # section id → switched on (parents included)
    evaluated: Evaluated
    scope: expressions.Scope
    issues: list[Issue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    _context: dict[str, Any] | None = None

    def add(
        self,
        severity: Severity,
        path: str,
        message: str,
        hint: str = "",
        code: str = "",
        section: str = "",
        span: tuple[int, int] | None = None,
    ) -> None:
        if not section:
            section = self.section_for(path)
        start, end = span if span is not None else (None, None)
        self.issues.append(Issue(severity, path, message, hint, code, section, start, end))

    def section_for(self, path: str) -> str:
        match = PATH.match(path)
        if match:
            ident = match.group(1)
            if ident in self.plan.section_of:
                return self.plan.section_of[ident].id
            if ident in self.plan.position:
                return ident  # a section id
        return ""

    def context(self) -> dict[str, Any]:
        """The snippet context, built only when a snippet needs rendering."""
        if self._context is None:
            self._context = snippet_context(self.template, self.draft, self.evaluated)
        return self._context

    def count(self, field_id: str) -> int:
        """Length of a plain field's text by the template's method, counted once."""
        if field_id not in self.counts:
            from fulian_desktop.core.text import textstats

            text = self.draft.text(field_id) if self.field_on(field_id) else ""
            self.counts[field_id] = textstats.count(text, self.template.length_method)
        return self.counts[field_id]

    def field_on(self, field_id: str) -> bool:
        section = self.plan.section_of.get(field_id)
        return section is None or self.on.get(section.id, True)

    def try_eval(self, source: str, where: str, section: str) -> Any:
        """Evaluate an expression; a template mistake becomes an issue and None."""
        try:
            return expressions.evaluate(source, self.scope)
        except expressions.ExpressionError as exc:
            self.template_issue(where, f"表达式无法计算：{exc}", section)
            return None

    def template_issue(self, path: str, message: str, section: str = "") -> None:
        self.add(
            "error",
            path,
            f"模板有误：{message}",
            "这是模板的问题，不是填写的问题；请把这条消息告知模板维护人员",
            "template",
            section,
        )
