"""基于往年报告 → 从 Word/PDF 文件导入: last year's report file becomes a draft.

The start page's 基于往年报告 button gets a menu (``install``): 从本机草稿…
(the existing carry-over) and 从 Word/PDF 文件导入…, which works even when
the store is still empty — the clerk's first year with the program. The
file is read, cleaned, matched and placed off the window's thread, with a
progress dialog and 取消 (ui/import_worker.py); a refusal is one plain
sentence in that dialog, nothing stored. Then this dialog lets her choose
the template (the one the headings fit best is preselected) and whether the
file is this year's report or last year's (作为往年报告: texts are the start,
figures become last year's; preselected when reached from 基于往年报告). The
draft is stored as an "import" revision and opened in front of the start
page; the summary says what went where.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
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
)
from fulian_desktop.importing.source import Block, shown_name
from fulian_desktop.ui.import_worker import ImportProgress, ImportThread, Prepared
from fulian_desktop.ui.unplaced_page import UNPLACED_PAGE

FILE_FILTER = "往年报告 (*.docx *.docm *.dotx *.pdf *.txt);;Word 文档 (*.docx *.docm *.dotx);;PDF (*.pdf);;纯文本 (*.txt);;所有文件 (*)"


class ImportReportDialog(QDialog):
    """Choose the template and how to use the report; shows what the import will do."""

    def __init__(
        self,
        ctx: Any,
        name: str,
        blocks: list[Block],
        parent: QWidget | None = None,
        *,
        prepared: Prepared | None = None,
        last_year: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.blocks = blocks
        self.source_name = name
        # imports already placed, by template id: the worker's one, then each chosen
        self._placed: dict[str, ImportResult] = {}
        self.setWindowTitle(self.tr("从 Word/PDF 文件导入往年报告"))
        self.resize(640, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("文件：{0}").format(name)))
        layout.addWidget(QLabel(self.tr("这份报告用的是哪个提纲（报告模板）？")))
        self.templates = QListWidget(self)
        if prepared is not None:  # matched and placed off the window's thread
            guessed, ranked = prepared.guessed, prepared.ranked
            if prepared.placed is not None:
                self._placed[prepared.placed.template.id] = prepared.placed
        else:
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
        (self.last_year if last_year else self.this_year).setChecked(True)
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
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("导入"))
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
        template = self.template()
        result = self._placed.get(template.id)
        if result is None:  # another template chosen: placing takes a moment, not seconds
            result = import_blocks(self.blocks, template, self.source_name)
            self._placed[template.id] = result
        return as_last_year(result) if self.last_year.isChecked() else result

    def _preview(self) -> None:
        try:
            result = self.result()
        except UserError as exc:  # nothing of this outline in the file: say so, no 导入
            self.summary.setText(str(exc))
            self.summary.setStyleSheet("font-weight: bold; color: #b00020;")
            self.ok_button.setEnabled(False)
            return
        self.summary.setStyleSheet("font-weight: bold;")
        self.ok_button.setEnabled(True)
        text = self.tr("导入后：{0}").format(result.summary())
        if self.last_year.isChecked():
            text += self.tr("；数字作为上年数")
        self.summary.setText(text)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: Any, prepared: Prepared, last_year: bool
    ) -> ImportResult | None:
        """The dialog; the chosen import, or None when cancelled (tests replace this)."""
        dialog = cls(
            ctx, prepared.name, prepared.blocks, parent, prepared=prepared, last_year=last_year
        )
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.result()

    @classmethod
    def ask_path(cls, parent: QWidget | None) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, "选择往年的报告文件", "", FILE_FILTER)
        return path


#: imports whose thread still runs (kept alive until it ends, also after 取消)
_RUNNING: set[ReportImport] = set()


class ReportImport(QObject):
    """One import from the start page: read in a thread, ask, store, open.

    ``done`` carries the new draft's id, or None (cancelled, refused, or the
    dialog's 取消); tests wait for it.
    """

    done = Signal(object)

    def __init__(self, page: Any, path: str, last_year: bool) -> None:
        super().__init__(page)
        self.page = page
        self.path = path
        self.last_year = last_year
        self.draft_id: str | None = None
        self.finished = False
        self.running = False  # the thread runs (it may outlive ``done`` after 取消)
        self.progress = ImportProgress(Path(path).name, page)
        # not ``thread``: that name is QObject.thread()
        self.worker = ImportThread(path, page.ctx.registry.templates())
        self.worker.step_started.connect(self.progress.show_step)
        self.worker.prepared.connect(self._prepared)
        self.worker.refused.connect(self._refused)
        self.worker.stopped.connect(lambda: self._finish(None))
        self.worker.finished.connect(self._thread_ended)
        self.progress.cancel_requested.connect(self.cancel)

    def start(self) -> None:
        _RUNNING.add(self)
        self.running = True
        self.progress.show()
        self.worker.start()

    def cancel(self) -> None:
        """取消: the thread stops before its next step; nothing is stored."""
        self.worker.cancel()
        self.progress.end()
        self._finish(None)

    def _refused(self, text: str) -> None:
        if self.finished:
            return
        self.progress.show_refusal(text)  # stays until the clerk closes it
        self._finish(None)

    def _prepared(self, prepared: Prepared) -> None:
        if self.finished or self.worker.cancelled:
            return
        self.progress.end()
        self._finish(self._ask_and_store(prepared))

    def _ask_and_store(self, prepared: Prepared) -> str | None:
        page = self.page
        result = ImportReportDialog.ask(page, page.ctx, prepared, self.last_year)
        if result is None:
            return None
        name = shown_name(prepared.name)  # a name that is not UTF-8 could not be stored
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
        left = "".join(f"\n{warning}" for warning in prepared.warnings)
        if result.draft.unplaced or result.draft.unconfirmed:
            left += page.tr("\n请到左侧最后的“未归类内容”页核对导入的数字，并处理未归类的段落。")
        # over the new window, not the start page: closing the message must leave
        # the imported draft in front (a message on the page raised the page over it)
        parent = window if window is not None else page
        page.show_message(
            "info", page.tr("已导入“{0}”：{1}。").format(name, result.summary()) + left, parent
        )
        if window is not None:
            window.raise_()
            window.activateWindow()
        return info.id

    def _finish(self, draft_id: str | None) -> None:
        if self.finished:
            return
        self.finished = True
        self.draft_id = draft_id
        self.done.emit(draft_id)

    def _thread_ended(self) -> None:
        self.running = False
        _RUNNING.discard(self)


def import_report_file(
    page: Any, path: str | None = None, *, last_year: bool = False
) -> ReportImport | None:
    """Start the import from the start page; the running import, or None (no file chosen)."""
    path = path or ImportReportDialog.ask_path(page)
    if not path:
        return None
    job = ReportImport(page, path, last_year)
    page.current_import = job  # the last one started (tests wait for its ``done``)
    job.start()
    return job


def wait_for_imports() -> None:
    """At quit: let a running import's thread end (after 取消) before Qt goes away."""
    for job in list(_RUNNING):
        job.worker.cancel()
        job.worker.wait()  # the step under way ends; the next is not started


