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


_HOLDER = textwrap.dedent(
    """
    import sys
    from fulian_desktop.storage.store import Store
    store = Store()
    print("writer" if not store.read_only else "reader", flush=True)
    sys.stdin.readline()
    store.close()
    """
)


def _holder(env_home) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen(
        [sys.executable, "-c", _HOLDER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "FULIAN_HOME": str(env_home)},
    )


def test_deleting_the_lock_file_does_not_make_a_second_writer(fulian_home):
    """The database file itself is locked: a fresh drafts.lock is not enough."""
    from fulian_desktop.paths import app_paths
    from fulian_desktop.storage.records import MSG_SECOND_COPY
    from fulian_desktop.storage.store import Store

    holder = _holder(fulian_home)
    try:
        assert holder.stdout.readline() == "writer\n"
        lock_file = app_paths().data / "drafts.lock"
        lock_file.unlink()  # what a clean-up tool or a curious clerk might do
        with Store() as second:
            assert second.read_only
            assert second.notices == [MSG_SECOND_COPY]
        replaced = DataFolderLock(lock_file)  # the new file's lock is free ...
        assert replaced.acquire()
        replaced.release()
        with Store() as third:  # ... and still no second writer
            assert third.read_only
    finally:
        holder.communicate("\n")
    assert holder.returncode == 0
    with Store() as after:  # the holder is gone: writable again
        assert not after.read_only


def test_database_lock_is_independent_of_sqlite_connections(tmp_path):
    """Opening and closing other SQLite connections to the file keeps the lock."""
    import sqlite3

    from fulian_desktop.storage.lock import DatabaseLock

    db = tmp_path / "drafts.sqlite3"
    held = DatabaseLock(db)
    assert held.acquire()
    for _ in range(3):
        conn = sqlite3.connect(db)
        conn.execute("CREATE TABLE IF NOT EXISTS t (x)")
        conn.close()
    assert not DatabaseLock(db).acquire()
    held.release()
    assert DatabaseLock(db).acquire()
