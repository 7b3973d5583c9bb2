"""Fault tests in the spirit of SQLite's own: kill the writer, fill the disk, deny writes."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from testkit.storage import make_draft

from fulian_desktop.core.draft.model import sha256_text
from fulian_desktop.storage.store import AUTOSAVE_KEEP, Store, StoreError

CHILD = Path(__file__).with_name("autosave_child.py")
KILLS = 200
WORKERS = 2  # separate data folders, so the kills run side by side


@pytest.fixture
def store() -> Iterator[Store]:
    """An open store in this test's FULIAN_HOME."""
    with Store() as s:
        yield s


def _verify(db_path: Path, reported: list[tuple[int, str, str]], manual_ids: set[int]) -> None:
    # read-only, so this check neither checkpoints nor changes anything the next child sees
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for rev_id, kind, digest in reported:
            row = conn.execute(
                "SELECT draft_id, kind, content, sha256 FROM revisions WHERE id = ?", (rev_id,)
            ).fetchone()
            if row is None:
                # only a pruned autosave may be gone: 50 newer autosaves must exist
                assert kind == "autosave", f"committed {kind} revision {rev_id} lost"
                newer = conn.execute(
                    "SELECT count(*) FROM revisions WHERE kind = 'autosave' AND id > ?", (rev_id,)
                ).fetchone()[0]
                assert newer >= AUTOSAVE_KEEP, f"committed revision {rev_id} lost"
                continue
            _draft_id, stored_kind, content, stored_digest = row
            assert (stored_kind, stored_digest) == (kind, digest)
            assert sha256_text(content) == digest, f"revision {rev_id} content damaged"
        present = {r[0] for r in conn.execute("SELECT id FROM revisions WHERE kind = 'manual'")}
        assert manual_ids <= present, f"manual revisions lost: {manual_ids - present}"
        for draft_id, current in conn.execute("SELECT id, current_revision FROM drafts"):
            newest = conn.execute(
                "SELECT max(id) FROM revisions WHERE draft_id = ?", (draft_id,)
            ).fetchone()[0]
            assert current == newest
    finally:
        conn.close()


class _Writer:
    """The fork server of autosave_child.py and the lines of its current writer."""

    def __init__(self, home: Path) -> None:
        self.stderr = home.parent / f"{home.name}-stderr.txt"
        env = {**os.environ, "FULIAN_HOME": str(home)}
        self.server = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr.open("wb"),
            env=env,
        )
        self.lines: list[str] = []

    def start(self, mode: str, arg: int = 0) -> int:
        """Fork a fresh writer; its pid."""
        self.server.stdin.write(f"go {mode} {arg}\n".encode())
        self.server.stdin.flush()
        line = self.server.stdout.readline().decode()
        assert line.startswith("pid "), f"{line!r} {self.stderr.read_text()[-2000:]}"
        self.lines = []
        return int(line.split()[1])

    def read_until(self, prefix: str) -> str:
        """Read the writer's lines up to the first starting with ``prefix``."""
        while line := self.server.stdout.readline().decode():
            self.lines.append(line)
            if line.startswith(prefix):
                return line
            assert not line.startswith(("dead ", "error")), (
                f"the writer ended before {prefix!r}: {line!r} {self.stderr.read_text()[-2000:]}"
            )
        raise AssertionError(f"the fork server died: {self.stderr.read_text()[-2000:]}")

    def reap(self) -> int:
        """The wait status of the writer once it ended."""
        line = self.read_until("dead ")
        self.lines.pop()
        return int(line.split()[1])

    def revisions(self) -> list[tuple[int, str, str]]:
        """The revisions the writer reported as committed."""
        reported = []
        for line in self.lines:
            assert line.startswith(("rev ", "ready", "begin ", "inside ", "steps ")), line
            if line.startswith("rev "):
                _, rev_id, kind, digest = line.split()
                reported.append((int(rev_id), kind, digest))
        return reported

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait()


