"""One writer per data folder.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows). The operating system drops it when the process dies, however it
dies, so a crash never leaves a stale lock behind and no "is that pid still
alive?" guessing is needed.

Two locks are taken, both needed to write:

- ``DataFolderLock`` on ``drafts.lock`` (its text, pid and start time, is a
  hint for people reading the folder);
- ``DatabaseLock`` on the database file itself. A lock file can be deleted
  while its holder runs, and a second process would then lock a fresh file of
  the same name; the database cannot be swapped like that without the drafts
  going with it. On POSIX this is ``flock`` on the file, which is independent
  of SQLite's own ``fcntl`` locks. On Windows locks are mandatory, so one byte
  of SQLite's lock page is locked: the page holding byte 0x40000000 is never
  read or written as data, SQLite's own lock bytes end at 0x40000200, and
  0x40000300 lies in that page for every page size from 1024 up (ours: 4096).
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl

#: The byte of the database file that DatabaseLock locks on Windows.
DATABASE_LOCK_BYTE = 0x40000000 + 0x300


class DataFolderLock:
    """A non-blocking exclusive lock on ``path``; ``acquire()`` says whether it was won.

    ``acquire()`` returns False when another holder has the lock; a file that
    cannot be created or opened at all (a read-only folder) raises OSError.
    """

    #: Offset of the locked byte on Windows (the hint is written after it).
    byte = 0

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _open(self) -> int:
        return os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process (or Store) has it."""
        if self._fd is not None:
            return True
        fd = self._open()
        try:
            if os.name == "nt":  # pragma: no cover
                os.lseek(fd, self.byte, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            # The file is open, so a refused lock means another holder. (flock
            # says EWOULDBLOCK; msvcrt.locking EACCES or EDEADLOCK, errno 0 under Wine.)
            os.close(fd)
            return False
        self._fd = fd
        self._after_acquire()
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name == "nt":  # pragma: no cover
                os.lseek(fd, self.byte, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _after_acquire(self) -> None:
        assert self._fd is not None
        stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
        hint = f"pid {os.getpid()} since {stamp}\n".encode()
        try:
            if os.name == "nt":  # pragma: no cover - byte 0 is locked; write after it
                os.lseek(self._fd, 1, os.SEEK_SET)
            else:
                os.ftruncate(self._fd, 0)
                os.lseek(self._fd, 0, os.SEEK_SET)
            os.write(self._fd, hint)
        except OSError:
            pass  # the hint is cosmetic

    def __enter__(self) -> DataFolderLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class DatabaseLock(DataFolderLock):
    """The writer's lock on the database file itself (see the module's notes).

    The file is created (empty, private) when missing; SQLite treats an empty
    file as a new database. Release it before the file is moved (recovery) and
    acquire it again on the file then in place.
    """

    byte = DATABASE_LOCK_BYTE

    def _open(self) -> int:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        return os.open(self.path, flags, 0o600)

    def _after_acquire(self) -> None:
        pass  # never write into the database file
