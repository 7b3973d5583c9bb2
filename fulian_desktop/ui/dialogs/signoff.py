"""定稿 and 撤销定稿: the unit head's approval of a report, and taking it back.

The 定稿 page is also the last review before handing in: a short summary of
the report, the errors that still block sign-off (a double-click goes to the
field), the warnings the clerk must confirm one by one, the head's name and
the date. The core decides (core/signoff.py); this page only collects what it
needs and says in plain Chinese why it cannot go on yet. The sign-off itself
is stored by workflow.sign_off_draft, so a refused or failed sign-off changes
nothing in the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fulian_desktop.context import AppContext
from fulian_desktop.core.check.validate import validate
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.issues import Issue, count
from fulian_desktop.core.template.model import Section, Template
from fulian_desktop.core.text.textstats import count as text_count
from fulian_desktop.errors import UserError
from fulian_desktop.storage.records import RevisionInfo

CONFIRM_TEXT = "我已核对全部内容，确认定稿。定稿后内容不可修改，如需修改须撤销定稿并说明原因。"

#: ``SignOffDialog`` result when the clerk double-clicked an error to fix it.
GO_TO_ERROR = 2


@dataclass
class SignOffResult:
    """What the 定稿 page ended with: a signed draft, an error to fix, or neither."""

    draft: Draft | None = None
    revision: RevisionInfo | None = None
    go_to: Issue | None = None


def long_text_counts(template: Template, draft: Draft) -> list[tuple[str, int]]:
    """(label, 字数) of each long text that will be printed, counted the
    template's way; a group's long texts are added up under the group's label."""
    method = template.length_method
    found: list[tuple[str, int]] = []

    def visit(sections: list[Section]) -> None:
        for section in sections:
            if section.optional and not draft.sections.get(section.id, section.default_on):
                continue
            for spec in section.fields:
                if spec.kind == "longtext":
                    found.append((spec.label, text_count(draft.text(spec.id), method)))
                elif spec.kind == "group":
                    subs = [s.id for s in spec.fields if s.kind == "longtext"]
                    if subs:
                        total = sum(
                            text_count(item.get(sub, ""), method)
                            for item in draft.items(spec.id)
                            for sub in subs
                        )
                        found.append((spec.label, total))
            visit(section.sections)

    visit(template.sections)
    return found


def previous_signer(ctx: AppContext, draft_id: str, draft: Draft) -> str:
    """The head who signed this draft last (to prefill the name), or ''."""
    if draft.signoff is not None:
        return draft.signoff.by
    for revision in ctx.store.history(draft_id):  # newest first
        if revision.kind == "sign-off":
            try:
                signed = ctx.store.load_revision(revision.id)
            except UserError:
                return ""
            return signed.signoff.by if signed.signoff else ""
    return ""


