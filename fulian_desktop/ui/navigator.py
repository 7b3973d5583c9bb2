"""The navigator: the template's sections as a tree, each with a status icon,
and the overall progress (share of required fields filled)."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QProgressBar, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from fulian_desktop.core.compose.composer import section_numbers
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.model import FieldSpec, Section, Template
from fulian_desktop.ui.section_page import UNIT_PAGE, parent_only

#: the 绩效自评表's page (ui/scoresheet_page.py; issues of the table carry it as section)
SCORESHEET_PAGE = "scoresheet"

Status = Literal["done", "warning", "error", "empty", "off"]

_COLOURS = {
    "done": "#2e7d32",
    "warning": "#f29900",
    "error": "#d32f2f",
    "empty": "#9e9e9e",
    "off": "#e0e0e0",
}
_TIPS = {
    "done": "已填写",
    "warning": "有警告",
    "error": "有错误",
    "empty": "未填写",
    "off": "本报告不包含此部分",
}
_ICONS: dict[str, QIcon] = {}


def status_icon(status: str) -> QIcon:
    """A filled circle in the status colour (drawn, so no image files are needed);
    errors get a white bar, warnings a dot, done a tick, so colour is not the only cue."""
    if status not in _ICONS:
        pixmap = QPixmap(16, 16)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(_COLOURS[status]))
        painter.drawEllipse(1, 1, 14, 14)
        painter.setPen(QPen(QColor("white"), 2))
        if status == "error":
            painter.drawLine(5, 8, 11, 8)
        elif status == "warning":
            painter.drawLine(8, 4, 8, 9)
            painter.drawPoint(8, 12)
        elif status == "done":
            painter.drawLine(4, 8, 7, 11)
            painter.drawLine(7, 11, 12, 5)
        painter.end()
        _ICONS[status] = QIcon(pixmap)
    return _ICONS[status]


def _filled(spec: FieldSpec, draft: Draft) -> bool:
    if spec.kind == "group":
        return bool(draft.items(spec.id))
    return bool(draft.text(spec.id).strip())


def section_statuses(
    template: Template, draft: Draft, issues: list[Issue], enabled: dict[str, bool]
) -> dict[str, Status]:
    """Each section's status; a section without fields of its own takes its
    children's worst status (all empty → empty)."""
    errors = {i.section for i in issues if i.severity == "error"}
    warnings = {i.section for i in issues if i.severity == "warning"}
    result: dict[str, Status] = {}

    def visit(section: Section) -> Status:
        children = [visit(child) for child in section.sections]
        if not enabled.get(section.id, True):
            result[section.id] = "off"
            return "off"
        own: Status | None = None
        if section.id in errors:
            own = "error"
        elif section.id in warnings:
            own = "warning"
        elif section.fields:
            own = "done" if any(_filled(s, draft) for s in section.fields) else "empty"
        live = [c for c in children if c != "off"]
        candidates = ([own] if own else []) + live
        for worst in ("error", "warning"):
            if worst in candidates:
                result[section.id] = worst  # type: ignore[assignment]
                return worst  # type: ignore[return-value]
        if not candidates:
            status: Status = "done"
        elif all(c == "empty" for c in candidates):
            status = "empty"
        else:
            status = "done" if own in (None, "done") else own
        result[section.id] = status
        return status

    for section in template.sections:
        visit(section)
    if template.scoresheet is not None:
        sheet = {i.severity for i in issues if i.section == SCORESHEET_PAGE}
        typed = bool(draft.scoresheet.get("rows")) if isinstance(draft.scoresheet, dict) else False
        result[SCORESHEET_PAGE] = (
            "error"
            if "error" in sheet
            else "warning"
            if "warning" in sheet
            else "done"
            if typed
            else "empty"
        )
    return result


def required_progress(
    template: Template, draft: Draft, enabled: dict[str, bool]
) -> tuple[int, int]:
    """(filled, total) required fields, unit name and year included."""
    filled = int(bool(draft.unit.name.strip())) + int(draft.unit.year is not None)
    total = 2
    for section, spec in template.all_fields():
        if not enabled.get(section.id, True):
            continue
        if spec.kind == "group":
            if spec.required or spec.min_items:
                total += 1
                filled += int(len(draft.items(spec.id)) >= max(1, spec.min_items))
            for item in draft.items(spec.id):
                for sub in spec.fields:
                    if sub.required:
                        total += 1
                        filled += int(bool(item.get(sub.id, "").strip()))
        elif spec.required:
            total += 1
            filled += int(_filled(spec, draft))
    return filled, total


