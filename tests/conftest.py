"""Test set-up shared by the whole suite.

Qt must run offscreen and be told so before it loads; every test gets its own
FULIAN_HOME so nothing touches the real user folders.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Second guard behind FULIAN_HOME: a test (or a child process) that loses the
# variable must still not reach the clerk's real folders, so the platform
# folders platformdirs falls back on point into a throw-away folder too.
_FALLBACK_HOME = Path(tempfile.mkdtemp(prefix="fulian-tests-"))
for _name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "LOCALAPPDATA"):
    os.environ[_name] = str(_FALLBACK_HOME / _name.lower())


@pytest.fixture(autouse=True)
def fulian_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fulian-home"
    monkeypatch.setenv("FULIAN_HOME", str(home))
    return home


# pytest-qt's waits give up after 5 s by default. The conditions the UI tests
# wait for (a debounce timer firing, a focus change) take milliseconds on an
# idle PC but can take seconds while other processes load both cores; the tests
# are about what happens, never about how fast, so they wait up to a minute.
PATIENCE_MS = 60_000


@pytest.fixture
def qtbot(qtbot):  # noqa: ANN001, ANN201 - pytest-qt's own fixture, patched
    wait_until, wait_signal = qtbot.waitUntil, qtbot.waitSignal
    qtbot.waitUntil = lambda callback, *, timeout=PATIENCE_MS: wait_until(callback, timeout=timeout)
    qtbot.waitSignal = lambda signal=None, *, timeout=PATIENCE_MS, **kw: wait_signal(
        signal, timeout=timeout, **kw
    )
    return qtbot