def install(page: Any) -> None:
    """基于往年报告 becomes a menu: 从本机草稿… and 从 Word/PDF 文件导入…."""
    menu = QMenu(page.next_year_button)
    page.last_year_draft_action = menu.addAction(page.tr("从本机草稿…"))
    page.last_year_draft_action.triggered.connect(page.from_last_year)
    # reached from 基于往年报告, the file is last year's report: 作为往年报告 preselected
    page.import_report_action = menu.addAction(page.tr("从 Word/PDF 文件导入…"))
    page.import_report_action.triggered.connect(lambda: import_report_file(page, last_year=True))
    page.next_year_button.setMenu(menu)
    # also in 文件, after 导入草稿文件…; there the file may be this year's report
    page.import_report_file_action = QAction(page.tr("从 Word/PDF 文件导入…"), page)
    page.import_report_file_action.triggered.connect(lambda: import_report_file(page))
    file_menu = page.menuBar().actions()[0].menu() if page.menuBar().actions() else None
    if file_menu is not None:
        actions = file_menu.actions()
        after = next(
            (i for i, a in enumerate(actions) if a.text().startswith("导入草稿文件")), None
        )
        before = actions[after + 1] if after is not None and after + 1 < len(actions) else None
        file_menu.insertAction(before, page.import_report_file_action)
    page.next_year_button.setToolTip(
        page.tr("沿用本机的往年草稿，或导入往年报告的 Word、PDF 或文本文件")
    )
    app = QApplication.instance()
    if app is not None and not getattr(app, "_fulian_import_wait", False):
        app._fulian_import_wait = True  # once per application
        app.aboutToQuit.connect(wait_for_imports)
