"""Nothing typed is lost: kill the window while the clerk types, then recover."""

from __future__ import annotations

import math
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from testkit.window import context, editor, new_draft, open_window, type_into
from typing_child import GAP_MS, typed_text

from fulian_desktop.storage.journal import RECOVERED_NOTE, Journal
from fulian_desktop.ui.main_window import MainWindow
from fulian_desktop.ui.start_page import StartPage

CHILD = Path(__file__).with_name("typing_child.py")
#: the most typing a kill may lose: half a second of keystrokes at the child's pace
MAX_LOST = math.ceil(500 / GAP_MS)


def _kill_while_typing(home: Path, keystrokes: int) -> tuple[str, list[str]]:
    """Run the typing window, SIGKILL it after ``keystrokes`` announced keys; its lines."""
    child = subprocess.Popen(
        [sys.executable, str(CHILD)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "FULIAN_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"},
    )
    lines: list[str] = []
    try:
        first = child.stdout.readline().decode()
        assert first.startswith("draft "), first + child.stderr.read().decode()[-2000:]
        draft_id = first.split()[1]
        seen = 0
        while seen < keystrokes:
            line = child.stdout.readline().decode()
            assert line, child.stderr.read().decode()[-2000:]
            lines.append(line.strip())
            seen += line.startswith("typed ")
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()  # what it announced before it died
        lines.extend(rest.decode().split("\n"))
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    return draft_id, [line for line in lines if line]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("run", range(3))
def test_kill_while_typing_loses_at_most_half_a_second(qtbot, fulian_home, run):
    keystrokes = random.Random(run).randint(30, 120)
    draft_id, lines = _kill_while_typing(fulian_home, keystrokes)
    assert not [line for line in lines if line.startswith("error")], lines
    typed = max(int(line.split()[1]) for line in lines if line.startswith("typed "))
    journaled = [int(line.split()[1]) for line in lines if line.startswith("journal ")]
    assert journaled, "the journal was never written"  # at most 400 ms after the first key
    with context() as ctx:
        recovered = ctx.store.open(draft_id).text("part_a")
        history = ctx.store.history(draft_id)
        recovered_ids = [d for d, _rev in ctx.recovered]
    # exactly what was typed, in order, up to some keystroke ...
    assert recovered == typed_text(len(recovered))
    # ... never less than the journal acknowledged, and at most half a second short
    assert len(recovered) >= journaled[-1]
    assert typed - len(recovered) <= MAX_LOST, (typed, len(recovered), journaled[-3:])
    # history stays readable: the journal became one revision, not one per keystroke
    assert len(history) <= 4
    if len(recovered) > 0 and history[0].note == RECOVERED_NOTE:
        assert recovered_ids == [draft_id]


def test_status_bar_says_unsaved_until_the_revision_is_written(qtbot):
    with context() as ctx:
        window = open_window(qtbot, ctx, new_draft(ctx, "ui-test"))
        assert window.save_label.text() == "已打开，尚未修改"
        field = editor(window, "part_a")
        qtbot.keyClicks(field.text_edit, "a")
        assert window.save_label.text() == "有未保存的修改"
        journal = Journal.for_store(ctx.store)
        with qtbot.waitSignal(window.journaled, timeout=60_000):
            pass
        assert journal.read(window.draft_id).content == window.draft.canonical_json()
        assert window.save_label.text() == "有未保存的修改"  # a journal is not a revision
        window.autosave()
        assert window.save_label.text().startswith("已自动保存")
        assert journal.read(window.draft_id) is None  # coalesced into the autosave
        window.close()


def test_journal_kept_when_closing_after_a_failed_save_and_recovered_at_start(qtbot, monkeypatch):
    from fulian_desktop.storage.store import StoreError

    with context() as ctx:
        draft_id = new_draft(ctx, "ui-test")
        window = open_window(qtbot, ctx, draft_id)

        def full(*args, **kwargs):
            raise StoreError("保存失败：磁盘空间不足。您的内容仍在程序中，没有丢失")

        with monkeypatch.context() as patched:
            patched.setattr(ctx.store, "save", full)
            type_into(editor(window, "part_a"), "磁盘满时写的字")
            window.close()  # refused once
            assert window.isVisible()
            window.close()  # closes, giving up the save
    with context() as ctx:
        assert ctx.store.open(draft_id).text("part_a") == "磁盘满时写的字"
        assert [d for d, _ in ctx.recovered] == [draft_id]
        start = StartPage(ctx)
        qtbot.addWidget(start)
        offered = []
        monkeypatch.setattr(
            "fulian_desktop.ui.start_page.RecoveryDialog.ask",
            lambda parent, ctx, candidates: offered.extend(candidates) and False,
        )
        start.offer_recovery()
        assert [d for d, _ in offered] == [draft_id]
        assert isinstance(MainWindow.journal_interval, int) and MainWindow.journal_interval <= 500
