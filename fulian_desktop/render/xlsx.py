"""The 绩效自评表 as an Excel workbook (what units upload to the bureau's system).

Values only (no formulas: the bureau's importers read cell values), figures as
numbers with two decimals, the outline's column layout, and a sheet ready to
print: A4 landscape, the title and header rows repeated on every page, fitted
to the page width. The rows come from core/scoresheet/layout.py, the same
layout the DOCX attachment prints.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from fulian_desktop.core.scoresheet.layout import SheetLayout, SheetTable

FONT = "仿宋"
#: column widths in Excel's character units for the layout's relative widths
CHARS_PER_UNIT = 9.0
LINE_HEIGHT = 13.5  # points, one line of 10.5 pt text
#: the 预算执行 block on the indicator table's ten columns: 年初预算数 over
#: 一级+二级, 全年预算数 over 三级, 全年执行数 over 性质+指标值, 执行率 over
#: 单位+实际, then 分值, 得分, 未完成原因 under their namesakes
BUDGET_SPANS = [(1, 2), (3, 3), (4, 5), (6, 7), (8, 8), (9, 9), (10, 10)]


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, Side

    thin = Side(style="thin", color="000000")
    return {
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "title": Font(name="方正小标宋简体", size=16),
        "label": Font(name="黑体", size=12),
        "head": Font(name="黑体", size=10.5),
        "body": Font(name=FONT, size=10.5),
        "bold": Font(name=FONT, size=10.5, bold=True),
        "wrap": lambda h: Alignment(horizontal=h, vertical="center", wrap_text=True),
    }


def _text_units(text: str) -> float:
    """Width of 10.5 pt text in Excel's character units (measured in
    LibreOffice: a CJK character of 仿宋 is about 1.75 units, a digit 0.9)."""
    return sum(1.75 if ord(ch) > 0x2E7F else 0.9 for ch in text)


def _write_table(
    ws: Any,
    table: SheetTable,
    top: int,
    styles: dict[str, Any],
    spans: list[tuple[int, int]],
    widths: list[float],
) -> int:
    """Write ``table`` from row ``top``, column i over the sheet columns
    ``spans[i]`` (first, last); return the next free row."""
    width = spans[-1][1]
    texts = [list(table.header), *table.text_rows()]
    totals_from = 1 + len(table.rows) - table.total_rows
    for offset, (row, text_row) in enumerate(zip([table.header, *table.rows], texts, strict=True)):
        r = top + offset
        header, bold = offset == 0, offset >= totals_from
        lines = 1
        for i, (first, last) in enumerate(spans):
            cell = ws.cell(row=r, column=first)
            value = row[i] if i < len(row) else None
            if isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "0.00" if i in table.fixed_columns else "General"
            elif value not in (None, ""):
                cell.value = value
            align = "center" if header else (table.align[i] if i < len(table.align) else "left")
            for col in range(first, last + 1):
                other = ws.cell(row=r, column=col)
                other.border = styles["border"]
                other.font = styles["head"] if header else styles["bold" if bold else "body"]
                other.alignment = styles["wrap"](align)
            room = max(1.0, sum(widths[first - 1 : last]) - 1)
            text = text_row[i] if i < len(text_row) else ""
            lines = max(lines, math.ceil(_text_units(text) / room))
        if len(row) < len(spans):  # a short row ends in one cell spanning the rest
            first = spans[len(row) - 1][0] if row else 1
            ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=width)
            spans_here = spans[: len(row) - 1]
        else:
            spans_here = spans
        for first, last in spans_here:
            if last > first:
                ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
        ws.row_dimensions[r].height = LINE_HEIGHT * lines + 4
    for col in table.merge_columns:
        _merge_runs(ws, table, top + 1, col)
    return top + 1 + len(table.rows)


def _merge_runs(ws: Any, table: SheetTable, first: int, col: int) -> None:
    """Merge equal neighbouring cells of a column (一级, 二级) above the totals."""
    body = table.rows[: len(table.rows) - table.total_rows]
    start = 0
    for i in range(1, len(body) + 1):
        same = (
            i < len(body)
            and body[i][col] == body[start][col]
            and body[i][col] != ""
            and all(body[i][c] == body[start][c] for c in table.merge_columns if c < col)
        )
        if not same:
            if i - start > 1:
                ws.merge_cells(
                    start_row=first + start,
                    start_column=col + 1,
                    end_row=first + i - 1,
                    end_column=col + 1,
                )
            start = i


def workbook_bytes(sheet: SheetLayout, properties: dict[str, str] | None = None) -> bytes:
    """The workbook; ``properties`` (template id, content hash of a signed-off
    draft) go into the file's custom properties, as in the DOCX."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    styles = _styles()
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效自评表"
    width = len(sheet.indicators.header)
    row = 1
    if sheet.label:
        ws.cell(row=row, column=1, value=sheet.label).font = styles["label"]
        row += 1
    ws.cell(row=row, column=1, value=sheet.title).font = styles["title"]
    ws.cell(row=row, column=1).alignment = styles["wrap"]("center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 30
    row += 1
    widths = [round(rel * CHARS_PER_UNIT, 1) for rel in sheet.indicators.widths]
    if sheet.budget:
        ws.cell(row=row, column=1, value="预算执行情况").font = styles["head"]
        row += 1
        row = _write_table(ws, sheet.budget, row, styles, BUDGET_SPANS, widths) + 1
    ws.cell(row=row, column=1, value="绩效指标完成情况").font = styles["head"]
    row += 1
    header_row = row
    spans = [(c, c) for c in range(1, width + 1)]
    row = _write_table(ws, sheet.indicators, row, styles, spans, widths) + 1
    for label, value in sheet.foot:
        ws.cell(row=row, column=1, value=f"{label}：{value}").font = styles["body"]
        row += 1
    for col, chars in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = chars

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.fitToWidth = 1
    setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    # the indicator table's header row repeats on every printed page
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    if properties:
        from openpyxl.packaging.custom import StringProperty

        for name, value in properties.items():
            wb.custom_doc_props.append(StringProperty(name=name, value=str(value)))
    wb.properties.title = sheet.title
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def write_xlsx(sheet: SheetLayout, path: Path, properties: dict[str, str] | None = None) -> None:
    """Write the workbook atomically (a half-written file never replaces a good
    one); a file open in Excel or WPS gives a plain message."""
    from fulian_desktop.errors import UserError
    from fulian_desktop.storage.atomic import atomic_write_bytes

    path = Path(path)
    data = workbook_bytes(sheet, properties)
    try:
        atomic_write_bytes(path, data)
    except PermissionError:
        raise UserError(
            f"无法保存“{path.name}”：文件可能正在 Excel 或 WPS 中打开，请关闭后重试。"
        ) from None
    except OSError as error:
        raise UserError(f"无法保存“{path.name}”：{error.strerror or error}") from None
