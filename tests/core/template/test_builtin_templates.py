"""Every built-in template loads, ships a sample draft that validates without
errors, and renders under every variant its options allow.

Parametrised over the folders in templates/, so a new district's outline is
checked by adding its folder; nothing here names a particular template except
the test that at least one sample is long enough for the benchmarks.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.compose.document import Paragraph, Table
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.draft.values import evaluate_draft, snippet_context
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.model import OptionSpec, Template
from fulian_desktop.core.template.registry import SAMPLE_FILE, TEMPLATE_FILE, load_registry
from fulian_desktop.core.text.textstats import word_count

TEMPLATES = REPO_ROOT / "templates"
FOLDERS = sorted(p.parent for p in TEMPLATES.glob(f"*/{TEMPLATE_FILE}"))


def test_there_are_builtin_templates() -> None:
    assert len(FOLDERS) >= 3


@pytest.fixture(params=FOLDERS, ids=lambda p: p.name)
def folder(request: pytest.FixtureRequest) -> Path:
    return request.param


def sample(folder: Path) -> Draft:
    return Draft.from_json((folder / SAMPLE_FILE).read_text(encoding="utf-8"))


def test_loads_and_folder_is_named_after_the_id(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    assert template.id == folder.name
    assert template.version and template.name and template.sections


def test_sample_is_plain_draft_json_for_this_template(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    text = (folder / SAMPLE_FILE).read_text(encoding="utf-8")
    draft = Draft.from_json(text)
    assert draft.template_id == template.id
    assert draft.template_version == template.version
    assert "\\u" not in text  # written with ensure_ascii=False: readable Chinese
    assert draft.unit.name and draft.unit.year
    # every value belongs to a field of the template
    field_ids = {spec.id for _, spec in template.all_fields()}
    assert set(draft.values) <= field_ids
    assert set(draft.options) <= {opt.id for opt in template.options}


def test_sample_validates_without_errors_or_warnings(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    issues = validate(template, sample(folder))
    assert [i.line() for i in issues if i.severity != "info"] == []


def test_sample_fills_every_required_field(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    draft = sample(folder)
    evaluated = evaluate_draft(template, draft)
    assert evaluated.errors == {}
    assert evaluated.computed_errors == {}


def _variants(option: OptionSpec) -> list[Any]:
    if option.kind == "choice":
        return list(option.choices)
    if option.kind == "bool":
        return [False, True]
    return ["", "附件2"]  # text options: empty and a typical value


def _option_sets(template: Template) -> list[dict[str, Any]]:
    """Every combination of option values (the built-ins have few options)."""
    names = [opt.id for opt in template.options]
    values = [_variants(opt) for opt in template.options]
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*values)]


def test_every_option_variant_renders_title_and_document(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    base = sample(folder)
    combos = _option_sets(template)
    assert len(combos) <= 512, "too many combinations to try them all"
    titles: set[str] = set()
    for options in combos:
        draft = base.model_copy(update={"options": options})
        context = snippet_context(template, draft, evaluate_draft(template, draft))
        title = snippets.render(template.title, context, template.money_trailing_zeros)
        label = snippets.render(template.attachment_label, context)
        assert title.strip() and "报告" in title
        assert "None" not in title and "{" not in title and "{" not in label
        titles.add(title)
        document = compose(template, draft)
        texts = [b.full_text for b in document.blocks if isinstance(b, Paragraph)]
        texts += [
            cell for b in document.blocks if isinstance(b, Table) for r in b.rows for cell in r
        ]
        bad = [t for t in texts if "模板错误" in t or "None" in t or "{{" in t]
        assert bad == [], (options, bad)
    if any(opt.id == "title_style" for opt in template.options):
        assert len(titles) >= 2  # the title patterns really differ


def test_optional_sections_can_be_switched_off(folder: Path) -> None:
    template = load_template(folder / TEMPLATE_FILE)
    draft = sample(folder)
    optional = {s.id: False for s, _ in template.walk() if s.optional}
    off = draft.model_copy(update={"sections": optional})
    assert [i.line() for i in validate(template, off) if i.severity == "error"] == []
    anchors = {b.anchor for b in compose(template, off).blocks}
    assert not anchors & set(optional)


def test_registry_loads_all_builtins_without_broken_ones() -> None:
    registry = load_registry([(TEMPLATES, True)])
    assert registry.broken == []
    assert sorted(registry.entries) == [f.name for f in FOLDERS]
    assert all(entry.sample_path for entry in registry.entries.values())


def _words(value: Any) -> int:
    if isinstance(value, str):
        return word_count(value)
    if isinstance(value, list):
        return sum(_words(item) for item in value)
    if isinstance(value, dict):
        return sum(_words(item) for item in value.values())
    return 0


def test_one_sample_is_long_enough_for_benchmarks() -> None:
    lengths = {
        f.name: _words(json.loads((f / SAMPLE_FILE).read_text(encoding="utf-8"))["values"])
        for f in FOLDERS
    }
    assert max(lengths.values()) >= 3000, lengths
