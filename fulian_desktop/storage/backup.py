"""Checking the database, daily backups, and recovery from a damaged file.

Only proven damage counts: ``PRAGMA quick_check`` findings, SQLITE_CORRUPT,
SQLITE_NOTADB, a versioned file without its tables, an empty file where a
backup or WAL shows there were drafts. A full disk, a permission or an I/O
error says nothing about the file (``Problem.damaged`` is False), and the
store then opens read-only instead of touching it.

A damaged database is never deleted: it is moved into ``damaged/`` beside it
(with its -wal/-shm/-journal companions, so a stale WAL can never be replayed
onto a restored backup), and the newest backup that itself passes a check is
copied into its place. The copy is made first; only then is the damaged file
moved, so a failure (a full disk) leaves the original where it was, and a
failure while putting the copy in place moves the original back. Backups are ``VACUUM INTO`` copies written under a
temporary name and renamed, so a crash mid-backup leaves no half backup that
could later be "restored".
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from fulian_desktop.storage.atomic import fsync_folder, replace_with_retry

log = logging.getLogger(__name__)

#: How many daily backups to keep.
BACKUP_KEEP = 14

BACKUP_PREFIX = "drafts-"
BACKUP_SUFFIX = ".sqlite3"
_STAMP = "%Y%m%dT%H%M%SZ"
#: _STAMP as strftime writes it (zero-padded), for reading it back
_STAMP_FIELDS = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})T([0-9]{2})([0-9]{2})([0-9]{2})Z")
COMPANIONS = ("-wal", "-shm", "-journal")


def _ro_uri(path: Path) -> str:
    return f"file:{quote(str(path))}?mode=ro"


#: SQLite's primary result codes that prove the file itself is damaged. Every
#: other failure (disk full, permission, I/O, busy) says nothing about the file,
#: and a healthy database must never be moved aside for it.
DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


@dataclass(frozen=True)
class Problem:
    """Why a database could not be used: ``damaged`` only when that is proven."""

    text: str
    damaged: bool

    def __str__(self) -> str:
        return self.text


def problem_from_error(exc: BaseException) -> Problem:
    """A Problem for an exception raised while opening or checking a database."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return Problem(str(exc), (code & 0xFF) in DAMAGE_CODES)
    text = str(exc).lower()
    # Python < 3.11 has no error codes: fall back on SQLite's fixed messages.
    damaged = "malformed" in text or "not a database" in text
    return Problem(str(exc), damaged and isinstance(exc, sqlite3.Error))


def check_connection(conn: sqlite3.Connection) -> Problem | None:
    """None when the open database looks healthy, else what is wrong with it."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as exc:
        return problem_from_error(exc)
    if rows != [("ok",)]:
        return Problem("; ".join(str(r[0]) for r in rows[:3]), True)
    try:
        if int(conn.execute("PRAGMA user_version").fetchone()[0]) > 0:
            conn.execute("SELECT count(*) FROM drafts").fetchone()
            conn.execute("SELECT count(*) FROM revisions").fetchone()
    except sqlite3.Error as exc:
        problem = problem_from_error(exc)
        # A versioned file without its tables ("no such table") is damaged too.
        missing = "no such table" in str(exc)
        return Problem(problem.text, problem.damaged or missing)
    return None


def check_database(path: Path, *, read_only: bool = False) -> Problem | None:
    """check_connection for a file (None also when it does not exist)."""
    if not path.exists():
        return None
    try:
        if read_only:
            conn = sqlite3.connect(_ro_uri(path), uri=True)
        else:
            conn = sqlite3.connect(path)
    except sqlite3.Error as exc:
        return problem_from_error(exc)
    try:
        return check_connection(conn)
    finally:
        conn.close()


def empty_file_problem(path: Path, backups: Path) -> Problem | None:
    """An empty database file counts as damaged when a backup (or a WAL) exists.

    SQLite happily opens a zero-byte file as a new, empty database; after a
    truncation that would silently lose every draft.
    """
    if path.exists() and path.stat().st_size == 0:
        has_wal = any(Path(f"{path}{s}").exists() for s in COMPANIONS)
        return Problem("文件为空", True) if (list_backups(backups) or has_wal) else None
    return None


def move_aside(path: Path, now: datetime) -> Path:
    """Move the database (and companions) into ``damaged/``; return the new path.

    All or nothing: when one of the moves fails, those already made are undone
    and the error is raised, so the files stay where they were.
    """
    folder = path.parent / "damaged"
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = now.astimezone(timezone.utc).strftime(_STAMP)
    target = folder / f"{path.stem}-{stamp}{path.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{path.stem}-{stamp}-{n}{path.suffix}"
        n += 1
    moved: list[str] = []
    try:
        for suffix in ("", *COMPANIONS):
            src = Path(f"{path}{suffix}")
            if src.exists():
                replace_with_retry(src, Path(f"{target}{suffix}"))
                moved.append(suffix)
    except BaseException:
        _move_back(target, path, moved)
        raise
    fsync_folder(path.parent)
    log.warning("moved damaged database %s to %s", path, target)
    return target


def _move_back(aside: Path, path: Path, suffixes: list[str]) -> None:
    for suffix in suffixes:
        if not Path(f"{aside}{suffix}").exists():
            continue
        try:
            replace_with_retry(Path(f"{aside}{suffix}"), Path(f"{path}{suffix}"))
        except OSError as exc:  # pragma: no cover - a rename back in the same folder
            log.error("could not move %s%s back: %s", aside, suffix, exc)
    fsync_folder(path.parent)


def _backup_key(path: Path) -> tuple[str, int]:
    # "drafts-<stamp>.sqlite3", then "drafts-<stamp>-1.sqlite3" for a second one that second
    stamp, _, n = path.name[len(BACKUP_PREFIX) : -len(BACKUP_SUFFIX)].partition("-")
    return stamp, int(n) if n.isdigit() else 0


def list_backups(folder: Path) -> list[Path]:
    """Backups, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        (
            p
            for p in folder.iterdir()
            if p.name.startswith(BACKUP_PREFIX) and p.name.endswith(BACKUP_SUFFIX) and p.is_file()
        ),
        key=_backup_key,
    )


