"""Atomic writes: the old file or the new one, never half; retries on Windows sharing errors."""

from __future__ import annotations

import os
import stat

import pytest

from fulian_desktop.storage import atomic
from fulian_desktop.storage.atomic import atomic_write_bytes, atomic_write_text


def test_writes_and_replaces(tmp_path):
    path = tmp_path / "报告.json"
    atomic_write_text(path, "第一版")
    atomic_write_text(path, "第二版")
    assert path.read_text(encoding="utf-8") == "第二版"
    assert os.listdir(tmp_path) == ["报告.json"]  # no temp files left


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "settings.json"
    atomic_write_bytes(path, b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write_bytes(path, b"new")
    assert path.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["settings.json"]


def test_windows_sharing_violation_is_retried(tmp_path, monkeypatch):
    path = tmp_path / "draft.fldraft"
    calls = []
    real_replace = os.replace

    def busy_twice(src, dst):
        calls.append(src)
        if len(calls) <= 2:
            error = PermissionError(13, "The process cannot access the file")
            error.winerror = 32
            raise error
        real_replace(src, dst)

    monkeypatch.setattr(atomic.sys, "platform", "win32")
    monkeypatch.setattr(atomic.os, "replace", busy_twice)
    monkeypatch.setattr(atomic, "REPLACE_RETRY_DELAYS", (0, 0, 0))
    atomic_write_bytes(path, b"data")
    assert path.read_bytes() == b"data" and len(calls) == 3


def test_other_permission_errors_are_not_retried(tmp_path, monkeypatch):
    calls = []

    def denied(src, dst):
        calls.append(src)
        raise PermissionError(13, "denied")

    monkeypatch.setattr(atomic.os, "replace", denied)
    with pytest.raises(PermissionError):
        atomic_write_bytes(tmp_path / "x", b"data")
    assert len(calls) == 1 and os.listdir(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_mode_is_kept_or_set(tmp_path):
    path = tmp_path / "secret"
    atomic_write_bytes(path, b"1", mode=0o600)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    atomic_write_bytes(path, b"2")  # an existing file keeps its bits
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
