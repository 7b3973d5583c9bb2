"""Starting the window: the QApplication, Chinese UI, crash safety net, first screen.

``run_gui`` is what ``fulian-desktop gui`` (and ``make run`` with ``--sample``)
calls. It loads Qt's own Chinese translations so standard buttons and dialogs
(确定, 取消, 打开 …) speak Chinese, opens the application context, shows the
start notices and the start page (or the sample draft straight away), and
installs an exception hook: an unexpected error is logged and explained in a
dialog, and the application keeps running.
"""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from fulian_desktop import __version__
from fulian_desktop.context import AppContext
from fulian_desktop.errors import UserError
from fulian_desktop.logs import LOG_FILE_NAME
from fulian_desktop.paths import RESOURCES_DIR

log = logging.getLogger(__name__)

APP_TITLE = "绩效自评报告助手"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists, as under pytest-qt)."""
    app = QApplication.instance()
    if app is None:
        # Fractional scaling (125 %, 150 % on office laptops) without blurry rounding.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(argv if argv is not None else [sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("fulian-desktop")
    app.setApplicationDisplayName(APP_TITLE)
    app.setOrganizationName("fulian")
    app.setApplicationVersion(__version__)
    icon = RESOURCES_DIR / "fulian-desktop.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    install_translations(app)
    return app


def install_translations(app: QApplication) -> bool:
    """Load Qt's zh_CN catalogue once; True when standard dialogs will be Chinese."""
    if getattr(app, "_fulian_translator", None) is not None:
        return True
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load("qtbase_zh_CN", folder):
        log.warning("Qt's Chinese translations not found in %s", folder)
        return False
    app.installTranslator(translator)
    app._fulian_translator = translator  # keep it alive with the application
    from fulian_desktop.ui.file_dialogs import install_supplement

    install_supplement(app)  # the few strings the catalogue leaves in English
    return True


# ---------------------------------------------------------------------------
# Unexpected errors


def crash_message(log_file: Path) -> str:
    return (
        "程序遇到意外错误，刚才的操作没有完成。\n\n"
        "您的内容已自动保存，可以继续使用；也可以关闭程序后重新打开。\n"
        "如果问题反复出现，请把日志文件发给技术人员。\n\n"
        f"日志位置：{log_file}"
    )


class CrashReporter:
    """The exception hook: log, save what can be saved, tell the clerk, keep running."""

    def __init__(self, log_file: Path) -> None:
        self.log_file = log_file
        self._busy = False

    @classmethod
    def show_dialog(cls, parent: QWidget | None, text: str, details: str) -> None:
        """The dialog (tests replace this classmethod)."""
        box = QMessageBox(QMessageBox.Icon.Critical, APP_TITLE, text, parent=parent)
        box.setDetailedText(details)
        box.exec()

    def __call__(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        if self._busy:  # an error while reporting an error: do not loop
            return
        self._busy = True
        try:
            _autosave_open_windows()
            details = "".join(traceback.format_exception(kind, error, tb))
            self.show_dialog(QApplication.activeWindow(), crash_message(self.log_file), details)
        except Exception:  # the report itself failed: the log still has the error
            log.exception("could not show the error dialog")
        finally:
            self._busy = False


def _autosave_open_windows() -> None:
    """Ask every open draft window to save now (MainWindow offers ``autosave()``)."""
    for widget in QApplication.topLevelWidgets():
        save = getattr(widget, "autosave", None)
        if callable(save):
            try:
                save()
            except Exception:
                log.exception("autosave after an unexpected error failed")


def install_excepthook(log_file: Path) -> CrashReporter:
    reporter = CrashReporter(log_file)
    sys.excepthook = reporter
    return reporter


# ---------------------------------------------------------------------------
# Messages at start


class StartupMessages:
    """Plain message boxes reached through classmethods (tests replace them)."""

    @classmethod
    def notice(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.information(parent, APP_TITLE, text)

    @classmethod
    def fatal(cls, text: str) -> None:
        QMessageBox.critical(None, APP_TITLE, text)


def show_notices(ctx: AppContext, parent: QWidget | None) -> None:
    """The start notices (read-only, repaired database, broken templates), once each."""
    while ctx.notices:
        StartupMessages.notice(parent, ctx.notices.pop(0))


def event_loop(app: QApplication) -> int:
    """Qt's event loop until the last window closes (tests replace this)."""
    return app.exec()


def run_gui(sample: bool = False, open_path: str | None = None) -> int:
    """Open the window; return the exit code when the last window closes."""
    from fulian_desktop.ui.start_page import StartPage

    app = make_application()
    try:
        ctx = AppContext.create()
    except UserError as exc:
        StartupMessages.fatal(str(exc))
        return 1
    install_excepthook(ctx.paths.logs / LOG_FILE_NAME)
    start = StartPage(ctx)
    try:
        start.show()
        show_notices(ctx, start)
        start.offer_recovery()
        if sample:
            try:
                start.open_draft(ctx.sample_draft())
            except UserError as exc:
                start.show_message("warning", str(exc), start)
        if open_path:  # a .fldraft opened from the file manager
            draft_id = start.import_file(open_path)
            if draft_id:
                start.open_draft(draft_id)
        return event_loop(app)
    finally:
        for window in [*start.windows.values(), start]:
            window.close()
        ctx.save_settings_quietly()
        ctx.close()
