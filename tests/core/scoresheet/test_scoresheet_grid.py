"""Grid helpers of the 绩效自评表: what cells show and how typed or pasted text
(Excel and WPS copy tab-separated, quoting cells that hold line breaks) goes
back into the draft's rows."""

from __future__ import annotations

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.scoresheet import grid as grid
from fulian_desktop.core.template.loading import load_template

SPEC = load_template(REPO_ROOT / "templates" / "gz-dept-overall" / "template.yaml").scoresheet
assert SPEC is not None


def test_parse_block_reads_tabs_quotes_and_line_breaks() -> None:
    text = 'a\tb\t"c\nd"\te\r\n\t"say ""hi"""\t\n'
    assert grid.parse_block(text) == [["a", "b", "c\nd", "e"], ["", 'say "hi"', ""]]
    assert grid.parse_block("x") == [["x"]]
    assert grid.parse_block("") == []


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("level1", "产出指标", {"level1": "output"}),
        ("level1", "产出", {"level1": "output"}),
        ("level2", "社会效益指标", {"level1": "effect", "level2": "social"}),
        ("level2", "不存在", {"level2": "不存在"}),  # kept as typed: an error shows
        ("kind", "≤", {"kind": "negative"}),
        ("kind", "反向", {"kind": "negative"}),
        ("grade", "部分达成", {"grade": "部分达成年度指标并具有一定效果"}),
        ("grade", "未达成", {"grade": "未达成年度指标且效果较差"}),
        ("grade", "达成", {"grade": "达成年度指标"}),
        ("target", " 100场 ", {"target": "100场"}),
    ],
)
def test_stored(key: str, text: str, expected: dict) -> None:
    assert grid.stored(SPEC, key, text, grid.empty_row(SPEC)) == expected


def test_level1_change_drops_a_level2_from_another_level() -> None:
    row = grid.empty_row(SPEC)  # 产出指标 / 数量指标
    assert grid.stored(SPEC, "level1", "效益指标", row) == {"level1": "effect", "level2": ""}


def test_qualitative_actual_naming_a_grade_picks_it() -> None:
    row = dict(grid.empty_row(SPEC), kind="qualitative")
    assert grid.stored(SPEC, "actual", "达成", row) == {"actual": "达成", "grade": "达成年度指标"}


def test_display_shows_names() -> None:
    row = dict(grid.empty_row(SPEC), kind="equal")
    assert [grid.display(SPEC, row, k) for k in ("level1", "level2", "kind")] == [
        "产出指标",
        "数量指标",
        "＝",
    ]


def test_paste_fills_from_the_cell_and_adds_rows() -> None:
    data = {"rows": [grid.empty_row(SPEC)]}
    block = "指标甲\t≥\t10\t个\t12\t5\n指标乙\t≤\t3\t天\t2\t5\n"
    rows, count = grid.paste(SPEC, data, block, 0, grid.KEYS.index("name"))
    assert count == 2 and len(rows) == 2
    assert rows[0]["name"] == "指标甲" and rows[0]["kind"] == "positive"
    assert (rows[1]["kind"], rows[1]["target"], rows[1]["unit"], rows[1]["weight"]) == (
        "negative",
        "3",
        "天",
        "5",
    )
    assert rows[1]["level1"] == "output"  # a new row takes the levels of the row above
    assert data["rows"][0]["name"] == ""  # the draft is not changed in place


def test_paste_never_writes_the_computed_column() -> None:
    rows, _ = grid.paste(SPEC, {}, "\t\t\t\t\t\t\t\t\t\t\t9.99\tx", 0, 0)
    assert len(rows) == 1 and "9.99" not in rows[0].values()
