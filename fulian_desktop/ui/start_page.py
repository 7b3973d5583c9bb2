"""The start screen: new report, from last year, recent drafts, import, recycle bin.

Widgets here only ask: the context creates drafts, the store lists, deletes
and imports them. Every dialog is reached through a classmethod so tests can
answer it without a real ``exec()``. Draft windows open on top of this page;
it stays behind them and refreshes its list whenever it is activated again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.errors import UserError
from fulian_desktop.render.styles import load_profile
from fulian_desktop.storage.files import SUFFIX, import_draft_file
from fulian_desktop.storage.records import DraftInfo
from fulian_desktop.ui import help as help_guide
from fulian_desktop.ui import report_import
from fulian_desktop.ui.dialogs.about import AboutDialog
from fulian_desktop.ui.dialogs.history import HistoryDialog, local_time
from fulian_desktop.ui.dialogs.new_report import NewReportDialog, PickDraftDialog
from fulian_desktop.ui.dialogs.recovery import RecoveryDialog
from fulian_desktop.ui.dialogs.settings import SettingsDialog
from fulian_desktop.ui.fonts import check_profile_fonts

log = logging.getLogger(__name__)

APP_TITLE = "绩效自评报告助手"
STATUS_CN = {"draft": "草稿", "signed_off": "已定稿"}
COLUMNS = ("单位", "年度", "报告模板", "状态", "最后修改")


class StartPage(QMainWindow):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.windows: dict[str, QMainWindow] = {}
        self._recovery_offered = False
        self._has_drafts = False
        self.setWindowTitle(APP_TITLE)
        self.resize(1100, 680)

        heading = QLabel(self.tr("部门整体支出绩效自评报告"))
        heading.setStyleSheet("font-size: 20px; font-weight: bold;")
        sub = QLabel(self.tr("新建一份报告，或打开最近的草稿继续填写。所有内容只保存在本机。"))
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: #fff4e0; border: 1px solid #e0b060; padding: 6px; color: #5a3a00;"
        )
        self.banner.setVisible(False)

        self.new_button = QPushButton(self.tr("新建报告…"))
        self.next_year_button = QPushButton(self.tr("基于往年报告…"))
        self.import_button = QPushButton(self.tr("导入草稿文件…"))
        for button in (self.new_button, self.next_year_button, self.import_button):
            button.setMinimumHeight(36)
        self.new_button.setDefault(True)
        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.next_year_button)
        actions.addWidget(self.import_button)
        actions.addStretch(1)

        self.list_title = QLabel()
        self.list_title.setStyleSheet("font-weight: bold;")
        self.drafts = QTreeWidget()
        self.drafts.setRootIsDecorated(False)
        self.drafts.setAlternatingRowColors(True)
        self.drafts.setHeaderLabels([self.tr(c) for c in COLUMNS])
        header = self.drafts.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 80), (2, 300), (3, 80), (4, 140)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.drafts.setColumnWidth(col, width)
        self.empty_hint = QLabel(self.tr("还没有草稿。点“新建报告”开始。"))
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.open_button = QPushButton(self.tr("打开"))
        self.history_button = QPushButton(self.tr("历史版本…"))
        self.export_button = QPushButton(self.tr("导出草稿文件…"))
        self.export_button.setToolTip(
            self.tr("把选中的草稿存为一个 .fldraft 文件，带到另一台电脑上用“导入草稿文件”打开")
        )
        self.delete_button = QPushButton(self.tr("删除"))
        self.recycle = QCheckBox(self.tr("显示回收站"))
        lower = QHBoxLayout()
        lower.addWidget(self.open_button)
        lower.addWidget(self.history_button)
        lower.addWidget(self.export_button)
        lower.addWidget(self.delete_button)
        lower.addStretch(1)
        lower.addWidget(self.recycle)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(heading)
        layout.addWidget(sub)
        layout.addWidget(self.banner)
        layout.addSpacing(8)
        layout.addLayout(actions)
        layout.addSpacing(12)
        layout.addWidget(self.list_title)
        layout.addWidget(self.drafts, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(lower)
        self.setCentralWidget(body)
        self._build_menu()

        self.new_button.clicked.connect(self.new_report)
        report_import.install(self)  # 基于往年报告: a menu with 从 Word/PDF 文件导入
        self.import_button.clicked.connect(self.import_file)
        self.open_button.clicked.connect(self.open_selected)
        self.history_button.clicked.connect(self.show_history)
        self.export_button.clicked.connect(self.export_file)
        self.delete_button.clicked.connect(self.delete_or_restore)
        self.recycle.toggled.connect(lambda _on: self.refresh())
        self.drafts.itemDoubleClicked.connect(lambda _item, _col: self.open_selected())
        self.drafts.currentItemChanged.connect(lambda *_: self._update_buttons())

        self.update_banner()
        self.refresh()

    def _build_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        for text, slot, key in (
            (self.tr("新建报告…"), self.new_report, QKeySequence.StandardKey.New),
            (self.tr("导入草稿文件…"), self.import_file, None),
        ):
            action = QAction(text, self)
            if key is not None:
                action.setShortcut(key)
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出"), self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        tools = self.menuBar().addMenu(self.tr("工具(&T)"))
        settings = QAction(self.tr("设置…"), self)
        settings.triggered.connect(self.show_settings)
        tools.addAction(settings)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        guide = QAction(self.tr("使用说明(&U)"), self)
        guide.setShortcut(QKeySequence(help_guide.SHORTCUT))
        guide.triggered.connect(lambda: help_guide.show_help(self, "steps"))
        help_menu.addAction(guide)
        about = QAction(self.tr("关于"), self)
        about.triggered.connect(lambda: AboutDialog.open_for(self, self.ctx))
        help_menu.addAction(about)

    # -- messages (tests replace these) ------------------------------------
    @classmethod
    def show_message(cls, kind: str, text: str, parent: QWidget | None = None) -> None:
        if kind == "warning":
            QMessageBox.warning(parent, APP_TITLE, text)
        else:
            QMessageBox.information(parent, APP_TITLE, text)

    @classmethod
    def confirm(cls, parent: QWidget | None, text: str) -> bool:
        answer = QMessageBox.question(parent, APP_TITLE, text)
        return answer == QMessageBox.StandardButton.Yes

    @classmethod
    def ask_import_path(cls, parent: QWidget | None) -> str:
        from fulian_desktop.ui.file_dialogs import ask_open_path

        return ask_open_path(parent, "导入草稿文件", f"草稿文件 (*{SUFFIX});;所有文件 (*)")

    @classmethod
    def make_main_window(cls, ctx: AppContext, draft_id: str) -> QMainWindow:
        from fulian_desktop.ui.main_window import MainWindow

        return MainWindow(ctx, draft_id)

    # -- the list ------------------------------------------------------------
    def update_banner(self) -> None:
        """Read-only mode and missing fonts: said once, at the top, in plain words."""
        lines = []
        if self.ctx.read_only:
            lines.append(self.tr("只读方式：另一个程序窗口正在使用草稿库，本窗口不能保存。"))
        try:
            profile = load_profile(overrides=self.ctx.settings.style_overrides())
            fonts = check_profile_fonts(profile)
        except UserError as exc:
            fonts = str(exc)
        if fonts:
            lines.append(fonts)
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))

    def draft_rows(self) -> list[DraftInfo]:
        return self.ctx.store.list_drafts(recycle_bin=self.recycle.isChecked())

    def refresh(self) -> None:
        selected = self.selected_id()
        in_bin = self.recycle.isChecked()
        self.drafts.clear()
        rows = self.draft_rows()
        self._has_drafts = bool(rows) if not in_bin else bool(self.ctx.store.list_drafts())
        for info in rows:
            item = QTreeWidgetItem(
                [
                    info.unit or self.tr("（未填单位）"),
                    str(info.year) if info.year else "",
                    self.ctx.template_name(info.template_id),
                    STATUS_CN.get(info.status, info.status),
                    local_time(info.deleted if in_bin and info.deleted else info.updated),
                ]
            )
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(0, info.title)
            self.drafts.addTopLevelItem(item)
            if info.id == selected:
                self.drafts.setCurrentItem(item)
        if self.drafts.currentItem() is None and rows:
            self.drafts.setCurrentItem(self.drafts.topLevelItem(0))
        self.list_title.setText(
            self.tr("回收站（30 天后自动清除）") if in_bin else self.tr("最近的草稿")
        )
        self.empty_hint.setText(
            self.tr("回收站是空的。") if in_bin else self.tr("还没有草稿。点“新建报告”开始。")
        )
        self.empty_hint.setVisible(not rows)
        self.delete_button.setText(self.tr("还原") if in_bin else self.tr("删除"))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        writable = not self.ctx.read_only
        in_bin = self.recycle.isChecked()
        self.new_button.setEnabled(writable)
        self.import_button.setEnabled(writable)
        self.next_year_button.setEnabled(writable)  # 从 Word/PDF 文件导入 needs no draft
        self.last_year_draft_action.setEnabled(writable and self._has_drafts)
        self.import_report_file_action.setEnabled(writable)
        self.open_button.setEnabled(chosen and not in_bin)
        self.history_button.setEnabled(chosen)
        self.export_button.setEnabled(chosen and not in_bin)
        self.delete_button.setEnabled(chosen and writable)

    def selected_id(self) -> str | None:
        item = self.drafts.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def select(self, draft_id: str) -> None:
        for i in range(self.drafts.topLevelItemCount()):
            item = self.drafts.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == draft_id:
                self.drafts.setCurrentItem(item)
                return

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # Back from a draft window: its unit, year or status may have changed.
        active = event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
        if active and not self.ctx.closed:
            self.refresh()
        super().changeEvent(event)

    # -- actions -------------------------------------------------------------
    def _guard(self, action) -> object:
        """Run ``action``; a UserError becomes one plain message."""
        try:
            return action()
        except UserError as exc:
            self.show_message("warning", str(exc), self)
            return None

    def new_report(self) -> str | None:
        choice = NewReportDialog.ask(self, self.ctx)
        if choice is None:
            return None

        def create() -> str:
            if choice.remember:
                s = self.ctx.settings
                s.unit_name, s.filler = choice.unit.name, choice.unit.filler
                s.position, s.phone = choice.unit.position, choice.unit.phone
            info = self.ctx.create_report(choice.template_id, choice.unit)
            self.ctx.save_settings()
            return info.id

        draft_id = self._guard(create)
        if isinstance(draft_id, str):
            self.recycle.setChecked(False)
            self.refresh()
            self.select(draft_id)  # 打开 afterwards must open the new report, not the old row
            self.open_draft(draft_id)
            return draft_id
        return None

    def from_last_year(self) -> str | None:
        drafts = self.ctx.store.list_drafts()
        if not drafts:
            self.show_message("info", self.tr("还没有往年的报告可以沿用。"), self)
            return None
        chosen = PickDraftDialog.ask(self, self.ctx, drafts)
        if chosen is None:
            return None
        info = self._guard(lambda: self.ctx.start_from_last_year(chosen))
        if not isinstance(info, DraftInfo):
            return None
        self.recycle.setChecked(False)
        self.refresh()
        self.select(info.id)
        self.open_draft(info.id)
        return info.id

    def import_file(self, path: str | None = None) -> str | None:
        """导入草稿文件: from ``path`` (a double-clicked .fldraft) or a file dialog."""
        path = path or self.ask_import_path(self)
        if not path:
            return None
        registry = self.ctx.registry
        result = self._guard(
            lambda: import_draft_file(self.ctx.store, path, lambda tid, _ver: tid in registry)
        )
        if result is None:
            return None
        name = Path(path).name
        if result.new_draft:
            text = self.tr("已导入“{0}”，作为新草稿“{1}”。").format(name, result.draft.title)
        else:
            text = self.tr(
                "本机已有这份草稿“{1}”。“{0}”的内容已作为它的一个新版本加入，"
                "原有内容仍可在“历史版本”中找到。"
            ).format(name, result.draft.title)
        if result.restored_from_recycle_bin:
            text += self.tr("这份草稿原在回收站中，已还原。")
        for warning in result.warnings:  # e.g. characters replaced by �
            text += "\n" + warning
        self.recycle.setChecked(False)
        self.refresh()
        self.select(result.draft.id)
        self.show_message("info", text, self)
        return result.draft.id

    def export_file(self, path: str | None = None) -> Path | None:
        """导出草稿文件: the selected draft as a .fldraft, to carry to another PC."""
        from fulian_desktop.storage.files import export_draft_file
        from fulian_desktop.ui.file_dialogs import ask_save_path, start_folder

        draft_id = self.selected_id()
        if draft_id is None:
            return None
        title = self.ctx.store.get(draft_id).title
        safe = "".join(c for c in title if c not in '\\/:*?"<>|').strip() or "草稿"
        path = path or ask_save_path(
            self,
            self.tr("导出草稿文件"),
            start_folder() / f"{safe}{SUFFIX}",
            self.tr("草稿文件 (*{0})").format(SUFFIX),
        )
        if not path:
            return None
        target = Path(path) if Path(path).suffix == SUFFIX else Path(path + SUFFIX)
        written = self._guard(lambda: export_draft_file(self.ctx.store, target, draft_id=draft_id))
        if isinstance(written, Path):
            self.show_message(
                "info",
                self.tr("已导出到 {0}\n在另一台电脑上用“导入草稿文件”打开它。").format(written),
                self,
            )
            return written
        return None

    def delete_or_restore(self) -> None:
        draft_id = self.selected_id()
        if draft_id is None:
            return
        store = self.ctx.store
        if self.recycle.isChecked():
            self._guard(lambda: store.undelete(draft_id))
        else:
            if draft_id in self.windows:
                self.show_message("info", self.tr("这份草稿正在编辑，请先关闭它的窗口。"), self)
                return
            title = store.get(draft_id).title
            question = self.tr("把“{0}”移到回收站？30 天内可以在回收站中还原。").format(title)
            if not self.confirm(self, question):
                return
            self._guard(lambda: store.delete(draft_id))
        self.refresh()

    def show_history(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None:
            HistoryDialog.open_for(self, self.ctx, draft_id)
            self.refresh()

    def show_settings(self) -> None:
        if SettingsDialog.open_for(self, self.ctx):
            self.update_banner()

    def open_selected(self) -> None:
        draft_id = self.selected_id()
        if draft_id is not None and not self.recycle.isChecked():
            self.open_draft(draft_id)

    def open_draft(self, draft_id: str) -> QMainWindow | None:
        """Open (or bring forward) the editing window of a draft."""
        window = self.windows.get(draft_id)
        if window is None:
            window = self._guard(lambda: self.make_main_window(self.ctx, draft_id))
            if not isinstance(window, QMainWindow):
                return None
            window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            window.destroyed.connect(lambda *_: self._closed(draft_id))
            self.windows[draft_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def _closed(self, draft_id: str) -> None:
        self.windows.pop(draft_id, None)
        try:
            if self.isVisible() and not self.ctx.closed:
                self.refresh()
        except (RuntimeError, UserError):  # the page or the store is gone: closing down
            pass

    def offer_recovery(self) -> list[str]:
        """After a crash: offer the autosaved drafts once; the ids opened."""
        if self._recovery_offered:
            return []
        self._recovery_offered = True
        # autosaves newer than the last deliberate save, and typing journals (newer still)
        found = dict(self.ctx.store.recovery_candidates())
        found.update(getattr(self.ctx, "recovered", []))
        candidates = list(found.items())
        if not candidates or not RecoveryDialog.ask(self, self.ctx, candidates):
            return []
        opened = []
        for draft_id, _rev in candidates:
            if self.open_draft(draft_id) is not None:
                opened.append(draft_id)
        return opened
