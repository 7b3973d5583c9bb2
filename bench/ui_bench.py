"""Benchmarks that need Qt: startup, memory, keystroke and preview."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import RUNS, Row, median_time

HERE = Path(__file__).resolve().parent


def _child(kind: str, home: str) -> tuple[float, int, float]:
    """(seconds to painted, peak RSS in KiB, seconds to checked or 0 for the bare window).

    The children keep compiled bytecode (in a cache folder of their own), as
    the installed program does (its bundle ships .pyc files): with
    PYTHONDONTWRITEBYTECODE set, as on our CI machines, every start would
    compile the package's sources again, ~70 ms no clerk ever waits for."""
    env = dict(os.environ, FULIAN_HOME=home, QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(home) / "pycache")
    start = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "startup_child.py"), kind],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    line = proc.stdout.readline() if proc.stdout else ""
    painted = time.perf_counter() - start
    checked = 0.0
    if kind == "app" and proc.stdout and proc.stdout.readline().startswith("checked"):
        checked = time.perf_counter() - start
    proc.wait()
    if not line.startswith("painted") or (kind == "app" and not checked):
        raise SystemExit(f"startup child {kind} failed (exit {proc.returncode})")
    return painted, int(line.split()[1]), checked


def process_rows() -> list[Row]:
    with tempfile.TemporaryDirectory() as home:
        _child("app", home)  # first start imports the sample draft and compiles: not timed
        _child("bare", home)
        runs = max(RUNS, 5)
        app = [_child("app", home) for _ in range(runs)]
        bare = [_child("bare", home) for _ in range(runs)]
    bare_painted = statistics.median(t for t, _, _ in bare)
    return [
        Row(
            "startup: process start to main window painted (sample draft open)",
            statistics.median(t for t, _, _ in app),
            bare_painted,
            "bare PySide6 process with an empty QWizard",
            "≤ 3×",
        ),
        Row(
            "startup: … to its checks, navigator marks and preview shown (next turns)",
            statistics.median(c for _, _, c in app),
            bare_painted,
            "bare PySide6 process with an empty QWizard",
            "— (shown for reference)",
        ),
        Row(
            "memory: peak RSS with the sample draft open",
            statistics.median(m for _, m, _ in app) / 1024,
            statistics.median(m for _, m, _ in bare) / 1024,
            "bare PySide6 QWizard process",
            "≤ 2×",
            unit="MiB",
        ),
    ]


def window_rows(template, draft) -> list[Row]:  # noqa: ANN001
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QTextBrowser

    from fulian_desktop.context import AppContext
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.ui.fields.longtext import LongTextEditor
    from fulian_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as home:
        os.environ["FULIAN_HOME"] = home
        ctx = AppContext.create()
        info = ctx.store.create(draft)
        window = MainWindow(ctx, info.id)
        window.resize(1366, 768)
        window.show()
        # the page holding the longest text
        longest = max(
            (s for _, s in template.all_fields() if s.kind == "longtext"),
            key=lambda s: len(draft.text(s.id)),
        )
        window.show_page(template.section_of(longest.id).id)
        editor = next(
            e
            for e in window.current_page().editors()
            if isinstance(e, LongTextEditor) and e.spec.id == longest.id
        )
        edit = editor.text_edit
        edit.moveCursor(edit.textCursor().MoveOperation.End)
        app.processEvents()

        def keystroke() -> None:  # counter updates at once; navigator after refresh
            edit.insertPlainText("字")
            window.refresh()
            app.processEvents()

        bare = QPlainTextEdit()
        bare.setPlainText(draft.text(longest.id))
        bare.show()

        def bare_keystroke() -> None:
            bare.insertPlainText("字")
            app.processEvents()

        def preview() -> None:
            window.preview.show_document(compose(window.template, window.draft))
            app.processEvents()

        plain = QTextBrowser()
        plain.show()
        text = compose(window.template, window.draft).text()

        def plain_preview() -> None:
            plain.setPlainText(text)
            app.processEvents()

        runs = max(RUNS, 21)
        rows = [
            Row(
                "keystroke → counter, checks and navigator updated (stress draft)",
                median_time(keystroke, runs=runs),
                median_time(bare_keystroke, runs=runs),
                "keystroke in a bare QPlainTextEdit of the same text",
                "≤ 16 ms",
            ),
            Row(
                "preview: recompose + redisplay after an edit",
                median_time(preview, runs=runs),
                median_time(plain_preview, runs=runs),
                "QTextBrowser.setPlainText of the same text",
                "≤ 50 ms",
            ),
        ]
        window.close()
        ctx.close()
    return rows
