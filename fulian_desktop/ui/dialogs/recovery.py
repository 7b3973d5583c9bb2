"""After a crash: offer the drafts whose newest content was only autosaved.

The store has already kept the autosave as each draft's current content, so
恢复 opens those drafts to carry on, and 忽略 leaves them as they are (the
content stays; earlier versions remain in 历史版本).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.storage.records import RevisionInfo
from fulian_desktop.ui.dialogs.history import local_time


def recovery_lines(ctx: AppContext, candidates: list[tuple[str, RevisionInfo]]) -> list[str]:
    lines = []
    for draft_id, rev in candidates:
        title = ctx.store.get(draft_id).title if ctx.store.exists(draft_id) else draft_id
        lines.append(f"{title}（自动保存于 {local_time(rev.created)}）")
    return lines


class RecoveryDialog(QDialog):
    def __init__(
        self,
        ctx: AppContext,
        candidates: list[tuple[str, RevisionInfo]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("恢复未保存的内容"))
        self.resize(560, 320)
        text = QLabel(
            self.tr(
                "程序上次没有正常关闭。下列草稿在关闭前自动保存过，内容都还在：\n"
                "点“恢复”打开这些草稿继续编辑；点“忽略”暂不打开"
                "（内容仍保留，较早的版本可在“历史版本”中找到）。"
            )
        )
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.addItems(recovery_lines(ctx, candidates))
        buttons = QDialogButtonBox()
        buttons.addButton(self.tr("恢复"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("忽略"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)

    @classmethod
    def ask(
        cls, parent: QWidget | None, ctx: AppContext, candidates: list[tuple[str, RevisionInfo]]
    ) -> bool:
        """True for 恢复 (tests replace this)."""
        return cls(ctx, candidates, parent).exec() == QDialog.DialogCode.Accepted
