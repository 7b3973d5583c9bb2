"""A clerk typing into the real editing window, for the kill test.

Run as a script with FULIAN_HOME set: it opens the window (offscreen) on a new
draft, prints ``draft <id>``, then types one letter into 第一部分 every
``GAP_MS`` milliseconds of the event loop, for ever, announcing each keystroke
once the window has taken it (``typed <n>``: the field now holds n letters)
and each typing-journal write (``journal <n>``: the journal holds the first n).
Lines go straight to the pipe with one os.write each (no buffering).
"""

from __future__ import annotations

import os
import string
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from fulian_desktop.context import AppContext  # noqa: E402
from fulian_desktop.ui.app import make_application  # noqa: E402
from fulian_desktop.ui.main_window import MainWindow  # noqa: E402

# run as a script, outside pytest: the shared test helpers are in tests/testkit
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from testkit.window import UI_ID, editor, new_draft, write_ui_template  # noqa: E402

GAP_MS = 25
LETTERS = string.ascii_lowercase


def typed_text(n: int) -> str:
    """The first n letters this child types."""
    return "".join(LETTERS[i % len(LETTERS)] for i in range(n))


def _say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def main() -> None:
    app = make_application()
    write_ui_template()
    ctx = AppContext.create()
    draft_id = new_draft(ctx, UI_ID)
    window = MainWindow(ctx, draft_id)
    window.show_error = lambda title, text: _say(f"error {text}")  # type: ignore[method-assign]
    window.show()
    field = editor(window, "part_a")
    field.text_edit.setFocus()
    window.journaled.connect(lambda _digest: _say(f"journal {len(window.draft.text('part_a'))}"))
    typed = 0

    def key() -> None:
        nonlocal typed
        QTest.keyClick(
            field.text_edit, LETTERS[typed % len(LETTERS)], Qt.KeyboardModifier.NoModifier
        )
        typed += 1
        _say(f"typed {len(window.draft.text('part_a'))}")

    timer = QTimer()
    timer.timeout.connect(key)
    timer.start(GAP_MS)
    _say(f"draft {draft_id}")
    app.exec()


if __name__ == "__main__":
    main()
