"""Field editors: invalid input is kept and marked, counters, paste cleanup,
一键规范 with undo, repeatable groups, computed values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData
from PySide6.QtGui import QColor
from testkit.window import editor, new_draft, open_window, type_into

from fulian_desktop.core.text import textstats
from fulian_desktop.ui.fields.group import GroupEditor
from fulian_desktop.ui.fields.longtext import LongTextEditor

MESSY = "一、总体情况\n本单位今年完成了\n各项任务,成效明显。\x07"


def paste(field: LongTextEditor, text: str) -> None:
    data = QMimeData()
    data.setText(text)
    field.text_edit.insertFromMimeData(data)


def test_money_editor_keeps_and_marks_bad_input(qtbot, window):
    field = editor(window, "budget")
    type_into(field, "7o1.5")
    assert window.draft.text("budget") == "7o1.5"  # never lost, never blocked
    assert field.marked == "error"  # at once, before validation runs
    assert "7o1.5" in field.line.toolTip()
    qtbot.waitUntil(lambda: any(i.path == "budget" for i in window.issues))
    assert field.marked == "error" and field.issue_label.isVisible()
    assert field.line.text() == "7o1.5"
    type_into(field, "701.50")
    qtbot.waitUntil(lambda: field.marked == "")
    assert field.line.toolTip() == ""


def test_score_editor_marks_out_of_range(qtbot, window):
    field = editor(window, "score")
    type_into(field, "120")
    qtbot.waitUntil(lambda: field.marked == "error")
    assert "100" in field.line.toolTip()
    type_into(field, "abc")
    assert field.marked == "error" and field.line.toolTip()
    type_into(field, "94.08")
    qtbot.waitUntil(lambda: field.marked == "")


def test_phone_warning_and_choice(qtbot, window):
    tel = editor(window, "tel")
    type_into(tel, "12")
    qtbot.waitUntil(lambda: tel.marked != "")
    grade = editor(window, "grade")
    type_into(grade, "良")
    assert window.draft.text("grade") == "良"


def test_counter_follows_typing_and_pasting(qtbot, window):
    field = editor(window, "detail")  # max_length 10
    qtbot.keyClicks(field.text_edit, "APP 2023")
    assert field.counter.text() == "2 / 10 字"
    paste(field, "东京2024奥运会。")
    assert field.counter.text() == f"{textstats.count('APP 2023东京2024奥运会。')} / 10 字"
    assert field.counter.property("over") is False
    paste(field, "超过字数限制了")
    assert field.counter.property("over") is True  # red past the limit


def test_shared_cap_counter(qtbot, window):
    part_a = editor(window, "part_a")
    part_b = window.current_page().editor_for("part_b")
    type_into(part_a, "一二三四五六七八九十")
    assert "自评总结合计 10 / 20 字" in part_a.counter.text()
    type_into(part_b, "一二三四五六七八九十一二")
    assert "自评总结合计 22 / 20 字" in part_a.counter.text()  # the other part moved it
    assert part_a.counter.property("over") is True
    assert "本段 12 字" in part_b.counter.text()


def test_paste_is_cleaned(qtbot, window):
    field = editor(window, "part_a")
    paste(field, MESSY)
    assert field.text_edit.toPlainText() == textstats.normalise_pasted(MESSY)
    assert "\x07" not in window.draft.text("part_a")


def test_normalise_page_is_one_undoable_step(qtbot, window):
    part_a = editor(window, "part_a")
    part_b = window.current_page().editor_for("part_b")
    type_into(part_a, MESSY)  # typed, not pasted: stays as it is
    type_into(part_b, "第二段,有半角逗号")
    assert window.draft.text("part_a") == MESSY
    assert window.normalise_page() == 2
    assert part_a.text_edit.toPlainText() == textstats.normalise_pasted(MESSY)
    assert window.draft.text("part_b") == textstats.normalise_pasted("第二段,有半角逗号")
    window.undo_action.trigger()
    assert window.draft.text("part_a") == MESSY
    assert part_b.text_edit.toPlainText() == "第二段,有半角逗号"
    window.redo_action.trigger()
    assert window.draft.text("part_a") == textstats.normalise_pasted(MESSY)


def test_group_add_remove_move_duplicate(qtbot, window):
    group = editor(window, "tasks")
    assert isinstance(group, GroupEditor)
    group.add_button.click()
    group.add_button.click()
    assert len(group.boxes) == 2
    assert group.boxes[0].title() == "任务（一）"
    type_into(group.boxes[0].editors[0], "第一项")
    type_into(group.boxes[1].editors[0], "第二项")
    assert [i["name"] for i in window.draft.items("tasks")] == ["第一项", "第二项"]

    group.boxes[1].up.click()
    assert [i["name"] for i in window.draft.items("tasks")] == ["第二项", "第一项"]
    assert group.boxes[0].editors[0].line.text() == "第二项"
    assert not group.boxes[0].up.isEnabled() and not group.boxes[1].down.isEnabled()

    group.boxes[0].copy.click()
    assert [i["name"] for i in window.draft.items("tasks")] == ["第二项", "第二项", "第一项"]
    type_into(group.boxes[1].editors[0], "复制后改")
    assert window.draft.items("tasks")[0]["name"] == "第二项"  # a real copy

    group.boxes[0].remove.click()
    assert [i["name"] for i in window.draft.items("tasks")] == ["复制后改", "第一项"]
    window.undo_action.trigger()  # removing is undoable
    assert len(window.draft.items("tasks")) == 3


def test_group_item_issues_are_marked(qtbot, window):
    group = editor(window, "tasks")
    group.add_button.click()
    type_into(group.boxes[0].editors[1], "只写了完成情况")
    qtbot.waitUntil(lambda: group.boxes[0].editors[0].marked == "error")
    assert "任务名称" in group.boxes[0].editors[0].line.toolTip()


def test_computed_value_with_difference(qtbot, window):
    type_into(editor(window, "budget"), "732.44")
    type_into(editor(window, "spent"), "701.5")
    type_into(editor(window, "rate_stated"), "95.00")
    view = window.current_page().computed_views[0]
    qtbot.waitUntil(lambda: "相差" in view.check_label.text())
    assert "95.78%" in view.value_label.text()
    assert "总支出 ÷ 年度预算数 × 100%" in view.formula.text()
    assert "相差 -0.78" in view.check_label.text()
    type_into(editor(window, "rate_stated"), "95.78")
    qtbot.waitUntil(lambda: "一致" in view.check_label.text())


def test_unit_page_year_kept_when_invalid(qtbot, window):
    year = editor(window, "unit.year")
    type_into(year, "二〇二三")
    assert year.line.text() == "二〇二三"
    assert year.marked == "error"
    type_into(year, "2022")
    assert window.draft.unit.year == 2022 and year.marked == ""


def test_optional_section_toggle(qtbot, ctx):
    # the built-in templates have optional sections; the ui template does not
    from fulian_desktop.core.template.model import Section

    win = None
    for template_id in ctx.registry.entries:
        template = ctx.registry.get(template_id)
        optional = [s for s, _ in template.walk() if s.optional and s.fields]
        if optional:
            win = open_window(qtbot, ctx, new_draft(ctx, template_id))
            section: Section = optional[0]
            break
    if win is None:
        pytest.skip("no template with an optional section")
    win.show_page(section.id)
    page = win.current_page()
    page.include.setChecked(False)
    assert win.draft.sections[section.id] is False
    assert not page.top_editors[0].isEnabled()
    assert win.navigator.status(section.id) in ("off", "error", "warning", "empty", "done")
    win.refresh()
    assert win.navigator.status(section.id) == "off"
    assert win.navigator.items[section.id].foreground(0).color() == QColor("#9e9e9e")
    win.close()