class Navigator(QWidget):
    """Tree of pages; emits ``page_chosen(page_id)`` when the clerk picks one."""

    page_chosen = Signal(str)

    def __init__(self, template: Template, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template = template
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.progress = QProgressBar(self)
        self.progress.setFormat(self.tr("必填项 %v / %m"))
        self.progress.setTextVisible(True)
        layout.addWidget(self.progress)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(16, 16))
        self.tree.setMinimumWidth(180)
        layout.addWidget(self.tree, 1)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._statuses: dict[str, str] = {}
        unit = QTreeWidgetItem([self.tr("单位信息")])
        unit.setData(0, Qt.ItemDataRole.UserRole, UNIT_PAGE)
        self.tree.addTopLevelItem(unit)
        self.items[UNIT_PAGE] = unit
        self._build(template.sections, None)
        if template.scoresheet is not None:  # the 绩效自评表 gets a page of its own
            sheet = QTreeWidgetItem([self.tr("绩效自评表")])
            sheet.setData(0, Qt.ItemDataRole.UserRole, SCORESHEET_PAGE)
            self.tree.addTopLevelItem(sheet)
            self.items[SCORESHEET_PAGE] = sheet
        self.extra_pages: list[str] = []  # pages after the outline (未归类内容)
        self.tree.expandAll()
        self.tree.currentItemChanged.connect(self._current_changed)

    def _build(self, sections: list[Section], parent: QTreeWidgetItem | None) -> None:
        for section in sections:
            item = QTreeWidgetItem([section.title])
            item.setData(0, Qt.ItemDataRole.UserRole, section.id)
            if parent is None:
                self.tree.addTopLevelItem(item)
            else:
                parent.addChild(item)
            self.items[section.id] = item
            self._build(section.sections, item)

    def page_order(self) -> list[str]:
        """Page ids in the order 上一步 / 下一步 walk them: every page with something
        to fill in (a parent section that only points at its subsections is skipped)."""
        parents = {section.id for section, _ in self.template.walk() if parent_only(section)}
        return [page for page in self.all_pages() if page not in parents]

    def all_pages(self) -> list[str]:
        """Every page id in navigator order."""
        pages = [UNIT_PAGE] + [section.id for section, _ in self.template.walk()]
        if self.template.scoresheet is not None:
            pages.append(SCORESHEET_PAGE)
        return pages + self.extra_pages

    def add_page(self, page_id: str, title: str) -> QTreeWidgetItem:
        """A page after the outline's sections (未归类内容 of an imported report)."""
        if page_id not in self.items:
            item = QTreeWidgetItem([title])
            item.setData(0, Qt.ItemDataRole.UserRole, page_id)
            self.tree.addTopLevelItem(item)
            self.items[page_id] = item
            self.extra_pages.append(page_id)
        return self.items[page_id]

    def step_from(self, page_id: str, delta: int) -> str | None:
        """The page 下一步 (delta 1) or 上一步 (-1) goes to from ``page_id``, or None."""
        every = self.all_pages()
        walked = set(self.page_order())
        index = every.index(page_id) if page_id in every else 0
        index += delta
        while 0 <= index < len(every):
            if every[index] in walked:
                return every[index]
            index += delta
        return None

    def select(self, page_id: str) -> None:
        item = self.items.get(page_id)
        if item is not None and self.tree.currentItem() is not item:
            self.tree.setCurrentItem(item)

    def current(self) -> str:
        item = self.tree.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else UNIT_PAGE

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.page_chosen.emit(item.data(0, Qt.ItemDataRole.UserRole))

    def update_titles(self, enabled: dict[str, bool], fixed: bool = False) -> dict[str, str]:
        """Show the serials the report will print (switched-off sections get none;
        with ``fixed`` numbering the others keep their published numbers)."""
        numbers = section_numbers(self.template, enabled, fixed)
        for section, _ in self.template.walk():
            self.items[section.id].setText(0, f"{numbers[section.id]}{section.title}")
        return numbers

    def set_statuses(self, statuses: dict[str, str], unit_status: str) -> None:
        for page_id, item in self.items.items():
            status = unit_status if page_id == UNIT_PAGE else statuses.get(page_id, "empty")
            # Kept in a dict: PySide6 6.12's QTreeWidgetItem.data() drops a
            # reference to None for an unset role, which crashes the interpreter.
            if self._statuses.get(page_id) != status:
                self._statuses[page_id] = status
                item.setIcon(0, status_icon(status))
                item.setToolTip(0, self.tr(_TIPS[status]))
                item.setForeground(0, QBrush(QColor("#9e9e9e")) if status == "off" else QBrush())

    def status(self, page_id: str) -> str:
        """The status now shown for a page (tests, accessibility)."""
        return self._statuses.get(page_id, "")

    def set_progress(self, filled: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(filled)
