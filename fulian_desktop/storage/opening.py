"""How a Store opens: locks, the integrity check, recovery, the read-only fallback.

Kept apart from store.py (which holds the drafts and revisions) as a base
class of Store; the order of the steps is described in store.py's docstring.
Proven damage moves the file aside (backup.replace_damaged); a full disk, a
permission or an I/O error never does: the store opens read-only and
``read_only_reason`` says why. Every move, restore or loss is told
(``notices``) and recorded (ledger.record_event).
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from fulian_desktop.paths import AppPaths
from fulian_desktop.storage import backup, ledger
from fulian_desktop.storage.atomic import atomic_write_text
from fulian_desktop.storage.lock import DatabaseLock, DataFolderLock
from fulian_desktop.storage.records import (
    MSG_READ_ONLY,
    MSG_SECOND_COPY,
    RevisionInfo,
    StoreError,
    cannot_write,
    explain_failure,
)
from fulian_desktop.storage.schema import (
    SCHEMA_VERSION,
    SchemaTooNewError,
    migrate,
    user_version,
)

log = logging.getLogger(__name__)

SESSION_MARKER = "session.json"


class StoreOpening:
    """The opening steps of Store (set up by Store.__init__; they also use Store's
    ``_now``, ``_find_recovery``, ``purge_deleted`` and ``backup_now``)."""

    paths: AppPaths
    path: Path
    notices: list[str]
    crashed: bool
    damage: str | None
    read_only: bool
    read_only_reason: str
    _recovery: list[tuple[str, RevisionInfo]]
    _clock: Callable[[], datetime]
    _lock: DataFolderLock
    _db_lock: DatabaseLock
    _db: sqlite3.Connection | None

    def _take_locks(self) -> None:
        """Both locks (folder and database file), or read-only with the reason."""
        try:
            won = self._lock.acquire() and self._db_lock.acquire()
        except OSError as exc:  # the folder (or the file) cannot be written at all
            self._release_locks()
            log.warning("data folder not writable: %s", exc)
            self._fall_back(cannot_write(self.paths.data, exc))
            return
        if not won:
            self._release_locks()
            self.read_only = True
            self.notices.append(MSG_SECOND_COPY)

    def _release_locks(self) -> None:
        self._db_lock.release()
        self._lock.release()

    def _fall_back(self, reason: str) -> None:
        """Continue read-only: the drafts stay readable and nothing is moved."""
        self.read_only = True
        self.read_only_reason = reason
        self.notices.append(reason)

    def _connect_checked(self) -> tuple[sqlite3.Connection | None, backup.Problem | None]:
        """Open the database for writing and quick_check it on the same connection."""
        try:
            if not self.path.exists():
                os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
            conn = sqlite3.connect(self.path, isolation_level=None)
        except (sqlite3.Error, OSError) as exc:
            return None, backup.problem_from_error(exc)
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA busy_timeout = 2000")
        except sqlite3.Error as exc:
            conn.close()
            return None, backup.problem_from_error(exc)
        problem = backup.check_connection(conn)
        if problem is not None:
            conn.close()
            return None, problem
        return conn, None

    def _open_writer(self, existed: bool = True) -> sqlite3.Connection:
        conn = None
        recovered = False
        problem = backup.empty_file_problem(self.path, self.paths.backups) if existed else None
        if problem is None:
            conn, problem = self._connect_checked()
        if problem is not None and problem.damaged:
            self._recover_from_damage(problem)
            recovered = True
            conn, problem = self._connect_checked()
        if conn is None:
            if problem is not None and not problem.damaged:
                # A full disk, a permission or I/O error says nothing about the
                # file: never move it; read it if possible, and say why.
                log.warning("database not writable at start: %s", problem)
                self._release_locks()
                self._fall_back(cannot_write(self.path, problem))
                return self._open_reader()
            raise StoreError(f"草稿库无法打开（{problem}）。请联系技术人员。")
        try:
            migrate(conn)
        except SchemaTooNewError as exc:
            conn.close()
            raise StoreError(
                "草稿库是由更新版本的“绩效自评报告助手”保存的，本程序无法打开。请升级程序。"
            ) from exc
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(explain_failure("打开草稿库", exc)) from exc
        self._private_files()
        self._db = conn
        self._check_acknowledged(conn, reset=recovered)
        marker = self.paths.data / SESSION_MARKER
        if marker.exists():
            self.crashed = True
            self._recovery = self._find_recovery()
            log.warning("previous session ended uncleanly; %d drafts to offer", len(self._recovery))
        try:
            session = {"pid": os.getpid(), "since": self._now()}
            atomic_write_text(marker, json.dumps(session), mode=0o600)
            self.purge_deleted()
            if backup.backup_due(self.paths.backups, self._clock()):
                self.backup_now()
        except (StoreError, OSError, sqlite3.Error) as exc:
            log.warning("housekeeping at start failed: %s", exc)
            self.notices.append(f"启动时的草稿库维护（备份等）没有完成：{exc}。请检查磁盘空间。")
        return conn

    def _tell(self, text: str) -> None:
        """A notice for the clerk that is also kept in the store's event record."""
        self.notices.append(text)
        ledger.record_event(self.paths.data, text, self._clock())

    def _recover_from_damage(self, problem: backup.Problem) -> None:
        log.error("database %s is damaged: %s", self.path, problem)
        self._db_lock.release()  # the file is about to move (Windows cannot move it locked)
        try:
            done = backup.replace_damaged(self.path, self.paths.backups, self._clock())
        except OSError as exc:
            text = (
                f"草稿库文件已损坏（{problem}），但没能用备份替换它（{explain_failure('恢复', exc)}）"
                "原文件仍在原处，没有移动。请腾出磁盘空间或检查文件夹权限后重新打开程序。"
            )
            self.damage = text
            ledger.record_event(self.paths.data, text, self._clock())
            raise StoreError(text) from exc
        finally:
            if not self._db_lock.acquire():  # pragma: no cover - we hold drafts.lock
                raise StoreError(MSG_SECOND_COPY)
        if done.backup is None:
            self._tell(
                f"草稿库文件已损坏（{problem}），已移到 {done.aside}（没有删除）。没有找到可用的备份，"
                "已新建一个空的草稿库；如需找回旧草稿，请带着这个文件联系技术人员。"
            )
            return
        taken = backup.backup_time(done.backup)
        when = taken.astimezone().strftime("%Y-%m-%d %H:%M") if taken else done.backup.name
        self._tell(
            f"草稿库文件已损坏（{problem}），已移到 {done.aside}（没有删除），并用 {when} 的备份恢复。"
            "此后的修改可能没有恢复，请检查最近编辑的草稿；也可从导出的草稿文件重新导入。"
        )

    def _check_acknowledged(self, conn: sqlite3.Connection, *, reset: bool = False) -> None:
        """Compare the database with the last acknowledged revision kept beside it.

        The writer tells a loss once (and records it), then remembers the
        database as it is now; a reader only tells.
        """
        folder = self.paths.data
        try:
            remembered = ledger.read(folder)
            loss = None if reset else ledger.compare(remembered, conn)
            now = ledger.current(conn)
        except sqlite3.Error as exc:
            log.warning("could not compare with %s: %s", ledger.SAVED_NAME, exc)
            return
        if loss is not None:
            text = self._loss_notice(loss)
            if self.read_only:
                self.notices.append(text)
            else:
                self._tell(text)
        if not self.read_only and remembered != now:
            ledger.write(folder, now)

    def _loss_notice(self, loss: ledger.Loss) -> str:
        newest = backup.list_backups(self.paths.backups)
        if newest:
            taken = backup.backup_time(newest[-1])
            when = taken.astimezone().strftime("%Y-%m-%d %H:%M") if taken else ""
            offer = (
                f"最新的备份是 {when} 的 {newest[-1]}：如需找回，请关闭程序，"
                "带着这个备份文件联系技术人员（或用它替换草稿库文件）。"
            )
        else:
            offer = "没有找到备份；请从导出的草稿文件重新导入最近的内容。"
        return (
            f"草稿库中缺少已经保存过的修订：最后一次确认保存的是第 {loss.remembered.revision} 号修订，"
            f"草稿库里现在最新的是第 {loss.found.revision} 号（最多 {loss.missing} 个修订丢失）。"
            "可能是断电或磁盘错误损坏了草稿库的日志文件。请检查最近编辑的草稿。" + offer
        )

    def _open_reader(self) -> sqlite3.Connection:
        if not self.path.exists():
            raise StoreError("还没有草稿库：请先正常打开一次程序（不要以只读方式）。")
        try:
            conn, found = self._connect_reader(immutable=False)
        except sqlite3.Error as exc:
            problem = backup.problem_from_error(exc)
            if problem.damaged:
                self.damage = f"草稿库文件已损坏（{problem}）"
                raise StoreError(
                    f"{self.damage}。请关闭所有程序窗口后重新打开程序，"
                    "程序会自动移开损坏的文件并用备份恢复。"
                ) from exc
            wal = Path(f"{self.path}-wal")
            conn = None
            if not (wal.exists() and wal.stat().st_size):
                # A full disk or a read-only folder leaves no room for the -shm
                # file a WAL reader needs. With no WAL content the file alone is
                # the whole database (and such a folder has no writer): read it as is.
                try:
                    conn, found = self._connect_reader(immutable=True)
                except sqlite3.Error:
                    conn = None
            if conn is None:
                if self.read_only_reason == MSG_READ_ONLY:
                    raise StoreError(
                        f"无法读取草稿库（{exc}）。请关闭另一个程序窗口后重新打开。"
                    ) from exc
                raise StoreError(
                    f"{self.read_only_reason.split('。')[0]}，而且无法读取草稿库（{exc}）。"
                    "草稿库文件没有移动。请腾出磁盘空间或检查文件夹权限后重新打开程序。"
                ) from exc
        if found > SCHEMA_VERSION:
            conn.close()
            raise StoreError("草稿库是由更新版本的“绩效自评报告助手”保存的，本程序无法打开。")
        if found < SCHEMA_VERSION:
            conn.close()
            raise StoreError("草稿库需要升级，只读方式无法完成。请关闭另一个程序窗口后重新打开。")
        # Checked on every open, read-only ones too (validate, export, verify).
        problem = backup.check_connection(conn)
        if problem is not None and problem.damaged:
            self.damage = f"草稿库文件已损坏（{problem}）"
            self.notices.append(
                f"{self.damage}：读到的内容可能不完整。"
                "请关闭所有程序窗口后重新打开程序，程序会自动移开损坏的文件并用备份恢复。"
            )
        elif problem is not None:
            self.notices.append(f"草稿库没能完成检查（{problem}）。")
        else:
            self._check_acknowledged(conn)
        return conn

    def _connect_reader(self, *, immutable: bool) -> tuple[sqlite3.Connection, int]:
        uri = f"file:{quote(str(self.path))}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 2000")
            return conn, user_version(conn)
        except BaseException:
            conn.close()
            raise

    def _private_files(self) -> None:
        if os.name != "posix":
            return
        for suffix in ("", "-wal", "-shm"):
            p = Path(f"{self.path}{suffix}")
            if p.exists():
                os.chmod(p, 0o600)
