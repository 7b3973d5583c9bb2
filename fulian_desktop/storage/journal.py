"""The typing journal: what the clerk typed since the last saved revision.

Autosave writes a revision a while after typing stops (the history stays
readable: one revision per pause, not per keystroke). Between a keystroke and
that revision the text would only live in memory, so the editing window also
writes the whole draft here within half a second of the first unsaved
keystroke: one small file per draft, ``<data>/journal/<draft id>.json``,
replaced atomically (fsync'd), and deleted again as soon as a revision holds
the same content. A kill -9 or a power cut therefore loses at most the last
half second of typing.

At the next start ``recover`` turns every journal left behind into an
autosave revision of its draft (noted as recovered), so it shows up in the
crash-recovery dialog and in 历史版本 like any other autosave.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from fulian_desktop.core.draft.model import Draft, sha256_text
from fulian_desktop.storage.atomic import atomic_write_text
from fulian_desktop.storage.records import RevisionInfo, StoreError

if TYPE_CHECKING:
    from fulian_desktop.storage.store import Store

log = logging.getLogger(__name__)

JOURNAL_FOLDER = "journal"
RECOVERED_NOTE = "意外关闭前最后输入的内容（从输入记录恢复）"


@dataclass(frozen=True)
class JournalEntry:
    draft_id: str
    content: str  # the draft's canonical JSON
    sha256: str


class Journal:
    """The journal files of one data folder (``Journal.for_store(store)``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_store(cls, store: Store) -> Journal:
        return cls(store.paths.data / JOURNAL_FOLDER)

    def path(self, draft_id: str) -> Path:
        if not draft_id or any(c in draft_id for c in "/\\.:"):
            raise ValueError(f"not a draft id: {draft_id!r}")
        return self.folder / f"{draft_id}.json"

    def write(self, draft_id: str, draft: Draft) -> str:
        """Record the draft as typed so far; its SHA-256 (OSError when the disk refuses)."""
        content = draft.canonical_json()
        digest = sha256_text(content)
        self.folder.mkdir(parents=True, exist_ok=True)
        record = json.dumps({"draft_id": draft_id, "sha256": digest, "content": content})
        atomic_write_text(self.path(draft_id), record, mode=0o600)
        return digest

    def clear(self, draft_id: str) -> None:
        """A revision now holds what the journal held: forget it."""
        try:
            self.path(draft_id).unlink(missing_ok=True)
        except OSError as exc:  # a stale journal is harmless: recovery skips equal content
            log.warning("could not remove the journal of %s: %s", draft_id, exc)

    def read(self, draft_id: str) -> JournalEntry | None:
        """The journal of one draft, or None when there is none or it cannot be read."""
        path = self.path(draft_id)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entry = JournalEntry(str(data["draft_id"]), str(data["content"]), str(data["sha256"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("journal %s unreadable: %s", path, exc)
            return None
        if entry.draft_id != draft_id or sha256_text(entry.content) != entry.sha256:
            log.warning("journal %s does not match its checksum; ignored", path)
            return None
        return entry

    def pending(self) -> list[str]:
        """Draft ids that have a journal."""
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json") if not p.name.startswith("."))


def recover(store: Store, journal: Journal | None = None) -> list[tuple[str, RevisionInfo]]:
    """Turn every journal left behind into an autosave revision; (draft id, revision) each.

    A journal equal to the draft's current content is simply removed. One
    that cannot be saved now (draft in the recycle bin, disk full …) is kept
    for the next start, so nothing typed is thrown away.
    """
    journal = journal or Journal.for_store(store)
    if getattr(store, "read_only", False):
        return []
    recovered: list[tuple[str, RevisionInfo]] = []
    for draft_id in journal.pending():
        try:
            entry = journal.read(draft_id)
        except ValueError:
            continue
        if entry is None:
            _set_aside(journal.path(draft_id))
            continue
        try:
            if not store.exists(draft_id):
                log.warning("journal of unknown draft %s set aside", draft_id)
                _set_aside(journal.path(draft_id))
                continue
            info = store.get(draft_id)
            current = store.revision(info.current_revision) if info.current_revision else None
            if current is None or current.sha256 != entry.sha256:
                draft = Draft.from_json(entry.content)
                rev = store.save(draft_id, draft, kind="autosave", note=RECOVERED_NOTE)
                recovered.append((draft_id, rev))
                log.warning("recovered %s from its typing journal as revision %s", draft_id, rev.id)
        except (StoreError, ValueError) as exc:
            log.warning("journal of %s kept for later: %s", draft_id, exc)
            continue
        journal.clear(draft_id)
    return recovered


def _set_aside(path: Path) -> None:
    """Keep an unusable journal for a technician rather than deleting what was typed."""
    try:
        os.replace(path, path.with_suffix(".unreadable"))
    except OSError as exc:
        log.warning("could not set %s aside: %s", path, exc)
