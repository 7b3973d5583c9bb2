"""Work grows linearly with the number of group rows (issue 15, class 3).

No clock: work is counted. Every Python and C function call (``sys.setprofile``)
counts one, and every XML lookup in python-docx (find, xpath, iteration)
counts the children it scans, since a lookup scanning the whole body is one
call but N steps. A draft with 4× the rows must cost less than 5× the work;
a quadratic step costs about 16×.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.render.docx import docx_bytes

SMALL, LARGE = 150, 600
LINEAR_BOUND = 5.0  # 4× the rows; quadratic would be ~16×


@contextmanager
def _counting_xml(counter: list[int]) -> Iterator[None]:
    """Count the children python-docx element lookups scan."""
    from docx.oxml.xmlchemy import BaseOxmlElement
    from lxml import etree

    originals = {}
    for name in ("find", "findall", "iterchildren", "xpath"):
        original = getattr(BaseOxmlElement, name, None) or getattr(etree.ElementBase, name)
        originals[name] = BaseOxmlElement.__dict__.get(name)

        def wrapper(self, *args, _original=original, **kwargs):
            counter[0] += len(self)
            return _original(self, *args, **kwargs)

        setattr(BaseOxmlElement, name, wrapper)
    try:
        yield
    finally:
        for name, original in originals.items():
            if original is None:
                delattr(BaseOxmlElement, name)
            else:
                setattr(BaseOxmlElement, name, original)


def work(fn: Callable[[], object]) -> int:
    """Function calls plus XML children scanned while ``fn`` runs."""
    calls = [0]
    scanned = [0]

    def profiler(frame, event, arg) -> None:
        if event in ("call", "c_call"):
            calls[0] += 1

    with _counting_xml(scanned):
        sys.setprofile(profiler)
        try:
            fn()
        finally:
            sys.setprofile(None)
    return calls[0] + scanned[0]


def _draft_with_rows(template_id: str, group: str, n: int) -> tuple:
    registry = default_registry()
    entry = registry.entries[template_id]
    draft = Draft.from_dict(json.loads(entry.sample_path.read_text(encoding="utf-8")))
    items = draft.items(group)
    assert items, f"the {template_id} sample has {group} rows to repeat"
    draft.values[group] = [dict(items[i % len(items)]) for i in range(n)]
    draft.options.update(OPTIONS.get(template_id, {}))
    return entry.template, draft


# (template, group): a group printed as paragraphs and one printed as a table
GROUPS = [("gz-dept-overall", "tasks"), ("hn-ziyang-overall", "expense_items")]
OPTIONS = {"hn-ziyang-overall": {"items_as_table": True}}


def _measure(step: Callable, template, draft) -> int:
    # validation and composition remember recent renders; start each count
    # from an empty memory
    snippets._OUTCOMES.clear()
    return work(lambda: step(template, draft))


def _ratio(template_id: str, group: str, step: Callable) -> float:
    small = _draft_with_rows(template_id, group, SMALL)
    large = _draft_with_rows(template_id, group, LARGE)
    step(*small)  # warm caches (compiled snippets, imports) before counting
    return _measure(step, *large) / _measure(step, *small)


@pytest.mark.parametrize(("template_id", "group"), GROUPS)
def test_export_work_grows_linearly_with_rows(template_id: str, group: str) -> None:
    ratio = _ratio(template_id, group, lambda t, d: docx_bytes(compose(t, d)))
    assert ratio < LINEAR_BOUND, f"export: 4× rows cost {ratio:.1f}× the work"


@pytest.mark.parametrize(("template_id", "group"), GROUPS)
def test_validate_work_grows_linearly_with_rows(template_id: str, group: str) -> None:
    ratio = _ratio(template_id, group, validate)
    assert ratio < LINEAR_BOUND, f"validate: 4× rows cost {ratio:.1f}× the work"


@pytest.mark.parametrize("length", [10, 40, 80, 300, 2000, 50_000])
def test_breaking_a_title_costs_bounded_work_for_any_unit_name(length: int) -> None:
    # the title holds the unit's name; breaking it into lines tries ways to
    # cut it, which must not explode combinatorially (nor grow with the
    # square of the length) for a long name
    from fulian_desktop.core.compose import linebreaks

    title = "某" * length + "2023年度部门整体支出绩效自评报告"
    measured = [0]  # characters whose width was summed
    original = linebreaks.text_width

    def counting(text: str) -> float:
        measured[0] += len(text)
        return original(text)

    linebreaks.text_width = counting
    try:
        lines = linebreaks.break_title(title)
    finally:
        linebreaks.text_width = original
    assert "".join(lines) == title
    assert all(original(line) <= linebreaks.TITLE_WIDTH for line in lines[:-1])
    assert measured[0] < 5_000_000 + 10 * len(title), f"{measured[0]} characters measured"
