"""What an imported report still asks of the clerk (issue 18).

An import (fulian_desktop/importing) fills figures that the clerk must check
(``draft.unconfirmed``: 已导入，请核对) and keeps paragraphs it could not
place (``draft.unplaced``: 未归类内容). Validation shows both: a note at each
figure still to check, and one warning each while figures are unchecked or
paragraphs unplaced, so sign-off asks for them to be acknowledged.
"""

from __future__ import annotations

from collections.abc import Callable

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.issues import Issue

CONFIRM = "已导入，请核对"
#: where the 未归类内容 page is; issues about it point there
UNPLACED_PATH = "unplaced"


def import_issues(draft: Draft, section_for: Callable[[str], str] = lambda _p: "") -> list[Issue]:
    issues = [
        Issue(
            "info",
            path,
            CONFIRM,
            hint="核对无误后点“确认”，或改正它（改过的数字视为已核对）",
            code="imported",
            section=section_for(path),
        )
        for path in draft.unconfirmed
    ]
    if draft.unconfirmed:
        first = draft.unconfirmed[0]
        issues.append(
            Issue(
                "warning",
                first,
                f"从往年报告导入的 {len(draft.unconfirmed)} 个数字还没有核对",
                hint="在“未归类内容”页逐个确认，或全部确认",
                code="imported",
                section=section_for(first),
            )
        )
    if draft.unplaced:
        issues.append(
            Issue(
                "warning",
                UNPLACED_PATH,
                f"导入时有 {len(draft.unplaced)} 段内容未归类",
                hint="在“未归类内容”页把每段移到所属的一节，或标为不需要",
                code="unplaced",
            )
        )
    return issues
