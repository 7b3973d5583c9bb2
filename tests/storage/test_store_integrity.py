"""A damaged database at start is moved aside (never deleted) and the newest backup restored."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from testkit.storage import Clock, make_draft

from fulian_desktop.paths import app_paths
from fulian_desktop.storage import backup
from fulian_desktop.storage.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    """An open store in this test's FULIAN_HOME."""
    with Store() as s:
        yield s


def _two_drafts_one_backed_up() -> tuple[str, str]:
    """Draft A is in the newest backup, draft B was made after it."""
    with Store() as store:
        a = store.create(make_draft(overview="备份里有" * 2000))
        for i in range(5):
            store.save(a.id, make_draft(overview=f"备份里有 {i}" * 2000))
        store.backup_now()
        b = store.create(make_draft(overview="备份之后"))
    return a.id, b.id


def _truncate(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _zeros(data: bytes) -> bytes:
    return b"\0" * len(data)


def _random(data: bytes) -> bytes:
    return os.urandom(len(data))


def _empty(data: bytes) -> bytes:
    return b""


def _header_smashed(data: bytes) -> bytes:
    return data[:16] + os.urandom(84) + data[100:]


@pytest.mark.parametrize("damage", [_truncate, _zeros, _random, _empty, _header_smashed])
def test_damaged_database_is_moved_aside_and_restored_from_backup(damage):
    a, b = _two_drafts_one_backed_up()
    db = app_paths().database
    assert not os.path.exists(f"{db}-wal")  # a clean close checkpoints the WAL
    damaged = damage(db.read_bytes())
    db.write_bytes(damaged)
    with Store() as store:
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert "已损坏" in notice and "备份恢复" in notice and "没有删除" in notice
        aside = list((db.parent / "damaged").iterdir())
        assert [p.read_bytes() for p in aside] == [damaged]  # kept byte for byte
        assert store.exists(a) and not store.exists(b)
        assert store.open(a).values["overview"] == "备份里有 4" * 2000
        store.save(a, make_draft(overview="恢复后继续写"), kind="manual")  # usable again
        assert store.open(a).values["overview"] == "恢复后继续写"
    with Store() as store:
        assert store.notices == []


def test_a_damaged_newest_backup_is_skipped():
    clock = Clock()
    with Store(clock=clock) as store:
        a = store.create(make_draft())
        clock.advance(hours=1)
        store.backup_now()
        clock.advance(hours=1)
        newest = store.backup_now()
    newest.write_bytes(b"\0" * newest.stat().st_size)
    app_paths().database.write_bytes(b"garbage" * 1000)
    with Store(clock=clock) as store:
        assert store.exists(a.id)
        assert "已损坏" in store.notices[0]


def test_no_backup_starts_an_empty_store_and_says_so():
    db = app_paths().ensure().database
    db.write_bytes(os.urandom(8192))
    with Store() as store:
        assert store.list_drafts() == []
        assert "没有找到可用的备份" in store.notices[0]
    assert len(list((db.parent / "damaged").iterdir())) == 1


def test_daily_backup_is_made_once_a_day_and_only_14_are_kept(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    clock = Clock()
    for _day in range(20):
        with Store(clock=clock) as store:
            store.create(make_draft())
        with Store(clock=clock):  # same day: no second backup
            pass
        clock.advance(days=1)
    backups = backup.list_backups(app_paths().backups)
    assert len(backups) == backup.BACKUP_KEEP
    days = [backup.backup_time(p).date() for p in backups]
    assert len(set(days)) == backup.BACKUP_KEEP and days == sorted(days)


def test_backup_is_a_complete_healthy_database(store):
    info = store.create(make_draft())
    path = store.backup_now()
    assert backup.check_database(path, read_only=True) is None
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT id FROM drafts").fetchall() == [(info.id,)]
    finally:
        conn.close()
    assert not list(app_paths().backups.glob(".*.tmp"))


def test_read_only_commands_check_the_database_and_stop_on_damage(tmp_path, capsys):
    """validate ID and export ID open the store read-only: still checked, and said."""
    from fulian_desktop.cli import main

    with Store() as store:
        info = store.create(make_draft(overview="长" * 30000))
        for i in range(6):
            store.save(info.id, make_draft(overview=f"第 {i} 稿" * 5000), kind="manual")
    db = app_paths().database
    intact = db.read_bytes()
    db.write_bytes(_truncate(intact))
    for argv in (["validate", info.id], ["export", info.id, "-o", str(tmp_path / "out.docx")]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "已损坏" in err and "Traceback" not in err
    assert not (tmp_path / "out.docx").exists()
    assert db.read_bytes() == _truncate(intact)  # a read-only open moves nothing
    db.write_bytes(intact)
    assert main(["validate", info.id]) in (0, 1)  # a verdict again, no damage notice
    assert "已损坏" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "stamp",
    [
        "20261130T075500Z",
        "20240229T235959Z",
        "20250229T120000Z",  # no 29 February in 2025
        "20261330T000000Z",
        "20261130T246000Z",
        "2026113T075500Z",
        "20261130T075500",
        "20261130 075500Z",
        "garbage",
        "",
    ],
)
def test_backup_time_reads_the_names_strptime_reads(stamp: str) -> None:
    from datetime import datetime, timezone
    from pathlib import Path

    path = Path(f"{backup.BACKUP_PREFIX}{stamp}{backup.BACKUP_SUFFIX}")
    try:
        expected = datetime.strptime(stamp, backup._STAMP).replace(tzinfo=timezone.utc)
    except ValueError:
        expected = None
    if stamp == "2026113T075500Z":
        expected = None  # strptime's lenient one-digit month; we never write it
    assert backup.backup_time(path) == expected
