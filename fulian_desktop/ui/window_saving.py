"""Saving for the editing window: revisions, the typing journal, the status bar's save state.

A mixin of MainWindow (ui/main_window.py), which owns the timers and widgets
used here: ``save_label``, ``journal_timer``, ``autosave_timer``, ``journal``,
``ctx``, ``draft``, ``draft_id``, ``dirty``, ``last_error``, ``read_only``.
"""

from __future__ import annotations

import logging
from datetime import datetime

log = logging.getLogger(__name__)

#: 单位信息 fields remembered for the next 新建报告 (UnitIdentity name -> Settings name)
UNIT_SETTINGS = {
    "name": "unit_name",
    "short_name": "unit_short_name",
    "filler": "filler",
    "position": "position",
    "phone": "phone",
}


class SavingMixin:
    """Autosave, Ctrl+S, the typing journal and remembering 单位信息 for 新建报告."""

    def _remember_unit(self, name: str) -> None:
        """单位信息 answers become the defaults of the next 新建报告 (saved with the draft)."""
        setting = UNIT_SETTINGS.get(name)
        settings = getattr(self.ctx, "settings", None)
        if setting is None or settings is None or self.read_only:
            return
        try:
            setattr(settings, setting, getattr(self.draft.unit, name) or "")
        except ValueError:  # a value the settings refuse stays only in the draft
            pass

    # -- saving ---------------------------------------------------------------------------
    def write_journal(self) -> bool:
        """Put what was typed since the last revision on disk (storage/journal.py)."""
        self.journal_timer.stop()
        if self.read_only or not self.dirty or getattr(self.ctx.store, "read_only", False):
            return False
        try:
            digest = self.journal.write(self.draft_id, self.draft)
        except OSError as exc:  # the autosave will report the disk problem to the clerk
            log.warning("typing journal not written: %s", exc)
            return False
        self.journaled.emit(digest)
        return True

    def _save(self, kind: str, note: str | None = None) -> bool:
        from fulian_desktop.storage.store import StoreError

        if getattr(self.ctx.store, "read_only", False):
            return False
        try:
            info = self.ctx.store.save(self.draft_id, self.draft, kind=kind, note=note)
        except StoreError as exc:
            self._save_failed(str(exc))
            return False
        self.dirty = False
        self.journal_timer.stop()
        self.journal.clear(self.draft_id)  # the revision holds it now
        self.last_error = ""
        self._error_dialog_shown = False
        self.save_label.setStyleSheet("")
        when = datetime.now().strftime("%H:%M")
        text = "已自动保存 {0}" if kind == "autosave" else "已保存版本 {0}"
        self.save_label.setText(self.tr(text).format(when))
        saver = getattr(self.ctx, "save_settings_quietly", None)
        if saver is not None:  # remembered 单位信息 (written only when changed)
            saver()
        self.saved.emit(info)
        return True

    def _save_failed(self, message: str) -> None:
        self.last_error = message
        self.save_label.setStyleSheet("color: #d32f2f; font-weight: bold;")
        self.save_label.setText(message)
        self.save_failed.emit(message)
        if not self._error_dialog_shown:
            self._error_dialog_shown = True
            self.show_error(self.tr("保存失败"), message)

    def autosave(self) -> bool:
        """Save an autosave revision if anything changed (or the last save failed)."""
        self.autosave_timer.stop()
        if self.read_only or not (self.dirty or self.last_error):
            return True
        return self._save("autosave")

    def save_manual(self) -> bool:
        """Ctrl+S: a revision the clerk asked for (kept forever)."""
        self.autosave_timer.stop()
        if self.read_only:
            self.statusBar().showMessage(self.tr("只读：不能保存"), 5000)
            return False
        return self._save("manual")
