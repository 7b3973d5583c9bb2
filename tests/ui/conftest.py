"""Fixtures the UI tests share; a module may define its own of the same name."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow
from testkit.shell import forbid_modal, write_mini_template
from testkit.window import UI_ID, new_draft, open_window, write_ui_template

from fulian_desktop.context import AppContext
from fulian_desktop.ui.main_window import MainWindow
from fulian_desktop.ui.start_page import StartPage


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal dialog fails the test at once instead of hanging it."""
    forbid_modal(monkeypatch)


@pytest.fixture
def ctx() -> Iterator[AppContext]:
    """An AppContext in the test's throw-away folder, with both test templates
    (the start page's mini one and the window's UI one)."""
    write_mini_template()
    write_ui_template()
    context = AppContext.create()
    yield context
    context.close()


@pytest.fixture
def window(qtbot, ctx: AppContext) -> Iterator[MainWindow]:
    """The editing window on a new draft of the UI test template, refreshing 10 ms
    after typing."""
    win = open_window(qtbot, ctx, new_draft(ctx, UI_ID))
    win.refresh_interval = 10
    yield win
    win.close()


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(kind, text) of the messages the start page shows."""
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        StartPage,
        "show_message",
        classmethod(lambda cls, kind, text, parent=None: shown.append((kind, text))),
    )
    return shown


@pytest.fixture
def opened(qtbot, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Draft windows the page opens (a plain QMainWindow stands in for the editor)."""
    ids: list[str] = []

    def make(cls, ctx: AppContext, draft_id: str) -> QMainWindow:
        ids.append(draft_id)
        window = QMainWindow()
        qtbot.addWidget(window)
        return window

    monkeypatch.setattr(StartPage, "make_main_window", classmethod(make))
    return ids
