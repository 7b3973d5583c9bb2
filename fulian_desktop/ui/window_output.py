"""定稿 and export for the editing window.

A mixin of MainWindow (ui/main_window.py), which owns the widgets and state
used here: ``ctx``, ``draft``, ``draft_id``, ``template``, the 定稿 actions,
``refresh``, ``autosave``, ``reload``, ``set_read_only``, ``go_to_issue``,
``describe_place``, ``show_error`` and ``_save``. The dialogs are reached
through small methods (``open_sign_off``, ``ask_export_final``,
``open_reopen``, ``ask_export_path``, ``ask_open_folder``) that tests replace.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from fulian_desktop.errors import UserError
from fulian_desktop.ui.file_dialogs import ask_save_path, start_folder

BANNER_SIGNED = "本报告已定稿，内容不可修改"


class OutputMixin:
    """定稿, 撤销定稿 and 导出 Word."""

    # -- 定稿 (dialogs in ui/dialogs/signoff.py) -------------------------------------------
    def _update_signoff_actions(self) -> None:
        writable = not getattr(self.ctx.store, "read_only", False)
        self.signoff_action.setEnabled(writable and not self.draft.signed_off)
        self.reopen_action.setEnabled(writable and self.draft.signed_off)

    def sign_off(self) -> bool:
        """Ctrl+Shift+D: the 定稿 page; once signed, read-only and an offer to export."""
        if self.draft.signed_off or getattr(self.ctx.store, "read_only", False):
            return False
        self.refresh()
        if not self.autosave():  # sign-off approves what the store holds: the screen's content
            return False
        result = self.open_sign_off()
        if result.go_to is not None:
            self.go_to_issue(result.go_to)
            return False
        if result.draft is None:
            return False
        self.reload()
        self.set_read_only(True, self.tr(BANNER_SIGNED))
        self._update_signoff_actions()
        self.statusBar().showMessage(self.tr("已定稿"), 10000)
        if self.ask_export_final():
            self.export()
        return True

    def open_sign_off(self) -> Any:
        """The 定稿 page; its SignOffResult (tests replace this)."""
        from fulian_desktop.ui.dialogs.signoff import SignOffDialog

        return SignOffDialog.ask(
            self, self.ctx, self.draft_id, self.template, self.draft, self.describe_place
        )

    def ask_export_final(self) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("定稿完成"),
            self.tr("报告已定稿。\n要现在导出定稿的 Word 文档吗？"),
        )
        return answer == QMessageBox.StandardButton.Yes

    def reopen(self) -> bool:
        """撤销定稿 (with a reason, kept in the history); the draft is editable again."""
        if not self.draft.signed_off or getattr(self.ctx.store, "read_only", False):
            return False
        if not self.open_reopen():
            return False
        self.reload()
        self.set_read_only(False)
        self._update_signoff_actions()
        self.statusBar().showMessage(self.tr("已撤销定稿，可以继续修改"), 10000)
        return True

    def open_reopen(self) -> bool:
        """The 撤销定稿 dialog; True once reopened (tests replace this)."""
        from fulian_desktop.ui.dialogs.signoff import ReopenDialog

        return ReopenDialog.ask(self, self.ctx, self.draft_id)

    # -- export -------------------------------------------------------------------------------
    def export(self) -> Path | None:
        """Ctrl+E: choose a file, write the DOCX, offer to open its folder."""
        from fulian_desktop.core.compose.composer import default_file_name
        from fulian_desktop.workflow import write_report

        self.refresh()
        self.autosave()
        folder = start_folder(getattr(self.ctx.settings, "export_folder", ""))  # last, 文档, home
        suggested = str(Path(folder) / default_file_name(self.template, self.draft))
        chosen = self.ask_export_path(suggested)
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".docx":
            path = path.with_name(path.name + ".docx")
        try:
            write_report(self.ctx.registry, self.draft, path, self.ctx.settings.style_overrides())
        except UserError as exc:
            self.show_error(self.tr("导出失败"), str(exc))
            return None
        except (OSError, ValueError) as exc:
            self.show_error(
                self.tr("导出失败"), self.tr("无法写入文件“{0}”：{1}").format(path, exc)
            )
            return None
        self._save("export", note=str(path))
        self._remember_folder(path.parent)
        self.statusBar().showMessage(self.tr("已导出到 {0}").format(path), 10000)
        if self.ask_open_folder(path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
        return path

    def _remember_folder(self, folder: Path) -> None:
        settings = getattr(self.ctx, "settings", None)
        if settings is None or getattr(settings, "export_folder", None) == str(folder):
            return
        try:
            settings.export_folder = str(folder)
            saver = getattr(self.ctx, "save_settings_quietly", None)
            if saver is not None:
                saver()
        except (ValueError, OSError):
            pass

    def ask_export_path(self, suggested: str) -> str:
        return ask_save_path(
            self, self.tr("导出 Word 文档"), Path(suggested), self.tr("Word 文档 (*.docx)")
        )

    def ask_open_folder(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("导出完成"),
            self.tr("已导出“{0}”。\n要打开所在的文件夹吗？").format(path.name),
        )
        return answer == QMessageBox.StandardButton.Yes
