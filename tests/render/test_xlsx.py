"""The 绩效自评表 workbook: the same rows and total as the scored table, values
only (no formulas), figures as numbers, and a sheet set up to print (A4
landscape, fitted to the width, the header row repeated)."""

from __future__ import annotations

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
from fulian_desktop.render.xlsx import write_xlsx

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
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
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
