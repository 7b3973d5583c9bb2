"""What the store remembers outside its database.

- ``saved.json``: the newest revision id SQLite ever acknowledged (its
  ``sqlite_sequence`` value) and that revision's SHA-256, rewritten atomically
  (without fsync: cheap) after each commit that added revisions. SQLite silently drops WAL frames
  after a bad checksum (one flipped byte in ``-wal``), so committed revisions
  can vanish without any error; comparing this file with the database at
  open is how the store notices.
- ``store-events.txt``: one line per move, restore or loss the store found,
  with the time and the text the clerk was told, for whoever looks later.

Both files are private (0600) and hold no report text.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from fulian_desktop.storage.atomic import atomic_write_text

log = logging.getLogger(__name__)

SAVED_NAME = "saved.json"
EVENTS_NAME = "store-events.txt"


@dataclass(frozen=True)
class Acknowledged:
    """The newest revision id handed out and that revision's hash ('' if gone since)."""

    revision: int
    sha256: str = ""


def current(conn: sqlite3.Connection) -> Acknowledged:
    """The database's own view: highest revision id ever issued, and its hash."""
    row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'revisions'").fetchone()
    seq = int(row[0]) if row else 0
    found = conn.execute("SELECT sha256 FROM revisions WHERE id = ?", (seq,)).fetchone()
    return Acknowledged(seq, found[0] if found else "")


def read(folder: Path) -> Acknowledged | None:
    """The remembered state (None when there is none or it cannot be read)."""
    try:
        data = json.loads((folder / SAVED_NAME).read_text(encoding="utf-8"))
        return Acknowledged(int(data["revision"]), str(data.get("sha256") or ""))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("%s unreadable: %s", SAVED_NAME, exc)
        return None


def write(folder: Path, state: Acknowledged) -> None:
    """Remember ``state``; a failure (full disk) is logged, the commit already stands."""
    text = json.dumps({"revision": state.revision, "sha256": state.sha256})
    try:
        # No fsync: written after SQLite's durable commit, the file can only lag
        # behind the database after a power cut, never claim more than it has.
        atomic_write_text(folder / SAVED_NAME, text, mode=0o600, sync=False)
    except OSError as exc:
        log.warning("could not write %s: %s", SAVED_NAME, exc)


@dataclass(frozen=True)
class Loss:
    """Acknowledged revisions the database no longer has."""

    remembered: Acknowledged
    found: Acknowledged

    @property
    def missing(self) -> int:
        """How many revision ids were handed out but are gone (at most)."""
        return max(self.remembered.revision - self.found.revision, 0)


def compare(remembered: Acknowledged | None, conn: sqlite3.Connection) -> Loss | None:
    """A Loss when the database lacks what was acknowledged, else None."""
    if remembered is None or remembered.revision <= 0:
        return None
    found = current(conn)
    if found.revision < remembered.revision:
        return Loss(remembered, found)
    if remembered.sha256:
        row = conn.execute(
            "SELECT sha256 FROM revisions WHERE id = ?", (remembered.revision,)
        ).fetchone()
        # Gone later by pruning or purging is normal; a different hash is not.
        if row is not None and row[0] != remembered.sha256:
            return Loss(remembered, found)
    return None


def record_event(folder: Path, text: str, now: datetime | None = None) -> None:
    """Append one line to the store's event record (best effort: also logged)."""
    stamp = (now or datetime.now(timezone.utc)).astimezone().isoformat(timespec="seconds")
    line = f"{stamp}\t{' '.join(text.split())}\n"
    log.warning("store event: %s", text)
    path = folder / EVENTS_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        log.warning("could not write %s: %s", EVENTS_NAME, exc)


def events(folder: Path) -> list[str]:
    """The recorded event lines, oldest first."""
    try:
        return (folder / EVENTS_NAME).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
