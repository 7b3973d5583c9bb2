"""帮助 › 使用说明: the offline guide, F1, and each page's 帮助 link (issue 12)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QApplication
from testkit.shell import forbid_modal
from testkit.window import UI_ID, new_draft, open_window

from fulian_desktop.ui import help as help_guide
from fulian_desktop.ui.section_page import UNIT_PAGE
from fulian_desktop.ui.start_page import StartPage


@pytest.fixture(autouse=True)
def _close_help():
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, help_guide.HelpWindow):
            widget.close()
            widget.deleteLater()
    help_guide._forget()


def test_the_guide_is_complete_and_offline():
    html = help_guide.GUIDE.read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a name="(\w+)">', html))
    assert {a for a, _ in help_guide.PARTS} | {"unit"} <= anchors
    images = re.findall(r'<img src="([^"]+)"', html)
    assert len(images) >= 4
    for src in images:
        assert (help_guide.GUIDE.parent / src).is_file(), src
    assert "http" not in html  # nothing to fetch
    for topic in (
        "新建报告",
        "问题清单",
        "有未保存的修改",
        "历史版本",
        ".fldraft",
        "定稿",
        "导出 Word",
    ):
        assert topic in html, topic


def test_f1_opens_the_guide_at_the_current_page(qtbot, ctx):
    window = open_window(qtbot, ctx, new_draft(ctx, UI_ID))
    window.show_page(UNIT_PAGE)
    assert window.help_action.shortcut().toString() == "F1"
    window.help_action.trigger()
    guide = help_guide._window
    assert guide is not None and guide.isVisible()
    assert guide.anchor == "unit"
    assert "草稿的保存与恢复" in guide.text()
    window.show_page("summary")
    window.current_page().help_link.linkActivated.emit("help")  # the page's 帮助 link
    assert help_guide._window is guide and guide.anchor == "fill"
    window.close()


def test_start_page_has_the_guide_and_exports_a_draft_file(qtbot, ctx, monkeypatch, tmp_path):
    forbid_modal(monkeypatch)
    shown = []
    monkeypatch.setattr(
        StartPage,
        "show_message",
        classmethod(lambda cls, kind, text, parent=None: shown.append(text)),
    )
    draft_id = new_draft(ctx, UI_ID)
    page = StartPage(ctx)
    qtbot.addWidget(page)
    texts = [a.text() for m in page.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "使用说明(&U)" in texts
    page.refresh()
    page.select(draft_id)
    assert page.export_button.isEnabled()
    written = page.export_file(str(tmp_path / "带走"))
    assert written == tmp_path / "带走.fldraft" and written.is_file()
    assert "导入草稿文件" in shown[-1]
    imported = page.import_file(str(written))  # the way back, as on the other PC
    assert imported == draft_id and ctx.store.open(imported).unit.name == "测试区妇女联合会"
    guide = next(
        a
        for m in page.menuBar().actions()
        if m.menu()
        for a in m.menu().actions()
        if a.text() == "使用说明(&U)"
    )
    assert guide.shortcut().toString() == "F1"
