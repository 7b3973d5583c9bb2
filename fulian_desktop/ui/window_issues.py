"""Where an issue is, for the editing window: its page, how the issues panel
names its place, and going there.

A mixin of MainWindow (ui/main_window.py), which owns what is used here:
``template``, ``draft``, ``editing``, ``navigator``, ``numbers``, ``page``,
``show_page`` and ``current_page``.
"""

from __future__ import annotations

from fulian_desktop.core.compose import sentences
from fulian_desktop.core.draft.marks import UNPLACED_PATH
from fulian_desktop.core.issues import Issue
from fulian_desktop.ui import unplaced_page
from fulian_desktop.ui.fields.binding import split_path
from fulian_desktop.ui.fields.group import item_title
from fulian_desktop.ui.fields.sentence import select_span
from fulian_desktop.ui.navigator import SCORESHEET_PAGE
from fulian_desktop.ui.section_page import UNIT_PAGE, UNIT_SPECS
from fulian_desktop.ui.unplaced_page import UNPLACED_PAGE


class IssuePlacesMixin:
    """page_of, describe_place and go_to_issue."""

    def page_of(self, issue: Issue) -> str:
        if issue.path.startswith("unit."):
            return UNIT_PAGE
        if issue.path == UNPLACED_PATH and UNPLACED_PAGE in self.navigator.items:
            return UNPLACED_PAGE
        key = split_path(issue.path)[0].split("[", 1)[0]
        try:
            return self.template.section_of(key).id
        except KeyError:
            section = issue.section or sentences.key_section(issue.path)  # a generated sentence
            return section if section in self.navigator.items else UNIT_PAGE

    def describe_place(self, issue: Issue) -> str:
        """“（三）部门整体收支情况 › 年度预算数” for the issues panel."""
        page_id = self.page_of(issue)
        if page_id == SCORESHEET_PAGE:
            where = self.tr("绩效自评表")
            label = self.page(page_id).describe(issue.path)  # type: ignore[attr-defined]
            return f"{where} › {label}" if label else where
        if page_id == UNIT_PAGE:
            where = self.tr("单位信息")
            label = next((s.label for s in UNIT_SPECS if f"unit.{s.id}" == issue.path), "")
        elif page_id == UNPLACED_PAGE:
            where, label = self.tr(unplaced_page.TITLE), ""
        else:
            section = next(s for s, _ in self.template.walk() if s.id == page_id)
            where = f"{self.numbers.get(page_id, '')}{section.title}"
            label = ""
            spec = self.editing.spec(issue.path)
            key, index, _sub = split_path(issue.path)
            if spec is not None and index is not None:
                group = self.template.field(key)
                items = self.draft.items(key)
                item = items[index] if index < len(items) else {}
                label = f"{item_title(group, index, item)} {spec.label}"
            elif spec is not None:
                label = spec.label
            elif sentences.key_section(issue.path):
                label = self.tr("由数字生成的句子")
        return f"{where} › {label}" if label else where

    def go_to_issue(self, issue: Issue) -> None:
        """Switch to the field's page and put the cursor in its editor."""
        page_id = self.page_of(issue)
        self.show_page(page_id)
        page = self.current_page()
        if page_id == SCORESHEET_PAGE:
            page.go_to(issue.path)
            return
        editor = page.editor_for(issue.path)
        if editor is not None:
            page.ensureWidgetVisible(editor)
            editor.focus_editor()
            if issue.start is not None and issue.end is not None:
                select_span(editor.input_widget(), issue.start, issue.end)  # the words in prose
