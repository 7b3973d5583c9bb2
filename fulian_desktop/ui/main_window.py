"""The editing window of one draft.

Left: the navigator (sections with status icons, progress). Middle: the
current section's page with 上一步 / 下一步. Right: the live preview. Bottom:
the issues panel. Status bar: save state and the counts of errors and warnings.

Every keystroke goes into the draft at once (DraftEditing). Three single-shot
timers follow the typing: validation + compose + preview after a short pause
(``refresh_interval``), an autosave after a longer one (``autosave_interval``),
and the typing journal (storage/journal.py) at most ``journal_interval`` after
the first unsaved keystroke, so a kill loses at most that much typing. The
status bar says 有未保存的修改 from the first keystroke until a revision holds it.
Saving also happens on every page change and on close; closing never asks
"save?". A failed save (disk full …) keeps the draft in memory, says so in
the status bar and once in a dialog, and is retried after the next edit.

Saving lives in ui/window_saving.py, 定稿 and export in ui/window_output.py
(mixins of this class). Dialogs are reached through small methods
(``ask_export_path``, ``ask_open_folder``, ``show_error``, ``open_history``,
``open_sign_off``, ``open_reopen``, ``ask_export_final``) that tests replace.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.core.compose.composer import compose, fixed_numbering
from fulian_desktop.core.draft.values import draft_options, evaluate_draft
from fulian_desktop.core.issues import Issue, count
from fulian_desktop.core.text import textstats
from fulian_desktop.errors import UserError
from fulian_desktop.storage.journal import Journal
from fulian_desktop.storage.records import MSG_READ_ONLY
from fulian_desktop.ui import help as help_guide
from fulian_desktop.ui import last_year_notes, unplaced_page
from fulian_desktop.ui.fields import ISSUE_STYLE, DraftEditing
from fulian_desktop.ui.issues_panel import IssuesPanel
from fulian_desktop.ui.navigator import (
    SCORESHEET_PAGE,
    Navigator,
    required_progress,
    section_statuses,
)
from fulian_desktop.ui.notes import NoteArea, cleanup_text, merge_notes
from fulian_desktop.ui.preview import Preview
from fulian_desktop.ui.section_page import UNIT_PAGE, Page, SectionPage, UnitPage
from fulian_desktop.ui.window_issues import IssuePlacesMixin
from fulian_desktop.ui.window_output import BANNER_SIGNED, OutputMixin
from fulian_desktop.ui.window_saving import SavingMixin
from fulian_desktop.ui.window_state import FontZoom, remember_state, restore_state

log = logging.getLogger(__name__)


def plain_text(text: str) -> str:
    """A menu text without its mnemonic "(&E)" and trailing "…" (for buttons, tooltips)."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "").removesuffix("…").strip()


BANNER_STORE_READ_ONLY = (
    "草稿库以只读方式打开（另一个程序窗口正在使用），本窗口只能查看和导出，不能保存"
)


