"""Figures read back from last year's report into a draft: the values of
fields and group rows, the unit's identity, the template's own sentences read
back (importing/sentences.py) and key figures in prose (core/text/mentions.py).

Every figure filled is marked 已导入，请核对 (``draft.unconfirmed``); the first
reading of a field wins, so a figure stated twice keeps the first value.
``FigureFiller`` is the base of the section placer (importing/place.py).
"""

from __future__ import annotations

import re

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import NUMERIC_KINDS, FieldSpec, Section, Template
from fulian_desktop.core.text.numbers import parse_date
from fulian_desktop.importing import sentences
from fulian_desktop.importing.outline import split_numbering, title_key

_PUNCT_ONLY = re.compile(r"[\s。，、；：,.;:]*")


def text_key(text: str) -> str:
    """A heading or fixed text without its numbering, for comparing."""
    return title_key(split_numbering(text)[1])


class FigureFiller:
    """Fills the draft's figures; what it filled is in ``figures`` and
    ``filled_sections``."""

    def __init__(self, template: Template, draft: Draft) -> None:
        self.t = template
        self.d = draft
        self.numeric = sentences.numeric_slots(template)
        self.filled_sections: set[str] = set()
        self.figures: list[str] = []
        self.checked = {c.id: c.check for c in template.all_computed() if c.check}

    def set_value(self, spec: FieldSpec, value: str, section: Section) -> bool:
        value = value.strip()
        if not value or self.d.values.get(spec.id):
            return False
        if spec.kind in NUMERIC_KINDS:
            value = sentences.clean_number(value)
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
                return False
        elif spec.kind == "choice":
            if value not in spec.choices:
                return False
        self.d.values[spec.id] = value
        if spec.kind not in ("longtext", "group"):
            self.figures.append(spec.id)
            self.d.unconfirmed.append(spec.id)
        self.filled_sections.add(section.id)
        return True

    def append_text(self, spec: FieldSpec, text: str, section: Section) -> None:
        old = self.d.text(spec.id)
        self.d.values[spec.id] = f"{old}\n{text}" if old else text
        self.filled_sections.add(section.id)

    def take_reading(self, values: dict[str, str], options: dict, section: Section) -> None:
        for name, value in values.items():
            if name.startswith("unit."):
                self.set_unit(name[5:], value)
                continue
            if name.startswith("last_year."):  # a 同比 part states last year's figure
                key = name.split(".", 1)[1]
                if name in self.numeric and key not in self.d.last_year:
                    self.d.last_year[key] = sentences.clean_number(value)
                continue
            # a computed value printed where the typed figure is checked against it
            # (完成率 in a table): the reading is the typed figure
            spec = self._field(self.checked.get(name, name))
            if spec is not None:
                self.set_value(spec, value, section)
            elif name in {o.id for o in self.t.options}:
                option = next(o for o in self.t.options if o.id == name)
                if option.kind == "text" and value and not self.d.options.get(name):
                    self.d.options[name] = value
        for option_id, value in options.items():
            self.d.options[option_id] = value

    def set_unit(self, key: str, value: str) -> None:
        unit = self.d.unit
        value = value.strip()
        if not value:
            return
        if key == "year" and unit.year is None and re.fullmatch(r"\d{4}", value):
            unit.year = int(value)
        elif key == "fill_date" and unit.fill_date is None:
            try:
                unit.fill_date = parse_date(value)
            except ValueError:
                return
        elif key in ("name", "short_name", "filler", "position", "phone") and not getattr(
            unit, key
        ):
            setattr(unit, key, value)
        else:
            return
        self.d.unconfirmed.append(f"unit.{key}")

    def _field(self, field_id: str) -> FieldSpec | None:
        try:
            return self.t.field(field_id)
        except KeyError:
            return None

    def set_items(self, spec: FieldSpec, items: list[dict[str, str]]) -> None:
        """A group's rows, their figures marked 已导入，请核对 (first reading wins)."""
        if not items or self.d.items(spec.id):
            return
        self.d.values[spec.id] = items
        self.filled_sections.add(self.t.section_of(spec.id).id)
        paths = [
            f"{spec.id}[{i}].{s.id}"
            for i, item in enumerate(items)
            for s in spec.fields
            if s.kind in NUMERIC_KINDS and item.get(s.id)
        ]
        self.figures += paths
        self.d.unconfirmed += paths

    def read_mentions(self, text: str, section: Section) -> None:
        """Key figures in prose (the prose check's mention rules) fill fields still empty."""
        from fulian_desktop.core.text.mentions import GRADE_WORDS, find_mentions

        targets = {f.key: f.figure for f in self.t.mentions.figures if f.figure}
        for mention in find_mentions(text, self.t.mentions):
            target = targets.get(mention.key, "")
            spec = self._field(self.checked.get(target, target))
            if spec is None:
                continue
            if isinstance(mention.value, str):
                grades = GRADE_WORDS.get(mention.value, (mention.value,))
                if len(grades) == 1:
                    self.set_value(spec, grades[0], section)
            else:
                self.set_value(spec, format(mention.value.normalize(), "f"), section)

    def read_sentences(
        self, pats: list[sentences.Pattern], paragraph: str, section: Section
    ) -> str:
        """Read the template's sentences wherever one starts in ``paragraph`` (a
        lost line end may have joined it to the text before); return the rest."""
        if not pats:
            return paragraph
        before = ""
        rest = self._read_at_start(pats, paragraph, section)
        while rest:
            stop = rest.find("。")
            if stop < 0 or stop == len(rest) - 1:
                break
            before, tail = before + rest[: stop + 1], rest[stop + 1 :]
            rest = self._read_at_start(pats, tail, section)
        rest = (before + rest).strip()
        return "" if _PUNCT_ONLY.fullmatch(rest) else rest

    def _read_at_start(
        self, pats: list[sentences.Pattern], paragraph: str, section: Section
    ) -> str:
        rest = paragraph
        while rest:
            best = sentences.best_reading(pats, rest, self.numeric)
            if best is None:
                break
            pattern, reading = best
            literal = len(pattern.literal)
            # the sentence must be most of what it consumed (not a long paragraph
            # that happens to contain its words)
            consumed = rest[: reading.end]
            stop = rest.find("。", max(reading.end - 1, 0))
            # the sentence ends at its 。 when that follows closely; two sentences
            # run together (a lost line end) are read one after the other
            end = stop + 1 if 0 <= stop <= reading.end + 6 else reading.end
            if reading.coverage < 0.6 or literal < 0.45 * len(text_key(consumed) or "x"):
                break
            self.take_reading(reading.values, pattern.options, section)
            rest = rest[end:].strip()
        return rest