class SignOffDialog(QDialog):
    """The 定稿 page of one draft; ``accept()`` signs off (or says why not)."""

    def __init__(
        self,
        ctx: AppContext,
        draft_id: str,
        template: Template,
        draft: Draft,
        locator: Callable[[Issue], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft_id = draft_id
        self.template = template
        self.draft = draft
        self.result_value = SignOffResult()
        where = locator or (lambda issue: issue.path)
        issues = validate(template, draft)
        self.errors = [i for i in issues if i.severity == "error"]
        self.warnings = [i for i in issues if i.severity == "warning"]
        self.setWindowTitle(self.tr("定稿 — 核对并确认"))
        self.resize(760, 640)

        layout = QVBoxLayout(self)
        layout.addWidget(self._summary_box(issues))

        self.error_box = QGroupBox(self.tr("必须改正的错误（双击转到该处修改）"))
        self.error_list = self._issue_tree([self.tr("位置"), self.tr("说明")])
        for issue in self.errors:
            item = QTreeWidgetItem([where(issue), _message(issue)])
            item.setToolTip(1, _message(issue))
            item.setData(0, Qt.ItemDataRole.UserRole, issue)
            self.error_list.addTopLevelItem(item)
        self.error_list.itemActivated.connect(self._error_activated)
        QVBoxLayout(self.error_box).addWidget(self.error_list)
        self.error_box.setVisible(bool(self.errors))
        layout.addWidget(self.error_box, 1)

        self.warning_box = QGroupBox(self.tr("需要逐条确认的警告（核实无误后勾选“已确认”）"))
        self.warning_list = self._issue_tree([self.tr("确认"), self.tr("位置"), self.tr("说明")])
        for issue in self.warnings:
            item = QTreeWidgetItem([self.tr("已确认"), where(issue), _message(issue)])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setToolTip(2, _message(issue))
            item.setData(0, Qt.ItemDataRole.UserRole, issue)
            self.warning_list.addTopLevelItem(item)
        self.warning_list.setColumnWidth(0, 80)
        self.warning_list.itemChanged.connect(lambda *_: self._update())
        QVBoxLayout(self.warning_box).addWidget(self.warning_list)
        self.warning_box.setVisible(bool(self.warnings))
        layout.addWidget(self.warning_box, 1)

        approve = QGroupBox(self.tr("单位主要领导意见"))
        form = QFormLayout(approve)
        self.head_name = QLineEdit(previous_signer(ctx, draft_id, draft))
        self.head_name.setPlaceholderText(self.tr("单位主要领导的姓名"))
        self.head_name.textChanged.connect(lambda *_: self._update())
        self.sign_date = QDateEdit(QDate.currentDate())
        self.sign_date.setCalendarPopup(True)
        self.sign_date.setDisplayFormat("yyyy年M月d日")
        form.addRow(self.tr("单位主要领导"), self.head_name)
        form.addRow(self.tr("定稿日期"), self.sign_date)
        self.confirm_box = QCheckBox(self.tr(CONFIRM_TEXT))
        self.confirm_box.toggled.connect(lambda *_: self._update())
        form.addRow(self.confirm_box)
        layout.addWidget(approve)

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: #b71c1c;")
        layout.addWidget(self.status_label)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText(self.tr("定稿"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update()

    # -- layout helpers -------------------------------------------------------------
    def _summary_box(self, issues: list[Issue]) -> QGroupBox:
        box = QGroupBox(self.tr("报告概况"))
        form = QFormLayout(box)
        unit = self.draft.unit
        form.addRow(self.tr("报告模板"), QLabel(self.ctx.template_name(self.template.id)))
        form.addRow(self.tr("单位"), QLabel(unit.name or self.tr("（未填写）")))
        year = self.tr("{0}年度").format(unit.year) if unit.year else self.tr("（未填写）")
        form.addRow(self.tr("报告年度"), QLabel(year))
        counts = long_text_counts(self.template, self.draft)
        total = sum(n for _, n in counts)
        detail = "，".join(f"{label} {n}" for label, n in counts if n)
        words = self.tr("合计 {0} 字").format(total) + (f"（{detail}）" if detail else "")
        self.words_label = QLabel(words)
        self.words_label.setWordWrap(True)
        form.addRow(self.tr("正文字数"), self.words_label)
        self.counts_label = QLabel(
            self.tr("错误 {0} 个 · 警告 {1} 个 · 提示 {2} 个").format(
                count(issues, "error"), count(issues, "warning"), count(issues, "info")
            )
        )
        form.addRow(self.tr("检查结果"), self.counts_label)
        return box

    def _issue_tree(self, headers: list[str]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setRootIsDecorated(False)
        tree.setAlternatingRowColors(True)
        tree.setHeaderLabels(headers)
        tree.setColumnWidth(len(headers) - 2, 220)
        return tree

    # -- state --------------------------------------------------------------------------
    def acknowledged(self) -> set[str]:
        """Keys (Issue.key) of the warnings ticked 已确认."""
        keys: set[str] = set()
        for i in range(self.warning_list.topLevelItemCount()):
            item = self.warning_list.topLevelItem(i)
            if item.checkState(0) == Qt.CheckState.Checked:
                keys.add(item.data(0, Qt.ItemDataRole.UserRole).key)
        return keys

    def set_all_acknowledged(self, checked: bool = True) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for i in range(self.warning_list.topLevelItemCount()):
            self.warning_list.topLevelItem(i).setCheckState(0, state)

    def signed_on(self) -> date:
        return self.sign_date.date().toPython()

    def problem(self) -> str:
        """Why 定稿 cannot be pressed yet ('' when it can)."""
        if self.errors:
            return self.tr("还有 {0} 个错误，改正后才能定稿").format(len(self.errors))
        missing = len(self.warnings) - len(self.acknowledged())
        if missing:
            return self.tr("还有 {0} 个警告未确认，请逐条核实后勾选“已确认”").format(missing)
        if not self.head_name.text().strip():
            return self.tr("请填写单位主要领导的姓名")
        if not self.confirm_box.isChecked():
            return self.tr("请勾选“我已核对全部内容，确认定稿”")
        return ""

    def _update(self) -> None:
        problem = self.problem()
        self.status_label.setText(problem)
        self.status_label.setVisible(bool(problem))
        self.confirm_button.setEnabled(not problem)

    # -- outcomes ---------------------------------------------------------------------------
    def _error_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        issue = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(issue, Issue):
            self.result_value = SignOffResult(go_to=issue)
            self.done(GO_TO_ERROR)

    def accept(self) -> None:
        """定稿: the core decides; a refusal or a failed save is shown and nothing changes."""
        from fulian_desktop.workflow import sign_off_draft

        if not self.errors and not self.confirm_box.isChecked():
            self.show_error(self.tr("请先勾选“我已核对全部内容，确认定稿”。"))
            return
        try:
            signed, revision = sign_off_draft(
                self.ctx.store,
                self.ctx.registry,
                self.draft_id,
                by=self.head_name.text(),
                on=self.signed_on(),
                acknowledged=self.acknowledged(),
            )
        except UserError as exc:  # SignOffRefused, StoreError
            self.show_error(str(exc))
            return
        self.result_value = SignOffResult(draft=signed, revision=revision)
        super().accept()

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("不能定稿"), text)

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        ctx: AppContext,
        draft_id: str,
        template: Template,
        draft: Draft,
        locator: Callable[[Issue], str] | None = None,
    ) -> SignOffResult:
        """Show the page; what it ended with (tests replace this)."""
        dialog = cls(ctx, draft_id, template, draft, locator, parent)
        dialog.exec()
        return dialog.result_value


def _message(issue: Issue) -> str:
    return issue.message + (f"（{issue.hint}）" if issue.hint else "")


class ReopenDialog(QDialog):
    """撤销定稿: asks why; ``accept()`` reopens and keeps the reason in the history."""

    def __init__(self, ctx: AppContext, draft_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.draft_id = draft_id
        self.reopened: Draft | None = None
        self.revision: RevisionInfo | None = None
        self.setWindowTitle(self.tr("撤销定稿"))
        self.resize(480, 300)
        note = QLabel(
            self.tr(
                "撤销定稿后报告可以继续修改，修改完需要重新定稿。"
                "原来的定稿版本仍保留在“历史版本”中。请写明撤销的原因："
            )
        )
        note.setWordWrap(True)
        self.reason = QPlainTextEdit()
        self.reason.setPlaceholderText(self.tr("例如：财政局审核意见要求更正项目支出数"))
        self.reason.setTabChangesFocus(True)
        self.reason.textChanged.connect(self._update)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.confirm_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.confirm_button.setText(self.tr("撤销定稿"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.reason, 1)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason.toPlainText().strip()))

    def accept(self) -> None:
        from fulian_desktop.workflow import reopen_draft

        try:
            self.reopened, self.revision = reopen_draft(
                self.ctx.store, self.draft_id, self.reason.toPlainText()
            )
        except UserError as exc:  # no reason, not signed off, StoreError
            self.show_error(str(exc))
            return
        super().accept()

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("不能撤销定稿"), text)

    @classmethod
    def ask(cls, parent: QWidget | None, ctx: AppContext, draft_id: str) -> bool:
        """Show the dialog; True once the draft was reopened (tests replace this)."""
        dialog = cls(ctx, draft_id, parent)
        dialog.exec()
        return dialog.reopened is not None
