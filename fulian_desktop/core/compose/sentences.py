"""Generated sentences, and the clerk's own wording of them.

A template builds some sentences from figures (``body: - sentence: …``: the
budget sentence, the conclusion with score and grade, the key-project
sentence). Each is a suggestion: the clerk may rewrite it in its page, and her
version then prints in the preview and the DOCX instead. The draft keeps her
version beside the generated one and the figures it was generated from
(``Draft.sentences[key]``, a :class:`~fulian_desktop.core.draft.model.SentenceOverride`);
when one of those figures changes later, her version is kept and validation
says it was written for the old figures (:func:`changed_figures`), and
regenerating (dropping her version) brings the generated one back.

A sentence's key is ``"<section id>.<n>"``: the n-th ``sentence`` in that
section's body, counted from 1. Her version prints only while the generated
sentence prints at all (a sentence for another option's wording, or one whose
figures are not filled in, prints nothing, and neither does her rewrite).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fulian_desktop.core.draft.model import UNIT_LABELS, Draft, SentenceOverride
from fulian_desktop.core.draft.values import Evaluated, evaluate_draft, snippet_context
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.model import BodySentence, Section, Template


@dataclass(frozen=True)
class Generated:
    """One generated sentence as it stands now."""

    key: str
    section: Section
    source: str  # the jinja snippet
    text: str  # what it generates now ('' when it prints nothing)
    error: str  # why it could not be generated (a template mistake), else ''
    figures: dict[str, str]  # figure name → value now, of the figures it reads


_KEY = re.compile(r"^([a-z][a-z0-9_]*)\.(\d+)$")


def sentence_key(section_id: str, n: int) -> str:
    return f"{section_id}.{n}"


def key_section(path: str) -> str:
    """The section id of a sentence key ("conclusion.1" → "conclusion"), else ''."""
    match = _KEY.match(path)
    return match.group(1) if match else ""


def section_sentences(section: Section) -> list[tuple[str, BodySentence]]:
    """The generated sentences of a section's body, with their keys."""
    found = [item for item in section.printed_body() if isinstance(item, BodySentence)]
    return [(sentence_key(section.id, n), item) for n, item in enumerate(found, start=1)]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def figures_read(source: str, context: dict[str, Any]) -> dict[str, str]:
    """The figures a snippet reads, by name (``unit.name`` for the unit's), as text."""
    try:
        names = snippets.undeclared_variables(source)
    except snippets.SnippetError:
        return {}
    figures: dict[str, str] = {}
    options = context.get("options") or {}
    for name in sorted(names):
        if name in ("unit", "last_year"):
            # the attributes it reads: unit.name, last_year.budget_total
            attrs = re.findall(rf"\b{name}\.([a-z_]+)", source)
            holder = context.get(name) or {}
            for attr in sorted(set(attrs)):
                figures[f"{name}.{attr}"] = _shown(holder.get(attr))
        elif name in options:
            continue  # a wording choice, not a figure
        elif name in context and not isinstance(context[name], (list, dict)):
            figures[name] = _shown(context[name])
    return figures


def generate(
    template: Template,
    draft: Draft,
    section: Section,
    evaluated: Evaluated | None = None,
    context: dict[str, Any] | None = None,
) -> list[Generated]:
    """The section's generated sentences as they stand for ``draft``."""
    if context is None:
        evaluated = evaluated or evaluate_draft(template, draft)
        context = snippet_context(template, draft, evaluated)
    result: list[Generated] = []
    for key, item in section_sentences(section):
        try:
            text = snippets.render(item.sentence, context, template.money_trailing_zeros)
            error = ""
        except snippets.SnippetError as exc:
            text, error = "", str(exc)
        result.append(
            Generated(
                key,
                section,
                item.sentence,
                text.strip(),
                error,
                figures_read(item.sentence, context),
            )
        )
    return result


def printed_text(draft: Draft, key: str, generated: str) -> str:
    """What prints for a sentence: her version when she wrote one, else the generated one."""
    override = draft.sentences.get(key)
    if override is not None and generated.strip():
        return override.text
    return generated


def rewrite(generated: Generated, text: str) -> SentenceOverride:
    """Her version of ``generated``, recording what it was written for."""
    return SentenceOverride(text=text, generated=generated.text, figures=dict(generated.figures))


def changed_figures(override: SentenceOverride, generated: Generated) -> list[tuple[str, str, str]]:
    """Figures that changed since she rewrote the sentence: (name, then, now)."""
    return [
        (name, then, generated.figures.get(name, ""))
        for name, then in sorted(override.figures.items())
        if generated.figures.get(name, "") != then
    ]


def figure_label(template: Template, name: str) -> str:
    """How a message names a figure: its label in the form."""
    if name.startswith("unit."):
        return UNIT_LABELS.get(name[5:], name)
    if name.startswith("last_year."):
        return f"上年{figure_label(template, name[10:])}"
    for _, spec in template.all_fields():
        if spec.id == name:
            return spec.label
    for comp in template.all_computed():
        if comp.id == name:
            return comp.label
    for option in template.options:
        if option.id == name:
            return option.label
    return name
