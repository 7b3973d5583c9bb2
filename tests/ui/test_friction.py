"""What confused or slowed the clerk in the window (issue 12), one test each."""

from __future__ import annotations

import re

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QMenu,
    QPushButton,
    QStyle,
    QStyleOptionComboBox,
    QToolBar,
    QToolButton,
)
from testkit.window import UI_ID, editor, new_draft, open_window, type_into

from fulian_desktop.core.issues import Issue
from fulian_desktop.settings import load_settings
from fulian_desktop.storage.records import RevisionInfo
from fulian_desktop.ui.dialogs.history import HistoryDialog
from fulian_desktop.ui.dialogs.new_report import NewReport, NewReportDialog
from fulian_desktop.ui.section_page import UNIT_PAGE, parent_only
from fulian_desktop.ui.start_page import StartPage


def gz_window(qtbot, ctx, **values):
    win = open_window(qtbot, ctx, new_draft(ctx, "gz-dept-overall", **values))
    return win


def test_unit_page_answers_reach_the_next_new_report(qtbot, ctx, window):
    type_into(editor(window, "unit.phone"), "020-88889999")
    type_into(editor(window, "unit.filler"), "王芳")
    window.autosave()
    dialog = NewReportDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.phone.text() == "020-88889999"
    assert dialog.filler.text() == "王芳"
    saved = load_settings(ctx.paths.settings_file)  # and on disk, for the next start
    assert (saved.phone, saved.filler) == ("020-88889999", "王芳")


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&(\w)", text.replace("&&", ""))
    return match.group(1).upper() if match else None


def test_every_shown_shortcut_letter_works_and_none_clash(window):
    toolbar = window.findChild(QToolBar)
    for action in toolbar.actions():
        button = toolbar.widgetForAction(action)
        if isinstance(button, QToolButton) and action.isVisible():
            # a toolbar button cannot take Alt+letter: it must not show "(E)"
            assert not re.search(r"\(\w\)", button.text()), button.text()
            assert "…" not in button.text()
    # Alt+letter at window level: menu titles and the push buttons
    window_level = [_mnemonic(m.title()) for m in window.menuBar().findChildren(QMenu)]
    window_level += [_mnemonic(b.text()) for b in window.findChildren(QPushButton) if b.isVisible()]
    letters = [x for x in window_level if x]
    assert len(letters) == len(set(letters)), letters
    for menu in window.menuBar().findChildren(QMenu):  # inside each menu
        inside = [_mnemonic(a.text()) for a in menu.actions() if a.text()]
        inside = [x for x in inside if x]
        assert len(inside) == len(set(inside)), (menu.title(), inside)


def test_an_inline_message_does_not_move_the_fields_below(qtbot, window):
    budget = editor(window, "budget")
    spent = window.current_page().editor_for("spent")
    window.current_page().apply_issues([])
    QApplication.processEvents()
    before = spent.mapTo(window, spent.rect().topLeft())
    budget.set_issues([Issue("error", "budget", "“年度预算数”未填写", "大纲要求填写此项")])
    QApplication.processEvents()
    assert budget.issue_label.text()
    assert spent.mapTo(window, spent.rect().topLeft()) == before
    budget.set_issues([])
    QApplication.processEvents()
    assert spent.mapTo(window, spent.rect().topLeft()) == before


def test_a_warning_is_drawn_in_a_warning_colour_not_red(qtbot, window):
    field = editor(window, "tel")
    field.set_issues([Issue("warning", "tel", "看起来不是有效的电话号码")])
    QApplication.processEvents()
    assert field.marked == "warning"
    colour = field.issue_label.palette().color(QPalette.ColorRole.WindowText)
    assert colour.red() > colour.blue() and colour.green() > 0x40  # amber/brown, not #b00020
    field.set_issues([Issue("error", "tel", "错")])
    QApplication.processEvents()
    error_colour = field.issue_label.palette().color(QPalette.ColorRole.WindowText)
    assert error_colour != colour and error_colour.green() < 0x20


def test_one_piece_of_advice_is_printed_once(window):
    field = editor(window, "detail")
    hint = "请精简文字（按 Word 的“字数”统计）"
    field.set_issues(
        [
            Issue("error", "detail", "共 31 字，超过上限", hint),
            Issue("warning", "detail", "另一处", hint),
        ]
    )
    assert field.issue_label.text().count(hint) == 1


def test_after_new_report_the_new_row_is_selected(qtbot, ctx, monkeypatch):
    first = new_draft(ctx, UI_ID)
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.refresh()
    assert page.selected_id() == first
    unit = ctx.settings.unit_defaults(2024).model_copy(update={"name": "新的单位"})
    monkeypatch.setattr(
        NewReportDialog, "ask", classmethod(lambda cls, parent, c: NewReport(UI_ID, unit, False))
    )
    monkeypatch.setattr(StartPage, "open_draft", lambda self, draft_id: None)
    created = page.new_report()
    assert created and created != first
    assert page.selected_id() == created  # 打开 now opens the new report


