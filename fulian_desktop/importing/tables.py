"""Tables of last year's report read back into figures and group rows.

A table row arrives as one block with its cells joined by tabs (readers.py).
The template says what its tables hold: a section's fixed table (rows such
as ["基本支出", "{{ budget_basic | money(true) }}", …]) gives each figure by
its row's first words and its column; a group printed as a table
(``item_table``, e.g. 资阳's 专项资金 items) gives one item per row, its
columns read through the column snippets. Header, caption and 合计 rows are
the template's own text.
"""

from __future__ import annotations

import re

from fulian_desktop.core.template.model import BodyField, BodyTable, FieldSpec, Section, Template
from fulian_desktop.importing.outline import title_key
from fulian_desktop.importing.sentences import NUMBER, Pattern, marker, patterns


def is_row(text: str) -> bool:
    return "\t" in text


def _slot(pattern_list: list[Pattern]) -> str:
    """The one value a cell snippet prints ('' when it prints fixed text or several)."""
    for pattern in pattern_list:
        slots = [v for k, v in pattern.tokens if k == "slot"]
        if len(slots) == 1:
            return slots[0]
    return ""


def _cell_value(cell: str, numeric: bool) -> str:
    if not numeric:
        return cell.strip()
    found = NUMBER.search(cell)
    return found.group() if found else ""


class TableReader:
    """What the tables printed in one section hold."""

    def __init__(self, template: Template, section: Section, numeric: set[str]) -> None:
        self.numeric = numeric
        self.fixed_rows: list[tuple[str, list[str]]] = []  # first words, slot per column
        self.headers: set[str] = set()
        self.groups: list[tuple[FieldSpec, list[str]]] = []  # group, item slot per column
        #: bool options a table's ``when`` names: a table found in the report turns them on
        self.switches: dict[str, set[str]] = {}  # "fixed" or group id → option ids
        bools = {o.id for o in template.options if o.kind == "bool"}
        for item in section.printed_body():
            if isinstance(item, BodyTable):
                spec = item.table
                self.headers |= {title_key(c.header) for c in spec.columns}
                self.headers.add(title_key(spec.caption))
                self.switches.setdefault("fixed", set()).update(_names(spec.when) & bools)
                for row in spec.rows:
                    if row:
                        slots = [_slot(patterns(template, cell)) for cell in row[1:]]
                        self.fixed_rows.append((title_key(row[0]), slots))
            elif isinstance(item, BodyField):
                try:
                    spec = template.field(item.field)
                except KeyError:
                    continue
                if spec.kind == "group" and spec.item_table is not None:
                    extra = {
                        "n": marker("n"),
                        "item": {s.id: marker(f"item.{s.id}") for s in spec.fields},
                    }
                    slots = [
                        _slot(patterns(template, c.value, extra)) for c in spec.item_table.columns
                    ]
                    self.groups.append((spec, slots))
                    self.switches[spec.id] = _names(spec.item_table.when) & bools
                    self.headers |= {title_key(c.header) for c in spec.item_table.columns}
                    self.headers.add(title_key(spec.item_table.caption))
        self.headers.discard("")

    def options(self, values: dict[str, str], items: dict[str, list]) -> dict[str, bool]:
        """The bool options that the tables found switch on."""
        found = (["fixed"] if values else []) + list(items)
        return {name: True for key in found for name in self.switches.get(key, ())}

    def read(
        self, rows: list[str]
    ) -> tuple[dict[str, str], dict[str, list[dict[str, str]]], set[int]]:
        """Figures by field id, items by group id, and the indexes of the rows used."""
        values: dict[str, str] = {}
        items: dict[str, list[dict[str, str]]] = {}
        used: set[int] = set()
        for index, row in enumerate(rows):
            cells = row.split("\t")
            keys = [title_key(c) for c in cells]
            if all(not k or k in self.headers for k in keys):
                used.add(index)  # a header or caption row: the template's own
                continue
            for first, slots in self.fixed_rows:
                if keys[0] == first:
                    for slot, cell in zip(slots, cells[1:], strict=False):
                        value = _cell_value(cell, slot in self.numeric)
                        if slot and value:
                            values[slot] = value
                    used.add(index)
                    break
            else:
                if "合计" in keys[:2] and self.groups:
                    used.add(index)  # an item table's total row: printed from the total
                    continue
                for spec, slots in self.groups:
                    if len(cells) != len(slots):
                        continue
                    item = {}
                    for slot, cell in zip(slots, cells, strict=True):
                        if slot.startswith("item."):
                            value = _cell_value(cell, slot in self.numeric)
                            if value:
                                item[slot[5:]] = value
                    if item:
                        items.setdefault(spec.id, []).append(item)
                        used.add(index)
                        break
        return values, items, used


_TAB_RUN = re.compile(r"\t+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _names(expression: str) -> set[str]:
    return set(_NAME.findall(expression or ""))


def as_text(row: str) -> str:
    """A table row that no table of the template holds, as a line of text."""
    return _TAB_RUN.sub("　", row.strip("\t"))
