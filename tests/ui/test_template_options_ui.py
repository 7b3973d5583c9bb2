"""The options of issue 17 in the window: the unit's short name on 单位信息,
and the navigator numbering sections as the report prints them."""

from __future__ import annotations

from pathlib import Path

from testkit.window import editor, open_window, type_into

from fulian_desktop.core.draft.model import Draft

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "gz-dept-overall" / "sample.draft.json"


def test_short_name_and_fixed_numbering(qtbot, ctx) -> None:
    draft_id = ctx.store.create(Draft.from_json(SAMPLE.read_text(encoding="utf-8"))).id
    window = open_window(qtbot, ctx, draft_id)
    type_into(editor(window, "unit.short_name"), "青禾区妇联")
    assert window.draft.unit.short_name == "青禾区妇联"
    # remembered for the next 新建报告, like the other 单位信息
    assert ctx.settings.unit_defaults(2024).short_name == "青禾区妇联"
    window.editing.set_option("title_name", "short")
    window.refresh()
    assert window.preview.document_model.title.startswith("青禾区妇联2023年")

    window.editing.set_section_enabled("key_task", False)
    window._update_numbers()
    assert window.navigator.items["results"].text(0) == "（三）主要工作成效"
    window.editing.set_option("numbering", "fixed")
    assert window.navigator.items["results"].text(0) == "（四）主要工作成效"
    assert window.navigator.items["key_task"].text(0) == "重点任务项目支出完成情况分析"
    assert window.autosave()
    window.close()
    saved = ctx.store.open(draft_id)
    assert saved.unit.short_name == "青禾区妇联" and saved.options["numbering"] == "fixed"