def test_grade_picker_shows_its_whole_text_when_marked(qtbot, window):
    field = editor(window, "grade")
    field.set_issues([Issue("error", "grade", "请选择等次")])
    QApplication.processEvents()
    combo = field.combo
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    room = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    widest = max(
        combo.fontMetrics().horizontalAdvance(combo.itemText(i)) for i in range(combo.count())
    )
    assert room.width() >= widest, (room.width(), widest)


def test_option_labels_show_the_unit_not_placeholders(qtbot, ctx):
    win = gz_window(qtbot, ctx)
    win.show_page(UNIT_PAGE)
    page = win.current_page()
    texts = [
        c.itemText(i)
        for c in page.option_widgets
        if hasattr(c, "itemText")
        for i in range(c.count())
    ]
    assert texts and not any("{" in t for t in texts)
    assert any("测试区妇女联合会2023年" in t for t in texts)
    type_into(editor(win, "unit.name"), "番禺区妇联")
    texts = [
        c.itemText(i)
        for c in page.option_widgets
        if hasattr(c, "itemText")
        for i in range(c.count())
    ]
    assert any("番禺区妇联2023年" in t for t in texts)
    win.close()


def test_next_passes_by_pages_that_only_point_at_their_subsections(qtbot, ctx):
    win = gz_window(qtbot, ctx)
    walk = [s for s, _ in win.template.walk()]
    parents = [s for s in walk if parent_only(s)]
    assert parents
    visited = []
    win.show_page(UNIT_PAGE)
    while win.next_button.isEnabled():
        win.next_page()
        visited.append(win.current_page().page_id)
    assert not {p.id for p in parents} & set(visited)
    assert visited[: len(walk) - len(parents)] == [s.id for s in walk if not parent_only(s)]
    assert visited == win.navigator.page_order()[1:]  # (then the 绩效自评表 page, if any)
    while win.prev_button.isEnabled():
        win.previous_page()
    assert win.current_page().page_id == UNIT_PAGE
    win.show_page(parents[0].id)  # chosen in the navigator: 下一步 goes into it
    win.next_page()
    assert win.current_page().page_id == parents[0].sections[0].id
    win.close()


def test_history_shows_no_content_hash(qtbot, ctx, window):
    draft_id = window.draft_id
    window.draft.values["note"] = "定稿前的最后修改"
    ctx.store.save(
        draft_id, window.draft, kind="manual", note="定稿：王芳，2024-03-01，内容摘要 6ac3a978c2a7"
    )
    dialog = HistoryDialog(ctx, draft_id)
    qtbot.addWidget(dialog)
    notes = [dialog.tree.topLevelItem(i).text(2) for i in range(dialog.tree.topLevelItemCount())]
    assert any("定稿：王芳，2024-03-01" in n for n in notes)
    assert not any(re.search(r"[0-9a-f]{8}", n) or "摘要" in n for n in notes), notes
    assert isinstance(ctx.store.history(draft_id)[0], RevisionInfo)


def test_spending_above_budget_is_a_warning(qtbot, ctx):
    win = gz_window(
        qtbot,
        ctx,
        budget_basic="100",
        budget_project="30",
        budget_total="130",
        exec_basic="90",
        exec_project="40",
        exec_total="130",
    )
    win.draft.options["budget_style"] = "split"
    win.refresh()
    found = [i for i in win.issues if i.path == "exec_project"]
    assert [(i.severity, i.code) for i in found] == [("warning", "rule")]
    assert "超过预算" in found[0].message
    assert not [i for i in win.issues if i.path == "exec_total" and i.code == "rule"]  # 100 %
    field = editor(win, "exec_project")
    assert field.marked == "warning"
    win.close()


def test_normalise_says_what_changed_and_undoes(qtbot, window):
    assert "全角" in window.normalise_action.toolTip()
    assert window.normalise_action.toolTip() != window.normalise_action.text()
    field = editor(window, "part_a")
    type_into(field, "本单位ＡＢＣ 完成 任务,很好")
    assert window.normalise_page() == 1
    note = window.note.text()
    assert "全角字母、数字改为半角 3 个" in note and "标点改为中文全角" in note
    assert window.draft.text("part_a") == "本单位ABC完成任务，很好"
    window.note.button.click()  # 撤销
    assert window.draft.text("part_a") == "本单位ＡＢＣ 完成 任务,很好"
    assert window.note.text() == ""


def test_paste_clean_up_says_what_changed_and_can_be_undone(qtbot, window):
    field = editor(window, "part_a")
    data = QMimeData()
    data.setText("完成率９５％, 良好😀!")
    field.text_edit.insertFromMimeData(data)
    assert window.draft.text("part_a") == "完成率95%，良好😀！"
    assert "全角字母、数字改为半角" in window.note.text()
    window.note.button.click()  # 恢复原样
    assert window.draft.text("part_a") == "完成率９５％, 良好😀!"


def test_characters_the_official_fonts_cannot_print_are_warned(qtbot, window):
    type_into(editor(window, "part_a"), "工作很好😀✓")
    window.refresh()
    (glyph,) = [i for i in window.issues if i.code == "glyph"]
    assert glyph.severity == "warning" and glyph.path == "part_a"
    assert "😀" in glyph.message and "✓" in glyph.message
