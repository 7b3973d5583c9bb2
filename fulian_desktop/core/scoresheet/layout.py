"""The 绩效自评表 as printed: title, 预算执行 block, indicator rows, totals, foot lines.

One layout serves both outputs, so the DOCX attachment (core/compose/composer.py) and
the XLSX workbook (render/xlsx.py) hold the same rows and the same total.
Cells are text as printed, except figures, which stay Decimal so the
workbook can write numbers (values only, no formulas).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fulian_desktop.core.scoresheet.scoring import SheetResult, kind_label, score_draft
from fulian_desktop.core.template import snippets
from fulian_desktop.core.text.numbers import format_money
from fulian_desktop.core.text.textstats import clean_for_xml

Cell = str | Decimal

BUDGET_HEADER = [
    "年初预算数（万元）",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率",
    "分值",
    "得分",
    "未完成原因",
]
INDICATOR_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "年度指标值",
    "度量单位",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
#: preferred widths (characters) before the content is measured: the room a
#: column would like, shared out once each has its longest unbreakable piece
INDICATOR_WIDTHS = [0.9, 1.0, 2.2, 0.7, 1.1, 0.8, 1.4, 0.8, 0.8, 3.0]
INDICATOR_ALIGN = [
    "center",
    "center",
    "left",
    "center",
    "right",
    "center",
    "right",
    "right",
    "right",
    "left",
]
BUDGET_WIDTHS = [1.2, 1.2, 1.2, 0.9, 0.6, 0.7, 3.0]
#: columns whose figures are scores or money (two decimals); the others are
#: figures as typed (目标 100, 实际 87.4)
INDICATOR_FIXED = [7, 8]
BUDGET_FIXED = [0, 1, 2, 4, 5]
BUDGET_ALIGN = ["right", "right", "right", "right", "right", "right", "left"]


#: columns whose cells are labels, never broken inside a word (一级, 二级,
#: 指标性质, 度量单位); other text cells break between any two characters
INDICATOR_LABEL_COLUMNS = [0, 1, 3, 5]
#: the text block in characters of the table's size, cell margins included
#: (landscape A4: 225 mm = 637.8 pt at 10.5 pt; portrait 156 mm)
LANDSCAPE_CHARS, PORTRAIT_CHARS = 60.7, 42.1
#: a column's cell margins (2 × 5.4 pt) in characters of 10.5 pt
CELL_PAD = 1.0


def text_width(text: str) -> float:
    """Printed width in characters: CJK and full-width marks 1, Latin and
    digits 0.5."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.5 for ch in text)


def pieces(text: str, label: bool) -> list[str]:
    """The unbreakable pieces of a cell. Runs of Latin letters, digits and
    signs (204.80, ≥95%, 2023-12) never break; a label breaks only before a
    full-width bracket (年初预算数/（万元））; other text breaks anywhere between
    CJK characters. (A renderer breaks CJK text between any two characters,
    so a label is kept whole: only a width that holds it keeps 指标 together.)"""
    if label:
        parts = [p for p in text.replace("（", "\0（").split("\0") if p]
        # the one long header: 偏差原因分析 / 及改进措施 (a whole 11 characters
        # would leave the table narrower than its labels)
        return [q for p in parts for q in p.replace("及", "\0及").split("\0") if q]
    out, run = [], ""
    for ch in text:
        if ord(ch) > 0x2E7F or ch.isspace():
            if run:
                out.append(run)
                run = ""
            if not ch.isspace():
                out.append(ch)
        else:
            run += ch
    if run:
        out.append(run)
    return out


