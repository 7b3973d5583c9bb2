"""The draft store: one SQLite database with drafts and their append-only revisions.

Every save writes the whole draft as canonical JSON with its SHA-256 in one
short transaction (the UI calls these methods on the GUI thread). The
database runs in WAL mode with ``synchronous=FULL``, so a committed revision
survives a crash or power cut on a local disk with honest fsync.

Opening a Store (in this order): take the data-folder lock and the lock on
the database file itself (another holder: read-only with a notice; a folder
that cannot be written: read-only with the reason), check the file with
``PRAGMA quick_check`` (proven damage: the file is moved aside and the newest
backup restored; a full disk or a permission error: read-only with the
reason, nothing moved), migrate the schema, compare with the last
acknowledged revision kept beside the database (ledger.py: lost WAL frames),
look for the session marker a crashed run leaves behind, purge the recycle
bin, and make the day's backup. Read-only opens are checked too. Messages for
the clerk collect in ``store.notices``; moves, restores and losses are also
recorded in ``store-events.txt``.

Autosave pruning keeps the newest ``AUTOSAVE_KEEP`` autosaves of a draft plus
the newest one of each earlier (local) day; other kinds are never pruned.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from fulian_desktop.core.draft.model import Draft, DraftFormatError, sha256_text
from fulian_desktop.paths import AppPaths, app_paths
from fulian_desktop.storage import backup, ledger
from fulian_desktop.storage.lock import DatabaseLock, DataFolderLock
from fulian_desktop.storage.nextyear import next_year_draft
from fulian_desktop.storage.opening import SESSION_MARKER, StoreOpening
from fulian_desktop.storage.records import (
    DRAFT_COLS,
    MSG_READ_ONLY,
    REV_COLS,
    DraftInfo,
    ReadOnlyError,
    RevisionInfo,
    StoreError,
    draft_info_from_row,
    explain_failure,
    revision_info_from_row,
)
from fulian_desktop.storage.schema import (
    REVISION_KINDS,
)

log = logging.getLogger(__name__)

AUTOSAVE_KEEP = 50
RECYCLE_DAYS = 30
LOCK_NAME = "drafts.lock"


class Store(StoreOpening):
    """All drafts of one data folder. Use as a context manager or call close()."""

    def __init__(
        self,
        paths: AppPaths | None = None,
        *,
        read_only: bool = False,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.paths = (paths or app_paths()).ensure()
        self.path: Path = self.paths.database
        self.notices: list[str] = []
        self.crashed = False  # the previous writer ended without close()
        #: Proven damage found when opening (the text told to the clerk), else None.
        self.damage: str | None = None
        #: Why writes are refused, for the message of a refused save.
        self.read_only_reason = MSG_READ_ONLY
        self._recovery: list[tuple[str, RevisionInfo]] = []
        self._pending: ledger.Acknowledged | None = None  # written after the commit
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._lock = DataFolderLock(self.paths.data / LOCK_NAME)
        self._db_lock = DatabaseLock(self.path)
        self.read_only = read_only
        existed = self.path.exists()
        if not read_only:
            self._take_locks()
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open_reader() if self.read_only else self._open_writer(existed)
        except BaseException:
            self._release_locks()
            raise

    def close(self) -> None:
        """Close cleanly: clears the session marker and releases the lock."""
        db, self._db = self._db, None
        if db is None:
            return
        try:
            db.close()
            if not self.read_only:
                (self.paths.data / SESSION_MARKER).unlink(missing_ok=True)
        finally:
            self._release_locks()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------
    def _now(self) -> str:
        return self._clock().astimezone(timezone.utc).isoformat(timespec="microseconds")

    @property
    def db(self) -> sqlite3.Connection:
        if self._db is None:
            raise StoreError("草稿库已关闭。")
        return self._db

    def _read(self, sql: str, params: tuple | dict = ()) -> list[tuple]:
        try:
            return self.db.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"读取草稿库出错（{exc}）。请重新启动程序。") from exc

    @contextmanager
    def _write(self, action: str) -> Iterator[sqlite3.Connection]:
        """One short write transaction; any failure rolls back and becomes a StoreError."""
        if self.read_only:
            raise ReadOnlyError(f"{action}失败：{self.read_only_reason}")
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
            self._pending = None
            yield db
            db.execute("COMMIT")
        except (sqlite3.Error, OSError) as exc:
            self._rollback(db)
            log.warning("%s failed: %r", action, exc)
            raise StoreError(explain_failure(action, exc)) from exc
        except BaseException:
            self._rollback(db)
            raise
        if self._pending is not None:  # revisions were added: remember the newest
            ledger.write(self.paths.data, self._pending)
            self._pending = None

    @staticmethod
    def _rollback(db: sqlite3.Connection) -> None:
        try:
            if db.in_transaction:
                db.execute("ROLLBACK")
        except sqlite3.Error as exc:  # SQLite may already have rolled back itself
            log.warning("rollback failed: %s", exc)

    def _row(self, draft_id: str) -> tuple:
        rows = self._read(f"SELECT {DRAFT_COLS} FROM drafts WHERE id = ?", (draft_id,))
        if not rows:
            raise StoreError(f"找不到草稿 {draft_id}。")
        return rows[0]

    def _insert_revision(
        self, db: sqlite3.Connection, draft_id: str, draft: Draft, kind: str, note: str | None
    ) -> RevisionInfo:
        if kind not in REVISION_KINDS:
            raise ValueError(f"unknown revision kind {kind!r}")
        content = draft.canonical_json()
        digest = sha256_text(content)
        now = self._now()
        cur = db.execute(
            "INSERT INTO revisions (draft_id, created, kind, content, sha256, note) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (draft_id, now, kind, content, digest, note),
        )
        rev_id = int(cur.lastrowid)
        self._pending = ledger.Acknowledged(rev_id, digest)
        db.execute(
            "UPDATE drafts SET template_id = ?, template_version = ?, unit = ?, year = ?, "
            "status = ?, current_revision = ?, updated = ? WHERE id = ?",
            (
                draft.template_id,
                draft.template_version,
                draft.unit.name,
                draft.unit.year,
                draft.status,
                rev_id,
                now,
                draft_id,
            ),
        )
        return RevisionInfo(rev_id, draft_id, now, kind, digest, note)

    def _prune_autosaves(self, db: sqlite3.Connection, draft_id: str) -> None:
        offset = self._clock().astimezone().utcoffset() or timedelta(0)
        shift = f"{int(offset.total_seconds() // 60):+d} minutes"
        # Autosaves older than the newest AUTOSAVE_KEEP, except the newest one of each day.
        db.execute(
            """
            WITH cutoff AS (
                SELECT id FROM revisions WHERE draft_id = :d AND kind = 'autosave'
                ORDER BY id DESC LIMIT 1 OFFSET :keep
            )
            DELETE FROM revisions
            WHERE draft_id = :d AND kind = 'autosave' AND id <= (SELECT id FROM cutoff)
              AND id NOT IN (
                SELECT max(id) FROM revisions
                WHERE draft_id = :d AND kind = 'autosave' AND id <= (SELECT id FROM cutoff)
                GROUP BY date(substr(created, 1, 19), :shift)
              )
            """,
            {"d": draft_id, "keep": AUTOSAVE_KEEP, "shift": shift},
        )

    # -- drafts ---------------------------------------------------------
    def create(
        self,
        draft: Draft,
        *,
        title: str | None = None,
        kind: str = "manual",
        note: str | None = None,
        draft_id: str | None = None,
    ) -> DraftInfo:
        """Add a new draft with ``draft`` as its first revision."""
        new_id = draft_id or uuid.uuid4().hex
        with self._write("新建草稿") as db:
            now = self._now()
            db.execute(
                "INSERT INTO drafts (id, template_id, template_version, unit, year, title, "
                "status, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    new_id,
                    draft.template_id,
                    draft.template_version,
                    draft.unit.name,
                    draft.unit.year,
                    title or None,
                    draft.status,
                    now,
                    now,
                ),
            )
            self._insert_revision(db, new_id, draft, kind, note)
        return self.get(new_id)

    def exists(self, draft_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM drafts WHERE id = ?", (draft_id,)))

    def get(self, draft_id: str) -> DraftInfo:
        return draft_info_from_row(self._row(draft_id))

    def list_drafts(self, *, recycle_bin: bool = False) -> list[DraftInfo]:
        """Drafts, most recently changed first (or those in the recycle bin)."""
        where = "deleted IS NOT NULL" if recycle_bin else "deleted IS NULL"
        rows = self._read(f"SELECT {DRAFT_COLS} FROM drafts WHERE {where} ORDER BY updated DESC")
        return [draft_info_from_row(r) for r in rows]

    def open(self, draft_id: str) -> Draft:
        """The draft as last saved (its current revision)."""
        info = self.get(draft_id)
        if info.current_revision is None:
            raise StoreError(f"草稿“{info.title}”没有任何已保存的内容。")
        return self.load_revision(info.current_revision)

    def save(
        self, draft_id: str, draft: Draft, kind: str = "autosave", note: str | None = None
    ) -> RevisionInfo:
        """Store ``draft`` as a new revision; ``draft`` itself is never changed.

        An autosave identical to the newest revision (or a manual save identical
        to the newest manual one) writes nothing and returns that revision.
        """
        digest = sha256_text(draft.canonical_json())
        with self._write("保存") as db:
            row = db.execute(
                "SELECT d.deleted, r.id, r.created, r.kind, r.sha256, r.note, d.status "
                "FROM drafts d LEFT JOIN revisions r ON r.id = d.current_revision WHERE d.id = ?",
                (draft_id,),
            ).fetchone()
            if row is None:
                raise StoreError(f"保存失败：找不到草稿 {draft_id}。")
            deleted, rid, rcreated, rkind, rsha, rnote, status = row
            if deleted is not None:
                raise StoreError("保存失败：这份草稿在回收站中，请先还原。")
            # A signed-off report is frozen: only 撤销定稿 (a reopen revision, with
            # its reason) makes it editable, never a restore, an import or a save.
            if status == "signed_off" and draft.status != "signed_off" and kind != "reopen":
                raise StoreError(
                    "这份报告已定稿，内容不可修改。如需修改，请先“撤销定稿”并说明原因。"
                )
            same = rid is not None and rsha == digest
            if same and (kind == "autosave" or (kind == "manual" and rkind == "manual")):
                return RevisionInfo(rid, draft_id, rcreated, rkind, rsha, rnote)
            info = self._insert_revision(db, draft_id, draft, kind, note)
            if kind == "autosave":
                self._prune_autosaves(db, draft_id)
        return info

    def rename(self, draft_id: str, title: str | None) -> DraftInfo:
        """Give a draft its own title (None or "" goes back to the automatic one)."""
        with self._write("重命名") as db:
            self._row(draft_id)
            db.execute("UPDATE drafts SET title = ? WHERE id = ?", (title or None, draft_id))
        return self.get(draft_id)

    def duplicate(self, draft_id: str) -> DraftInfo:
        """A new, unsigned draft with the same content."""
        info = self.get(draft_id)
        stamp = self._clock().astimezone(timezone.utc).replace(microsecond=0)
        copy = self.open(draft_id).model_copy(
            update={"status": "draft", "signoff": None, "created": stamp, "updated": stamp},
            deep=True,
        )
        return self.create(copy, title=f"{info.title}（副本）", note=f"复制自“{info.title}”")

    def start_next_year(
        self, draft_id: str, keep_fields: Collection[str], figure_fields: Collection[str] = ()
    ) -> DraftInfo:
        """A new draft for the next year from ``draft_id`` (see nextyear.next_year_draft)."""
        info = self.get(draft_id)
        new = next_year_draft(
            self.open(draft_id), keep_fields, now=self._clock(), figure_fields=figure_fields
        )
        return self.create(new, note=f"由“{info.title}”结转")

    def delete(self, draft_id: str) -> None:
        """Move a draft to the recycle bin (purged after RECYCLE_DAYS)."""
        with self._write("删除") as db:
            self._row(draft_id)
            db.execute(
                "UPDATE drafts SET deleted = ? WHERE id = ? AND deleted IS NULL",
                (self._now(), draft_id),
            )

    def undelete(self, draft_id: str) -> None:
        with self._write("还原") as db:
            self._row(draft_id)
            db.execute("UPDATE drafts SET deleted = NULL WHERE id = ?", (draft_id,))

    def purge_deleted(self, older_than: timedelta = timedelta(days=RECYCLE_DAYS)) -> int:
        """Remove drafts (with all revisions) that have sat in the recycle bin long enough."""
        cutoff = (
            (self._clock() - older_than).astimezone(timezone.utc).isoformat(timespec="microseconds")
        )
        due = "SELECT 1 FROM drafts WHERE deleted IS NOT NULL AND deleted <= ? LIMIT 1"
        if not self._read(due, (cutoff,)):
            return 0  # the common case at start: no write, no fsync
        with self._write("清空回收站") as db:
            cur = db.execute(
                "DELETE FROM drafts WHERE deleted IS NOT NULL AND deleted <= ?", (cutoff,)
            )
            return cur.rowcount

    # -- revisions ------------------------------------------------------
    def history(self, draft_id: str) -> list[RevisionInfo]:
        """All revisions of a draft, newest first."""
        self._row(draft_id)
        rows = self._read(
            f"SELECT {REV_COLS} FROM revisions WHERE draft_id = ? ORDER BY id DESC", (draft_id,)
        )
        return [revision_info_from_row(r) for r in rows]

    def revision(self, revision_id: int) -> RevisionInfo:
        rows = self._read(f"SELECT {REV_COLS} FROM revisions WHERE id = ?", (revision_id,))
        if not rows:
            raise StoreError(f"找不到修订 #{revision_id}（可能已被清理）。")
        return revision_info_from_row(rows[0])

    def revision_json(self, revision_id: int) -> str:
        """The stored canonical JSON of a revision, checked against its SHA-256."""
        # read as bytes: stored text that is not UTF-8 must be a damaged revision,
        # not sqlite's "Could not decode" error quoting the report's text
        rows = self._read(
            "SELECT CAST(content AS BLOB), sha256 FROM revisions WHERE id = ?", (revision_id,)
        )
        if not rows:
            raise StoreError(f"找不到修订 #{revision_id}（可能已被清理）。")
        raw, digest = rows[0]
        try:
            content = bytes(raw or b"").decode("utf-8")
        except UnicodeDecodeError:
            content = None
        if content is None or sha256_text(content) != digest:
            raise StoreError(f"修订 #{revision_id} 的内容校验不符，已损坏。请选择另一个修订。")
        return content

    def load_revision(self, revision_id: int) -> Draft:
        content = self.revision_json(revision_id)
        try:
            return Draft.from_json(content)
        except DraftFormatError as exc:
            raise StoreError(
                "这份草稿是由更新版本的程序保存的，本程序无法打开。请升级程序。"
            ) from exc
        except ValueError as exc:
            raise StoreError(f"修订 #{revision_id} 的内容无法读取（{exc}）。") from exc

    def restore(self, revision_id: int, note: str | None = None) -> RevisionInfo:
        """Make an old revision current again, as a new manual revision (nothing is lost)."""
        info = self.revision(revision_id)
        draft = self.load_revision(revision_id)
        when = datetime.fromisoformat(info.created).astimezone().strftime("%Y-%m-%d %H:%M")
        return self.save(
            info.draft_id, draft, kind="manual", note=note or f"恢复到 {when} 的版本（#{info.id}）"
        )

    # -- crash recovery and backups ---------------------------------------
    def _find_recovery(self) -> list[tuple[str, RevisionInfo]]:
        rows = self._read(
            f"""
            WITH last AS (
                SELECT d.id AS draft_id,
                    (SELECT max(id) FROM revisions WHERE draft_id = d.id AND kind = 'autosave')
                        AS auto_id,
                    (SELECT max(id) FROM revisions WHERE draft_id = d.id AND kind != 'autosave')
                        AS saved_id
                FROM drafts d WHERE d.deleted IS NULL
            )
            SELECT {", ".join("r." + c.strip() for c in REV_COLS.split(","))}
            FROM last JOIN revisions r ON r.id = last.auto_id
            LEFT JOIN revisions s ON s.id = last.saved_id
            WHERE last.auto_id > coalesce(last.saved_id, 0)
              AND (s.sha256 IS NULL OR s.sha256 != r.sha256)
            ORDER BY r.id DESC
            """
        )
        return [(r[1], revision_info_from_row(r)) for r in rows]

    def recovery_candidates(self) -> list[tuple[str, RevisionInfo]]:
        """After a crash: (draft id, newest autosave newer than its last deliberate save).

        Empty when the previous run closed cleanly. Deliberate saves are all
        kinds but autosave (manual, import, export, sign-off, reopen). The
        autosave is already the draft's current revision; offering it lets the
        clerk keep it (nothing to do) or go back with restore().
        """
        return list(self._recovery)

    def backups(self) -> list[Path]:
        """Backup files, oldest first."""
        return backup.list_backups(self.paths.backups)

    def backup_now(self) -> Path:
        """Write a backup now (VACUUM INTO) and keep the newest BACKUP_KEEP."""
        if self.read_only:
            raise ReadOnlyError(f"备份失败：{self.read_only_reason}")
        try:
            return backup.make_backup(self.db, self.paths.backups, self._clock())
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(explain_failure("备份", exc)) from exc
