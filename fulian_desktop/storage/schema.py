"""The database schema and its migrations (versioned with PRAGMA user_version).

``MIGRATIONS[n]`` turns a version-n database into version n+1; version 0 is a
new, empty file. Each step runs in one transaction together with the bump of
``user_version``, so a crash mid-migration leaves the old version intact.

To change the schema: add a step, bump ``SCHEMA_VERSION``, and keep a fixture
of the version you are leaving in tests/fixtures/storage/schema_v<n>.sql
(tests/storage/test_migrations.py checks there is one per version and that
every fixture migrates to exactly the schema a new database gets).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SCHEMA_VERSION = 1

#: Revision kinds. Only autosaves are ever pruned.
REVISION_KINDS = ("autosave", "manual", "import", "export", "sign-off", "reopen")

_V1 = """
CREATE TABLE drafts (
    id               TEXT PRIMARY KEY,
    template_id      TEXT NOT NULL,
    template_version TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL DEFAULT '',
    year             INTEGER,
    title            TEXT,              -- NULL: derived from unit and year
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed_off')),
    current_revision INTEGER REFERENCES revisions(id) DEFERRABLE INITIALLY DEFERRED,
    created          TEXT NOT NULL,     -- UTC ISO 8601
    updated          TEXT NOT NULL,     -- UTC ISO 8601, time of the newest revision
    deleted          TEXT               -- UTC ISO 8601 when moved to the recycle bin
);
CREATE INDEX drafts_updated ON drafts (updated);

CREATE TABLE revisions (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, so ids stay meaningful
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    created  TEXT NOT NULL,
    kind     TEXT NOT NULL
             CHECK (kind IN ('autosave', 'manual', 'import', 'export', 'sign-off', 'reopen')),
    content  TEXT NOT NULL,             -- the whole draft as canonical JSON
    sha256   TEXT NOT NULL CHECK (length(sha256) = 64),
    note     TEXT
);
CREATE INDEX revisions_draft ON revisions (draft_id, id);
CREATE INDEX revisions_draft_kind ON revisions (draft_id, kind, id);

-- Revisions are history: they may be pruned or purged, never rewritten.
CREATE TRIGGER revisions_append_only BEFORE UPDATE ON revisions
BEGIN
    SELECT RAISE(ABORT, 'revisions are append-only');
END;
"""

Migration = str | Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[int, Migration] = {
    0: _V1,
}


class SchemaTooNewError(Exception):
    """The database was written by a newer program."""

    def __init__(self, found: int) -> None:
        super().__init__(f"database schema {found} is newer than {SCHEMA_VERSION}")
        self.found = found


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Bring ``conn`` (autocommit mode) up to ``target``; return the versions reached."""
    version = user_version(conn)
    if version > target:
        raise SchemaTooNewError(version)
    reached = []
    while version < target:
        step = MIGRATIONS[version]
        try:
            if isinstance(step, str):
                # executescript would commit first; the script carries its own transaction.
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{step}\nPRAGMA user_version = {version + 1};\nCOMMIT;"
                )
            else:
                conn.execute("BEGIN IMMEDIATE")
                step(conn)
                conn.execute(f"PRAGMA user_version = {version + 1}")
                conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        version += 1
        reached.append(version)
    return reached
