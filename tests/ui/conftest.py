"""Fixtures the start page, dialog and import tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMainWindow
from shell_helpers import forbid_modal, make_context

from fulian_desktop.context import AppContext
from fulian_desktop.ui.start_page import StartPage


@pytest.fixture(autouse=True)
def _no_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A real modal dialog fails the test at once instead of hanging it."""
    forbid_modal(monkeypatch)


@pytest.fixture
def ctx() -> Iterator[AppContext]:
    """An AppContext in a throw-away folder (modules may define their own)."""
    context = make_context()
    yield context
    context.close()


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
