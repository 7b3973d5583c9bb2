from __future__ import annotations

import logging
import sys

import pytest
from PySide6.QtWidgets import QDialogButtonBox, QMainWindow, QWidget
from testkit.shell import MINI_ID, forbid_modal, make_context, write_mini_template

from fulian_desktop import cli
from fulian_desktop.context import SAMPLE_TEMPLATE, AppContext, sample_draft_id
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.errors import UserError
from fulian_desktop.ui import app as app_module
from fulian_desktop.ui.app import CrashReporter, install_translations, make_application
from fulian_desktop.ui.start_page import StartPage


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    forbid_modal(monkeypatch)


def test_standard_buttons_are_chinese(qapp) -> None:
    assert install_translations(make_application())
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    assert sorted(b.text() for b in box.buttons()) == sorted(["确定", "取消"])


class _Editor(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.saved = 0

    def autosave(self) -> bool:
        self.saved += 1
        return True


def test_excepthook_logs_saves_and_explains(
    qtbot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        CrashReporter,
        "show_dialog",
        classmethod(lambda cls, parent, text, details: shown.append((text, details))),
    )
    editor = _Editor()
    qtbot.addWidget(editor)
    reporter = CrashReporter(tmp_path / "fulian-desktop.log")
    try:
        raise ValueError("坏数据")
    except ValueError:
        kind, error, tb = sys.exc_info()
    with caplog.at_level(logging.ERROR, logger="fulian_desktop"):
        reporter(kind, error, tb)
    assert editor.saved == 1
    [(text, details)] = shown
    assert "程序遇到意外错误" in text and "您的内容已自动保存" in text
    assert f"日志位置：{tmp_path / 'fulian-desktop.log'}" in text
    assert "ValueError: 坏数据" in details
    [record] = [r for r in caplog.records if r.getMessage() == "unexpected error"]
    assert record.exc_info is not None and record.exc_info[1] is error


def test_excepthook_survives_a_failing_dialog(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path, qapp
) -> None:
    def broken(cls, parent, text, details):
        raise RuntimeError("no display")

    monkeypatch.setattr(CrashReporter, "show_dialog", classmethod(broken))
    reporter = CrashReporter(tmp_path / "log")
    with caplog.at_level(logging.ERROR, logger="fulian_desktop"):
        reporter(KeyError, KeyError("x"), None)  # does not raise
    assert any("could not show the error dialog" in r.getMessage() for r in caplog.records)


def test_sample_is_imported_once_and_reused() -> None:
    ctx = make_context()
    try:
        first = ctx.sample_draft(MINI_ID)
        draft = ctx.store.open(first)
        ctx.store.save(first, draft.model_copy(update={"values": {"overview": "改过的"}}))
        assert ctx.sample_draft(MINI_ID) == first == sample_draft_id(MINI_ID)
        assert [d.id for d in ctx.store.list_drafts()] == [first]
        assert ctx.store.open(first).values == {"overview": "改过的"}  # edits kept
        assert [r.kind for r in ctx.store.history(first)][-1] == "import"
        ctx.store.delete(first)
        assert ctx.sample_draft(MINI_ID) == first  # back from the recycle bin
    finally:
        ctx.close()


def test_template_without_sample_is_a_clear_error() -> None:
    write_mini_template(with_sample=False)
    ctx = AppContext.create()
    try:
        with pytest.raises(UserError, match="没有附带示例草稿"):
            ctx.sample_draft(MINI_ID)
    finally:
        ctx.close()


@pytest.fixture
def quiet_gui(qapp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """run_gui without an event loop; the editor window is a plain QMainWindow."""
    opened: list[str] = []
    windows: list[QWidget] = []

    def make(cls, ctx, draft_id):
        opened.append(draft_id)
        window = QMainWindow()
        windows.append(window)
        return window

    monkeypatch.setattr(StartPage, "make_main_window", classmethod(make))
    monkeypatch.setattr(app_module, "event_loop", lambda app: 0)
    monkeypatch.setattr(app_module, "install_excepthook", lambda path: None)
    yield opened
    for widget in qapp.topLevelWidgets():
        widget.close()


@pytest.mark.skipif(
    default_registry().entries.get(SAMPLE_TEMPLATE) is None
    or default_registry().entries[SAMPLE_TEMPLATE].sample_path is None,
    reason="the built-in sample draft is not there yet",
)
def test_gui_sample_creates_the_sample_draft_once(quiet_gui: list[str]) -> None:
    assert cli.main(["gui", "--sample"]) == 0
    assert cli.main(["gui", "--sample"]) == 0
    assert quiet_gui == [sample_draft_id(SAMPLE_TEMPLATE)] * 2
    ctx = AppContext.create()
    try:
        assert [d.id for d in ctx.store.list_drafts()] == [sample_draft_id(SAMPLE_TEMPLATE)]
    finally:
        ctx.close()


def test_gui_shows_start_notices(quiet_gui: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        app_module.StartupMessages,
        "notice",
        classmethod(lambda cls, parent, text: shown.append(text)),
    )
    broken = write_mini_template().parent / "broken"
    broken.mkdir()
    (broken / "template.yaml").write_text("id: [unclosed", encoding="utf-8")
    assert cli.main(["gui"]) == 0
    assert len(shown) == 1 and "报告模板“broken”有错误" in shown[0]
    assert quiet_gui == []
