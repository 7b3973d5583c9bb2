"""基于往年报告 → 从 Word/PDF 文件导入: last year's report file becomes a draft.

The start page's 基于往年报告 button gets a menu (``install``): 从本机草稿…
(the existing carry-over) and 从 Word/PDF 文件导入…, which works even when
the store is still empty — the clerk's first year with the program. The
file is read first (bad input: one plain message, nothing stored), then the
dialog lets her choose the template (the one the headings fit best is
preselected) and whether the file is this year's report or last year's
(作为往年报告: texts are the start, figures become last year's). The draft is
stored as an "import" revision and opened; the summary says what went where.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.template.model import Template
from fulian_desktop.errors import UserError
from fulian_desktop.importing.importer import (
    ImportResult,
    as_last_year,
    guess_template,
    import_blocks,
    read_blocks,
)
from fulian_desktop.importing.source import Block
from fulian_desktop.ui.unplaced_page import UNPLACED_PAGE

FILE_FILTER = "往年报告 (*.docx *.docm *.dotx *.pdf *.txt);;Word 文档 (*.docx *.docm *.dotx);;PDF (*.pdf);;纯文本 (*.txt);;所有文件 (*)"


class ImportReportDialog(QDialog):
    """Choose the template and how to use the report; shows what the import will do."""

    def __init__(
        self, ctx: Any, name: str, blocks: list[Block], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.blocks = blocks
        self.source_name = name
        self.setWindowTitle(self.tr("从 Word/PDF 文件导入往年报告"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("文件：{0}").format(name)))
        layout.addWidget(QLabel(self.tr("这份报告用的是哪个提纲（报告模板）？")))
        self.templates = QListWidget(self)
        guessed, ranked = guess_template(blocks, ctx.registry.templates())
        self.guessed = guessed
        for score, template in ranked:
            text = f"{ctx.template_name(template.id)}（标题吻合 {score:.0%}）"
            if guessed is not None and template.id == guessed.id:
                text += self.tr("  ← 按标题判断最吻合")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, template.id)
            self.templates.addItem(item)
        self.templates.setCurrentRow(0)
        layout.addWidget(self.templates, 1)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        if guessed is None:
            self.hint.setText(self.tr("从标题看不出用的是哪个模板，请选择。"))
        layout.addWidget(self.hint)

        self.this_year = QRadioButton(
            self.tr("这是要填写的报告：文字和数字都导入，数字逐个标为“已导入，请核对”")
        )
        self.last_year = QRadioButton(
            self.tr("作为往年报告：文字作为今年的起点，数字作为上年数（同比用），今年的数字留空")
        )
        self.this_year.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.this_year)
        group.addButton(self.last_year)
        layout.addWidget(self.this_year)
        layout.addWidget(self.last_year)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: bold;")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("导入"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.templates.currentRowChanged.connect(lambda _row: self._preview())
        self.last_year.toggled.connect(lambda _on: self._preview())
        self._preview()

    def template(self) -> Template:
        item = self.templates.currentItem()
        return self.ctx.registry.get(item.data(Qt.ItemDataRole.UserRole))

    def result(self) -> ImportResult:
        """The import as chosen now (nothing is stored)."""
        result = import_blocks(self.blocks, self.template(), self.source_name)
        return as_last_year(result) if self.last_year.isChecked() else result

    def _preview(self) -> None:
        result = self.result()
        text = self.tr("导入后：{0}").format(result.summary())
        if self.last_year.isChecked():
            text += self.tr("；数字作为上年数")
        self.summary.setText(text)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: Any, name: str, blocks: list[Block]
    ) -> ImportResult | None:
        """The dialog; the chosen import, or None when cancelled (tests replace this)."""
        dialog = cls(ctx, name, blocks, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result()

    @classmethod
    def ask_path(cls, parent: QWidget | None) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, "选择往年的报告文件", "", FILE_FILTER)
        return path


def import_report_file(page: Any, path: str | None = None) -> str | None:
    """The whole flow from the start page; the new draft's id (opened), or None."""
    path = path or ImportReportDialog.ask_path(page)
    if not path:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        name, blocks = read_blocks(path)
    except UserError as exc:
        QGuiApplication.restoreOverrideCursor()
        page.show_message("warning", str(exc), page)
        return None
    QGuiApplication.restoreOverrideCursor()
    result = ImportReportDialog.ask(page, page.ctx, name, blocks)
    if result is None:
        return None
    try:
        info = page.ctx.store.create(result.draft, kind="import", note=f"从“{name}”导入")
    except UserError as exc:
        page.show_message("warning", str(exc), page)
        return None
    page.recycle.setChecked(False)
    page.refresh()
    page.select(info.id)
    window = page.open_draft(info.id)
    navigator = getattr(window, "navigator", None)
    if navigator is not None and UNPLACED_PAGE in navigator.items:
        window.show_page(UNPLACED_PAGE)
    left = ""
    if result.draft.unplaced or result.draft.unconfirmed:
        left = page.tr("\n请到左侧最后的“未归类内容”页核对导入的数字，并处理未归类的段落。")
    page.show_message(
        "info", page.tr("已导入“{0}”：{1}。").format(name, result.summary()) + left, page
    )
    return info.id


def install(page: Any) -> None:
    """基于往年报告 becomes a menu: 从本机草稿… and 从 Word/PDF 文件导入…."""
    menu = QMenu(page.next_year_button)
    page.last_year_draft_action = menu.addAction(page.tr("从本机草稿…"))
    page.last_year_draft_action.triggered.connect(page.from_last_year)
    page.import_report_action = menu.addAction(page.tr("从 Word/PDF 文件导入…"))
    page.import_report_action.triggered.connect(lambda: import_report_file(page))
    page.next_year_button.setMenu(menu)
    # also in 文件, after 导入草稿文件…
    file_menu = page.menuBar().actions()[0].menu() if page.menuBar().actions() else None
    if file_menu is not None:
        actions = file_menu.actions()
        after = next(
            (i for i, a in enumerate(actions) if a.text().startswith("导入草稿文件")), None
        )
        before = actions[after + 1] if after is not None and after + 1 < len(actions) else None
        file_menu.insertAction(before, page.import_report_action)
    page.next_year_button.setToolTip(
        page.tr("沿用本机的往年草稿，或导入往年报告的 Word、PDF 或文本文件")
    )
