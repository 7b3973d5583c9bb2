"""The 绩效自评表 attachment read back into the draft's scoresheet.

A report printed by the program (or any report whose attachment has the
common columns 一级指标 二级指标 三级指标 指标性质 年度指标值 度量单位 实际完成值
分值 得分 …) carries its self-evaluation table after "附件". Its rows become
``draft.scoresheet`` rows through the same conversion a paste into the
window's grid uses (core/scoresheet/grid.stored: level and kind names to ids,
a 定性 实际完成值 naming a grade picks the grade). Figures the table derives
(scores of quantitative rows, the budget's 全年预算数 and 执行数 taken from the
report) are left for the program to compute again, so the table the clerk
sees is the one she would have typed.
"""

from __future__ import annotations

import re
from typing import Any

from fulian_desktop.core.scoresheet import grid
from fulian_desktop.core.scoresheet.scoring import BUDGET_KEYS, ROW_KEYS, score_draft
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.text.numbers import drop_trailing_zeros, parse_decimal

#: header words → row key, tried in order (the first that a header cell contains)
_INDICATOR_COLUMNS = (
    ("一级指标", "level1"),
    ("二级指标", "level2"),
    ("三级指标", "name"),
    ("指标名称", "name"),
    ("性质", "kind"),
    ("指标值", "target"),
    ("目标值", "target"),
    ("单位", "unit"),
    ("实际", "actual"),
    ("完成值", "actual"),
    ("分值", "weight"),
    ("权重", "weight"),
    ("得分", "score"),
    ("原因", "reason"),
    ("说明", "reason"),
)
_BUDGET_COLUMNS = (
    ("年初预算", "initial"),
    ("全年预算", "adjusted"),
    ("调整", "adjusted"),
    ("执行数", "executed"),
    ("得分", "score"),
    ("原因", "reason"),
    ("说明", "reason"),
)
_FIGURES = ("target", "actual", "weight", "score", "initial", "adjusted", "executed")
_GRADE_AFTER = re.compile(r"^(?P<text>.*?)[（(](?P<grade>[^（()）]+)[）)]$")


def _columns(cells: list[str], names: tuple[tuple[str, str], ...]) -> list[str]:
    keys: list[str] = []
    for cell in cells:
        bare = "".join(cell.split())
        key = next((k for word, k in names if word in bare and k not in keys), "")
        keys.append(key)
    return keys


def _figure(text: str) -> str:
    """'8.00' → '8' (as typed), text that is no number stays as it is."""
    try:
        return format(drop_trailing_zeros(parse_decimal(text)), "f")
    except Exception:  # noqa: BLE001 - any figure the parser refuses is kept as typed
        return text.strip()


def read_scoresheet(template: Template, texts: list[str]) -> tuple[dict[str, Any], set[int]] | None:
    """The scoresheet data in the attachment's ``texts`` (table rows have their
    cells joined by tabs) and the indexes it used; None when they hold no
    indicator table of this template's kind."""
    spec = template.scoresheet
    if spec is None:
        return None
    header_at = next(
        (
            i
            for i, t in enumerate(texts)
            if "\t" in t and "一级指标" in t and ("三级指标" in t or "指标名称" in t)
        ),
        None,
    )
    if header_at is None:
        return None
    keys = _columns(texts[header_at].split("\t"), _INDICATOR_COLUMNS)
    used = {header_at}
    rows: list[dict[str, str]] = []
    previous: dict[str, str] = {}
    budget_name = "".join(spec.budget.name.split()) if spec.budget else ""
    for index in range(header_at + 1, len(texts)):
        text = texts[index]
        if "\t" not in text:
            continue
        cells = [c.strip() for c in text.split("\t")]
        if cells[0].startswith(("合计", "总分", "自评等级")):
            used.add(index)
            continue
        if len(cells) == len(keys):
            named = dict(zip(keys, cells, strict=True))
            for key in ("level1", "level2"):  # a merged cell printed once
                named[key] = named.get(key) or previous.get(key, "")
        else:
            found = _by_kind(cells, previous)
            if found is None:
                continue
            named = found
        previous = named
        used.add(index)
        if budget_name and "".join(named.get("name", "").split()) == budget_name:
            continue  # the 预算执行率 row: the budget block below holds it
        rows.append(_row(spec, named))
    if not rows:
        return None
    data: dict[str, Any] = {"rows": rows}
    budget = _budget(texts, used)
    if budget:
        data["budget"] = budget
    return data, used


