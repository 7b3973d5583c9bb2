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
#: Excel's width units per character of the layout's widths (characters of
#: 10.5 pt, cell margins included; see _text_units)
CHARS_PER_UNIT = 1.8
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


#: the printed page, landscape A4, in points, and the margins (inches) set on
#: the sheet; the pagination below counts on them
PAGE_WIDTH, PAGE_HEIGHT = 841.9, 595.3
MARGIN_SIDE, MARGIN_TOP, MARGIN_BOTTOM = 0.5, 0.75, 0.75
#: a share of each page left free: LibreOffice and Excel draw borders and
#: round row heights a little differently
PAGE_SLACK = 0.94
LABEL_HEIGHT = 18.0


def _write_table(
    ws: Any,
    table: SheetTable,
    top: int,
    styles: dict[str, Any],
    spans: list[tuple[int, int]],
    widths: list[float],
) -> int:
    """Write ``table`` from row ``top``, column i over the sheet columns
    ``spans[i]`` (first, last); return the next free row. The vertical merges
    (一级, 二级) come later, once the page breaks are known."""
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
            if isinstance(value, Decimal) and i in table.percent_columns:
                # a number the bureau's importer can read, printed "97.70%"
                cell.value = value / 100
                cell.number_format = "0.00%"
            elif isinstance(value, Decimal):
                cell.value = value
                cell.number_format = "0.00" if i in table.fixed_columns else "General"
            elif value not in (None, ""):
                cell.value = value
            align = (
                "center" if header else table.cell_align(offset - 1, i) if i < len(row) else "left"
            )
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
    return top + 1 + len(table.rows)


def _merge_runs(ws: Any, table: SheetTable, first: int, col: int, breaks: set[int]) -> None:
    """Merge equal neighbouring cells of a column (一级, 二级) above the totals.
    A run is cut where a printed page ends (``breaks``: the rows a page ends
    on), so each page starts with the label: a merged range that crosses a
    page break prints its text on the first page only."""
    body = table.rows[: len(table.rows) - table.total_rows]
    start = 0
    for i in range(1, len(body) + 1):
        same = (
            i < len(body)
            and (first + i - 1) not in breaks
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


def _scale(widths: list[float]) -> int:
    """The print scale (percent) that fits the columns to one page wide.
    A fixed scale, not Excel's fit-to-page: under fit-to-page Excel and
    LibreOffice ignore the manual page breaks set below. Column width w is
    w * 7 + 5 pixels (Calibri 11, the workbook's default font), 0.75 pt each."""
    used = sum(math.floor(w * 7 + 5) * 0.75 for w in widths)
    room = PAGE_WIDTH - 2 * 72 * MARGIN_SIDE
    return max(10, min(100, math.floor(room / used * 100)))


def paginate(
    heights: dict[int, float],
    last: int,
    title_row: int,
    room: float,
    keep: list[tuple[int, int]],
) -> list[int]:
    """The rows that end a printed page. ``heights``: row heights in points
    (unscaled), rows 1..``last``; ``title_row`` repeats atop every later page;
    ``room``: a page's height for rows; ``keep``: (first, last) row ranges
    printed on one page (a heading with its header row and first row; the
    table's last rows with the 填报人 lines, so the foot never stands alone)."""
    starts = {a: b for a, b in keep}
    breaks: list[int] = []
    used = 0.0
    r = 1
    while r <= last:
        end = starts.get(r, r)
        need = sum(heights.get(x, 15.0) for x in range(r, end + 1))
        page_room = room if not breaks else room - heights.get(title_row, 15.0)
        if used and used + need > page_room:
            breaks.append(r - 1)
            used = 0.0
            continue
        used += need
        r = end + 1
    return breaks


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
    ws.row_dimensions[1].height = LABEL_HEIGHT
    ws.cell(row=row, column=1, value=sheet.title).font = styles["title"]
    ws.cell(row=row, column=1).alignment = styles["wrap"]("center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    ws.row_dimensions[row].height = 30
    row += 1
    widths = [round(rel * CHARS_PER_UNIT, 1) for rel in sheet.indicators.widths]
    keep: list[tuple[int, int]] = []

    def heading(text: str) -> None:
        nonlocal row
        ws.cell(row=row, column=1, value=text).font = styles["head"]
        ws.row_dimensions[row].height = LABEL_HEIGHT
        row += 1

    if sheet.budget:
        heading("预算执行情况")
        keep.append((row - 1, row + len(sheet.budget.rows)))
        row = _write_table(ws, sheet.budget, row, styles, BUDGET_SPANS, widths) + 1
    heading("绩效指标完成情况")
    header_row = row
    keep.append((row - 1, row + 1))  # the heading, the header row, the first row
    spans = [(c, c) for c in range(1, width + 1)]
    end = _write_table(ws, sheet.indicators, row, styles, spans, widths)
    row = end + 1
    for label, value in sheet.foot:
        ws.cell(row=row, column=1, value=f"{label}：{value}").font = styles["body"]
        ws.row_dimensions[row].height = LABEL_HEIGHT
        row += 1
    # the last indicator row, the totals and the foot share a page
    keep.append((max(header_row + 2, end - 1 - sheet.indicators.total_rows), row - 1))
    for col, chars in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(col)].width = chars
    scale = _scale(widths)
    room = (PAGE_HEIGHT - 72 * (MARGIN_TOP + MARGIN_BOTTOM)) * PAGE_SLACK * 100 / scale
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    breaks = paginate(heights, row - 1, header_row, room, keep)
    for col in sheet.indicators.merge_columns:
        _merge_runs(ws, sheet.indicators, header_row + 1, col, set(breaks))
    from openpyxl.worksheet.pagebreak import Break

    for r in breaks:
        ws.row_breaks.append(Break(id=r))

    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    setup.orientation = "landscape"
    setup.scale = scale  # one page wide (see _scale)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top, ws.page_margins.bottom = MARGIN_TOP, MARGIN_BOTTOM
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
