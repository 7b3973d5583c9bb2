"""The suite never reaches the user's real folders, even without FULIAN_HOME."""

from __future__ import annotations

from fulian_desktop.paths import app_paths


def test_without_fulian_home_the_folders_are_still_temporary(monkeypatch) -> None:
    monkeypatch.delenv("FULIAN_HOME", raising=False)
    paths = app_paths()
    for folder in (paths.data, paths.config, paths.logs):
        assert "fulian-tests-" in str(folder), folder