_KIND_CELL = re.compile(r"^(?:≥|≤|>=|<=|=|＝|定性|正向|反向|越大越好|越小越好|等于)$")


def _is_figure(text: str) -> bool:
    return bool(re.fullmatch(r"[-+]?\d[\d,]*(?:\.\d+)?%?", text.strip()))


def _by_kind(cells: list[str], previous: dict[str, str]) -> dict[str, str] | None:
    """A row whose empty and merged cells were not given (a reader gives the
    cells a reader sees): placed around its 指标性质 cell, in the common column
    order 一级 二级 三级 | 性质 | 指标值 单位 实际值 分值 得分 原因."""
    at = next((i for i, c in enumerate(cells) if _KIND_CELL.match(c)), None)
    if at is None or at == 0 or at > 3:
        return None
    before = cells[:at]
    levels = [previous.get("level1", ""), previous.get("level2", "")]
    level1, level2, name = [*levels[: 3 - len(before)], *before]
    named = {"level1": level1, "level2": level2, "name": name, "kind": cells[at]}
    after = list(cells[at + 1 :])
    qualitative = cells[at] == "定性"
    if after:
        named["target"] = after.pop(0)
    if after and not qualitative and not _is_figure(after[0]):
        named["unit"] = after.pop(0)
    if after:
        named["actual"] = after.pop(0)
    for key in ("weight", "score"):
        if after and _is_figure(after[0]):
            named[key] = after.pop(0)
    if after:
        named["reason"] = "".join(after)
    return named


def _row(spec: Any, named: dict[str, str]) -> dict[str, str]:
    row = {key: "" for key in ROW_KEYS}
    for key in ("level1", "level2", "name", "kind", "unit", "reason"):
        if named.get(key):
            row.update(grid.stored(spec, key, named[key], row))
    qualitative = row.get("kind") == "qualitative"
    for key in ("target", "actual", "weight", "score"):
        value = named.get(key, "")
        if not value:
            continue
        if qualitative and key == "actual":
            split = _GRADE_AFTER.match(value)
            grade = grid.stored(spec, "grade", split.group("grade"), row) if split else {}
            if split and grade.get("grade") in grid.grade_choices(spec):
                row.update({"actual": split.group("text").strip(), **grade})
                continue
            row.update(grid.stored(spec, key, value, row))
        else:
            row[key] = value if qualitative and key == "target" else _figure(value)
    return row


def _budget(texts: list[str], used: set[int]) -> dict[str, str]:
    header_at = next(
        (i for i, t in enumerate(texts) if "\t" in t and "年初预算" in t and i not in used), None
    )
    if header_at is None or header_at + 1 >= len(texts) or "\t" not in texts[header_at + 1]:
        return {}
    keys = _columns(texts[header_at].split("\t"), _BUDGET_COLUMNS)
    cells = [c.strip() for c in texts[header_at + 1].split("\t")]
    used |= {header_at, header_at + 1}
    found = {
        k: _figure(v) if k in _FIGURES else v for k, v in zip(keys, cells, strict=False) if k and v
    }
    return {k: v for k, v in found.items() if k in BUDGET_KEYS}


def keep_typed_only(template: Template, draft: Any) -> None:
    """Drop figures the table computes (a quantitative row's 得分 from its
    values, the budget's 全年预算数 from the form, its score from the rate): a
    figure whose removal leaves the scored table as it is was never typed."""
    before = score_draft(template, draft)
    if before is None:
        return
    for index, row in enumerate(draft.scoresheet.get("rows", [])):
        if not row.get("score"):
            continue
        typed, row["score"] = row["score"], ""
        after = score_draft(template, draft)
        if after is None or after.rows[index].score != before.rows[index].score:
            row["score"] = typed
    budget = draft.scoresheet.get("budget")
    if not isinstance(budget, dict) or before.budget is None:
        return
    for key in ("adjusted", "executed", "score", "reason", "initial"):
        if key not in budget:
            continue
        value = budget.pop(key)
        after = score_draft(template, draft)
        same = (
            after is not None
            and after.budget is not None
            and (after.budget.initial, after.budget.adjusted, after.budget.executed)
            == (before.budget.initial, before.budget.adjusted, before.budget.executed)
            and after.budget.score == before.budget.score
            and after.budget.reason.strip() == before.budget.reason.strip()
        )
        if not same:
            budget[key] = value
    if not budget:
        draft.scoresheet.pop("budget")
