"""The data-folder lock: one holder at a time, released on close and on process death."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from fulian_desktop.storage.lock import DataFolderLock


def test_second_holder_is_refused_until_release(tmp_path):
    first = DataFolderLock(tmp_path / "drafts.lock")
    second = DataFolderLock(tmp_path / "drafts.lock")
    assert first.acquire()
    assert not second.acquire()
    first.release()
    assert second.acquire()
    second.release()


def test_lock_dies_with_its_process(tmp_path):
    path = tmp_path / "drafts.lock"
    code = textwrap.dedent(
        f"""
        import os, sys
        from fulian_desktop.storage.lock import DataFolderLock
        lock = DataFolderLock(__import__("pathlib").Path({str(path)!r}))
        assert lock.acquire()
        print("locked", flush=True)
        sys.stdin.readline()
        os._exit(9)  # no release: the OS must drop the lock
        """
    )
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout.readline() == "locked\n"
    assert not DataFolderLock(path).acquire()
    child.communicate("\n")
    lock = DataFolderLock(path)
    assert lock.acquire()
    assert "pid" in path.read_text()
    lock.release()
