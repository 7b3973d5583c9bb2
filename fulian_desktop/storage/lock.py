"""One writer per data folder.

The lock is an OS file lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) on a small file in the data folder. The operating system drops it
when the process dies, however it dies, so a crash never leaves a stale lock
behind and no "is that pid still alive?" guessing is needed. The file's text
(pid and start time) is only a hint for people reading the folder.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt
else:
    import fcntl


class DataFolderLock:
    """A non-blocking exclusive lock on ``path``; ``acquire()`` says whether it was won."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> bool:
        """Take the lock if nobody holds it; False when another process (or Store) has it."""
        if self._fd is not None:
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if os.name == "nt":  # pragma: no cover
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        self._write_hint()
        return True

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if os.name == "nt":  # pragma: no cover
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def _write_hint(self) -> None:
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
