"""Reading the template's own sentences back out of a report.

A template prints some paragraphs from figures (the budget sentence, the
staffing sentence, a project's line). Rendering such a snippet with a marker
in place of every value gives its fixed words and, between them, slots. A
paragraph of last year's report is matched against those words (tolerantly:
"自评结果优良" against "自评结果为…" still lines up), and what stands in each
slot is the value: a number for a figure, the words for a name. The same
reading serves the title (unit name and year), cover lines and the lines of
repeated items (项目: name, 文号, 级次, 资金, 完成情况).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from fulian_desktop.core.draft.model import UNIT_FIELDS
from fulian_desktop.core.template.model import NUMERIC_KINDS, Template
from fulian_desktop.core.template.snippets import SnippetError, render, undeclared_variables

_MARK = re.compile("\ue000([^\ue001]*)\ue001")
NUMBER = re.compile(r"[-−]?\d[\d,，]*(?:[.．]\d+)?")
SERIAL = re.compile(r"\d{1,3}")
#: slots that hold a number (besides numeric fields and computed values)
_NUMERIC_NAMES = {"n", "unit.year"}


def marker(name: str) -> str:
    return f"\ue000{name}\ue001"


@dataclass
class Pattern:
    """A snippet rendered with markers: fixed words and named slots, in order."""

    tokens: list[tuple[str, str]]  # ("text", words) or ("slot", name)
    options: dict[str, Any] = field(default_factory=dict)  # the option values it was rendered with

    @property
    def literal(self) -> str:
        return "".join(v for k, v in self.tokens if k == "text")


@dataclass
class Reading:
    coverage: float  # share of the pattern's fixed words found
    values: dict[str, str]
    end: int  # where in the text the match ended


def _tokens(rendered: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    for match in _MARK.finditer(rendered):
        if match.start() > pos:
            tokens.append(("text", rendered[pos : match.start()]))
        tokens.append(("slot", match.group(1)))
        pos = match.end()
    if pos < len(rendered):
        tokens.append(("text", rendered[pos:]))
    return [(k, v.strip() if k == "text" else v) for k, v in tokens if v.strip() or k == "slot"]


def patterns(template: Template, source: str, extra: dict[str, Any] | None = None) -> list[Pattern]:
    """The distinct renderings of ``source`` over the choice and bool options it reads."""
    try:
        names = undeclared_variables(source)
    except SnippetError:
        return []
    option_specs = {o.id: o for o in template.options}
    base: dict[str, Any] = {}
    varying: list[tuple[str, list[Any]]] = []
    group_ids = {spec.id for _, spec in template.all_fields() if spec.kind == "group"}
    for name in names:
        if name == "unit":
            base["unit"] = {k: marker(f"unit.{k}") for k in UNIT_FIELDS}
        elif name == "last_year":
            # 同比 parts: rendered with last year's figures as slots, and without them
            varying.append((name, [_Markers(name), _Markers("")]))
        elif name in option_specs and option_specs[name].kind == "choice":
            varying.append((name, list(option_specs[name].choices)))
        elif name in option_specs and option_specs[name].kind == "bool":
            varying.append((name, [True, False]))
        elif name in group_ids:
            base[name] = []
        else:
            base[name] = marker(name)
    base.update(extra or {})
    rendered: dict[tuple, str] = {}
    keys = [tuple(range(len(values))) for _, values in varying]
    for index in itertools.product(*keys):
        combo = tuple(values[i] for (_, values), i in zip(varying, index, strict=True))
        options = dict(zip((n for n, _ in varying), combo, strict=True))
        try:
            rendered[index] = render(source, {**base, **options}, template.money_trailing_zeros)
        except SnippetError:
            continue
    found: list[Pattern] = []
    seen: set[str] = set()
    for index, text in rendered.items():
        if not text.strip() or text in seen:
            continue
        seen.add(text)
        combo = tuple(values[i] for (_, values), i in zip(varying, index, strict=True))
        # keep only the options that change this rendering: reading the sentence
        # says something about them, and nothing about the others
        options = {}
        for pos, (name, values) in enumerate(varying):
            if name not in option_specs:
                continue  # last_year: not an option
            others = [index[:pos] + (i,) + index[pos + 1 :] for i in range(len(values))]
            if any(rendered.get(o, text) != text for o in others):
                options[name] = combo[pos]
        found.append(Pattern(_tokens(text), options))
    return found


class _Markers(dict):
    """``last_year.budget_total`` → a slot named so (or nothing, for the variant without)."""

    def __init__(self, prefix: str) -> None:
        super().__init__()
        self.prefix = prefix

    def __missing__(self, key: str) -> str | None:
        return marker(f"{self.prefix}.{key}") if self.prefix else None


def numeric_slots(template: Template) -> set[str]:
    """Slot names whose value is a number: numeric fields, computed values, serials."""
    names = set(_NUMERIC_NAMES)
    for _, spec in template.all_fields():
        if spec.kind in NUMERIC_KINDS:
            names |= {spec.id, f"last_year.{spec.id}"}
        for sub in spec.fields:
            if sub.kind in NUMERIC_KINDS:
                names.add(f"item.{sub.id}")
    names.update(c.id for c in template.all_computed())
    return names


def _find(words: str, text: str, start: int, window: int) -> tuple[int, int, int]:
    """(matched characters, start, end) of ``words`` in text[start:start+window]."""
    segment = text[start : start + len(words) + window]
    if not segment:
        return 0, start, start
    if words in segment:
        at = segment.index(words)
        return len(words), start + at, start + at + len(words)
    blocks = [
        b
        for b in SequenceMatcher(None, words, segment, autojunk=False).get_matching_blocks()
        if b.size
    ]
    matched = sum(b.size for b in blocks)
    if not blocks or matched < max(1, (len(words) + 1) // 2):
        return 0, start, start
    first, last = blocks[0], blocks[-1]
    return matched, start + first.b, start + last.b + last.size


def read(pattern: Pattern, text: str, numeric: set[str], *, window: int = 12) -> Reading:
    """Match ``pattern`` against the start of ``text`` and read its slots."""
    tokens = pattern.tokens
    values: dict[str, str] = {}
    matched = 0
    cursor = 0
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "text":
            found, _, end = _find(value, text, cursor, window if i else 40)
            if found:
                matched += found
                cursor = end
            i += 1
            continue
        if value in numeric:
            shape = SERIAL if value == "n" else NUMBER
            number = next((m for off in range(4) if (m := shape.match(text, cursor + off))), None)
            if number:
                values[value] = number.group()
                cursor = number.end()
            i += 1
            continue
        # a word slot: up to the next fixed words that can be found
        j = i + 1
        skipped: list[str] = []
        while j < len(tokens):
            k2, v2 = tokens[j]
            if k2 == "slot":
                if v2 in numeric:
                    number = NUMBER.search(text, cursor)
                    stop = number.start() if number else len(text)
                    values[value] = text[cursor:stop].strip()
                    cursor = stop
                    break
                skipped.append(v2)
                j += 1
                continue
            found, start, end = _find(v2, text, cursor, 80)
            if found:
                values[value] = text[cursor:start].strip()
                cursor = start
                break
            j += 1
        else:
            end_of_sentence = text.find("。", cursor)
            stop = len(text) if j >= len(tokens) and i == len(tokens) - 1 else end_of_sentence
            stop = len(text) if stop < 0 else stop
            values[value] = text[cursor:stop].strip()
            cursor = stop
        i += 1
    literal = sum(len(v) for k, v in tokens if k == "text")
    coverage = matched / literal if literal else 0.0
    return Reading(coverage, {k: v for k, v in values.items() if v}, cursor)


def best_reading(
    candidates: list[Pattern], text: str, numeric: set[str]
) -> tuple[Pattern, Reading] | None:
    """The pattern that fits ``text`` best, with its reading."""
    best: tuple[Pattern, Reading] | None = None
    for pattern in candidates:
        reading = read(pattern, text, numeric)
        if best is None or reading.coverage > best[1].coverage:
            best = (pattern, reading)
    return best


def clean_number(text: str) -> str:
    """'1,234.50' → '1234.50', full-width marks to half-width; as typed otherwise."""
    return text.replace(",", "").replace("，", "").replace("．", ".").replace("−", "-")
