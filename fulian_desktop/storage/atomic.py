"""Atomic file writes: a reader sees the old file or the new one, never half of either.

The recipe: write a temp file in the same folder (so the rename stays on one
file system), flush and fsync it, ``os.replace`` it over the target, then fsync
the folder on POSIX so the rename itself survives a power cut. On Windows an
antivirus scanner or the search indexer may hold the target open for a moment;
``os.replace`` then fails with a sharing error, so it is retried a few times.
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path

#: Delays (seconds) between attempts at replacing a file that Windows reports busy.
REPLACE_RETRY_DELAYS = (0.05, 0.1, 0.2, 0.4, 0.8)

# Windows errors that mean "someone else has the file open right now".
_SHARING_WINERRORS = {5, 32, 33}  # access denied, sharing violation, lock violation


def atomic_write_bytes(
    path: str | os.PathLike[str], data: bytes, *, mode: int | None = None, sync: bool = True
) -> Path:
    """Write ``data`` to ``path`` atomically and durably; return the path.

    ``mode`` sets the permission bits of the new file; by default an existing
    file keeps its bits and a new file gets 0o666 minus the umask.
    ``sync=False`` skips both fsyncs: still atomic, but a power cut may bring
    back the previous file (for small records that may lag, never lead).
    """
    target = Path(path)
    folder = target.parent
    if mode is None:
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = None
    tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        if mode is not None and os.name == "posix":
            os.chmod(tmp, mode)
        replace_with_retry(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync:
        fsync_folder(folder)
    return target


def atomic_write_text(
    path: str | os.PathLike[str],
    text: str,
    *,
    encoding: str = "utf-8",
    mode: int | None = None,
    sync: bool = True,
) -> Path:
    """``atomic_write_bytes`` for text (UTF-8 by default, newlines kept as given)."""
    return atomic_write_bytes(path, text.encode(encoding), mode=mode, sync=sync)


def replace_with_retry(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
    """``os.replace`` that waits out short-lived sharing errors on Windows."""
    for delay in (*REPLACE_RETRY_DELAYS, None):
        try:
            os.replace(src, dst)
            return
        except PermissionError as exc:
            busy = sys.platform == "win32" and getattr(exc, "winerror", None) in _SHARING_WINERRORS
            if not busy or delay is None:
                raise
            time.sleep(delay)


def fsync_folder(folder: str | os.PathLike[str]) -> None:
    """Make a rename in ``folder`` durable (POSIX only; Windows has no folder fsync)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the data itself is synced
    finally:
        os.close(fd)
