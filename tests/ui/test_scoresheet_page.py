"""The 绩效自评表 page in the editing window: typing a cell updates the computed
score, the total, the grade and the report's checks at the normal refresh;
rows are added, removed, moved and pasted from Excel; Enter moves down; an
issue double-clicked lands on its cell; sign-off makes the grid read-only."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QAbstractItemView
from testkit.window import open_window

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.scoresheet import grid as grid
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR
from fulian_desktop.ui.navigator import SCORESHEET_PAGE
from fulian_desktop.ui.scoresheet_page import ScoresheetPage


def sample_window(qtbot, ctx, template_id: str = "gz-dept-overall"):
    text = (BUILTIN_TEMPLATES_DIR / template_id / "sample.draft.json").read_text("utf-8")
    draft_id = ctx.store.create(Draft.from_json(text)).id
    win = open_window(qtbot, ctx, draft_id)
    win.refresh_interval = 10
    win.autosave_interval = 50
    win.show_page(SCORESHEET_PAGE)
    page = win.current_page()
    assert isinstance(page, ScoresheetPage)
    return win, page


def col(key: str) -> int:
    return grid.KEYS.index(key)


def edit_cell(page: ScoresheetPage, row: int, key: str, text: str) -> None:
    page.table.item(row, col(key)).setText(text)  # as the default delegate commits


def test_page_shows_the_sample_table_and_total(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    assert win.navigator.page_order()[-1] == SCORESHEET_PAGE
    assert win.navigator.status(SCORESHEET_PAGE) == "done"
    assert page.table.rowCount() == 15  # the rows and an empty one for adding
    assert page.table.verticalHeaderItem(14).text() == "＊"
    assert page.table.item(0, col("level1")).text() == "产出指标"
    assert page.table.item(0, col("kind")).text() == "≥"
    assert page.table.item(5, grid.COMPUTED_COLUMN).text() == "5.83"
    assert "92.50" in page.total_label.text() and "优" in page.total_label.text()
    assert page.rate_label.text() == "97.70%"
    assert page.budget_values["adjusted"].text() == "817.15"  # the report's own figure
    win.close()


def test_editing_a_cell_updates_score_total_grade_and_report_checks(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    edit_cell(page, 0, "actual", "50")  # 宣讲 50 of 100 场, weight 8 → 4
    assert win.draft.scoresheet["rows"][0]["actual"] == "50"
    qtbot.waitUntil(
        lambda: page.table.item(0, grid.COMPUTED_COLUMN).text() == "4.00", timeout=60000
    )
    assert page.table.item(0, col("score")).text() == "4.00"
    assert "88.50" in page.total_label.text() and "良" in page.total_label.text()
    wanted = {"score", "scoresheet.total", "scoresheet.rows[0].reason"}
    qtbot.waitUntil(
        lambda: wanted <= {i.path for i in win.issues if i.severity == "error"}, timeout=60000
    )
    # the missing 偏差原因 is a red cell with the message as its tooltip
    reason = page.table.item(0, col("reason"))
    assert reason.background().color().name() == "#f8d7da"
    assert "偏差原因" in reason.toolTip()
    assert win.navigator.status(SCORESHEET_PAGE) == "error"
    # undo puts the figure back
    win.editing.undo_stack.undo()
    assert win.draft.scoresheet["rows"][0]["actual"] == "126"
    qtbot.waitUntil(lambda: "92.50" in page.total_label.text(), timeout=60000)
    win.close()


def test_add_move_remove_rows(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    page.table.setCurrentCell(1, 0)
    page.buttons["add"].click()
    rows = win.draft.scoresheet["rows"]
    assert len(rows) == 15 and rows[2]["name"] == "" and rows[2]["level2"] == "quantity"
    assert page.table.currentRow() == 2
    edit_cell(page, 2, "name", "新指标")
    page.buttons["up"].click()
    assert [r["name"] for r in win.draft.scoresheet["rows"][1:3]] == [
        "新指标",
        "家庭教育指导活动场次",
    ]
    page.table.setCurrentCell(1, 0)
    page.table.selectRow(1)
    page.buttons["remove"].click()
    assert len(win.draft.scoresheet["rows"]) == 14
    assert "新指标" not in [r["name"] for r in win.draft.scoresheet["rows"]]
    win.close()


def test_paste_a_block_copied_from_excel(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    block = (
        "产出指标\t数量指标\t举办培训班期数\t≥\t10\t期\t12\t8\t\t\n"
        '\t\t"开展“送法进家庭”\n活动场次"\t≥\t20\t场\t16\t4\t\t场地调整，部分活动推迟\n'
        "效益指标\t社会效益指标\t群众知晓率\t定性\t明显提高\t\t部分达成\t6\t4.2\t宣传覆盖面不足\n"
    )
    page.table.setCurrentCell(14, 0)  # below the last row: adds rows
    QGuiApplication.clipboard().setText(block)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    rows = win.draft.scoresheet["rows"]
    assert len(rows) == 17
    assert rows[14]["level1"] == "output" and rows[14]["level2"] == "quantity"
    assert rows[15]["level2"] == "quantity"  # merged cells copy as empty: as above
    assert rows[15]["name"] == "开展“送法进家庭”\n活动场次"
    assert rows[16]["kind"] == "qualitative" and rows[16]["grade"].startswith("部分达成")
    qtbot.waitUntil(
        lambda: page.table.item(15, grid.COMPUTED_COLUMN).text() == "3.20", timeout=60000
    )
    win.close()


def test_enter_moves_down_and_tab_moves_right(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    page.table.setFocus()
    page.table.setCurrentCell(0, col("actual"))
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert (page.table.currentRow(), page.table.currentColumn()) == (1, col("actual"))
    qtbot.keyClick(page.table, Qt.Key.Key_Tab)
    assert (page.table.currentRow(), page.table.currentColumn()) == (1, col("weight"))
    # typing starts editing; Enter commits and moves down, as in Excel
    qtbot.keyClicks(page.table, "7")
    assert page.table.state() == QAbstractItemView.State.EditingState
    qtbot.keyClick(page.table.focusWidget(), Qt.Key.Key_Return)
    # Qt commits the editor's text through a queued call
    qtbot.waitUntil(lambda: win.draft.scoresheet["rows"][1]["weight"] == "7", timeout=60000)
    assert page.table.currentRow() == 2
    win.close()


def test_issue_goes_to_its_cell_and_is_described(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    edit_cell(page, 3, "reason", "")
    win.refresh()
    (issue,) = [i for i in win.issues if i.path == "scoresheet.rows[3].reason"]
    assert win.describe_place(issue).startswith("绩效自评表 › 第 4 行")
    win.show_page("overview")
    win.go_to_issue(issue)
    assert win.current_page() is page
    assert (page.table.currentRow(), page.table.currentColumn()) == (3, col("reason"))
    win.close()


def test_manual_scores_and_typed_budget_on_the_redbook(qtbot, ctx):
    win, page = sample_window(qtbot, ctx, "fs-sanshui-redbook")
    assert page.budget_edits["executed"].text() == "131.42"  # typed in the table
    page.budget_edits["executed"].setText("120")
    page.budget_edits["executed"].textEdited.emit("120")
    qtbot.waitUntil(lambda: page.rate_label.text() == "87.72%", timeout=60000)
    win.refresh()
    assert any(i.path == "scoresheet.budget.reason" for i in win.issues)
    edit_cell(page, 3, "score", "5.5")  # differs from the computed 5.00
    win.refresh()
    assert page.table.item(3, col("score")).background().color().name() == "#fff3cd"
    assert page.table.item(3, grid.COMPUTED_COLUMN).text() == "5.00"
    win.close()


def test_signed_off_grid_is_read_only(qtbot, ctx):
    win, page = sample_window(qtbot, ctx)
    win.set_read_only(True)
    assert page.table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert not page.buttons["add"].isEnabled()
    before = json.dumps(win.draft.scoresheet, sort_keys=True)
    page.paste("产出指标\t数量指标\t新\n")
    assert json.dumps(win.draft.scoresheet, sort_keys=True) == before
    win.close()


def test_total_matches_the_core(qtbot, ctx):
    from fulian_desktop.core.scoresheet.scoring import score_draft

    win, page = sample_window(qtbot, ctx, "hn-ziyang-overall")
    result = score_draft(win.template, win.draft)
    assert result is not None and result.total == Decimal("95.50")
    assert "95.50" in page.total_label.text()
    win.close()


@pytest.mark.parametrize(
    "template_id", ["gz-dept-overall", "hn-ziyang-overall", "fs-sanshui-redbook"]
)
def test_page_fits_the_form_column_on_a_small_screen(qtbot, ctx, template_id):
    """At 1366×768 the budget block, 帮助 and the 分值 / 得分 figures stay in sight:
    only the grid scrolls sideways."""
    win, page = sample_window(qtbot, ctx, template_id)
    win.resize(1366, 768)
    qtbot.waitUntil(lambda: page.viewport().width() < 700)
    assert page.inner.minimumSizeHint().width() <= page.viewport().width()
    assert page.horizontalScrollBar().maximum() == 0
    link = page.help_link.geometry()
    assert link.right() <= page.viewport().width()


def test_preview_never_breaks_a_figure_in_a_table_cell(qtbot, ctx):
    """The preview's narrow 分值 / 得分 columns broke 10.00 into “10.0” and “0”."""
    import re

    win, _page = sample_window(qtbot, ctx)
    win.resize(1366, 768)
    document = win.preview.document()
    layout = document.documentLayout()
    figures = split = 0
    block = document.begin()
    while block.isValid():
        if re.fullmatch(r"[\d.,%]+", block.text()):
            layout.blockBoundingRect(block)  # lays the block out
            figures += 1
            split += block.layout().lineCount() > 1
        block = block.next()
    assert figures > 50  # the 自评表 attachment's figures are in the preview
    assert split == 0
