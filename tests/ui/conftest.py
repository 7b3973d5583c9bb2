"""UI-test set-up: waits that tolerate a busy machine.

pytest-qt's waits give up after 5 s by default. The conditions the UI tests
wait for (a debounce timer firing, a focus change) take milliseconds on an
idle PC but can take seconds while other processes load both cores; the tests
are about what happens, never about how fast, so they wait up to a minute.
"""

from __future__ import annotations

import pytest

PATIENCE_MS = 60_000


@pytest.fixture
def qtbot(qtbot):  # noqa: ANN001, ANN201 - pytest-qt's own fixture, patched
    wait_until, wait_signal = qtbot.waitUntil, qtbot.waitSignal
    qtbot.waitUntil = lambda callback, *, timeout=PATIENCE_MS: wait_until(callback, timeout=timeout)
    qtbot.waitSignal = lambda signal=None, *, timeout=PATIENCE_MS, **kw: wait_signal(
        signal, timeout=timeout, **kw
    )
    return qtbot
