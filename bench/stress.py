"""The stress draft: the longest built-in sample's texts repeated to about
32,000 字 in about 190 paragraphs (what a long report plus appendices reaches)."""

from __future__ import annotations

import json
from pathlib import Path

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.core.text.textstats import word_count

TARGET_WORDS = 32_000
TARGET_PARAGRAPHS = 190


def _texts(draft: Draft) -> int:
    total = 0
    for value in draft.values.values():
        if isinstance(value, str):
            total += word_count(value)
        else:
            total += sum(word_count(v) for item in value for v in item.values())
    return total


def longest_sample() -> tuple[Template, Draft]:
    registry = default_registry()
    best: tuple[int, Template, Draft] | None = None
    for entry in registry.entries.values():
        if entry.sample_path is None:
            continue
        draft = Draft.from_dict(json.loads(Path(entry.sample_path).read_text(encoding="utf-8")))
        size = _texts(draft)
        if best is None or size > best[0]:
            best = (size, entry.template, draft)
    if best is None:
        raise SystemExit("no built-in sample draft found")
    return best[1], best[2]


def stress_draft() -> tuple[Template, Draft]:
    """Spread the sample's paragraphs over its long-text fields until the
    draft holds about TARGET_WORDS 字 in about TARGET_PARAGRAPHS paragraphs."""
    template, draft = longest_sample()
    longtexts = [
        spec.id
        for _, spec in template.all_fields()
        if spec.kind == "longtext" and isinstance(draft.values.get(spec.id), str)
    ]
    paragraphs = [
        p.strip() for field_id in longtexts for p in draft.text(field_id).split("\n") if p.strip()
    ]
    per_paragraph = TARGET_WORDS // TARGET_PARAGRAPHS
    # grow each paragraph to about the average length, then deal them out
    grown = []
    for i in range(TARGET_PARAGRAPHS):
        text = paragraphs[i % len(paragraphs)]
        while word_count(text) < per_paragraph:
            text += paragraphs[(i + len(grown) + 1) % len(paragraphs)]
        while word_count(text) > per_paragraph * 1.02:  # cut back to about the average
            text = text[:-10]
        grown.append(text.rstrip("，、；") + "。")
    stressed = draft.model_copy(deep=True)
    for index, field_id in enumerate(longtexts):
        share = grown[index :: len(longtexts)]
        stressed.values[field_id] = "\n".join(share)
    return template, stressed


#: (template, group, options): a group printed as paragraphs, one as a table
ROW_GROUPS = {
    "paragraph": ("gz-dept-overall", "tasks", {}),
    "table": ("hn-ziyang-overall", "expense_items", {"items_as_table": True}),
}


def rows_draft(rows: int, kind: str = "table") -> tuple[Template, Draft]:
    """A sample with one group grown to ``rows`` items (each a little
    different): the row count as a dimension of export and validation."""
    template_id, group, options = ROW_GROUPS[kind]
    entry = default_registry().entries[template_id]
    draft = Draft.from_dict(json.loads(Path(entry.sample_path).read_text(encoding="utf-8")))
    items = draft.items(group)
    first = next(iter(items[0]))  # a text sub-field: number it so rows differ
    draft.values[group] = [
        {**items[i % len(items)], first: f"{items[i % len(items)][first]}（{i + 1}）"}
        for i in range(rows)
    ]
    draft.options.update(options)
    return entry.template, draft


def paragraphs_of(template: Template, draft: Draft) -> list[str]:
    return [
        p
        for _, spec in template.all_fields()
        if spec.kind == "longtext"
        for p in draft.text(spec.id).split("\n")
        if p
    ]


if __name__ == "__main__":
    t, d = stress_draft()
    print(t.id, _texts(d), "字 in", len(paragraphs_of(t, d)), "paragraphs")