def _kill_loop(
    home: Path, kills: int, seed: int, errors: list[str], counts: list[dict[str, int]]
) -> None:
    """Kill ``kills`` fresh writers, each at a chosen point; verify the store after each.

    The kill point is chosen by what the writer announced, never by how long
    it took: one in three is killed while the store opens, one in three at a
    random SQLite step inside a save (the writer freezes there and says so),
    one in three right after it announced a save (the kill then lands in that
    save's transaction, its commit or its fsync, wherever the writer got to).
    """
    rng = random.Random(seed)
    db_path = home / "data" / "drafts.sqlite3"
    manual_ids: set[int] = set()
    tally = {"committed": 0, "inside": 0, "step_kills": 0, "kills": 0}
    writer = _Writer(home)
    try:
        # how many SQLite steps one save takes, to pick the freeze points
        writer.start("count")
        steps = int(writer.read_until("steps ").split()[1])
        assert os.WEXITSTATUS(writer.reap()) == 1, writer.stderr.read_text()
        for done in range(kills):  # noqa: B007 - reported on failure
            mode = ("open", "step", "run")[done % 3]
            pid = writer.start("step" if mode == "step" else "run", rng.randint(1, 3 * steps))
            if mode == "open":
                time.sleep(rng.uniform(0, 0.05))  # somewhere while Python and the store start
            elif mode == "step":
                writer.read_until("inside ")
                tally["step_kills"] += 1
            else:
                for _ in range(done % 4):  # let a few saves commit first
                    writer.read_until("rev ")
                writer.read_until("begin ")
                time.sleep(rng.uniform(0, 0.005))
            os.kill(pid, signal.SIGKILL)
            status = writer.reap()
            assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
                f"the writer failed before it was killed: {writer.stderr.read_text()[-2000:]}"
            )
            reported = writer.revisions()
            manual_ids |= {rev_id for rev_id, kind, _ in reported if kind == "manual"}
            tally["committed"] += len(reported)
            tally["inside"] += sum(line.startswith("inside ") for line in writer.lines)
            tally["kills"] += 1
            if db_path.exists():
                _verify(db_path, reported, manual_ids)
    except AssertionError as exc:
        errors.append(f"seed {seed}, kill {done}: {exc}")
    finally:
        writer.close()
    counts.append(tally)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="the writers are forked (POSIX)")
def test_killing_the_writer_never_loses_a_committed_revision(tmp_path, monkeypatch):
    """SIGKILL a fresh autosaving writer KILLS times; nothing committed may be lost."""
    seed = random.randrange(1_000_000)
    errors: list[str] = []
    counts: list[dict[str, int]] = []
    threads = [
        threading.Thread(
            target=_kill_loop,
            args=(tmp_path / f"home{w}", KILLS // WORKERS, seed + w, errors, counts),
        )
        for w in range(WORKERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(c["kills"] for c in counts) == KILLS
    # a third of the kills froze a writer inside a save's transaction, and each said so
    step_kills = sum(c["step_kills"] for c in counts)
    assert step_kills == sum(c["inside"] for c in counts) >= KILLS // 3 - WORKERS
    # the "run" kills let 0-3 saves commit first: those revisions were all checked
    assert sum(c["committed"] for c in counts) >= KILLS // 3
    for w in range(WORKERS):  # and the store opens afterwards, knowing it crashed
        monkeypatch.setenv("FULIAN_HOME", str(tmp_path / f"home{w}"))
        with Store() as store:
            assert store.crashed and store.notices == []
            (info,) = store.list_drafts()
            store.open(info.id)


class _FaultyConnection:
    """Passes everything to the real connection but fails chosen statements once armed."""

    def __init__(self, real: sqlite3.Connection, match: str, error: BaseException) -> None:
        self.real, self.match, self.error, self.armed = real, match, error, True

    def execute(self, sql: str, *args):
        if self.armed and sql.lstrip().startswith(self.match):
            raise self.error
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.real, name)


FAULTS = {
    "disk full after the revision insert": (
        "UPDATE drafts",
        sqlite3.OperationalError("database or disk is full"),
        "磁盘空间不足",
    ),
    "disk full at commit": (
        "COMMIT",
        sqlite3.OperationalError("database or disk is full"),
        "磁盘空间不足",
    ),
    "permission denied at commit": (
        "COMMIT",
        PermissionError(13, "Permission denied"),
        "没有写入草稿库文件的权限",
    ),
    "permission denied on insert": (
        "INSERT INTO revisions",
        PermissionError(13, "Permission denied"),
        "没有写入草稿库文件的权限",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_failed_save_keeps_the_draft_and_leaves_no_partial_revision(store, fault):
    match, error, message = FAULTS[fault]
    info = store.create(make_draft())
    before = store.history(info.id)
    draft = make_draft(overview="写了很久的内容" * 500)
    in_memory = draft.model_dump()
    real = store._db
    store._db = _FaultyConnection(real, match, error)
    with pytest.raises(StoreError) as err:
        store.save(info.id, draft, kind="manual")
    assert message in str(err.value) and "没有丢失" in str(err.value)
    assert draft.model_dump() == in_memory  # still in memory, untouched
    assert store.history(info.id) == before  # nothing partial
    assert store.get(info.id).current_revision == info.current_revision
    store._db.armed = False  # the fault clears
    rev = store.save(info.id, draft, kind="manual")
    assert store.open(info.id) == draft and store.history(info.id)[0] == rev
    store._db = real


def test_real_disk_full_from_sqlite(store):
    """SQLite's own SQLITE_FULL (max_page_count), not a simulated exception."""
    info = store.create(make_draft())
    db = store.db
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    draft = make_draft(overview="很长的内容" * 20000)
    with pytest.raises(StoreError, match="磁盘空间不足"):
        store.save(info.id, draft)
    assert len(store.history(info.id)) == 1
    db.execute("PRAGMA max_page_count = 1073741823")
    store.save(info.id, draft)
    assert store.open(info.id) == draft
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
