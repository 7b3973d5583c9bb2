"""The 绩效自评表 page: the 预算执行 block, an editable grid of indicators, and
the total and grade at the foot.

The grid (ui/scoresheet_table.py) behaves like the spreadsheet clerks know:
Tab and Enter move between cells, Delete clears them, Ctrl+C copies and
Ctrl+V pastes a block copied from Excel or WPS (rows past the end are added). 一级/二级、指标性质 and
完成档次 are picked from lists. Every change is one undoable step (编辑 ›
撤销); the computed 得分, the total, the grade and the red cells follow at
the window's normal refresh. Scoring and paste parsing live in core/.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QUndoCommand
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QWidget,
)

from fulian_desktop.core.draft.values import Evaluated, draft_options
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.scoresheet import grid
from fulian_desktop.core.scoresheet.scoring import (
    SheetResult,
    rows_of,
    score_draft,
    score_sheet,
    section_data,
)
from fulian_desktop.core.text.numbers import format_money
from fulian_desktop.ui.fields import DraftEditing
from fulian_desktop.ui.navigator import SCORESHEET_PAGE
from fulian_desktop.ui.scoresheet_table import ChoiceDelegate, Grid
from fulian_desktop.ui.section_page import Page

_ERROR = QColor("#f8d7da")
_WARNING = QColor("#fff3cd")
_COMPUTED = QColor("#f1f3f4")
#: the unit on a line of its own: five columns fit the form at 1366×768
_BUDGET_FIELDS = (
    ("initial", "年初预算数\n（万元）"),
    ("adjusted", "全年预算数\n（万元）"),
    ("executed", "全年执行数\n（万元）"),
)


def _fig(value: Decimal | None) -> str:
    return "" if value is None else format_money(value, trailing_zeros=True)


def _show(item: QTableWidgetItem, text: str, editable: bool, grey: bool) -> None:
    """Set a cell's text, editability and grey background, touching only what changed."""
    if item.text() != text:
        item.setText(text)
    flags = item.flags()
    wanted = flags | Qt.ItemFlag.ItemIsEditable if editable else flags & ~Qt.ItemFlag.ItemIsEditable
    if wanted != flags:
        item.setFlags(wanted)
    if grey and item.background().color() != _COMPUTED:
        item.setBackground(QBrush(_COMPUTED))