def content_widths(
    header: list[str],
    rows: list[list[str]],
    preferred: list[float],
    label_columns: list[int],
    total: float,
) -> list[float]:
    """Column widths (characters, margins included) from the content: each
    column first gets its longest unbreakable piece, of the header or of any
    cell; the rest of ``total`` goes to the columns whose text still wraps, in
    proportion to ``preferred``, never past the column's longest cell."""
    cols = len(header)
    least = [0.0] * cols
    longest = [0.0] * cols
    for r, row in enumerate([header, *rows]):
        for c, cell in enumerate(row[:cols]):
            if r > 0 and len(row) < cols and c == len(row) - 1:
                continue  # a short row's last cell spans the rest
            label = r == 0 or c in label_columns
            least[c] = max(least[c], *(text_width(p) for p in pieces(cell, label) or [""]))
            longest[c] = max(longest[c], text_width(cell))
    widths = [w + CELL_PAD for w in least]
    room = total - sum(widths)
    while room > 0.01:
        wanting = [c for c in range(cols) if widths[c] < longest[c] + CELL_PAD - 0.01]
        if not wanting:
            break
        share = sum(preferred[c] for c in wanting)
        given = 0.0
        for c in wanting:
            add = min(room * preferred[c] / share, longest[c] + CELL_PAD - widths[c])
            widths[c] += add
            given += add
        room -= given
        if given < 0.01:
            break
    if room > 0.01:  # everything fits on one line: the spare goes by preference
        share = sum(preferred)
        widths = [w + room * p / share for w, p in zip(widths, preferred, strict=True)]
    return [round(w, 2) for w in widths]


@dataclass
class SheetTable:
    header: list[str]
    rows: list[list[Cell]]
    widths: list[float]
    align: list[str]
    #: columns whose equal neighbouring cells are printed merged (一级, 二级)
    merge_columns: list[int] = field(default_factory=list)
    #: rows at the end that are totals (合计, 等级), printed bold in the workbook
    total_rows: int = 0
    #: columns printed with two decimals; other figures print as typed
    fixed_columns: list[int] = field(default_factory=list)
    #: columns holding a percentage (执行率 97.70 prints "97.70%"), so the
    #: workbook can store the number with a percent format instead of text
    percent_columns: list[int] = field(default_factory=list)

    def text_rows(self) -> list[list[str]]:
        """Every row as printed text."""
        return [[self.text(c, i) for i, c in enumerate(row)] for row in self.rows]

    def cell_align(self, row: int, column: int) -> str:
        """Alignment of body cell (row, column): a column of figures is
        right-aligned, but text in it (a 定性 indicator's 年度指标值 and
        实际完成值) reads from the left."""
        align = self.align[column] if column < len(self.align) else "left"
        cell = self.rows[row][column]
        if align == "right" and isinstance(cell, str) and any(ord(c) > 0x2E7F for c in cell):
            return "left"
        return align

    def text(self, cell: Cell, column: int) -> str:
        if column in self.percent_columns and isinstance(cell, Decimal):
            return f"{format_money(cell, True)}%"
        return cell_text(cell, column in self.fixed_columns)


@dataclass
class SheetLayout:
    label: str  # 附件
    title: str
    source: str
    budget: SheetTable | None
    indicators: SheetTable
    foot: list[tuple[str, str]]  # (label, value): 填报单位（盖章）, 填报人 …
    total: Decimal
    grade: str
    landscape: bool
    font_size: Decimal


def cell_text(cell: Cell, fixed: bool = True) -> str:
    """How a cell prints: scores and money with two decimals, other figures as
    typed, text as is."""
    if isinstance(cell, Decimal):
        return format_money(cell, trailing_zeros=True) if fixed else format(cell.normalize(), "f")
    return cell


def _fig(value: Decimal | None) -> Cell:
    return "" if value is None else value


def _typed(text: str) -> str:
    return clean_for_xml(" ".join(text.split()))


