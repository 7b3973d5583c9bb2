"""Column widths and alignment of the printed 绩效自评表 (one layout feeds the
DOCX attachment and the XLSX): widths come from the content, so no label
breaks inside a word or a unit, and text in a column of figures reads from
the left."""

from __future__ import annotations

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.scoresheet.layout import (
    CELL_PAD,
    LANDSCAPE_CHARS,
    content_widths,
    layout,
    pieces,
    text_width,
)
from fulian_desktop.core.template.loading import load_template

BUILTIN = ("gz-dept-overall", "fs-sanshui-redbook", "hn-ziyang-overall")


def sheet(template_id: str):
    folder = REPO_ROOT / "templates" / template_id
    template = load_template(folder / "template.yaml")
    draft = Draft.from_json((folder / "sample.draft.json").read_text(encoding="utf-8"))
    result = layout(template, draft)
    assert result is not None
    return result


def test_text_width_counts_cjk_as_one_and_latin_as_half() -> None:
    assert text_width("产出指标") == 4
    assert text_width("97.70%") == 3
    assert text_width("（万元）") == 4


def test_pieces_keep_labels_units_and_figures_whole() -> None:
    assert pieces("年初预算数（万元）", True) == ["年初预算数", "（万元）"]
    assert pieces("产出指标", True) == ["产出指标"]
    assert pieces("完成率≥95%", False) == ["完", "成", "率", "≥95%"]
    assert pieces("204.80", False) == ["204.80"]


@pytest.mark.parametrize("template_id", BUILTIN)
def test_every_column_holds_its_longest_unbreakable_piece(template_id: str) -> None:
    result = sheet(template_id)
    for table, labels in ((result.indicators, [0, 1, 3, 5]), (result.budget, [])):
        assert table is not None
        for c, width in enumerate(table.widths):
            room = width - CELL_PAD
            cells = [table.header[c]]
            cells += [row[c] for row in table.text_rows() if len(row) == len(table.header)]
            for cell in cells:
                for piece in pieces(cell, c in labels or cell == table.header[c]):
                    assert text_width(piece) <= room + 1e-6, (table.header[c], piece, room)
        # the widths fill the landscape text block
        assert sum(table.widths) == pytest.approx(LANDSCAPE_CHARS, abs=0.05)
    # the labels the reviewer saw broken: 一级指/标, 产出指/标, 年初预算数（万/元）
    level1 = result.indicators.widths[0] - CELL_PAD
    assert level1 >= text_width("产出指标") and level1 >= text_width("满意度指标")
    assert result.budget.widths[0] - CELL_PAD >= text_width("年初预算数")


def test_spare_room_goes_to_the_columns_that_still_wrap() -> None:
    widths = content_widths(["甲", "乙"], [["一二三四五六七八", "丙"]], [1.0, 1.0], [], 10.0)
    # 乙 holds its one character; 甲 takes the rest (its text still wraps)
    assert widths == [8.0, 2.0]


@pytest.mark.parametrize("template_id", BUILTIN)
def test_text_in_a_column_of_figures_is_left_aligned(template_id: str) -> None:
    table = sheet(template_id).indicators
    qualitative = [r for r, row in enumerate(table.rows) if row[3:4] == ["定性"]]
    figures = [r for r, row in enumerate(table.rows) if row[3:4] == ["≥"]]
    assert qualitative and figures
    for r in qualitative:  # 年度指标值, 实际完成值 as text
        assert table.cell_align(r, 4) == table.cell_align(r, 6) == "left"
    for r in figures:
        assert table.cell_align(r, 4) == table.cell_align(r, 6) == "right"
