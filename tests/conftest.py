"""Test set-up shared by the whole suite.

Qt must run offscreen and be told so before it loads; every test gets its own
FULIAN_HOME so nothing touches the real user folders.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def fulian_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "fulian-home"
    monkeypatch.setenv("FULIAN_HOME", str(home))
    return home
