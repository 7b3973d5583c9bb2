"""File dialogs in Chinese that open where the clerk keeps her files.

Qt's own (non-native) file dialog is used wherever the platform has no native
one that speaks Chinese by itself (Linux desktops without a platform theme,
the offscreen test platform). Qt's zh_CN catalogue (loaded in ui/app.py)
translates most of it but, in the Qt versions we ship, not "Look in:" and
"Files of type:"; ``SupplementTranslator`` fills those gaps. On Windows the
system dialog is Chinese already and the clerk knows it, so it is kept.

The starting folder is the one used last time if it still exists, else 文档
(Documents) if it exists, else the home folder — never the program's own
folder, which is where Qt starts when given a folder that does not exist.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QTranslator
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

#: (context, source) -> Chinese, for strings Qt's zh_CN catalogue leaves in English
MISSING_CHINESE = {
    ("QFileDialog", "&Look in:"): "查找范围(&I)：",
    ("QFileDialog", "Look in:"): "查找范围：",
    ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
    ("QFileDialog", "Files of type:"): "文件类型：",
    ("QFileDialog", "Detail View"): "详细信息",
    ("QFileDialog", "List View"): "列表",
}


class SupplementTranslator(QTranslator):
    """The few Qt strings the zh_CN catalogue misses (install after it)."""

    def translate(  # noqa: D102 - Qt's method
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        return MISSING_CHINESE.get((context, source))  # None: not ours, ask the next catalogue

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_supplement(app: QApplication) -> None:
    """Install the supplement once (ui/app.py calls this after Qt's catalogue)."""
    if getattr(app, "_fulian_supplement", None) is None:
        supplement = SupplementTranslator(app)
        app.installTranslator(supplement)
        app._fulian_supplement = supplement  # kept alive with the application


def start_folder(last: str = "") -> Path:
    """Where a file dialog opens: the last folder used, else 文档, else home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for candidate in (last, documents, str(Path.home())):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return Path.home()


def use_native() -> bool:
    return sys.platform == "win32"


def save_file_dialog(parent: QWidget, title: str, suggested: Path, filter_text: str) -> QFileDialog:
    """A save dialog (not yet shown): Chinese, wide enough for the date column."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_supplement(app)
    dialog = QFileDialog(parent, title, str(suggested.parent), filter_text)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not use_native())
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.selectFile(suggested.name)
    dialog.resize(860, 520)  # 名称, 体积, 类型 and the whole 修改日期 fit
    return dialog


def ask_save_path(parent: QWidget, title: str, suggested: Path, filter_text: str) -> str:
    """Show a save dialog; the chosen path, or "" when cancelled."""
    dialog = save_file_dialog(parent, title, suggested, filter_text)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def ask_open_path(parent: QWidget | None, title: str, filter_text: str, last: str = "") -> str:
    """Show an open dialog (same language and start folder rules); the path or ""."""
    app = QApplication.instance()
    if isinstance(app, QApplication):
        install_supplement(app)
    dialog = QFileDialog(parent, title, str(start_folder(last)), filter_text)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, not use_native())
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    dialog.resize(860, 520)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
