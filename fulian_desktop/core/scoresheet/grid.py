"""The 绩效自评表 as an editable grid: columns, what each cell shows, and how
typed or pasted text goes back into the draft's rows.

Pure Python (the window's grid in ui/scoresheet_page.py only calls these), so
paste from Excel or WPS is tested without Qt. The grid's first ten columns
are the bureau forms' order (一级 … 偏差原因), so a block of rows copied
from a unit's old Excel table pastes straight in; 完成档次 (定性) and the
computed score follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fulian_desktop.core.scoresheet.scoring import ROW_KEYS, kind_label, parse_kind, rows_of
from fulian_desktop.core.template.scoresheet_spec import ScoresheetSpec


@dataclass(frozen=True)
class Column:
    key: str  # the row key it edits ("" for the computed score)
    header: str
    width: int  # pixels at 100 %
    numeric: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("level1", "一级指标", 90),
    Column("level2", "二级指标", 110),
    Column("name", "三级指标", 190),
    Column("kind", "指标性质", 64),
    Column("target", "年度指标值", 100, True),
    Column("unit", "度量单位", 64),
    Column("actual", "实际完成值", 110, True),
    Column("weight", "分值", 56, True),
    Column("score", "得分", 60, True),
    Column("reason", "偏差原因分析及改进措施", 260),
    Column("grade", "完成档次（定性）", 150),
    Column("", "按规则计算", 80, True),
)
KEYS = [c.key for c in COLUMNS]
COMPUTED_COLUMN = len(COLUMNS) - 1


def empty_row(spec: ScoresheetSpec, like: dict[str, str] | None = None) -> dict[str, str]:
    """A new row; under the same 一级/二级 as ``like`` (the row above), else the first."""
    row = dict.fromkeys(ROW_KEYS, "")
    if like is not None:
        row["level1"], row["level2"] = like.get("level1", ""), like.get("level2", "")
    elif spec.levels:
        row["level1"] = spec.levels[0].id
        row["level2"] = spec.levels[0].children[0].id
    row["kind"] = "positive"
    return row


def display(spec: ScoresheetSpec, row: dict[str, str], key: str) -> str:
    """What a cell shows: level and kind names instead of their stored keys."""
    value = row.get(key, "")
    if key == "level1":
        level = spec.level1(value)
        return level.name if level else value
    if key == "level2":
        found = spec.level2(value)
        return found[1].name if found else value
    if key == "kind":
        return kind_label(value) or value
    return value


def level1_choices(spec: ScoresheetSpec) -> list[tuple[str, str]]:
    return [(lv.id, lv.name) for lv in spec.levels]


def level2_choices(spec: ScoresheetSpec, level1: str) -> list[tuple[str, str]]:
    level = spec.level1(level1)
    levels = [level] if level else spec.levels
    return [(c.id, c.name) for lv in levels for c in lv.children]


def kind_choices() -> list[tuple[str, str]]:
    return [(k, kind_label(k)) for k in ("positive", "negative", "equal", "qualitative")]


def grade_choices(spec: ScoresheetSpec) -> list[str]:
    return [b.grade for b in spec.rules.qualitative]


def _bare(name: str) -> str:
    return "".join(name.split()).removesuffix("指标")


def stored(spec: ScoresheetSpec, key: str, text: str, row: dict[str, str]) -> dict[str, str]:
    """The row keys a typed or pasted cell sets: a level or kind name becomes
    its id (text that matches none is kept as typed, and shows as an error);
    a 定性 实际完成值 that names a grade also picks the grade."""
    text = text.strip() if key not in ("reason",) else text
    if key == "level1":
        match = next(
            (lv.id for lv in spec.levels if _bare(lv.name) == _bare(text) or lv.id == text), None
        )
        changes = {"level1": match or text}
        found = spec.level2(row.get("level2", ""))
        if match and found and found[0].id != match:
            changes["level2"] = ""  # the 二级 no longer belongs under it
        return changes
    if key == "level2":
        for lv in spec.levels:
            for child in lv.children:
                if _bare(child.name) == _bare(text) or child.id == text:
                    return {"level2": child.id, "level1": lv.id}
        return {"level2": text}
    if key == "kind":
        return {"kind": parse_kind(text) or text}
    if key == "grade":
        return {"grade": _grade_named(spec, text) or text}
    if key == "actual" and row.get("kind") == "qualitative":
        grade = _grade_named(spec, text)
        if grade:
            return {"actual": text, "grade": grade}
    return {key: text}


def _grade_named(spec: ScoresheetSpec, text: str) -> str:
    """达成 / 部分达成 / 未达成 (or the full wording) → the band's grade: the band
    whose leading words (before 年度) begin the text, the longest such."""
    bare = "".join(text.split())
    if not bare:
        return ""
    heads = [
        (band.grade.split("年度")[0] or band.grade, band.grade) for band in spec.rules.qualitative
    ]
    matching = [(head, grade) for head, grade in heads if bare == grade or bare.startswith(head)]
    return max(matching, key=lambda m: len(m[0]))[1] if matching else ""


def parse_block(text: str) -> list[list[str]]:
    """Tab-separated rows as Excel and WPS copy them (quoted cells may hold
    line breaks and doubled quotes); a trailing empty line is dropped."""
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    i, quoted = 0, False
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and text[i + 1 : i + 2] == '"':
                cell.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                cell.append(ch)
        elif ch == '"' and not cell:
            quoted = True
        elif ch == "\t":
            row.append("".join(cell))
            cell = []
        elif ch == "\n":
            row.append("".join(cell))
            rows.append(row)
            row, cell = [], []
        else:
            cell.append(ch)
        i += 1
    if cell or row:
        row.append("".join(cell))
        rows.append(row)
    return rows


def paste(
    spec: ScoresheetSpec, data: dict[str, Any], block: str, start_row: int, start_col: int
) -> tuple[list[dict[str, str]], int]:
    """The rows after pasting ``block`` at (start_row, start_col); rows past the
    end are added. Returns (rows, how many grid rows the block covered).

    An empty 一级/二级 cell in a pasted row (merged cells in Excel copy as
    empty) takes the value of the row above, as the merged cell meant.
    """
    rows = rows_of(data)
    cells = parse_block(block)
    for r, values in enumerate(cells):
        index = start_row + r
        while index >= len(rows):
            rows.append(empty_row(spec, rows[-1] if rows else None))
        row = rows[index]
        for c, value in enumerate(values):
            col = start_col + c
            if col >= COMPUTED_COLUMN:
                break
            key = COLUMNS[col].key
            if key in ("level1", "level2") and not value.strip() and r > 0:
                row[key] = rows[index - 1][key]  # merged in Excel: as the row above
                continue
            row.update(stored(spec, key, value, row))
    return rows, len(cells)
