"""Last year's year left in this year's texts (issue 23, item 15).

A draft started from last year's report (imported 作为往年报告, or 基于往年报告
from a local draft: both leave ``draft.last_year`` filled) keeps last year's
long texts as the starting point, and they still say "2022年" where the 2023
report must say "2023年". Each paragraph of a long text (and of a list item's
long texts) that writes last year's year as "YYYY年" gets one warning naming
the field and the paragraph, with the words selected (``start``/``end``).

Comparisons are left alone: "较2022年增长" or "与2022年相比" name last year on
purpose, so a year right after 较、比、与、同、于、自、从 is not reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from fulian_desktop.core.text.mentions import half_width

if TYPE_CHECKING:
    from fulian_desktop.core.check.run import Run

CODE = "last_year_year"
#: words before a year that compare with it rather than report it
_COMPARING = "较比与同于自从"


def message(old: int, new: int) -> str:
    return f"这段文字仍写着“{old}年”，这是去年的年份，请核对是否应改为“{new}年”。"


def _long_texts(run: Run) -> Iterator[tuple[str, str, str]]:
    """(path, name for messages, text) of every long text of a section that is on."""
    for section, _ in run.plan.sections:
        if not run.on[section.id]:
            continue
        for spec in section.fields:
            if spec.kind == "longtext":
                yield spec.id, f"“{spec.label}”", run.draft.text(spec.id)
            elif spec.kind == "group":
                subs = [sub for sub in spec.fields if sub.kind == "longtext"]
                for index, item in enumerate(run.draft.items(spec.id)):
                    for sub in subs:
                        text = item.get(sub.id, "")
                        if isinstance(text, str):
                            name = f"“{spec.label}”第 {index + 1} 项的“{sub.label}”"
                            yield f"{spec.id}[{index}].{sub.id}", name, text


def check_last_year_mentions(run: Run) -> None:
    year = run.draft.unit.year
    if not run.draft.last_year or not year:
        return
    old = year - 1
    # full-width digits count too (half_width keeps the offsets); not part of a longer number
    pattern = re.compile(rf"(?<!\d){old}\s*年")
    for path, name, text in _long_texts(run):
        if str(old) not in half_width(text):
            continue
        offset, number = 0, 0
        for paragraph in text.split("\n"):
            number += bool(paragraph.strip())  # blank lines are not paragraphs
            found = _first_report_of_year(pattern, half_width(paragraph))
            if found is not None:
                start, end = found
                run.add(
                    "warning",
                    path,
                    f"{name}第 {number} 段：{message(old, year)}",
                    "文字是从往年报告沿用的；确实说的是去年的情况（例如对比）可以不改",
                    CODE,
                    span=(offset + start, offset + end),
                )
            offset += len(paragraph) + 1


def _first_report_of_year(pattern: re.Pattern[str], paragraph: str) -> tuple[int, int] | None:
    for match in pattern.finditer(paragraph):
        if match.start() > 0 and paragraph[match.start() - 1] in _COMPARING:
            continue
        return match.start(), match.end()
    return None