class MainWindow(SavingMixin, OutputMixin, IssuePlacesMixin, QMainWindow):
    """``MainWindow(ctx, draft_id)``: ctx has .paths, .registry, .settings, .store."""

    #: a revision was written (RevisionInfo)
    saved = Signal(object)
    #: a save failed; the Chinese message
    save_failed = Signal(str)
    #: validation ran; the list of Issue
    issues_changed = Signal(list)
    #: the window was closed (after the last save)
    closed = Signal(str)
    #: the typing journal was written (the draft's SHA-256)
    journaled = Signal(str)

    autosave_interval = 2000  # ms after the last keystroke
    journal_interval = 400  # ms after the first unsaved keystroke, however fast the typing
    refresh_interval = 150  # ms: validation, compose, preview

    def __init__(self, ctx: Any, draft_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft_id = draft_id
        self.draft = ctx.store.open(draft_id)
        if self.draft.template_id not in ctx.registry:
            raise UserError(f"本机没有这份草稿所用的报告模板“{self.draft.template_id}”，无法打开。")
        self.template = ctx.registry.get(self.draft.template_id)
        self.issues: list[Issue] = []
        self.read_only = False
        self.dirty = False  # edited since the last successful save
        self.last_error = ""  # the last save failure, until a save succeeds
        self._error_dialog_shown = False
        self._close_refused = False
        self.numbers: dict[str, str] = {}
        self.pages: dict[str, Page] = {}

        self.editing = DraftEditing(self.template, self.draft, self)
        self.editing.edited.connect(self._on_edited)
        self.editing.section_toggled.connect(lambda *_: self._update_numbers())
        self.editing.paste_cleaned.connect(self._paste_cleaned)

        self.setStyleSheet(ISSUE_STYLE)
        restore_state(self, getattr(ctx, "settings", None))  # fits the screen's free area
        self._build_ui()
        self._build_actions()
        unplaced_page.install(self)  # 未归类内容 of an imported report
        self._update_title()

        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.timeout.connect(self.refresh)
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.timeout.connect(self.autosave)
        self.journal = Journal.for_store(ctx.store)
        self.journal_timer = QTimer(self)
        self.journal_timer.setSingleShot(True)
        self.journal_timer.timeout.connect(self.write_journal)

        self._update_numbers()
        # Paint first: the checks, the navigator's marks and the preview follow
        # on the event loop's turn after the window's first paint.
        self.checked = False  # whether the first refresh has run
        self.installEventFilter(self)
        self.show_page(UNIT_PAGE if not self.draft.unit.name else self.navigator.page_order()[1])
        if self.draft.signed_off:
            self.set_read_only(True)
        elif getattr(ctx.store, "read_only", False):
            # A full disk or a read-only folder has its own reason (Store.read_only_reason).
            reason = getattr(ctx.store, "read_only_reason", MSG_READ_ONLY)
            self.set_read_only(
                True, self.tr(BANNER_STORE_READ_ONLY) if reason == MSG_READ_ONLY else reason
            )

    # -- layout -------------------------------------------------------------
    def _build_ui(self) -> None:
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(4, 4, 4, 0)
        self.banner = QLabel(central)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setStyleSheet(
            "background: #fff3cd; color: #7a4f01; padding: 6px; font-weight: bold;"
        )
        self.banner.hide()
        column.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, central)
        self.navigator = Navigator(self.template, self.splitter)
        self.navigator.page_chosen.connect(self.show_page)

        middle = QWidget(self.splitter)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget(middle)
        self.font_zoom = FontZoom(self.stack, getattr(self.ctx, "settings", None))
        middle_layout.addWidget(self.stack, 1)
        buttons = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("上一步(&P)"), middle)
        self.next_button = QPushButton(self.tr("下一步(&N)"), middle)
        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        buttons.addWidget(self.prev_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        middle_layout.addLayout(buttons)

        self.preview = Preview(self.splitter)
        self.splitter.addWidget(self.navigator)
        self.splitter.addWidget(middle)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([220, 580, 460])
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

        self.issues_panel = IssuesPanel(self)
        self.issues_panel.set_locator(self.describe_place)
        self.issues_panel.issue_activated.connect(self.go_to_issue)
        dock = QDockWidget(self.tr("问题清单"), self)
        dock.setObjectName("issues_dock")
        dock.setWidget(self.issues_panel)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        self.resizeDocks([dock], [140], Qt.Orientation.Vertical)

        self.save_label = QLabel(self.tr("已打开，尚未修改"), self)
        self.counts_label = QLabel(self)
        self.statusBar().addWidget(self.save_label, 1)
        self.note = NoteArea(self)
        self.statusBar().addWidget(self.note)
        self.statusBar().addPermanentWidget(self.counts_label)

    def _action(self, text: str, slot, shortcuts: list[Any] | None = None) -> QAction:  # noqa: ANN001
        action = QAction(self.tr(text), self)
        # Toolbar buttons have no mnemonics: show "导出 Word", not "导出 Word(E)…"
        action.setIconText(plain_text(action.text()))
        action.triggered.connect(slot)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action(
            "保存版本(&S)", self.save_manual, [QKeySequence.StandardKey.Save]
        )
        self.export_action = self._action("导出 Word(&E)…", self.export, ["Ctrl+E"])
        self.history_action = self._action("历史版本(&H)…", self.show_history)
        self.signoff_action = self._action("定稿(&D)…", self.sign_off, ["Ctrl+Shift+D"])
        self.reopen_action = self._action("撤销定稿(&U)…", self.reopen)
        self.close_action = self._action("关闭(&C)", self.close, [QKeySequence.StandardKey.Close])
        self.normalise_action = self._action("一键规范(&F)", self.normalise_page, ["Ctrl+Shift+F"])
        self.normalise_action.setToolTip(
            self.tr(
                "整理本页的长文字（Ctrl+Shift+F）：全角字母数字改为半角，删除多余空格，"
                "中文里的半角标点改为全角，合并从 PDF 复制带来的断行。改了什么会在下方说明，可以撤销。"
            )
        )
        self.title_lines_action = self._action("标题分行(&T)…", self.edit_title_lines)
        self.prev_action = self._action("上一步(&P)", self.previous_page, ["Alt+Left", "Ctrl+PgUp"])
        self.next_action = self._action("下一步(&N)", self.next_page, ["Alt+Right", "Ctrl+PgDown"])
        self.undo_action = self.editing.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.redo_action = self.editing.undo_stack.createRedoAction(self, self.tr("重做"))

        report = self.menuBar().addMenu(self.tr("报告(&R)"))
        for action in (self.save_action, self.history_action, self.export_action):
            report.addAction(action)
        report.addSeparator()
        report.addAction(self.signoff_action)
        report.addAction(self.reopen_action)
        report.addSeparator()
        report.addAction(self.close_action)
        edit = self.menuBar().addMenu(self.tr("编辑(&E)"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        edit.addAction(self.normalise_action)
        edit.addAction(self.title_lines_action)
        go = self.menuBar().addMenu(self.tr("转到(&G)"))
        go.addAction(self.prev_action)
        go.addAction(self.next_action)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        self.help_action = self._action("使用说明(&U)", self.show_help, [help_guide.SHORTCUT])
        help_menu.addAction(self.help_action)
        help_menu.addAction(self._action("关于(&A)", self.show_about))

        toolbar = QToolBar(self.tr("工具栏"), self)
        toolbar.setObjectName("main_toolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.save_action, self.export_action, self.history_action):
            toolbar.addAction(action)
        toolbar.addSeparator()
        toolbar.addAction(self.normalise_action)
        toolbar.addAction(self.undo_action)
        toolbar.addSeparator()
        toolbar.addAction(self.signoff_action)
        toolbar.addAction(self.reopen_action)
        self.addToolBar(toolbar)
        self._update_signoff_actions()

    def show_help(self) -> None:
        """F1: the guide at the part about the current page."""
        help_guide.show_help(self, help_guide.anchor_for(self.current_page().page_id))

    def show_about(self) -> None:
        from fulian_desktop.ui.dialogs.about import AboutDialog

        AboutDialog.open_for(self, self.ctx)

    def _update_title(self) -> None:
        unit = self.draft.unit
        name = f"{unit.name}{unit.year or ''}" or self.tr("未命名报告")
        self.setWindowTitle(
            self.tr("{0} — {1} — 绩效自评报告助手").format(name, self.template.name)
        )

    # -- pages ------------------------------------------------------------------
    def page(self, page_id: str) -> Page:
        """The page of a section (or the 单位信息 page), built the first time it is shown."""
        page = self.pages.get(page_id)
        if page is None:
            if page_id == UNIT_PAGE:
                page = UnitPage(self.editing, self.stack)
            elif page_id == SCORESHEET_PAGE:
                from fulian_desktop.ui.scoresheet_page import ScoresheetPage  # when first shown

                page = ScoresheetPage(self.editing, self.stack)
            elif page_id == unplaced_page.UNPLACED_PAGE:
                page = unplaced_page.UnplacedPage(self.editing, self.stack)
            else:
                section = next(s for s, _ in self.template.walk() if s.id == page_id)
                page = SectionPage(section, self.numbers.get(page_id, ""), self.editing, self.stack)
            last_year_notes.decorate(page, self.draft)  # 上年：… beside the figures
            page.apply_issues(self.issues)
            page.update_computed(evaluate_draft(self.template, self.draft))
            page.set_read_only(self.read_only)
            self.stack.addWidget(page)
            self.font_zoom.watch(page)
            self.pages[page_id] = page
        return page

    def current_page(self) -> Page:
        return self.stack.currentWidget()  # type: ignore[return-value]

    def show_page(self, page_id: str) -> None:
        current = self.stack.currentWidget()
        page = self.page(page_id)
        if page is current:
            return
        if current is not None and self.dirty:
            self.autosave()  # every page change saves
        self.stack.setCurrentWidget(page)
        self.note.clear()  # a note is about the page it was shown on
        self.navigator.select(page_id)
        self.prev_button.setEnabled(self.navigator.step_from(page_id, -1) is not None)
        self.next_button.setEnabled(self.navigator.step_from(page_id, 1) is not None)
        self.preview.follow(self._anchor(page_id))

    def _anchor(self, page_id: str) -> str:
        if page_id != UNIT_PAGE:
            return page_id
        return "@cover" if self.template.cover else "@title"

    def previous_page(self) -> None:
        self._step(-1)

    def next_page(self) -> None:
        self._step(1)

    def _step(self, delta: int) -> None:
        target = self.navigator.step_from(self.current_page().page_id, delta)
        if target is not None:
            self.show_page(target)
            self.current_page().focus_first()

    def _update_numbers(self) -> None:
        enabled = {s.id: self.editing.section_enabled(s.id) for s, _ in self.template.walk()}
        fixed = fixed_numbering(self.template, draft_options(self.template, self.draft))
        self.numbers = self.navigator.update_titles(enabled, fixed)
        for page_id, page in self.pages.items():
            if isinstance(page, SectionPage):
                page.title_label.setText(f"{self.numbers.get(page_id, '')}{page.section.title}")

    # -- after each edit ---------------------------------------------------------
    def _on_edited(self, path: str) -> None:
        self.dirty = True
        self.refresh_timer.start(self.refresh_interval)
        if not self.read_only:
            self.autosave_timer.start(self.autosave_interval)
            if (
                not self.journal_timer.isActive()
            ):  # throttled, not restarted: typing never delays it
                self.journal_timer.start(self.journal_interval)
            if not self.last_error:
                self.save_label.setText(self.tr("有未保存的修改"))
        if path.startswith("unit."):
            self._update_title()
            self._remember_unit(path.removeprefix("unit."))
        if path == "option.numbering":
            self._update_numbers()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self and not self.checked:
            if event.type() == QEvent.Type.Paint:
                self.removeEventFilter(self)
                QTimer.singleShot(0, self._first_refresh)  # after this paint reaches the screen
            elif event.type() == QEvent.Type.Show:
                # should a platform paint only the children, the checks still come
                QTimer.singleShot(500, self._first_refresh)
        return super().eventFilter(watched, event)

    def _first_refresh(self) -> None:
        if not self.checked:
            self.refresh()

    def refresh(self) -> None:
        """Validate, compose and redisplay (debounced after typing)."""
        # the checks load after the first paint: not needed to show the window
        from fulian_desktop.core.check.validate import validate

        self.refresh_timer.stop()
        self.checked = True
        self.issues = validate(self.template, self.draft)
        evaluated = evaluate_draft(self.template, self.draft)
        try:
            self.preview.show_document(compose(self.template, self.draft))
        except Exception as exc:  # a template mistake must not stop the editing
            self.preview.show_message(self.tr("预览暂时无法显示：{0}").format(exc))
        for page in self.pages.values():
            page.apply_issues(self.issues)
            page.update_computed(evaluated)
        enabled = {s.id: self.editing.section_enabled(s.id) for s, _ in self.template.walk()}
        self.navigator.set_statuses(
            section_statuses(self.template, self.draft, self.issues, enabled), self._unit_status()
        )
        self.navigator.set_progress(*required_progress(self.template, self.draft, enabled))
        self.issues_panel.set_issues(self.issues)
        errors, warnings = count(self.issues, "error"), count(self.issues, "warning")
        self.counts_label.setText(self.tr("错误 {0} · 警告 {1}").format(errors, warnings))
        self.issues_changed.emit(self.issues)

    def _unit_status(self) -> str:
        unit_issues = [i for i in self.issues if i.path.startswith("unit.")]
        if any(i.severity == "error" for i in unit_issues):
            return "error"
        if any(i.severity == "warning" for i in unit_issues):
            return "warning"
        return "done" if self.draft.unit.name.strip() else "empty"

    def error_count(self) -> int:
        return count(self.issues, "error")

    # -- 一键规范 ---------------------------------------------------------------------------
    def normalise_page(self) -> int:
        """Clean every long text of the current page as one undoable step."""
        if self.read_only:
            return 0
        page = self.current_page()
        before = {i: self.draft.values.get(i) for i in page.long_text_ids()}
        changed = self.editing.normalise(page.long_text_ids())
        if changed:
            notes: list[str] = []
            for field_id, old in before.items():
                new = self.draft.values.get(field_id)
                if new != old:
                    notes += textstats.describe_cleanup(cleanup_text(old), cleanup_text(new))
            self.note.show_note(
                self.tr("一键规范改了 {0} 处文字：{1}").format(
                    changed, "；".join(merge_notes(notes))
                ),
                self.tr("撤销"),
                self.editing.undo_stack.undo,
            )
        else:
            self.note.show_note(self.tr("本页文字已经规范，无需修改"))
        return changed

    def _paste_cleaned(self, text_edit: Any, notes: list[str]) -> None:
        self.note.show_note(
            self.tr("粘贴的文字已整理：{0}").format("；".join(notes)),
            self.tr("恢复原样"),
            text_edit.paste_raw,
        )

    def edit_title_lines(self) -> bool:
        """标题分行: where the title breaks (ui/dialogs/title_lines.py)."""
        from fulian_desktop.ui.dialogs.title_lines import edit_title_lines

        return edit_title_lines(self)

    def show_history(self) -> None:
        self.autosave()
        if self.open_history():
            self.reload()

    def open_history(self) -> bool:
        """The history dialog (ui/dialogs/history.py); True when a version was restored."""
        from fulian_desktop.ui.dialogs.history import HistoryDialog

        return HistoryDialog.open_for(self, self.ctx, self.draft_id)

    def reload(self) -> None:
        """Show the store's current content again (after restoring a version)."""
        current = self.current_page().page_id
        self.draft = self.ctx.store.open(self.draft_id)
        self.editing.draft = self.draft
        self.editing.undo_stack.clear()
        for page in list(self.pages.values()):
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages.clear()
        self.dirty = False
        self._update_numbers()
        self.refresh()
        self.show_page(current)
        self._update_title()
        if self.draft.signed_off:
            self.set_read_only(True)
        self._update_signoff_actions()

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    # -- read-only ----------------------------------------------------------------------------
    def set_read_only(self, read_only: bool, message: str | None = None) -> None:
        """Every editor read-only and a banner on top (定稿, or a read-only store)."""
        self.read_only = read_only
        self.editing.read_only = read_only
        for page in self.pages.values():
            page.set_read_only(read_only)
        for action in (self.save_action, self.normalise_action):
            action.setEnabled(not read_only)
        self.undo_action.setVisible(not read_only)
        self.redo_action.setVisible(not read_only)
        if read_only:
            self.autosave_timer.stop()
        self.banner.setText(message or self.tr(BANNER_SIGNED))
        self.banner.setVisible(read_only)

    # -- closing ---------------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt name)
        """Save without asking; if the save fails, keep the window open once so
        nothing typed is lost by accident (a second close closes)."""
        self.refresh_timer.stop()
        if not self.autosave() and not self._close_refused:
            self._close_refused = True
            self.statusBar().showMessage(
                self.tr(
                    "内容未能保存，窗口没有关闭。腾出空间后会自动重试；再次关闭将放弃未保存的修改。"
                )
            )
            event.ignore()
            return
        self.autosave_timer.stop()
        remember_state(self, getattr(self.ctx, "settings", None))
        if self.dirty:  # closing after a failed save: the journal keeps the typing
            self.write_journal()
        self.closed.emit(self.draft_id)
        event.accept()
