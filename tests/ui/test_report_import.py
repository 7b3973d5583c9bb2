"""基于往年报告 → 从 Word/PDF 文件导入 from the start page, and the 未归类内容 page."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from testkit.import_samples import extracted, template_of, truth, write_text
from testkit.window import UI_ID, editor, open_window

from fulian_desktop.context import AppContext
from fulian_desktop.core.check.last_year_mentions import CODE as LAST_YEAR_CODE
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.errors import UserError
from fulian_desktop.importing.importer import import_blocks, read_blocks
from fulian_desktop.importing.source import Block
from fulian_desktop.ui import last_year_notes
from fulian_desktop.ui.main_window import MainWindow
from fulian_desktop.ui.report_import import ImportReportDialog, import_report_file
from fulian_desktop.ui.start_page import StartPage
from fulian_desktop.ui.unplaced_page import UNPLACED_PAGE, UnplacedPage


def test_dialog_preselects_the_guessed_template_and_previews(qtbot, ctx, tmp_path) -> None:
    name, blocks = read_blocks(write_text("003_ziyang_2021", tmp_path))
    dialog = ImportReportDialog(ctx, name, blocks)
    qtbot.addWidget(dialog)
    assert dialog.guessed is not None and dialog.template().id == "hn-ziyang-overall"
    assert "按标题判断最吻合" in dialog.templates.currentItem().text()
    assert "0 段未归类" in dialog.summary.text()
    dialog.last_year.setChecked(True)
    assert "上年数" in dialog.summary.text()
    result = dialog.result()
    assert result.draft.unit.year == 2022 and result.draft.last_year["income_total"] == "132.35"
    dialog.templates.setCurrentRow(1)  # another template: the preview follows
    assert dialog.template().id != "hn-ziyang-overall"


def test_dialog_uses_what_the_worker_placed_and_can_preselect_last_year(
    qtbot, ctx, tmp_path
) -> None:
    from fulian_desktop.ui.import_worker import prepare

    prepared = prepare(
        write_text("003_ziyang_2021", tmp_path), ctx.registry.templates(), lambda _i: None
    )
    dialog = ImportReportDialog(
        ctx, prepared.name, prepared.blocks, prepared=prepared, last_year=True
    )
    qtbot.addWidget(dialog)
    assert dialog.last_year.isChecked() and not dialog.this_year.isChecked()
    assert dialog.template().id == prepared.placed.template.id == "hn-ziyang-overall"
    assert "上年数" in dialog.summary.text()
    result = dialog.result()
    assert result.draft.last_year["income_total"] == "132.35"
    assert result.draft.last_year == dialog.result().draft.last_year  # placed once, reused
    dialog.this_year.setChecked(True)
    assert dialog.result().draft is prepared.placed.draft  # the worker's import itself


def test_import_from_the_start_page_with_an_empty_store(
    qtbot, ctx, monkeypatch, tmp_path, messages, opened
) -> None:
    path = write_text("002_zengcheng_2022", tmp_path)
    monkeypatch.setattr(ImportReportDialog, "ask_path", classmethod(lambda cls, parent: str(path)))
    chosen: list[tuple[str, bool]] = []

    def ask(cls, parent, context, prepared, last_year):  # noqa: ANN001, ANN202
        dialog = cls(
            context, prepared.name, prepared.blocks, parent, prepared=prepared, last_year=last_year
        )
        qtbot.addWidget(dialog)
        chosen.append((dialog.template().id, dialog.last_year.isChecked()))
        return dialog.result()

    monkeypatch.setattr(ImportReportDialog, "ask", classmethod(ask))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    assert ctx.store.list_drafts() == []
    assert page.next_year_button.isEnabled() and page.next_year_button.menu() is not None
    page.import_report_file_action.trigger()  # 文件 › 从 Word/PDF 文件导入…: this year's
    with qtbot.waitSignal(page.current_import.done) as done:
        pass
    assert chosen == [("gz-dept-overall", False)]
    drafts = ctx.store.list_drafts()
    assert len(drafts) == 1 and opened == [drafts[0].id] and done.args == [drafts[0].id]
    assert [r.kind for r in ctx.store.history(drafts[0].id)] == ["import"]
    draft = ctx.store.open(drafts[0].id)
    assert draft.values["budget_total"] == "749.56" and "budget_total" in draft.unconfirmed
    assert messages and "7 节已填入，0 段未归类，15 个数字已读出" in messages[-1][1]


def test_from_last_years_report_preselects_it_and_opens_the_draft_in_front(
    qtbot, ctx, monkeypatch, tmp_path
) -> None:
    path = write_text("002_zengcheng_2022", tmp_path)
    monkeypatch.setattr(ImportReportDialog, "ask_path", classmethod(lambda cls, parent: str(path)))
    preselected: list[bool] = []

    def ask(cls, parent, context, prepared, last_year):  # noqa: ANN001, ANN202
        dialog = cls(
            context, prepared.name, prepared.blocks, parent, prepared=prepared, last_year=last_year
        )
        qtbot.addWidget(dialog)
        preselected.append(dialog.last_year.isChecked())
        assert "上年数" in dialog.summary.text()
        return dialog.result()

    shown: list[tuple[str, object]] = []
    monkeypatch.setattr(ImportReportDialog, "ask", classmethod(ask))
    monkeypatch.setattr(
        StartPage,
        "show_message",
        classmethod(lambda cls, kind, text, parent=None: shown.append((kind, parent))),
    )
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is page)
    page.import_report_action.trigger()  # 基于往年报告 › 从 Word/PDF 文件导入…
    with qtbot.waitSignal(page.current_import.done) as done:
        pass
    draft_id = done.args[0]
    window = page.windows[draft_id]
    try:
        assert preselected == [True]
        draft = ctx.store.open(draft_id)
        assert draft.unit.year == 2023 and draft.last_year["budget_total"] == "749.56"
        assert "budget_total" not in draft.values  # this year's figures stay empty
        # the summary is shown over the new window, and the window ends up in front
        assert shown == [("info", window)]
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        assert not page.isActiveWindow()
    finally:
        window.close()


def test_bad_file_is_refused_in_the_progress_dialog_and_stores_nothing(
    qtbot, ctx, tmp_path, messages
) -> None:
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    page = StartPage(ctx)
    qtbot.addWidget(page)
    job = import_report_file(page, str(picture))
    assert job is not None
    with qtbot.waitSignal(job.done) as done:
        pass
    assert done.args == [None]
    progress = job.progress
    assert progress.isVisible() and progress.refused and not progress.bar.isVisible()
    with pytest.raises(UserError) as refusal:
        read_blocks(picture)
    # the reader's own message, as it is, in the dialog (not a second box)
    assert progress.message.text() == str(refusal.value)
    assert "不是可以导入的文件" in progress.message.text()
    assert progress.cancel_button.text() == "关闭"
    assert messages == [] and ctx.store.list_drafts() == []
    progress.cancel_button.click()
    assert not progress.isVisible()
    qtbot.waitUntil(lambda: not job.running)


def _imported_window(qtbot, ctx: AppContext) -> MainWindow:
    name = "000_panyu_2021"
    template = template_of(truth(name))
    blocks = [
        Block("广州市番禺区妇女联合会2021年部门整体支出绩效自评报告"),
        Block("（本报告经党组会议审议）"),
        Block("一、基本情况"),
        Block("（一）部门概况"),
        Block("番禺区妇联下设办公室、权益部、儿童部。"),
        Block("（三）部门整体收支情况"),
        Block("广州市番禺区妇女联合会2021年度总支出701.5万元，收入701.5万元；年度预算数为732.44万元，预算完成率为95.78%。"),
    ]  # fmt: skip
    result = import_blocks(blocks, template, "test.txt")
    assert result.draft.unplaced == ["（本报告经党组会议审议）"]
    info = ctx.store.create(result.draft, kind="import")
    window = MainWindow(ctx, info.id)
    qtbot.addWidget(window)
    window.show_error = lambda title, text: None  # type: ignore[method-assign]
    window.show()
    qtbot.waitUntil(lambda: window.checked)  # the checks follow the first paint
    return window


def test_unplaced_page_moves_a_paragraph_with_undo(qtbot, ctx) -> None:
    window = _imported_window(qtbot, ctx)
    assert window.navigator.page_order()[-1] == UNPLACED_PAGE
    assert any(i.path == "unplaced" and i.severity == "warning" for i in window.issues)
    window.show_page(UNPLACED_PAGE)
    page = window.current_page()
    assert isinstance(page, UnplacedPage) and len(page.move_buttons) == 1
    actions = {a.text(): a for a in page.move_buttons[0].menu().actions()}
    actions["部门概况"].trigger()
    draft = window.draft
    assert draft.unplaced == []
    assert draft.values["overview_text"].endswith("\n（本报告经党组会议审议）")
    assert page.move_buttons == [] and window.dirty
    window.editing.undo_stack.undo()
    assert draft.unplaced == ["（本报告经党组会议审议）"]
    assert draft.values["overview_text"] == "番禺区妇联下设办公室、权益部、儿童部。"
    page.move_buttons[0].menu().actions()[-1].trigger()  # 不需要（删除这段）
    assert draft.unplaced == []
    window.autosave()
    assert ctx.store.open(window.draft_id).unplaced == []


def test_imported_figures_are_marked_until_confirmed(qtbot, ctx) -> None:
    window = _imported_window(qtbot, ctx)
    draft = window.draft
    assert {"budget_total", "exec_total", "income_total", "rate_total_stated"} <= set(
        draft.unconfirmed
    )
    marks = [i for i in window.issues if i.message == "已导入，请核对"]
    assert {i.path for i in marks} == set(draft.unconfirmed)
    # typing a figure counts as checking it
    window.editing.set_text("budget_total", "732.45")
    assert "budget_total" not in draft.unconfirmed
    window.show_page(UNPLACED_PAGE)
    page = window.current_page()
    assert page.confirm_all_button is not None
    page.confirm_all_button.click()
    assert draft.unconfirmed == []
    window.refresh()
    assert not any(i.code == "imported" for i in window.issues)
    window.editing.undo_stack.undo()
    assert "income_total" in draft.unconfirmed


def test_file_menu_offers_the_import_too(qtbot, ctx) -> None:
    page = StartPage(ctx)
    qtbot.addWidget(page)
    file_menu = page.menuBar().actions()[0].menu()
    texts = [a.text() for a in file_menu.actions()]
    assert "从 Word/PDF 文件导入…" in texts
    assert texts.index("从 Word/PDF 文件导入…") == texts.index("导入草稿文件…") + 1
    # a separate action: from 文件 the file may be this year's report
    assert page.import_report_file_action in file_menu.actions()
    assert page.import_report_action not in file_menu.actions()
    assert page.import_report_action in page.next_year_button.menu().actions()


def _last_years_window(qtbot, ctx: AppContext, last_year: dict[str, str]) -> MainWindow:
    draft = Draft(
        template_id=UI_ID,
        template_version=ctx.registry.get(UI_ID).version,
        unit=UnitIdentity(name="测试区妇女联合会", year=2023),
        values={"part_a": "认真履职。\n2022年完成任务。", "budget": "820"},
        last_year=last_year,
    )
    return open_window(qtbot, ctx, ctx.store.create(draft).id)


def test_figure_fields_show_last_years_figure_beside_them(qtbot, ctx) -> None:
    last = {"budget": "817.15", "rate_stated": "97.7", "staff": "12", "note": "不是数字"}
    window = _last_years_window(qtbot, ctx, last)
    paths = ("budget", "spent", "rate_stated", "staff", "note")
    shown = {path: getattr(editor(window, path), "last_year_note", None) for path in paths}
    assert {p: n.text() for p, n in shown.items() if n is not None} == {
        "budget": "上年：817.15 万元",
        "rate_stated": "上年：97.7%",
        "staff": "上年：12",
    }  # 总支出 has no 上年, and 备注 is not a figure
    budget = editor(window, "budget")
    note = budget.last_year_note
    assert note.isVisible() and note.toolTip() == last_year_notes.TOOLTIP
    # on the box's row, after it and its 万元, and this year's figure is untouched
    assert note.geometry().left() > budget.line.geometry().right()
    assert abs(note.geometry().center().y() - budget.line.geometry().center().y()) <= 4
    assert budget.line.text() == "820" and window.draft.values["budget"] == "820"
    assert window.draft.last_year == last


def test_no_notes_without_last_years_figures(qtbot, ctx) -> None:
    window = _last_years_window(qtbot, ctx, {})
    assert getattr(editor(window, "budget"), "last_year_note", None) is None
    assert not any(i.code == LAST_YEAR_CODE for i in window.issues)


def test_the_window_warns_where_a_text_still_names_last_year(qtbot, ctx) -> None:
    window = _last_years_window(qtbot, ctx, {"budget": "817.15"})
    found = [i for i in window.issues if i.code == LAST_YEAR_CODE]
    assert [(i.path, i.severity) for i in found] == [("part_a", "warning")]
    assert "第 2 段：这段文字仍写着“2022年”，这是去年的年份，请核对是否应改为“2023年”。" in (
        found[0].message
    )
    part_a = editor(window, "part_a")
    assert part_a.marked == "warning" and "2022年" in part_a.issue_label.text()
    assert "自评总结 › 第一部分" in window.describe_place(found[0])


def test_a_template_that_finds_nothing_says_so_and_cannot_be_imported(qtbot, ctx, tmp_path) -> None:
    name, blocks = read_blocks(write_text("003_ziyang_2021", tmp_path))
    dialog = ImportReportDialog(ctx, name, blocks)
    qtbot.addWidget(dialog)
    ids = [dialog.templates.item(i).data(Qt.ItemDataRole.UserRole) for i in range(5)]
    dialog.templates.setCurrentRow(ids.index(UI_ID))  # 界面测试报告: none of its headings
    with pytest.raises(UserError) as refusal:
        import_blocks(blocks, ctx.registry.get(UI_ID), name)
    assert dialog.summary.text() == str(refusal.value) and "没有导入" in str(refusal.value)
    assert not dialog.ok_button.isEnabled()
    dialog.templates.setCurrentRow(ids.index("hn-ziyang-overall"))  # back: 导入 again
    assert dialog.ok_button.isEnabled() and dialog.summary.text().startswith("导入后：")


def test_a_read_only_copy_offers_no_import(qtbot, ctx) -> None:
    second = AppContext.create()  # the store is held by ``ctx``: this copy is read-only
    try:
        assert second.read_only
        page = StartPage(second)
        qtbot.addWidget(page)
        assert not page.next_year_button.isEnabled()
        assert not page.import_report_file_action.isEnabled()
    finally:
        second.close()


def test_a_name_that_is_not_utf8_and_unreadable_characters_reach_the_clerk(
    qtbot, ctx, monkeypatch, tmp_path, messages, opened
) -> None:
    # a file name in GBK bytes on a UTF-8 Linux desktop, and one broken character inside
    name = os.fsdecode("往年报告".encode("gbk") + b".txt")
    path = tmp_path / name
    data = extracted("002_zengcheng_2022").encode("utf-8")
    path.write_bytes(data[:400] + b"\xff" + data[400:])
    monkeypatch.setattr(ImportReportDialog, "ask_path", classmethod(lambda cls, parent: str(path)))

    def ask(cls, parent, context, prepared, last_year):  # noqa: ANN001, ANN202
        dialog = cls(
            context, prepared.name, prepared.blocks, parent, prepared=prepared, last_year=last_year
        )
        qtbot.addWidget(dialog)
        return dialog.result()

    monkeypatch.setattr(ImportReportDialog, "ask", classmethod(ask))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.import_report_file_action.trigger()
    with qtbot.waitSignal(page.current_import.done):
        pass
    drafts = ctx.store.list_drafts()
    assert len(drafts) == 1 and opened == [drafts[0].id]
    note = ctx.store.history(drafts[0].id)[0].note
    assert "\ufffd" in note and note.endswith(".txt”导入")
    warning = messages[-1][1]
    assert "个字符无法识别" in warning and "\ufffd" in warning
    assert not any(0xDC80 <= ord(c) <= 0xDCFF for c in warning)  # no raw bytes of the name
