"""历史版本: every saved state of a draft, and going back to one.

Going back never deletes anything: the store adds the old content as a new
revision, so the clerk can always return to where they were.
"""

from __future__ import annotations

import re
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.errors import UserError
from fulian_desktop.storage.records import RevisionInfo

KIND_CN = {
    "autosave": "自动保存",
    "manual": "手动保存",
    "import": "导入",
    "export": "导出",
    "sign-off": "定稿",
    "reopen": "撤销定稿",
}


#: the content hash a sign-off note carries: for the verify command, not for the clerk
_HASH_IN_NOTE = re.compile(r"[，,]?\s*内容摘要\s*[0-9a-f]{6,64}")


def clerk_note(note: str) -> str:
    """A revision note as the clerk reads it (no hexadecimal digests)."""
    return _HASH_IN_NOTE.sub("", note)


def local_time(stamp: str) -> str:
    """A stored UTC ISO time as the clerk's local 'YYYY-MM-DD HH:MM'."""
    try:
        return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return stamp


class HistoryDialog(QDialog):
    #: emitted with the new revision after a restore (an open window reloads the draft)
    restored = Signal(object)

    def __init__(self, ctx: AppContext, draft_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft_id = draft_id
        info = ctx.store.get(draft_id)
        self.setWindowTitle(self.tr("历史版本 — ") + info.title)
        self.resize(680, 460)
        note = QLabel(
            self.tr(
                "每次保存、导入、导出和定稿都会留下一个版本。恢复某个版本时，"
                "它会作为一个新版本加入，现有的版本都不会丢失。"
            )
        )
        note.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([self.tr("时间"), self.tr("类型"), self.tr("说明")])
        self.tree.setColumnWidth(0, 150)
        self.tree.setColumnWidth(1, 90)
        self.restore_button = QPushButton(self.tr("恢复此版本"))
        self.restore_button.setEnabled(False)
        self.restore_button.setToolTip(self.tr("只读方式打开时不能恢复") if ctx.read_only else "")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.tree.currentItemChanged.connect(self._selection_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        self.tree.clear()
        current = self.ctx.store.get(self.draft_id).current_revision
        for rev in self.ctx.store.history(self.draft_id):
            note = clerk_note(rev.note or "")
            if rev.id == current:
                note = self.tr("（当前版本）") + note
            item = QTreeWidgetItem([local_time(rev.created), KIND_CN.get(rev.kind, rev.kind), note])
            item.setData(0, Qt.ItemDataRole.UserRole, rev.id)
            self.tree.addTopLevelItem(item)

    def revision_ids(self) -> list[int]:
        return [
            self.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
            for i in range(self.tree.topLevelItemCount())
        ]

    def _selection_changed(self, item: QTreeWidgetItem | None) -> None:
        current = self.ctx.store.get(self.draft_id).current_revision
        chosen = item.data(0, Qt.ItemDataRole.UserRole) if item else None
        self.restore_button.setEnabled(
            chosen is not None and chosen != current and not self.ctx.read_only
        )

    def select_revision(self, revision_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item.data(0, Qt.ItemDataRole.UserRole) == revision_id:
                self.tree.setCurrentItem(item)
                return
        raise KeyError(revision_id)

    def restore_selected(self) -> RevisionInfo | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        try:
            revision = self.ctx.store.restore(item.data(0, Qt.ItemDataRole.UserRole))
        except UserError as exc:
            self.show_error(self, str(exc))
            return None
        self.reload()
        self.restored.emit(revision)
        return revision

    @classmethod
    def show_error(cls, parent: QWidget | None, text: str) -> None:
        QMessageBox.warning(parent, "历史版本", text)

    @classmethod
    def open_for(cls, parent: QWidget | None, ctx: AppContext, draft_id: str) -> bool:
        """Show the dialog; True when a version was restored (tests replace this)."""
        dialog = cls(ctx, draft_id, parent)
        restored: list[RevisionInfo] = []
        dialog.restored.connect(restored.append)
        dialog.exec()
        return bool(restored)
