"""What validation finds: one Issue per problem, for the UI, CLI and sign-off."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_CN = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Issue:
    severity: Severity
    path: str  # field path: "budget_total", "tasks[3].result", or a section id
    message: str  # plain Chinese, names the figures involved
    hint: str = ""  # how to fix it
    code: str = ""  # machine-readable kind: required, format, range, sum, rounding, rate, length, substance, rule
    section: str = ""  # id of the section the path belongs to (navigator, issues panel)
    #: a figure in prose: the words' offsets in the path's text (the window selects them)
    start: int | None = None
    end: int | None = None

    @property
    def key(self) -> str:
        """Stable identity, used to remember which warnings were acknowledged at sign-off."""
        return f"{self.code}:{self.path}:{self.message}"

    def line(self) -> str:
        """One line for the command line."""
        hint = f"（{self.hint}）" if self.hint else ""
        return f"[{SEVERITY_CN[self.severity]}] {self.path}: {self.message}{hint}"


def count(issues: list[Issue], severity: Severity) -> int:
    return sum(1 for issue in issues if issue.severity == severity)
