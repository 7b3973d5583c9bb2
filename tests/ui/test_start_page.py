from __future__ import annotations

from pathlib import Path

import pytest
from testkit.shell import MINI_ID, add_draft, make_context

from fulian_desktop.context import AppContext
from fulian_desktop.storage.files import export_draft_file
from fulian_desktop.storage.store import SESSION_MARKER
from fulian_desktop.ui.dialogs.new_report import NewReportDialog, PickDraftDialog
from fulian_desktop.ui.dialogs.recovery import RecoveryDialog
from fulian_desktop.ui.start_page import StartPage


def rows(page: StartPage) -> list[list[str]]:
    tree = page.drafts
    return [
        [tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
        for i in range(tree.topLevelItemCount())
    ]


def test_lists_drafts_newest_first(qtbot, ctx: AppContext) -> None:
    add_draft(ctx, unit="甲区妇联", year=2022)
    add_draft(ctx, unit="乙区妇联", year=2023)
    page = StartPage(ctx)
    qtbot.addWidget(page)
    listed = rows(page)
    assert [r[:4] for r in listed] == [
        ["乙区妇联", "2023", "测试区 · 测试用报告", "草稿"],
        ["甲区妇联", "2022", "测试区 · 测试用报告", "草稿"],
    ]
    assert all(len(r[4]) == 16 for r in listed)  # YYYY-MM-DD HH:MM
    assert page.empty_hint.isHidden()


def test_empty_store_shows_the_hint(qtbot, ctx: AppContext) -> None:
    page = StartPage(ctx)
    qtbot.addWidget(page)
    assert rows(page) == []
    assert not page.empty_hint.isHidden()
    # 基于往年报告 still offers 从 Word/PDF 文件导入; only 从本机草稿 needs a draft
    assert page.next_year_button.isEnabled()
    assert not page.last_year_draft_action.isEnabled()
    assert page.import_report_action.isEnabled()


def test_new_report_takes_unit_identity_from_settings(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    ctx.settings.unit_name = "广州市某区妇女联合会"
    ctx.settings.filler = "李丽"
    ctx.settings.phone = "020-12345678"
    seen: dict[str, str] = {}

    def answer(cls, parent, context):
        dialog = NewReportDialog(context, parent)
        qtbot.addWidget(dialog)
        dialog._select(MINI_ID)
        seen["name"] = dialog.unit_name.text()
        seen["outline"] = dialog.outline.topLevelItem(0).child(1).text(0)
        dialog.position.setText("科员")
        return dialog.result_choice()

    monkeypatch.setattr(NewReportDialog, "ask", classmethod(answer))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    draft_id = page.new_report()
    assert seen == {"name": "广州市某区妇女联合会", "outline": "其他情况（可选）"}
    assert opened == [draft_id]
    draft = ctx.store.open(draft_id)
    assert (draft.unit.name, draft.unit.filler, draft.unit.position, draft.unit.phone) == (
        "广州市某区妇女联合会",
        "李丽",
        "科员",
        "020-12345678",
    )
    assert draft.values == {"summary": "暂无"}  # the template's default
    assert ctx.settings.position == "科员" and ctx.settings.last_template == MINI_ID
    assert rows(page)[0][0] == "广州市某区妇女联合会"


def test_new_report_cancelled_creates_nothing(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NewReportDialog, "ask", classmethod(lambda cls, parent, context: None))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    assert page.new_report() is None
    assert ctx.store.list_drafts() == []


def test_import_refuses_a_bad_file_with_one_message(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages
) -> None:
    bad = tmp_path / "报告.fldraft"
    bad.write_text("这不是草稿", encoding="utf-8")
    monkeypatch.setattr(StartPage, "ask_import_path", classmethod(lambda cls, parent: str(bad)))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    assert page.import_file() is None
    assert len(messages) == 1
    kind, text = messages[0]
    assert kind == "warning" and "报告.fldraft" in text and "不是草稿文件" in text
    assert ctx.store.list_drafts() == []


def test_import_of_a_known_draft_adds_a_revision(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, messages
) -> None:
    draft_id = add_draft(ctx)
    path = export_draft_file(ctx.store, tmp_path / "草稿", draft_id=draft_id)
    monkeypatch.setattr(StartPage, "ask_import_path", classmethod(lambda cls, parent: str(path)))
    page = StartPage(ctx)
    qtbot.addWidget(page)
    assert page.import_file() == draft_id
    assert [r.kind for r in ctx.store.history(draft_id)] == ["import", "manual"]
    assert len(messages) == 1 and "新版本" in messages[0][1]


def test_from_last_year_keeps_stable_fields(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    old = add_draft(ctx, unit="某区妇联", year=2023, text="本单位是群团组织。")
    monkeypatch.setattr(
        PickDraftDialog, "ask", classmethod(lambda cls, parent, context, drafts: drafts[0].id)
    )
    page = StartPage(ctx)
    qtbot.addWidget(page)
    new_id = page.from_last_year()
    assert new_id is not None and new_id != old and opened == [new_id]
    draft = ctx.store.open(new_id)
    assert draft.unit.year == 2024
    assert draft.values == {"overview": "本单位是群团组织。"}


def test_delete_moves_to_recycle_bin_and_back(
    qtbot, ctx: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft_id = add_draft(ctx)
    questions: list[str] = []
    monkeypatch.setattr(
        StartPage, "confirm", classmethod(lambda cls, parent, text: questions.append(text) or True)
    )
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.delete_or_restore()
    assert "回收站" in questions[0]
    assert rows(page) == [] and ctx.store.get(draft_id).in_recycle_bin
    page.recycle.setChecked(True)
    assert len(rows(page)) == 1 and page.delete_button.text() == "还原"
    page.delete_or_restore()
    assert not ctx.store.get(draft_id).in_recycle_bin


def test_double_click_opens_once(qtbot, ctx: AppContext, opened: list[str]) -> None:
    draft_id = add_draft(ctx)
    page = StartPage(ctx)
    qtbot.addWidget(page)
    item = page.drafts.topLevelItem(0)
    page.drafts.itemDoubleClicked.emit(item, 0)
    page.drafts.itemDoubleClicked.emit(item, 0)
    assert opened == [draft_id]  # the second time brings the same window forward
    page.windows[draft_id].close()
    qtbot.waitUntil(lambda: draft_id not in page.windows)


def test_recovery_offer_after_a_crash(
    qtbot, monkeypatch: pytest.MonkeyPatch, opened: list[str]
) -> None:
    first = make_context()
    draft_id = add_draft(first)
    draft = first.store.open(draft_id)
    first.store.save(draft_id, draft.model_copy(update={"values": {"overview": "新写的"}}))
    first.close()
    (first.paths.data / SESSION_MARKER).write_text("{}", encoding="utf-8")  # as a crash leaves it

    offered: list[list[str]] = []

    def answer(cls, parent, context, candidates):
        offered.append([d for d, _rev in candidates])
        return True

    monkeypatch.setattr(RecoveryDialog, "ask", classmethod(answer))
    ctx = AppContext.create()
    try:
        page = StartPage(ctx)
        qtbot.addWidget(page)
        assert page.offer_recovery() == [draft_id]
        assert page.offer_recovery() == []  # offered once
        assert offered == [[draft_id]] and opened == [draft_id]
    finally:
        ctx.close()


def test_second_copy_is_read_only(qtbot, ctx: AppContext) -> None:
    add_draft(ctx)
    second = AppContext.create()
    try:
        assert second.read_only and any("只读" in n for n in second.notices)
        page = StartPage(second)
        qtbot.addWidget(page)
        assert len(rows(page)) == 1
        assert not page.new_button.isEnabled() and not page.delete_button.isEnabled()
        assert "只读" in page.banner.text()
    finally:
        second.close()


def test_real_editor_window_opens_and_closes(qtbot, ctx: AppContext) -> None:
    draft_id = ctx.sample_draft("gz-dept-overall")
    page = StartPage(ctx)
    qtbot.addWidget(page)
    page.show()
    window = page.open_draft(draft_id)
    assert type(window).__name__ == "MainWindow" and page.windows == {draft_id: window}
    window.close()
    qtbot.waitUntil(lambda: page.windows == {})
    assert rows(page)[0][0] == ctx.store.get(draft_id).unit
