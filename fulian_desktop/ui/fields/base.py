"""What every field editor shares: binding to the draft, marking issues in place.

Invalid input never blocks typing (no QValidator): the editor keeps the text,
marks itself with the dynamic property ``issue`` ("error" / "warning"), which
the window's style sheet draws as a coloured border (red for errors, amber for
warnings), and shows the messages as its tooltip and in a small label under
it. That label always keeps at least one line of room, so a message coming or
going never moves the fields below it under the clerk's pointer.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from fulian_desktop.core.issues import SEVERITY_ORDER, Issue
from fulian_desktop.core.template.model import FieldSpec
from fulian_desktop.ui.fields.binding import DraftEditing

#: style sheet the window installs so marked editors show a border
ISSUE_STYLE = """
*[issue="error"] { border: 2px solid #d32f2f; border-radius: 2px; }
*[issue="warning"] { border: 2px solid #f29900; border-radius: 2px; }
QLabel[role="field-issues"] { color: #b00020; }
QLabel[role="field-issues"][severity="warning"] { color: #8a5300; }
QLabel[role="field-issues"][severity="info"] { color: #555555; }
QLabel[role="field-help"] { color: #555555; }
QLabel[role="counter"][over="true"] { color: #d32f2f; font-weight: bold; }
"""


def mark(widget: QWidget, severity: str, tooltip: str) -> None:
    """Set the ``issue`` property and re-polish so the style sheet applies."""
    if widget.property("issue") != severity:
        widget.setProperty("issue", severity)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
        widget.update()
    widget.setToolTip(tooltip)


class FieldEditor(QWidget):
    """Base of the editors: ``spec`` at ``path`` in ``editing``'s draft."""

    def __init__(
        self, spec: FieldSpec, path: str, editing: DraftEditing, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.path = path
        self.editing = editing
        self._loading = False
        self._issues: list[Issue] = []
        self._local_error = ""
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self.issue_label = QLabel(self)
        self.issue_label.setProperty("role", "field-issues")
        self.issue_label.setWordWrap(True)
        # one line reserved even when empty: no jump when a message appears
        self.issue_label.setMinimumHeight(self.issue_label.fontMetrics().lineSpacing())

    # -- to override ------------------------------------------------------
    def input_widget(self) -> QWidget:
        """The widget that takes the keyboard (focus, border)."""
        raise NotImplementedError

    def current_text(self) -> str:
        raise NotImplementedError

    def show_text(self, text: str) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        raise NotImplementedError

    def local_error(self, text: str) -> str:
        """A message for text that cannot be right, checked at once while typing."""
        return ""

    # -- shared -------------------------------------------------------------
    def finish_layout(self) -> None:
        """Called by subclasses after they added their widgets."""
        self._layout.addWidget(self.issue_label)
        self.refresh()

    def refresh(self) -> None:
        """Show the draft's value (after undo or a group change), without an edit."""
        text = self.editing.text(self.path)
        self.show_quietly(text)
        self._update_local(text)

    def show_quietly(self, text: str) -> None:
        """Show ``text`` if it is not shown already, without counting it as an edit."""
        if text != self.current_text():
            self._loading = True
            try:
                self.show_text(text)
            finally:
                self._loading = False

    def commit(self) -> None:
        """Write what is shown into the draft (called on every change)."""
        if self._loading:
            return
        text = self.current_text()
        self.editing.set_text(self.path, text)
        self._update_local(text)

    def _update_local(self, text: str) -> None:
        message = self.local_error(text)
        if message != self._local_error:
            self._local_error = message
            self._show_issues()

    def set_issues(self, issues: list[Issue]) -> None:
        """The validator's findings for this path (errors, warnings, infos)."""
        if issues != self._issues:
            self._issues = list(issues)
            self._show_issues()

    def messages(self) -> list[tuple[str, str]]:
        """(severity, message) pairs now shown, most severe first."""
        shown: list[tuple[str, str]] = []
        hints: set[str] = set()  # two findings with the same advice give it once
        # The validator's own format message replaces the one checked while typing.
        validated = any(i.code == "format" and i.severity == "error" for i in self._issues)
        if self._local_error and not validated:
            shown.append(("error", self._local_error))
        for issue in sorted(self._issues, key=lambda i: SEVERITY_ORDER[i.severity]):
            hint = issue.hint if issue.hint and issue.hint not in hints else ""
            text = issue.message + (f"（{hint}）" if hint else "")
            if (issue.severity, text) not in shown and issue.message != self._local_error:
                shown.append((issue.severity, text))
                hints.add(issue.hint)
        return shown

    def _show_issues(self) -> None:
        shown = self.messages()
        severity = ""
        if any(s == "error" for s, _ in shown):
            severity = "error"
        elif any(s == "warning" for s, _ in shown):
            severity = "warning"
        tooltip = "\n".join(m for _, m in shown)
        mark(self.input_widget(), severity, tooltip)
        label_severity = severity or ("info" if shown else "")
        if self.issue_label.property("severity") != label_severity:
            self.issue_label.setProperty("severity", label_severity)
            self.issue_label.style().unpolish(self.issue_label)
            self.issue_label.style().polish(self.issue_label)
        self.issue_label.setText(tooltip)

    @property
    def marked(self) -> str:
        """ "error", "warning" or "" (what the border shows)."""
        return self.input_widget().property("issue") or ""

    def focus_editor(self) -> None:
        widget = self.input_widget()
        widget.setFocus()

    def editors(self) -> Iterator[FieldEditor]:
        """This editor and any nested ones (groups override)."""
        yield self