def backup_time(path: Path) -> datetime | None:
    """When a backup was taken, from its name; None for a name we did not write.

    Read by hand, not with strptime: its first call builds locale tables
    (~2 ms), and every start reads the newest backup's time."""
    match = _STAMP_FIELDS.fullmatch(_backup_key(path)[0])
    if match is None:
        return None
    try:
        return datetime(*map(int, match.groups()), tzinfo=timezone.utc)
    except ValueError:  # month 13, 31 February
        return None


def backup_due(folder: Path, now: datetime) -> bool:
    """True when no backup was made on today's (local) date."""
    for path in reversed(list_backups(folder)):
        taken = backup_time(path)
        if taken is not None:
            return taken.astimezone().date() != now.astimezone().date()
    return True


def make_backup(conn: sqlite3.Connection, folder: Path, now: datetime) -> Path:
    """Write a compact, consistent copy of ``conn``'s database into ``folder``."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    for stale in folder.glob(".*.tmp"):  # left by a crash during an earlier backup
        stale.unlink(missing_ok=True)
    stamp = now.astimezone(timezone.utc).strftime(_STAMP)
    target = folder / f"{BACKUP_PREFIX}{stamp}{BACKUP_SUFFIX}"
    n = 1
    while target.exists():
        target = folder / f"{BACKUP_PREFIX}{stamp}-{n}{BACKUP_SUFFIX}"
        n += 1
    tmp = folder / f".{target.name}.tmp"
    try:
        conn.execute("VACUUM INTO ?", (str(tmp),))
        _install(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    for old in list_backups(folder)[:-BACKUP_KEEP]:
        old.unlink(missing_ok=True)
    return target


def _install(tmp: Path, target: Path) -> None:
    """Make a finished database file durable, private, and put it in place."""
    _finish(tmp)
    replace_with_retry(tmp, target)
    fsync_folder(target.parent)


def _finish(tmp: Path) -> None:
    fd = os.open(tmp, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    if os.name == "posix":
        os.chmod(tmp, 0o600)


@dataclass(frozen=True)
class Recovery:
    """What replace_damaged did: where the damaged file went, which backup replaced it."""

    aside: Path
    backup: Path | None  # None: no healthy backup, a new empty database follows


def _copy_newest_backup(folder: Path, tmp: Path) -> Path | None:
    for candidate in reversed(list_backups(folder)):
        if check_database(candidate, read_only=True) is not None:
            log.warning("skipping damaged backup %s", candidate)
            continue
        try:
            shutil.copyfile(candidate, tmp)
            _finish(tmp)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return candidate
    return None


def replace_damaged(database: Path, backups: Path, now: datetime) -> Recovery:
    """Move a damaged database aside and put the newest healthy backup in its place.

    The backup is copied beside the database first, and only then is the damaged
    file moved: a full disk (or any other failure) raises with the original
    where it was. When putting the copy in place fails, the moved files go back.
    """
    tmp = database.parent / f".{database.name}.restore.tmp"
    used = _copy_newest_backup(backups, tmp)
    try:
        aside = move_aside(database, now)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if used is not None:
        try:
            replace_with_retry(tmp, database)
            fsync_folder(database.parent)
        except BaseException:
            tmp.unlink(missing_ok=True)
            _move_back(aside, database, ["", *COMPANIONS])
            raise
        log.warning("restored %s from backup %s", database, used)
    return Recovery(aside, used)
