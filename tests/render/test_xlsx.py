"""The 绩效自评表 workbook: the same rows and total as the scored table, values
only (no formulas), figures as numbers, and a sheet set up to print (A4
landscape, fitted to the width, the header row repeated)."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from fulian_desktop.cli import main
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.scoresheet.layout import layout
from fulian_desktop.core.scoresheet.scoring import score_draft
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.render.xlsx import paginate, workbook_bytes, write_xlsx

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BUILTIN = ("gz-dept-overall", "fs-sanshui-redbook", "hn-ziyang-overall")


def sample(template_id: str):
    template = load_template(TEMPLATES / template_id / "template.yaml")
    text = (TEMPLATES / template_id / "sample.draft.json").read_text(encoding="utf-8")
    return template, Draft.from_json(text)


@pytest.mark.parametrize("template_id", BUILTIN)
def test_workbook_holds_the_rows_and_total(template_id: str, tmp_path: Path) -> None:
    template, draft = sample(template_id)
    result = score_draft(template, draft)
    sheet = layout(template, draft, result)
    assert result is not None and sheet is not None
    path = tmp_path / "表.xlsx"
    write_xlsx(sheet, path, {"template_id": template.id})
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in cells)
    names = [row["name"] for row in draft.scoresheet["rows"]]
    column_c = [c.value for c in ws["C"]]
    for name in names:  # every indicator, in order
        assert name in column_c
    positions = [column_c.index(n) for n in names]
    assert positions == sorted(positions)
    (total_row,) = [row for row in ws.iter_rows() if row[0].value == "合计"]
    assert Decimal(str(total_row[8].value)) == result.total
    assert total_row[8].number_format == "0.00"
    (grade_row,) = [row for row in ws.iter_rows() if row[0].value == "自评等级"]
    assert grade_row[1].value == result.grade == "优"
    # scores are numbers that add up to the total
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "一级指标")
    scores = [ws.cell(row=r, column=9).value for r in range(header + 1, total_row[0].row)]
    assert all(isinstance(v, (int, float)) for v in scores)
    assert round(sum(Decimal(str(v)) for v in scores), 2) == result.subtotal
    # ready to print
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4 == "9"
    assert 10 <= ws.page_setup.scale <= 100  # one page wide, see _scale
    assert ws.print_title_rows == f"${header}:${header}"
    # 一级指标 cells of a group are merged
    assert any(
        r.min_col == r.max_col == 1 and r.max_row > r.min_row for r in ws.merged_cells.ranges
    )
    foot = [c.value for c in ws["A"] if isinstance(c.value, str) and "：" in c.value]
    assert f"填报单位（盖章）：{draft.unit.name}" in foot
    assert f"联系电话：{draft.unit.phone}" in foot


def test_export_command_chooses_the_format_from_the_suffix(tmp_path: Path, capsys) -> None:
    source = TEMPLATES / "gz-dept-overall" / "sample.draft.json"
    assert main(["export", str(source), "-o", str(tmp_path / "表.xlsx")]) == 0
    assert load_workbook(tmp_path / "表.xlsx").active["A1"].value == "附件"
    assert main(["export", str(source), "--format", "xlsx", "-o", str(tmp_path / "b")]) == 0
    assert (tmp_path / "b.xlsx").is_file()
    assert main(["export", str(source), "--format", "xlsx", "-o", str(tmp_path)]) == 0
    assert (tmp_path / "广州市青禾区妇女联合会2023年绩效自评表.xlsx").is_file()
    assert "绩效自评表" in capsys.readouterr().out


def test_export_xlsx_without_a_table_is_one_clear_line(tmp_path: Path, capsys) -> None:
    data = json.loads((TEMPLATES / "gz-dept-overall" / "sample.draft.json").read_text("utf-8"))
    data.pop("scoresheet")
    source = tmp_path / "d.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["export", str(source), "-o", str(tmp_path / "x.xlsx")]) != 0
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "绩效自评表" in err
    assert not (tmp_path / "x.xlsx").exists()


def _workbook(template_id: str, repeat: int = 1):
    """The sample's workbook; ``repeat`` copies each indicator row that many
    times (a long table that runs over several printed pages)."""
    template, draft = sample(template_id)
    if repeat > 1:
        data = json.loads((TEMPLATES / template_id / "sample.draft.json").read_text("utf-8"))
        data["scoresheet"]["rows"] = [
            dict(row, name=f"{row['name']}{i}")
            for row in data["scoresheet"]["rows"]
            for i in range(repeat)
        ]
        draft = Draft.from_json(json.dumps(data, ensure_ascii=False))
    sheet = layout(template, draft)
    assert sheet is not None
    return sheet, load_workbook(io.BytesIO(workbook_bytes(sheet))).active


@pytest.mark.parametrize("template_id", BUILTIN)
def test_rate_is_a_number_with_a_percent_format(template_id: str) -> None:
    sheet, ws = _workbook(template_id)
    assert sheet.budget is not None
    (head,) = [row for row in ws.iter_rows() if row[0].value == "年初预算数（万元）"]
    rate_col = next(c.column for c in head if c.value == "执行率")
    rate = ws.cell(row=head[0].row + 1, column=rate_col)
    assert isinstance(rate.value, (int, float)) and rate.number_format == "0.00%"
    assert Decimal(str(rate.value)) * 100 == sheet.budget.rows[0][3]
    # the DOCX attachment still prints it as 97.70%
    assert sheet.budget.text_rows()[0][3].endswith("%")
    for col in (1, 3, 4):  # 年初, 全年预算, 全年执行: numbers with two decimals
        cell = ws.cell(row=head[0].row + 1, column=col)
        if cell.value is not None:
            assert isinstance(cell.value, (int, float)) and cell.number_format == "0.00"


def _pages(ws) -> list[list[int]]:
    """The rows of each printed page, from the sheet's manual breaks."""
    ends = sorted(b.id for b in ws.row_breaks.brk)
    starts = [1, *(e + 1 for e in ends)]
    return [list(range(s, e + 1)) for s, e in zip(starts, [*ends, ws.max_row], strict=True)]