def _copy(data: Any) -> Any:
    """A copy of the table's JSON-like data (dicts, lists, strings): much
    cheaper than copy.deepcopy for 60 rows on every keystroke."""
    if isinstance(data, dict):
        return {k: _copy(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_copy(v) for v in data]
    return data


class _SheetChange(QUndoCommand):
    """One change of the table: the whole table before and after (it is small)."""

    def __init__(self, page: ScoresheetPage, old: dict, new: dict, text: str) -> None:
        super().__init__(text)
        self._page, self._old, self._new = page, old, new

    def redo(self) -> None:
        self._page._apply(self._new)

    def undo(self) -> None:
        self._page._apply(self._old)


class ScoresheetPage(Page):
    """绩效自评表: rows in ``draft.scoresheet`` edited through a grid."""

    def __init__(self, editing: DraftEditing, parent: QWidget | None = None) -> None:
        super().__init__(SCORESHEET_PAGE, self.tr("绩效自评表"), editing, parent)
        spec = editing.template.scoresheet
        assert spec is not None, "only templates with a scoresheet get this page"
        self.spec = spec
        self._loading = False
        self.result: SheetResult | None = None
        self._evaluated: Evaluated | None = None  # the report's figures at the last refresh
        self._labels: list[str] = []
        intro = QLabel(
            self.tr(
                "逐项填写三级指标的年度指标值、实际完成值和分值，得分按大纲规则自动计算；"
                "得分低于分值时须填写偏差原因。可从 Excel 或 WPS 复制整块内容，"
                "选中单元格后按 Ctrl+V 粘贴。Tab、Enter 在单元格间移动。"
            ),
            self.inner,
        )
        intro.setWordWrap(True)
        intro.setProperty("role", "field-help")
        self.column.addWidget(intro)
        if spec.source:
            source = QLabel(spec.source, self.inner)
            source.setWordWrap(True)
            source.setProperty("role", "field-help")
            self.column.addWidget(source)
        self.column.addWidget(self._budget_box())
        self.weight_edits: dict[str, QLineEdit] = {}
        self.column.addWidget(self._weights_box())
        self.total_label = QLabel(self.inner)
        self.total_label.setObjectName("scoresheet_total")
        self.total_label.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.column.addWidget(self.total_label)  # the total stays in sight above the grid
        self.column.addWidget(self._buttons())
        self.table = Grid(self)
        self.table.setObjectName("scoresheet_grid")
        self.table.setHorizontalHeaderLabels([self.tr(c.header) for c in grid.COLUMNS])
        for i, col in enumerate(grid.COLUMNS):
            self.table.setColumnWidth(i, col.width)
        self.table.setTabKeyNavigation(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.table.setItemDelegate(ChoiceDelegate(self))
        self.table.setMinimumHeight(320)
        self.table.itemChanged.connect(self._item_changed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.column.addWidget(self.table, 1)
        self.issue_label = QLabel(self.inner)
        self.issue_label.setProperty("role", "field-issues")
        self.issue_label.setWordWrap(True)
        self.column.addWidget(self.issue_label)
        self.setWidget(self.inner)
        self.reload()

    # -- the parts above the grid ---------------------------------------------------
    def _budget_box(self) -> QWidget:
        box = QWidget(self.inner)
        layout = QGridLayout(box)
        layout.setContentsMargins(0, 4, 0, 4)
        block = self.spec.budget
        self.budget_edits: dict[str, QLineEdit] = {}
        self.budget_values: dict[str, QLabel] = {}
        if block is None:
            box.hide()
            return box
        layout.addWidget(QLabel(self.tr("预算执行情况"), box), 0, 0, 1, 4)
        for i, (key, label) in enumerate(_BUDGET_FIELDS):
            layout.addWidget(QLabel(self.tr(label), box), 1, i)
            if getattr(block, key):
                shown = QLabel(box)
                shown.setToolTip(self.tr("取自报告中填写的预算数字，在报告页修改"))
                self.budget_values[key] = shown
                layout.addWidget(shown, 2, i)
            else:
                edit = QLineEdit(box)
                edit.setMaximumWidth(130)
                edit.setObjectName(f"budget_{key}")
                edit.textEdited.connect(lambda text, k=key: self.set_budget(k, text))
                self.budget_edits[key] = edit
                layout.addWidget(edit, 2, i)
        layout.addWidget(QLabel(self.tr("执行率"), box), 1, 3)
        self.rate_label = QLabel(box)
        layout.addWidget(self.rate_label, 2, 3)
        layout.addWidget(QLabel(self.tr("分值 / 得分"), box), 1, 4)
        self.budget_score = QLabel(box)
        layout.addWidget(self.budget_score, 2, 4)
        if self.spec.rules.manual_scores:
            edit = QLineEdit(box)
            edit.setObjectName("budget_score")
            edit.setPlaceholderText(self.tr("可手填得分"))
            edit.textEdited.connect(lambda text: self.set_budget("score", text))
            self.budget_edits["score"] = edit
            layout.addWidget(edit, 3, 4)
        layout.addWidget(QLabel(self.tr("未完成原因"), box), 4, 0)
        reason = QLineEdit(box)
        reason.setObjectName("budget_reason")
        reason.setPlaceholderText(self.tr("执行率低于 90% 时须说明"))
        reason.textEdited.connect(lambda text: self.set_budget("reason", text))
        self.budget_edits["reason"] = reason
        layout.addWidget(reason, 4, 1, 1, 5)
        layout.setColumnStretch(5, 1)
        return box

    def _weights_box(self) -> QWidget:
        box = QWidget(self.inner)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for level in self.spec.levels:
            for node in (level, *level.children):
                if not node.adjustable:
                    continue
                layout.addWidget(
                    QLabel(
                        self.tr("{0}权重（{1}–{2}）").format(
                            node.name, node.weight_min, node.weight_max
                        ),
                        box,
                    )
                )
                edit = QLineEdit(box)
                edit.setObjectName(f"weight_{node.id}")
                edit.setMaximumWidth(70)
                edit.textEdited.connect(lambda text, k=node.id: self.set_weight(k, text))
                self.weight_edits[node.id] = edit
                layout.addWidget(edit)
        layout.addStretch(1)
        box.setVisible(bool(self.weight_edits))
        return box

    def _buttons(self) -> QWidget:
        box = QWidget(self.inner)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QPushButton] = {}
        for name, text, slot in (
            ("add", "添加一行", self.add_row),
            ("remove", "删除所选行", self.remove_rows),
            ("up", "上移", lambda: self.move_row(-1)),
            ("down", "下移", lambda: self.move_row(1)),
            ("paste", "粘贴表格", lambda: self.paste(QGuiApplication.clipboard().text())),
        ):
            button = QPushButton(self.tr(text), box)
            button.setObjectName(f"scoresheet_{name}")
            button.clicked.connect(slot)
            layout.addWidget(button)
            self.buttons[name] = button
        layout.addStretch(1)
        return box

    # -- reading the draft ---------------------------------------------------------
    def data(self) -> dict[str, Any]:
        sheet = self.editing.draft.scoresheet
        return sheet if isinstance(sheet, dict) else {}

    def rows(self) -> list[dict[str, str]]:
        return rows_of(self.data())

    def row(self, index: int) -> dict[str, str]:
        rows = self.rows()
        return rows[index] if 0 <= index < len(rows) else grid.empty_row(self.spec)

    # -- changing the draft (each change one undoable step) -------------------------
    def _change(self, new: dict[str, Any], text: str) -> None:
        if self.editing.read_only:
            return
        old = _copy(self.data())
        if old == new:
            return
        self.editing.undo_stack.push(_SheetChange(self, old, _copy(new), text))

    def _apply(self, data: dict[str, Any]) -> None:
        self.editing.draft.scoresheet = _copy(data)
        self.reload()
        self.editing.edited.emit(SCORESHEET_PAGE)

    def _with_rows(self, rows: list[dict[str, str]]) -> dict[str, Any]:
        new = _copy(self.data())
        new["rows"] = rows
        return new

    def set_cell(self, row: int, col: int, text: str) -> None:
        key = grid.COLUMNS[col].key
        if not key:
            return
        rows = self.rows()
        while row >= len(rows):
            rows.append(grid.empty_row(self.spec, rows[-1] if rows else None))
        rows[row].update(grid.stored(self.spec, key, text, rows[row]))
        self._change(self._with_rows(rows), self.tr("修改自评表"))

    def set_budget(self, key: str, text: str) -> None:
        new = _copy(self.data())
        budget = section_data(new, "budget")
        budget[key] = text
        new["budget"] = {k: v for k, v in budget.items() if v}
        self._change(new, self.tr("修改预算执行情况"))

    def set_weight(self, level_id: str, text: str) -> None:
        new = _copy(self.data())
        weights = section_data(new, "weights")
        weights[level_id] = text
        new["weights"] = {k: v for k, v in weights.items() if v}
        self._change(new, self.tr("修改权重"))

    def add_row(self) -> None:
        rows = self.rows()
        at = self.table.currentRow() + 1 if self.table.currentRow() >= 0 else len(rows)
        like = rows[at - 1] if 0 < at <= len(rows) else (rows[-1] if rows else None)
        rows.insert(at, grid.empty_row(self.spec, like))
        self._change(self._with_rows(rows), self.tr("添加指标"))
        self.table.setCurrentCell(at, grid.KEYS.index("name"))

    def selected_rows(self) -> list[int]:
        """Selected rows of the table (not the empty row for adding)."""
        count = len(self.rows())
        return sorted({i.row() for i in self.table.selectedIndexes() if i.row() < count})

    def remove_rows(self) -> None:
        chosen = set(self.selected_rows())
        if not chosen:
            return
        rows = [r for i, r in enumerate(self.rows()) if i not in chosen]
        self._change(self._with_rows(rows), self.tr("删除指标"))

    def move_row(self, step: int) -> None:
        index, col = self.table.currentRow(), max(0, self.table.currentColumn())
        rows = self.rows()
        to = index + step
        if not (0 <= index < len(rows) and 0 <= to < len(rows)):
            return
        rows.insert(to, rows.pop(index))
        self._change(self._with_rows(rows), self.tr("移动指标"))
        self.table.setCurrentCell(to, col)

    def paste(self, text: str) -> int:
        """Paste a tab-separated block at the current cell; how many rows it covered."""
        if not text.strip() or self.editing.read_only:
            return 0
        row = max(0, self.table.currentRow())
        col = max(0, self.table.currentColumn())
        rows, count = grid.paste(self.spec, self.data(), text, row, col)
        self._change(self._with_rows(rows), self.tr("粘贴自评表"))
        return count

    def clear_selection(self) -> None:
        rows = self.rows()
        for index in self.table.selectedIndexes():
            key = grid.COLUMNS[index.column()].key
            if key and index.row() < len(rows) and key not in ("level1", "level2", "kind"):
                rows[index.row()][key] = ""
        self._change(self._with_rows(rows), self.tr("清除单元格"))

    def copy_selection(self) -> str:
        indexes = self.table.selectedIndexes()
        if not indexes:
            return ""
        rows = sorted({i.row() for i in indexes})
        cols = sorted({i.column() for i in indexes})
        lines = []
        for r in rows:
            cells = []
            for c in cols:
                item = self.table.item(r, c)
                text = item.text() if item else ""
                cells.append(f'"{text.replace(chr(34), chr(34) * 2)}"' if "\n" in text else text)
            lines.append("\t".join(cells))
        return "\n".join(lines)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if not self._loading:
            self.set_cell(item.row(), item.column(), item.text())

    # -- showing -----------------------------------------------------------------------
    def reload(self) -> None:
        """Show the draft's table (after an edit, undo, paste or a new draft)."""
        self._loading = True
        try:
            rows = self.rows()
            current = (self.table.currentRow(), self.table.currentColumn())
            # one empty row at the end, as in a spreadsheet: typing or pasting
            # there adds rows
            shown = [*rows, {}] if not self._read_only else rows
            self.table.setRowCount(len(shown))
            for r, row in enumerate(shown):
                for c, col in enumerate(grid.COLUMNS):
                    text = grid.display(self.spec, row, col.key) if col.key and row else ""
                    item = self.table.item(r, c)
                    if item is None:
                        item = QTableWidgetItem()
                        if col.numeric:
                            item.setTextAlignment(
                                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                            )
                        self.table.setItem(r, c, item)
                    if item.text() != text:
                        item.setText(text)
            labels = [str(i + 1) for i in range(len(rows))] + ["＊"] * (len(shown) - len(rows))
            if labels != self._labels:
                self._labels = labels
                self.table.setVerticalHeaderLabels(labels)
            if 0 <= current[0] < len(shown):
                self.table.setCurrentCell(current[0], max(0, current[1]))
            budget = section_data(self.data(), "budget")
            for key, edit in self.budget_edits.items():
                if edit.text() != budget.get(key, ""):
                    edit.setText(budget.get(key, ""))
            weights = section_data(self.data(), "weights")
            for key, edit in self.weight_edits.items():
                node = self.spec.level1(key) or (self.spec.level2(key) or (None, None))[1]
                default = "" if node is None or node.weight is None else str(node.weight)
                if edit.text() != weights.get(key, default):
                    edit.setText(weights.get(key, default))
        finally:
            self._loading = False
        self.show_scores()

    def update_computed(self, evaluated: Evaluated) -> None:
        self._evaluated = evaluated
        self.show_scores()

    def show_scores(self) -> None:
        """Computed scores, the budget block's figures, the total and the grade."""
        template, draft = self.editing.template, self.editing.draft
        if self._evaluated is None:
            self.result = result = score_draft(template, draft)
        else:  # a grid edit leaves the report's figures as the last refresh saw them
            scope = self._evaluated.scope(template, draft_options(template, draft))
            result = score_sheet(self.spec, draft.scoresheet, scope, template.grade_bands)
            self.result = result
        if result is None:
            return
        self._loading = True
        try:
            manual_ok = self.spec.rules.manual_scores
            score_col, grade_col = grid.KEYS.index("score"), grid.KEYS.index("grade")
            for scored in result.rows:
                r = scored.index
                if r >= self.table.rowCount():
                    break
                computed = self.table.item(r, grid.COMPUTED_COLUMN)
                _show(computed, _fig(scored.computed), editable=False, grey=True)
                typed_here = scored.kind == "qualitative" or manual_ok
                shown = scored.raw["score"] if typed_here else _fig(scored.computed)
                _show(self.table.item(r, score_col), shown, typed_here, not typed_here)
                qualitative = scored.kind == "qualitative"
                grade = self.table.item(r, grade_col)
                _show(grade, grade.text(), qualitative, not qualitative)
        finally:
            self._loading = False
        if result.budget:
            b = result.budget
            for key, label in self.budget_values.items():
                label.setText(_fig(getattr(b, key)) or self.tr("（报告中未填）"))
            self.rate_label.setText(f"{_fig(b.rate)}%" if b.rate is not None else "—")
            self.budget_score.setText(f"{_fig(b.block.weight)} / {_fig(b.score) or '—'}")
        cap = ""
        if result.cap:
            cap = self.tr("（执行率低于 {0}%，封顶 {1} 分）").format(
                format_money(result.cap.below, False), format_money(result.cap.max, False)
            )
        self.total_label.setText(
            self.tr("合计 {0} 分{1}　自评等级：{2}").format(
                _fig(result.total), cap, result.grade or "—"
            )
        )

    def apply_issues(self, issues: list[Issue]) -> None:
        """Red (errors) and amber (warnings) cells with the messages as tooltips;
        messages about the whole table below the grid."""
        self._issues = issues
        mine = [i for i in issues if i.section == SCORESHEET_PAGE]
        cells: dict[tuple[int, int], list[Issue]] = {}
        general: list[Issue] = []
        for issue in mine:
            place = self.cell_of(issue.path)
            if place is None:
                general.append(issue)
            else:
                cells.setdefault(place, []).append(issue)
        self._loading = True
        try:
            for r in range(self.table.rowCount()):
                for c in range(len(grid.COLUMNS)):
                    item = self.table.item(r, c)
                    if item is None or c == grid.COMPUTED_COLUMN:
                        continue
                    found = cells.get((r, c), [])
                    editable = bool(item.flags() & Qt.ItemFlag.ItemIsEditable)
                    if any(i.severity == "error" for i in found):
                        item.setBackground(QBrush(_ERROR))
                    elif any(i.severity == "warning" for i in found):
                        item.setBackground(QBrush(_WARNING))
                    elif editable:
                        item.setBackground(QBrush())
                    item.setToolTip("\n".join(i.message for i in found))
        finally:
            self._loading = False
        shown = [i for i in general if i.severity in ("error", "warning", "info")]
        self.issue_label.setText("\n".join(f"• {i.message}" for i in shown))
        self.issue_label.setVisible(bool(shown))

    def cell_of(self, path: str) -> tuple[int, int] | None:
        """``scoresheet.rows[3].actual`` → (3, column of 实际完成值)."""
        prefix = "scoresheet.rows["
        if not path.startswith(prefix):
            return None
        index, _, rest = path[len(prefix) :].partition("]")
        key = rest.lstrip(".") or "name"
        if not index.isdigit() or key not in grid.KEYS:
            return None
        return int(index), grid.KEYS.index(key)

    def go_to(self, path: str) -> bool:
        """Put the cursor in the cell an issue names; False when it names none."""
        place = self.cell_of(path)
        if place is None:
            key = path.rsplit(".", 1)[-1]
            target = self.budget_edits.get(key) or self.weight_edits.get(key)
            if target is not None:
                target.setFocus()
                return True
            return False
        self.table.setCurrentCell(*place)
        self.table.scrollToItem(self.table.item(*place))
        self.table.setFocus()
        return True

    def describe(self, path: str) -> str:
        place = self.cell_of(path)
        if place is None:
            return ""
        rows = self.data().get("rows")
        row = rows[place[0]] if isinstance(rows, list) and place[0] < len(rows) else {}
        name = row.get("name", "") if isinstance(row, dict) else ""
        return f"第 {place[0] + 1} 行 {name} › {grid.COLUMNS[place[1]].header}"

    # -- the Page interface ------------------------------------------------------------
    def editors(self):  # noqa: ANN201 - the grid has no FieldEditors
        return iter(())

    def editor_for(self, path: str) -> None:
        return None

    def long_text_ids(self) -> list[str]:
        return []

    def focus_first(self) -> None:
        if self.table.rowCount():
            self.table.setCurrentCell(0, grid.KEYS.index("name"))
        self.table.setFocus()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.NoEditTriggers
            if read_only
            else QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        for edit in (*self.budget_edits.values(), *self.weight_edits.values()):
            edit.setReadOnly(read_only)
        self.reload()  # the empty last row is for adding rows: not when read-only
