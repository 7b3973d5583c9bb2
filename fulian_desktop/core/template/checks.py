"""Cross-reference checks run when a template loads.

The pydantic models check each part's shape; these check that the parts fit
together: ids are unique, every field a rule or body names exists, every
expression parses and names known things, and every variable a jinja snippet
reads exists. One message per problem, saying where in the YAML it is.
"""

from __future__ import annotations

from collections.abc import Iterable

from fulian_desktop.core.template import expressions, snippets
from fulian_desktop.core.template.model import (
    BodyField,
    BodySentence,
    BodyTable,
    BodyText,
    EqualSumsRule,
    ExprRule,
    LengthCapRule,
    Section,
    TableSpec,
    Template,
)

#: Names every snippet may read besides field, computed and option ids.
SNIPPET_GLOBALS = frozenset(
    {
        "unit",
        "options",
        "signoff",
        "signoff_by",
        "signoff_date",
        "template_name",
        "report_year",
        "last_year",  # last year's figures and computed values, or none (core/draft/values.py)
    }
)
#: Extra names inside a group's item_label, item_print and item_table.
ITEM_NAMES = frozenset({"item", "n", "label"})  # label: the rendered item_label


def check_references(template: Template) -> list[str]:
    problems: list[str] = []
    seen: dict[str, str] = {}
    groups: dict[str, set[str]] = {}

    def claim(kind: str, ident: str, where: str) -> None:
        if ident in seen:
            problems.append(f"{where}: id '{ident}' is used twice (also {seen[ident]})")
        else:
            seen[ident] = where

    for section, _ in template.walk():
        claim("section", section.id, f"section '{section.id}'")
    fields: dict[str, str] = {}
    for section, spec in template.all_fields():
        where = f"section '{section.id}' > field '{spec.id}'"
        claim("field", spec.id, where)
        fields[spec.id] = spec.kind
        if spec.kind == "group":
            groups[spec.id] = {sub.id for sub in spec.fields}
            if len(groups[spec.id]) != len(spec.fields):
                problems.append(f"{where}: two sub-fields share an id")
    computed_ids: set[str] = set()
    for section, _ in template.walk():
        for comp in section.computed:
            claim("computed", comp.id, f"section '{section.id}' > computed '{comp.id}'")
            computed_ids.add(comp.id)
    option_ids = {opt.id for opt in template.options}

    expr_names = set(fields) | computed_ids | option_ids
    snippet_names = SNIPPET_GLOBALS | expr_names

    def check_expr(source: str, where: str) -> None:
        if not source:
            return
        try:
            used = expressions.names(source)
        except expressions.ExpressionError as exc:
            problems.append(f"{where}: {exc}")
            return
        for name in sorted(used):
            if "." in name:
                group, sub = name.split(".", 1)
                if group not in groups:
                    problems.append(f"{where}: '{group}' in {source!r} is not a group")
                elif sub not in groups[group]:
                    problems.append(f"{where}: group '{group}' has no sub-field '{sub}'")
            elif name not in expr_names:
                problems.append(
                    f"{where}: {source!r} names '{name}', which the template does not define"
                )

    def check_snippets(
        sources: Iterable[str], where: str, extra: frozenset[str] = frozenset()
    ) -> None:
        for source in sources:
            if not source or "{" not in source:
                continue
            try:
                used = snippets.undeclared_variables(source)
            except snippets.SnippetError as exc:
                problems.append(f"{where}: {exc}")
                continue
            for name in sorted(used - snippet_names - extra):
                problems.append(
                    f"{where}: snippet {source!r} uses '{name}', which the template does not define"
                )

    def check_field_ref(field_id: str, where: str, kinds: set[str] | None = None) -> None:
        if field_id not in fields:
            problems.append(f"{where}: no field '{field_id}'")
        elif kinds and fields[field_id] not in kinds:
            problems.append(
                f"{where}: field '{field_id}' is a {fields[field_id]}, expected {'/'.join(sorted(kinds))}"
            )

    def check_table(table: TableSpec, where: str, extra: frozenset[str] = frozenset()) -> None:
        check_expr(table.when, f"{where} > when")
        check_snippets([c.header for c in table.columns], where)
        check_snippets([c.value for c in table.columns], where, extra)
        check_snippets([cell for row in table.rows for cell in row], where)
        check_snippets(table.total_row, where)

    def check_rules(rules: Iterable, where_prefix: str) -> None:
        for i, rule in enumerate(rules):
            where = f"{where_prefix} > rules[{i}]"
            if isinstance(rule, EqualSumsRule):
                for term in [*rule.left, *rule.right]:
                    group, _, sub = term.partition(".")
                    if sub:
                        if group not in groups or sub not in groups[group]:
                            problems.append(f"{where}: no group column '{term}'")
                    elif term not in fields and term not in computed_ids:
                        problems.append(f"{where}: no field '{term}'")
            elif isinstance(rule, LengthCapRule):
                for field_id in rule.fields:
                    check_field_ref(field_id, where, {"longtext", "text"})
            elif isinstance(rule, ExprRule):
                check_expr(rule.check, where)
                if rule.field:
                    check_field_ref(rule.field, where)

    for section, _ in template.walk():
        where = f"section '{section.id}'"
        _check_section(
            section, where, fields, check_field_ref, check_snippets, check_table, check_expr
        )
        for comp in section.computed:
            cw = f"{where} > computed '{comp.id}'"
            check_expr(comp.expr, cw)
            if comp.check:
                check_field_ref(
                    comp.check, cw, {"money", "percent", "integer", "score", "choice", "text"}
                )
        check_rules(section.rules, where)
    check_rules(template.rules, "rules")
    for i, figure in enumerate(template.mentions.figures):
        check_expr(figure.figure, f"mentions > figures[{i} {figure.key}] > figure")

    check_snippets([template.title, template.attachment_label], "title")
    if template.cover:
        cover = template.cover
        check_snippets([cover.title, cover.date, *(line.value for line in cover.lines)], "cover")
    if template.signoff_block:
        block = template.signoff_block
        check_snippets([block.pledge, block.date, *block.lines], "signoff_block")
    if template.scoresheet:
        sheet = template.scoresheet
        for where, source in sheet.expressions():
            check_expr(source, where)
        for key in ("score_field", "grade_field"):
            if getattr(sheet, key):
                check_field_ref(getattr(sheet, key), f"scoresheet > {key}")
        printed = [sheet.title, sheet.print.label, *(line.value for line in sheet.print.foot)]
        check_snippets(printed, "scoresheet")
    return problems


def _check_section(
    section: Section, where, fields, check_field_ref, check_snippets, check_table, check_expr
) -> None:
    for spec in section.fields:
        fw = f"{where} > field '{spec.id}'"
        check_expr(spec.required_when, f"{fw} > required_when")
        if spec.kind == "group":
            for sub in spec.fields:
                check_expr(sub.required_when, f"{fw} > fields '{sub.id}' > required_when")
            check_snippets([spec.item_label, spec.item_heading, *spec.item_print], fw, ITEM_NAMES)
            if spec.item_table:
                check_table(spec.item_table, f"{fw} > item_table", ITEM_NAMES)
    for i, item in enumerate(section.printed_body()):
        bw = f"{where} > body[{i}]"
        if isinstance(item, BodyField):
            check_field_ref(item.field, bw)
        elif isinstance(item, BodySentence):
            check_snippets([item.sentence], bw)
        elif isinstance(item, BodyTable):
            check_table(item.table, bw)
        elif isinstance(item, BodyText):
            check_snippets([item.text], bw)
