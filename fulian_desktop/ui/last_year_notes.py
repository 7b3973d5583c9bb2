"""上年：817.15 万元 — last year's figure beside this year's field.

A draft started from last year's report (imported 作为往年报告, or 基于往年报告
from a local draft) keeps last year's figures in ``draft.last_year``; this
year's figure fields are empty. A small grey note after each figure field
that has a value there lets the clerk compare while she types, without
looking for last year's report. It is only shown, never edited: last year's
figures are what last year's report said.

``decorate(page, draft)`` is called by the window when it builds a page.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.ui.fields.line import LineFieldEditor

#: the figure kinds (the ones 同比 compares); text, date and phone have no 上年
FIGURE_KINDS = {"money": "万元", "percent": "%", "score": "分", "integer": ""}
TOOLTIP = "去年报告中的数字，供对照填写；同比的句子和核对用它。这里不能修改。"


def note_text(kind: str, value: str) -> str:
    unit = FIGURE_KINDS[kind]
    return f"上年：{value.strip()}" + (f" {unit}" if unit and unit != "%" else unit)


def decorate(page: Any, draft: Draft) -> list[QLabel]:
    """Add the 上年 notes to a page's top-level figure fields; the notes added."""
    if not draft.last_year:
        return []
    added = []
    for editor in page.editors():
        if not isinstance(editor, LineFieldEditor) or editor.spec.kind not in FIGURE_KINDS:
            continue
        value = draft.last_year.get(editor.path, "")
        if not value.strip():
            continue
        row = _row(editor)
        if row is None:
            continue
        note = QLabel(note_text(editor.spec.kind, value), editor)
        note.setProperty("role", "last-year")
        # grey, but dark enough to read on a 1366×768 office screen
        note.setStyleSheet("color: #6b6b6b; margin-left: 12px;")
        note.setToolTip(TOOLTIP)
        # before the row's stretch: right after the box and its unit (万元)
        stretch = (
            row.count() - 1
            if row.count() and row.itemAt(row.count() - 1).spacerItem()
            else row.count()
        )
        row.insertWidget(stretch, note)
        editor.last_year_note = note
        added.append(note)
    return added


def _row(editor: LineFieldEditor) -> QHBoxLayout | None:
    """The editor's first row (box, unit, stretch), from its layout."""
    layout = editor.layout()
    for i in range(layout.count() if layout is not None else 0):
        inner = layout.itemAt(i).layout()
        if isinstance(inner, QHBoxLayout) and inner.indexOf(editor.line) >= 0:
            return inner
    return None
