"""The draft being edited, shared by every editor of one window.

Editors never keep their own copy of a value: they write the raw text into
the draft here on every keystroke (nothing typed is ever lost, even text that
does not parse) and listen for ``values_replaced`` when something else
(undo, 一键规范, a group operation) changed what they show.

Paths follow the issue paths of core/issues.py: ``budget_total``,
``tasks[2].result``, and ``unit.name`` for the unit identity.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import FieldSpec, LengthCapRule, Template
from fulian_desktop.core.text import textstats

_ITEM_PATH = re.compile(r"^([a-z][a-z0-9_]*)\[(\d+)\]\.([a-z][a-z0-9_]*)$")


def split_path(path: str) -> tuple[str, int | None, str]:
    """``tasks[2].result`` → ("tasks", 2, "result"); ``budget`` → ("budget", None, "")."""
    match = _ITEM_PATH.match(path)
    if match:
        return match.group(1), int(match.group(2)), match.group(3)
    return path, None, ""


def _parse_unit_date(text: str) -> date:
    from fulian_desktop.core.text import numbers

    return numbers.parse_date(text)


class DraftEditing(QObject):
    """One draft under one template, with the undo stack for whole-value changes."""

    #: a value changed by typing (path of the field, or a group id)
    edited = Signal(str)
    #: values changed from outside the editors (undo/redo, 一键规范, group operations);
    #: the set holds top-level keys (field ids, group ids, "unit")
    values_replaced = Signal(object)
    #: an optional section was switched on or off
    section_toggled = Signal(str, bool)
    #: pasted text was cleaned up: (the text box, what changed) for the window's note
    paste_cleaned = Signal(object, list)

    def __init__(self, template: Template, draft: Draft, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.template = template
        self.draft = draft
        self.undo_stack = QUndoStack(self)
        self.read_only = False
        #: unit fields typed but not (yet) valid: kept here so nothing typed is lost
        self._unit_raw: dict[str, str] = {}
        self.caps: dict[str, LengthCapRule] = {}
        for rule in template.all_rules():
            if isinstance(rule, LengthCapRule):
                for field_id in rule.fields:
                    self.caps[field_id] = rule

    # -- reading --------------------------------------------------------
    def spec(self, path: str) -> FieldSpec | None:
        key, index, sub = split_path(path)
        try:
            spec = self.template.field(key)
        except KeyError:
            return None
        if index is None:
            return spec
        return next((f for f in spec.fields if f.id == sub), None)

    def text(self, path: str) -> str:
        if path.startswith("unit."):
            name = path[5:]
            if name in self._unit_raw:
                return self._unit_raw[name]
            value = getattr(self.draft.unit, name, None)
            if value is None:
                return ""
            if isinstance(value, date):
                return f"{value.year}-{value.month:02d}-{value.day:02d}"
            return str(value)
        key, index, sub = split_path(path)
        if index is None:
            return self.draft.text(key)
        items = self.draft.items(key)
        return items[index].get(sub, "") if index < len(items) else ""

    def items(self, group_id: str) -> list[dict[str, str]]:
        return self.draft.items(group_id)

    def section_enabled(self, section_id: str) -> bool:
        for section, _ in self.template.walk():
            if section.id == section_id:
                if not section.optional:
                    return True
                return self.draft.sections.get(section_id, section.default_on)
        return True

    # -- writing by typing ----------------------------------------------
    def set_text(self, path: str, raw: str) -> None:
        """Store what was typed, as typed."""
        if self.read_only or raw == self.text(path):
            return
        if path.startswith("unit."):
            self._set_unit(path[5:], raw)
        else:
            key, index, sub = split_path(path)
            self._forget_undo_of(key)
            if index is None:
                self.draft.values[key] = raw
            else:
                items = self.draft.items(key)
                if index >= len(items):
                    return
                items[index][sub] = raw
        self.edited.emit(path)

    def _forget_undo_of(self, key: str) -> None:
        # Undoing an older whole-value step would throw away what was typed since.
        for i in range(self.undo_stack.count()):
            command = self.undo_stack.command(i)
            if isinstance(command, _ReplaceValues) and key in command.keys:
                self.undo_stack.clear()
                return

    def _set_unit(self, name: str, raw: str) -> None:
        unit = self.draft.unit
        text = raw.strip()
        if name == "year":
            if not text:
                unit.year = None
            elif text.isdigit() and 1900 < int(text) < 2200:
                unit.year = int(text)
            else:
                self._unit_raw[name] = raw
                return
        elif name == "fill_date":
            try:
                unit.fill_date = _parse_unit_date(text) if text else None
            except ValueError:
                self._unit_raw[name] = raw
                return
        else:
            setattr(unit, name, raw)
        self._unit_raw.pop(name, None)

    def unit_error(self, name: str) -> str:
        """Why a unit field's text was not taken (the window shows it in place)."""
        if name not in self._unit_raw:
            return ""
        if name == "year":
            return "年度请填写四位数字，例如 2023"
        return "日期格式不对，请写成 2023-03-01 或 2023年3月1日"

    def set_option(self, option_id: str, value: str | bool) -> None:
        """A template variant chosen for this draft (title pattern, optional table)."""
        if self.read_only or self.draft.options.get(option_id) == value:
            return
        self.draft.options[option_id] = value
        self.edited.emit(f"option.{option_id}")

    def set_section_enabled(self, section_id: str, enabled: bool) -> None:
        if self.read_only:
            return
        self.draft.sections[section_id] = enabled
        self.section_toggled.emit(section_id, enabled)
        self.edited.emit(section_id)

    # -- whole-value changes (undoable) -----------------------------------
    def replace_values(self, new: dict[str, Any], text: str) -> None:
        """Set several top-level values as one undoable step."""
        if self.read_only:
            return
        old = {key: copy.deepcopy(self.draft.values.get(key)) for key in new}
        if all(old[key] == new[key] for key in new):
            return
        self.undo_stack.push(_ReplaceValues(self, old, copy.deepcopy(new), text))

    def _apply(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            if value is None:
                self.draft.values.pop(key, None)
            else:
                self.draft.values[key] = copy.deepcopy(value)
        self.values_replaced.emit(set(values))
        for key in values:
            self.edited.emit(key)

    def add_item(self, group_id: str) -> None:
        spec = self.template.field(group_id)
        items = copy.deepcopy(self.draft.items(group_id))
        items.append({sub.id: sub.default for sub in spec.fields})
        self.replace_values({group_id: items}, f"添加{spec.label}条目")

    def remove_item(self, group_id: str, index: int) -> None:
        items = copy.deepcopy(self.draft.items(group_id))
        if 0 <= index < len(items):
            del items[index]
            self.replace_values({group_id: items}, "删除条目")

    def move_item(self, group_id: str, index: int, to: int) -> None:
        items = copy.deepcopy(self.draft.items(group_id))
        if 0 <= index < len(items) and 0 <= to < len(items) and index != to:
            items.insert(to, items.pop(index))
            self.replace_values({group_id: items}, "移动条目")

    def duplicate_item(self, group_id: str, index: int) -> None:
        items = copy.deepcopy(self.draft.items(group_id))
        if 0 <= index < len(items):
            items.insert(index + 1, copy.deepcopy(items[index]))
            self.replace_values({group_id: items}, "复制条目")

    def normalise(self, field_ids: Iterable[str]) -> int:
        """一键规范: clean the long texts given as one undoable step; how many changed."""
        new: dict[str, Any] = {}
        for field_id in field_ids:
            spec = self.spec(field_id)
            if spec is None:
                continue
            if spec.kind == "longtext":
                raw = self.draft.text(field_id)
                cleaned = textstats.normalise_pasted(raw)
                if cleaned != raw:
                    new[field_id] = cleaned
            elif spec.kind == "group":
                items = copy.deepcopy(self.draft.items(field_id))
                changed = False
                for item in items:
                    for sub in spec.fields:
                        if sub.kind == "longtext" and item.get(sub.id):
                            cleaned = textstats.normalise_pasted(item[sub.id])
                            changed |= cleaned != item[sub.id]
                            item[sub.id] = cleaned
                if changed:
                    new[field_id] = items
        if new:
            self.replace_values(new, "一键规范")
        return len(new)

    # -- length counts --------------------------------------------------------
    def count(self, text: str) -> int:
        return textstats.count(text, self.template.length_method)

    def count_unit(self) -> str:
        return "字" if self.template.length_method == textstats.WORDS else "字符"

    def cap_total(self, field_id: str) -> tuple[LengthCapRule, int] | None:
        """The shared cap a field belongs to and the combined count of its fields."""
        rule = self.caps.get(field_id)
        if rule is None:
            return None
        return rule, sum(self.count(self.draft.text(f)) for f in rule.fields)


class _ReplaceValues(QUndoCommand):
    def __init__(
        self, editing: DraftEditing, old: dict[str, Any], new: dict[str, Any], text: str
    ) -> None:
        super().__init__(text)
        self._editing = editing
        self._old = old
        self._new = new
        self.keys = set(new)

    def redo(self) -> None:
        self._editing._apply(self._new)

    def undo(self) -> None:
        self._editing._apply(self._old)
