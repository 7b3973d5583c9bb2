"""Committed revisions lost to WAL damage are noticed and told, with the newest backup.

SQLite checks each WAL frame's checksum and silently ignores the frame with a
bad one and every frame after it: revisions that were acknowledged to the
clerk vanish without an error. The store remembers the last acknowledged
revision outside the database (ledger.SAVED_NAME) and compares at open.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from testkit.storage import make_draft

from fulian_desktop.paths import AppPaths, app_paths
from fulian_desktop.storage import backup, ledger
from fulian_desktop.storage.store import Store

WAL_HEADER = 32
FRAME_HEADER = 24


def _snapshot_while_open(store: Store, target: Path) -> AppPaths:
    """Copy the data folder of an open store, as a crash would leave it (WAL not
    checkpointed, session marker present)."""
    shutil.copytree(store.paths.data, target / "data")
    for name in ("config", "cache", "logs"):
        (target / name).mkdir()
    return AppPaths(target / "data", target / "config", target / "cache", target / "logs")


def _flip_byte_in_frame(wal: Path, frame: int, page_size: int = 4096) -> None:
    data = bytearray(wal.read_bytes())
    offset = WAL_HEADER + frame * (FRAME_HEADER + page_size) + FRAME_HEADER + 100
    assert offset < len(data)
    data[offset] ^= 0x01
    wal.write_bytes(bytes(data))


def test_one_flipped_byte_in_the_wal_is_noticed(tmp_path):
    with Store() as store:
        draft_id = store.create(make_draft()).id
        saved = [
            store.save(draft_id, make_draft(overview=f"第 {i} 次修改"), kind="manual").id
            for i in range(12)
        ]
        paths = _snapshot_while_open(store, tmp_path / "crashed")
    wal = Path(f"{paths.database}-wal")
    frames = (wal.stat().st_size - WAL_HEADER) // (FRAME_HEADER + 4096)
    assert frames > 6
    _flip_byte_in_frame(wal, frames // 3)
    with Store(paths) as reopened:
        newest = reopened.history(draft_id)[0].id
        assert newest < saved[-1]  # SQLite really dropped acknowledged revisions
        lost = [n for n in reopened.notices if "缺少已经保存过的修订" in n]
        assert len(lost) == 1
        assert f"第 {saved[-1]} 号" in lost[0] and f"第 {newest} 号" in lost[0]
        newest_backup = backup.list_backups(paths.backups)[-1]
        assert str(newest_backup) in lost[0]  # the backup to go back to is named
    assert "缺少已经保存过的修订" in ledger.events(paths.data)[-1]
    with Store(paths) as again:  # told once; the ledger now matches the database
        assert not any("缺少" in n for n in again.notices)


def test_a_read_only_open_also_tells(tmp_path):
    with Store() as store:
        draft_id = store.create(make_draft()).id
        for i in range(12):
            store.save(draft_id, make_draft(overview=f"第 {i} 次修改"), kind="manual")
        paths = _snapshot_while_open(store, tmp_path / "crashed")
    wal = Path(f"{paths.database}-wal")
    _flip_byte_in_frame(wal, (wal.stat().st_size - WAL_HEADER) // (FRAME_HEADER + 4096) // 2)
    with Store(paths, read_only=True) as reader:
        assert any("缺少已经保存过的修订" in n for n in reader.notices)


def test_normal_work_never_raises_the_alarm(clock=None):
    """Pruning, purging, deleting, restoring and backups are not losses."""
    from datetime import timedelta

    from testkit.storage import Clock

    clock = Clock()
    with Store(clock=clock) as store:
        a = store.create(make_draft()).id
        for i in range(60):
            store.save(a, make_draft(overview=f"自动保存 {i}"))  # pruned beyond 50
        b = store.create(make_draft(overview="要删除的")).id
        store.delete(b)
    clock.now += timedelta(days=40)
    with Store(clock=clock) as store:  # purges b (the newest revision) at start
        assert not store.exists(b)
        assert store.notices == []
    with Store(clock=clock) as store:
        assert store.notices == []
        store.restore(store.history(a)[-1].id)
    with Store(clock=clock) as store:
        assert store.notices == []
    saved = ledger.read(app_paths().data)
    conn = sqlite3.connect(app_paths().database)
    try:
        assert saved == ledger.current(conn)
    finally:
        conn.close()
    assert (app_paths().data / ledger.SAVED_NAME).stat().st_mode & 0o777 == 0o600
