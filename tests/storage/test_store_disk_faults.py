"""A full disk or a read-only data folder is not damage: the store opens
read-only with the reason, moves nothing, and loses nothing.

Errors are injected in-process (SQLite's own error codes, PermissionError),
and, where the machine allows an unprivileged user namespace (``unshare -rm``),
also made real: a full tmpfs and a read-only bind mount. Root ignores file
permissions, so chmod cannot stand in for a read-only folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from testkit.storage import make_draft

from fulian_desktop.paths import app_paths
from fulian_desktop.storage import backup, ledger, lock
from fulian_desktop.storage.store import ReadOnlyError, Store, StoreError

REPO = Path(__file__).resolve().parents[2]


def _sqlite_error(text: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(text)
    exc.sqlite_errorcode = code  # what SQLite sets on a real failure
    exc.sqlite_errorname = {13: "SQLITE_FULL", 10: "SQLITE_IOERR", 8: "SQLITE_READONLY"}[code]
    return exc


class _FailingConnection:
    """A real connection whose statements matching ``match`` raise ``error``."""

    def __init__(self, real: sqlite3.Connection, match: str, error: BaseException) -> None:
        self._real, self._match, self._error = real, match, error

    def execute(self, sql: str, *args):
        if self._match in sql:
            raise self._error
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self._real, name)


def _store_with_drafts(n: int = 3) -> list[str]:
    with Store() as store:
        ids = [store.create(make_draft(overview=f"第 {i} 份")).id for i in range(n)]
        store.backup_now()
    return ids


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (_sqlite_error("database or disk is full", 13), "磁盘空间不足"),
        (_sqlite_error("disk I/O error", 10), "草稿没有损坏"),
        (_sqlite_error("attempt to write a readonly database", 8), "权限"),
    ],
)
def test_a_write_error_at_start_is_not_damage(monkeypatch, error, words):
    ids = _store_with_drafts()
    db = app_paths().database
    before = db.read_bytes()
    real_connect = sqlite3.connect

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        # Only the writer's connection fails; a read-only one (a URI) works.
        return conn if kwargs.get("uri") else _FailingConnection(conn, "journal_mode", error)

    monkeypatch.setattr(sqlite3, "connect", connect)
    with Store() as store:
        assert store.read_only
        assert len(store.notices) == 1 and words in store.notices[0]
        assert "只读" in store.notices[0]
        assert sorted(d.id for d in store.list_drafts()) == sorted(ids)
        with pytest.raises(ReadOnlyError, match="不能保存"):
            store.save(ids[0], make_draft(overview="写不进去"))
    assert db.read_bytes() == before  # never moved, never touched
    assert not (db.parent / "damaged").exists()
    assert ledger.events(db.parent) == []
    monkeypatch.setattr(sqlite3, "connect", real_connect)  # space is freed
    with Store() as store:
        assert not store.read_only and store.notices == []
        assert sorted(d.id for d in store.list_drafts()) == sorted(ids)


def test_proven_damage_is_still_moved_aside_told_and_recorded():
    ids = _store_with_drafts()
    db = app_paths().database
    db.write_bytes(b"\0" * db.stat().st_size)
    with Store() as store:
        assert sorted(d.id for d in store.list_drafts()) == sorted(ids)  # from the backup
        assert "已损坏" in store.notices[0]
    events = ledger.events(db.parent)
    assert len(events) == 1 and "已移到" in events[0] and "备份恢复" in events[0]
    assert (db.parent / ledger.EVENTS_NAME).stat().st_mode & 0o777 == 0o600


def test_a_restore_that_cannot_copy_the_backup_leaves_the_original_in_place(monkeypatch):
    _store_with_drafts()
    db = app_paths().database
    damaged = b"not a database " * 2000
    db.write_bytes(damaged)

    def no_space(src, dst, *args, **kwargs):
        Path(dst).write_bytes(b"half")  # a partial copy, as a full disk leaves it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", no_space)
    with pytest.raises(StoreError) as caught:
        Store()
    message = str(caught.value)
    assert "已损坏" in message and "磁盘空间不足" in message and "没有移动" in message
    assert db.read_bytes() == damaged  # the original stays where it was
    assert not (db.parent / "damaged").exists() or not any((db.parent / "damaged").iterdir())
    assert not list(db.parent.glob(".*.tmp"))  # no half copy left behind
    assert "没有移动" in ledger.events(db.parent)[-1]
    released = lock.DataFolderLock(db.parent / "drafts.lock")
    assert released.acquire()  # the failed open let go of its locks
    released.release()


def test_a_restore_that_cannot_install_the_copy_moves_the_original_back(monkeypatch):
    _store_with_drafts()
    db = app_paths().database
    damaged = b"not a database " * 2000
    db.write_bytes(damaged)
    real_replace = backup.replace_with_retry

    def replace(src, dst):
        if str(src).endswith(".restore.tmp"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(backup, "replace_with_retry", replace)
    with pytest.raises(StoreError, match="没有移动"):
        Store()
    assert db.read_bytes() == damaged
    assert not any((db.parent / "damaged").iterdir())


def test_a_read_only_data_folder_opens_read_only_with_a_notice(monkeypatch):
    ids = _store_with_drafts()

    def refuse(self):
        raise PermissionError(errno.EACCES, "Permission denied", str(self.path))

    def no_chmod(path, mode):
        raise PermissionError(errno.EPERM, "Operation not permitted", str(path))

    monkeypatch.setattr(lock.DataFolderLock, "_open", refuse)
    with monkeypatch.context() as patch:
        patch.setattr(os, "chmod", no_chmod)
        patch.setattr(Path, "mkdir", lambda *a, **k: no_chmod(a[0], 0))
        paths = app_paths().ensure()  # refused: no exception
    with Store(paths) as store:
        assert store.read_only
        assert "只读" in store.notices[0] and "权限" in store.notices[0]
        assert sorted(d.id for d in store.list_drafts()) == sorted(ids)
        with pytest.raises(ReadOnlyError, match="权限"):
            store.rename(ids[0], "新名字")


# ---------------------------------------------------------------- the real thing


def _namespace_works() -> bool:
    if sys.platform != "linux" or shutil.which("unshare") is None:
        return False
    probe = subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            "mount -t tmpfs -o size=1m tmpfs /mnt 2>/dev/null || "
            "mount -t tmpfs -o size=1m tmpfs /tmp",
        ],
        capture_output=True,
    )
    return probe.returncode == 0


needs_namespace = pytest.mark.skipif(
    not _namespace_works(), reason="no unprivileged user namespace with mounts here"
)


def _run(script: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FULIAN_HOME": str(home), "PY": sys.executable}
    return subprocess.run(
        ["unshare", "-rm", "bash", "-euc", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


_MAKE_STORE = (
    '"$PY" -c "from fulian_desktop.storage.store import Store; '
    "from fulian_desktop.core.draft.model import Draft\n"
    "with Store() as s:\n"
    "    s.create(Draft(template_id='gz-dept-overall'), title='满盘前的草稿')\n"
    '    s.backup_now()"'
)


_FIRST_ID = (
    "from fulian_desktop.storage.store import Store; "
    "print(Store(read_only=True).list_drafts()[0].id)"
)


@needs_namespace
def test_starting_on_a_really_full_disk(tmp_path):
    mount = tmp_path / "small-disk"
    mount.mkdir()
    home = mount / "home"
    result = _run(
        f"""
        mount -t tmpfs -o size=4m tmpfs {mount}
        {_MAKE_STORE}
        dd if=/dev/zero of={mount}/fill bs=4k 2>/dev/null || true
        echo "--- full"
        "$PY" -m fulian_desktop drafts list
        ls {home}/data
        rm {mount}/fill
        echo "--- freed"
        "$PY" -m fulian_desktop drafts list
        """,
        home,
    )
    assert result.returncode == 0, result.stderr
    full, freed = result.stdout.split("--- full\n")[1].split("--- freed\n")
    assert "磁盘空间不足" in full and "满盘前的草稿" in full
    assert "damaged" not in full.split()  # nothing was moved aside
    assert "满盘前的草稿" in freed and "注意" not in freed
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr


@needs_namespace
def test_a_really_read_only_data_folder(tmp_path):
    home = tmp_path / "home"
    result = _run(
        f"""
        {_MAKE_STORE}
        mount --bind -o ro {home} {home}
        "$PY" -m fulian_desktop drafts list
        FULL=$("$PY" -c "{_FIRST_ID}")
        "$PY" -m fulian_desktop export "$FULL" -o {tmp_path}/out.docx && echo exported
        """,
        home,
    )
    assert result.returncode == 0, result.stderr
    assert "只读" in result.stdout and "满盘前的草稿" in result.stdout
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert "exported" in result.stdout and (tmp_path / "out.docx").stat().st_size > 0


def test_an_empty_list_after_a_move_aside_still_says_so(capsys):
    """Damaged with no backup: told at that start, and still pointed at later."""
    from fulian_desktop.cli import main

    db = app_paths().ensure().database
    db.write_bytes(os.urandom(8192))
    assert main(["drafts", "list"]) == 0
    first = capsys.readouterr().out
    assert "已损坏" in first and "已移到" in first
    assert main(["drafts", "list"]) == 0
    later = capsys.readouterr().out
    assert "还没有草稿" in later and "移开的旧草稿库文件" in later
    assert ledger.EVENTS_NAME in later


def test_commands_that_write_give_the_real_reason(monkeypatch, tmp_path, capsys):
    """signoff and import-report on a full disk: the reason, not "another window"."""
    from fulian_desktop.cli import main

    ids = _store_with_drafts(1)
    real_connect = sqlite3.connect
    full = _sqlite_error("database or disk is full", 13)

    def connect(target, *args, **kwargs):
        conn = real_connect(target, *args, **kwargs)
        return conn if kwargs.get("uri") else _FailingConnection(conn, "journal_mode", full)

    monkeypatch.setattr(sqlite3, "connect", connect)
    report = tmp_path / "去年的报告.txt"
    report.write_text(
        "一、基本情况\n（一）部门概况\n区妇联是党领导下的人民团体。\n", encoding="utf-8"
    )
    for argv in (
        ["signoff", ids[0], "--by", "王芳"],
        ["import-report", str(report), "--template", "gz-dept-overall"],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "磁盘空间不足" in err and "另一个" not in err, (argv, err)
