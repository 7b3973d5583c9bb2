"""What the store found at start reaches the window: the notice once, and the
read-only banner with the real reason (a full disk is not "another window")."""

from __future__ import annotations

import sqlite3

from testkit.window import UI_ID, new_draft, open_window, write_ui_template

from fulian_desktop.context import AppContext
from fulian_desktop.ui import app as app_module


class _FullDiskConnection:
    def __init__(self, real: sqlite3.Connection) -> None:
        self._real = real

    def execute(self, sql: str, *args):
        if "journal_mode" in sql:
            exc = sqlite3.OperationalError("database or disk is full")
            exc.sqlite_errorcode = 13
            raise exc
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def test_full_disk_at_start_is_told_and_shown_in_the_window(qtbot, monkeypatch):
    write_ui_template()
    ctx = AppContext.create()
    draft_id = new_draft(ctx, UI_ID)
    ctx.close()
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        return conn if kwargs.get("uri") else _FullDiskConnection(conn)

    monkeypatch.setattr(sqlite3, "connect", connect)
    ctx = AppContext.create()
    try:
        shown: list[str] = []
        monkeypatch.setattr(
            app_module.StartupMessages,
            "notice",
            classmethod(lambda cls, parent, text: shown.append(text)),
        )
        app_module.show_notices(ctx, None)
        assert len(shown) == 1 and "磁盘空间不足" in shown[0] and "草稿没有损坏" in shown[0]
        win = open_window(qtbot, ctx, draft_id)
        assert win.read_only
        assert "磁盘空间不足" in win.banner.text() and "另一个" not in win.banner.text()
        win.close()
    finally:
        ctx.close()
