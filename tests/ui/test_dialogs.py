from __future__ import annotations

import json

import pytest
from testkit.shell import add_draft

from fulian_desktop import __version__
from fulian_desktop.context import AppContext
from fulian_desktop.errors import UserError
from fulian_desktop.render.styles import load_profile
from fulian_desktop.ui.dialogs.about import AboutDialog
from fulian_desktop.ui.dialogs.history import HistoryDialog
from fulian_desktop.ui.dialogs.settings import SettingsDialog
from fulian_desktop.ui.fonts import check_profile_fonts, missing_fonts, missing_fonts_message

# -- 历史版本 ----------------------------------------------------------------


def test_history_lists_revisions_in_chinese_and_restores_as_a_new_one(
    qtbot, ctx: AppContext
) -> None:
    draft_id = add_draft(ctx, text="第一稿")
    first = ctx.store.get(draft_id).current_revision
    draft = ctx.store.open(draft_id)
    ctx.store.save(draft_id, draft.model_copy(update={"values": {"overview": "第二稿"}}))
    dialog = HistoryDialog(ctx, draft_id)
    qtbot.addWidget(dialog)
    kinds = [dialog.tree.topLevelItem(i).text(1) for i in range(dialog.tree.topLevelItemCount())]
    assert kinds == ["自动保存", "手动保存"]
    assert dialog.tree.topLevelItem(0).text(2).startswith("（当前版本）")

    dialog.select_revision(first)
    assert dialog.restore_button.isEnabled()
    with qtbot.waitSignal(dialog.restored):
        revision = dialog.restore_selected()
    assert revision is not None and revision.kind == "manual"
    assert len(dialog.revision_ids()) == 3  # nothing lost: a third revision was added
    assert ctx.store.open(draft_id).values["overview"] == "第一稿"
    assert "恢复到" in dialog.tree.topLevelItem(0).text(2)


def test_history_cannot_restore_the_current_revision(qtbot, ctx: AppContext) -> None:
    draft_id = add_draft(ctx)
    dialog = HistoryDialog(ctx, draft_id)
    qtbot.addWidget(dialog)
    dialog.select_revision(ctx.store.get(draft_id).current_revision)
    assert not dialog.restore_button.isEnabled()


# -- 设置 --------------------------------------------------------------------


def test_settings_dialog_saves_only_when_changed(qtbot, ctx: AppContext) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    assert dialog.apply() is False  # nothing changed: nothing written
    assert not ctx.paths.settings_file.exists()

    dialog.unit_name.setText("某区妇女联合会")
    dialog.font_boxes["body"].setCurrentText("仿宋")
    assert dialog.apply() is True
    saved = json.loads(ctx.paths.settings_file.read_text(encoding="utf-8"))
    assert saved == {
        "settings_version": 1,
        "unit_name": "某区妇女联合会",
        "font_overrides": {"body": "仿宋"},
    }
    assert dialog.apply() is False  # same again: not rewritten


def test_settings_dialog_refuses_a_bad_font_name(qtbot, ctx: AppContext) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.font_boxes["title"].setCurrentText("<黑体>")
    assert "字体名称" in dialog.font_warning.text()
    with pytest.raises(UserError, match="设置有误"):
        dialog.apply()
    assert not ctx.paths.settings_file.exists()


def test_settings_dialog_names_missing_fonts(qtbot, ctx: AppContext) -> None:
    dialog = SettingsDialog(ctx)
    qtbot.addWidget(dialog)
    # The test machine has no 方正小标宋简体 (a commercial font).
    assert "方正小标宋简体" in dialog.font_warning.text()


# -- fonts -------------------------------------------------------------------


def test_missing_fonts_names_them_and_knows_english_aliases() -> None:
    wanted = {"仿宋_GB2312", "方正小标宋简体", "黑体", "Times New Roman"}
    installed = ["SimHei", "times new roman", "Noto Serif CJK SC"]
    missing = missing_fonts(wanted, installed)
    assert missing == ["仿宋_GB2312", "方正小标宋简体"]
    assert missing_fonts(wanted, []) == ["仿宋_GB2312", "方正小标宋简体", "黑体", "Times New Roman"]
    assert missing_fonts_message(missing) == (
        "本机未安装：仿宋_GB2312、方正小标宋简体。导出的文档在本机 Word 中会以其他字体显示，"
        "报送前请在已安装这些字体的电脑上检查。"
    )
    assert missing_fonts_message([]) == ""


def test_font_check_of_a_profile_follows_overrides() -> None:
    installed = ["仿宋", "黑体", "楷体", "宋体", "Times New Roman", "方正小标宋简体"]
    assert "仿宋_GB2312" in check_profile_fonts(load_profile(), installed)
    overrides = {"fonts": {r: "仿宋" for r in ("body", "h3", "h4", "note", "signature")}}
    overrides["fonts"].update(cover="仿宋", table="仿宋", caption="仿宋", h2="楷体")
    assert check_profile_fonts(load_profile(overrides=overrides), installed) == ""


# -- 关于 --------------------------------------------------------------------


def test_about_shows_version_templates_and_data_folder(qtbot, ctx: AppContext) -> None:
    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert __version__ in text
    assert "test-mini" in text and "版本 1.0" in text
    assert str(ctx.paths.data) in text