@pytest.mark.parametrize("template_id", BUILTIN)
def test_long_table_pages_each_start_with_their_labels(template_id: str) -> None:
    _, ws = _workbook(template_id, repeat=4)
    pages = _pages(ws)
    assert len(pages) >= 3
    # under fit-to-page the manual breaks would be ignored: a scale instead
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale <= 100
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "一级指标")
    total = next(r[0].row for r in ws.iter_rows() if r[0].value == "合计")
    merged = {(r.min_row, r.max_row, r.min_col) for r in ws.merged_cells.ranges}
    for page in pages:
        for lo, hi, col in merged:  # no merge runs over a page break
            assert not (lo in page) ^ (hi in page), (lo, hi, col, page)
        body = [r for r in page if header < r < total]
        if body:  # the first indicator row of each page carries 一级 and 二级
            assert ws.cell(row=body[0], column=1).value
            assert ws.cell(row=body[0], column=2).value
    # a page never ends on the header row or a heading
    for page in pages[:-1]:
        assert page[-1] != header and ws.cell(row=page[-1], column=1).value != "绩效指标完成情况"


@pytest.mark.parametrize("repeat", [1, 2, 3, 4, 5])
def test_foot_stays_with_the_last_rows(repeat: int) -> None:
    _, ws = _workbook("gz-dept-overall", repeat=repeat)
    last = _pages(ws)[-1]
    texts = [ws.cell(row=r, column=1).value for r in last]
    assert "合计" in texts and "自评等级" in texts
    assert any(isinstance(t, str) and t.startswith("填报人") for t in texts)
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "一级指标")
    total = texts.index("合计")
    assert last[0] <= header or ws.cell(row=last[total - 1], column=3).value  # an indicator row


def test_paginate_keeps_ranges_together() -> None:
    heights = dict.fromkeys(range(1, 21), 20.0)
    # 20 rows of 20 pt, 200 pt a page, row 1 repeated: the foot (18-20) with row 17
    assert paginate(heights, 20, 1, 200, []) == [10, 19]
    assert paginate(heights, 20, 1, 200, [(17, 20)]) == [10, 16]
