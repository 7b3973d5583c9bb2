"""The issues panel: every finding of the validator, errors first in document order;
a double-click (or Enter) goes to the field."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from fulian_desktop.core.issues import SEVERITY_CN, SEVERITY_ORDER, Issue

_ICON = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


class IssuesPanel(QTreeWidget):
    """A flat list with columns 类型 / 位置 / 说明; ``issue_activated`` on double-click."""

    issue_activated = Signal(object)  # Issue

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setHeaderLabels([self.tr("类型"), self.tr("位置"), self.tr("说明")])
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setColumnWidth(0, 70)
        self.setColumnWidth(1, 200)
        self.issues: list[Issue] = []
        self._where = lambda issue: issue.path  # the window gives a nicer one
        self.itemActivated.connect(self._activated)

    def set_locator(self, where) -> None:  # noqa: ANN001 (callable Issue -> str)
        """How the 位置 column names an issue's place (section and field labels)."""
        self._where = where

    def set_issues(self, issues: list[Issue]) -> None:
        if issues == self.issues:
            return
        self.issues = list(issues)
        ordered = sorted(self.issues, key=lambda i: SEVERITY_ORDER[i.severity])
        self.clear()
        style = self.style()
        for issue in ordered:
            message = issue.message + (f"（{issue.hint}）" if issue.hint else "")
            item = QTreeWidgetItem(
                [self.tr(SEVERITY_CN[issue.severity]), self._where(issue), message]
            )
            item.setIcon(0, style.standardIcon(_ICON[issue.severity]))
            item.setToolTip(2, message)
            item.setData(0, Qt.ItemDataRole.UserRole, issue)
            self.addTopLevelItem(item)

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        issue = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(issue, Issue):
            self.issue_activated.emit(issue)