def layout(template: Any, draft: Any, result: SheetResult | None = None) -> SheetLayout | None:
    """The printed table of ``draft``; None when the template has no table or
    nothing has been typed in it."""
    spec = template.scoresheet
    if spec is None:
        return None
    result = result or score_draft(template, draft)
    if result is None or result.empty:
        return None
    from fulian_desktop.core.draft.values import evaluate_draft, snippet_context

    context = snippet_context(template, draft, evaluate_draft(template, draft))

    def render(source: str) -> str:
        return snippets.printed(source, context, template.money_trailing_zeros, template.id)

    budget_table = None
    rows: list[list[Cell]] = []
    for row in result.rows:
        raw = row.raw
        level1 = row.level1.name if row.level1 else _typed(raw["level1"])
        level2 = row.level2.name if row.level2 else _typed(raw["level2"])
        kind = kind_label(row.kind) or _typed(raw["kind"])
        if row.kind == "qualitative":
            target = _typed(raw["target"])
            actual = _typed(raw["actual"]) or _typed(raw["grade"])
            if raw["actual"].strip() and raw["grade"].strip():
                actual = f"{actual}（{_typed(raw['grade'])}）"
        else:
            target = row.target if row.target is not None else _typed(raw["target"])
            actual = row.actual if row.actual is not None else _typed(raw["actual"])
        unit = _typed(raw["unit"]) or row.target_unit
        rows.append(
            [
                level1,
                level2,
                _typed(raw["name"]),
                kind,
                target,
                unit,
                actual,
                _fig(row.weight),
                _fig(row.score),
                clean_for_xml(raw["reason"].strip()),
            ]
        )
    if result.budget:
        b = result.budget
        block = b.block
        rate = b.rate
        rows.append(
            [
                block.level1,
                block.name,
                block.name,
                "≥",
                Decimal(100),
                "%",
                format_money(rate, True) if rate is not None else "",
                block.weight,
                _fig(b.score),
                clean_for_xml(b.reason.strip()),
            ]
        )
        budget_table = SheetTable(
            header=list(BUDGET_HEADER),
            rows=[
                [
                    _fig(b.initial),
                    _fig(b.adjusted),
                    _fig(b.executed),
                    _fig(rate),
                    block.weight,
                    _fig(b.score),
                    clean_for_xml(b.reason.strip()),
                ]
            ],
            widths=list(BUDGET_WIDTHS),
            align=list(BUDGET_ALIGN),
            fixed_columns=list(BUDGET_FIXED),
            percent_columns=[3],
        )
    weight_total = sum((r[7] for r in rows if isinstance(r[7], Decimal)), Decimal(0))
    total_note = ""
    if result.cap:
        total_note = (
            f"各项得分之和 {format_money(result.subtotal, True)} 分，"
            f"预算执行率低于 {format_money(result.cap.below, False)}%，总分封顶为 "
            f"{format_money(result.cap.max, False)} 分"
        )
    rows.append(["合计", "", "", "", "", "", "", weight_total, result.total, total_note])
    rows.append(["自评等级", result.grade])
    indicators = SheetTable(
        header=list(INDICATOR_HEADER),
        rows=rows,
        widths=list(INDICATOR_WIDTHS),
        align=list(INDICATOR_ALIGN),
        merge_columns=[0, 1],
        total_rows=2,
        fixed_columns=list(INDICATOR_FIXED),
    )
    orientation = spec.print.orientation
    landscape = orientation == "landscape" or (orientation == "auto" and len(INDICATOR_HEADER) > 7)
    total = LANDSCAPE_CHARS if landscape else PORTRAIT_CHARS
    total *= 10.5 / float(spec.print.font_size)
    body = indicators.text_rows()
    indicators.widths = content_widths(
        indicators.header, body, INDICATOR_WIDTHS, INDICATOR_LABEL_COLUMNS, total
    )
    if budget_table is not None:
        budget_table.widths = content_widths(
            budget_table.header, budget_table.text_rows(), BUDGET_WIDTHS, [], total
        )
    return SheetLayout(
        label=render(spec.print.label).strip(),
        title=" ".join(render(spec.title).split()),
        source=spec.source,
        budget=budget_table,
        indicators=indicators,
        foot=[(clean_for_xml(line.label), render(line.value).strip()) for line in spec.print.foot],
        total=result.total,
        grade=result.grade,
        landscape=landscape,
        font_size=spec.print.font_size,
    )
