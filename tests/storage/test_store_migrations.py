"""Schema versions: every older version's fixture migrates to today's schema, data intact."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from fulian_desktop.core.draft.model import sha256_text
from fulian_desktop.paths import app_paths
from fulian_desktop.storage import schema
from fulian_desktop.storage.store import Store, StoreError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "storage"
SIGNED_DRAFT = "c5dc3156f23e4884a91a3acfb7c4d184"
RECYCLED_DRAFT = "222c5d1877044c0483b4c54b0c836b54"


def _fixtures() -> dict[int, Path]:
    found = {}
    for path in FIXTURES.glob("schema_v*.sql"):
        match = re.fullmatch(r"schema_v(\d+)\.sql", path.name)
        if match:
            found[int(match.group(1))] = path
    return found


def _load_fixture(version: int) -> Path:
    db = app_paths().ensure().database
    conn = sqlite3.connect(db)
    try:
        conn.executescript(_fixtures()[version].read_text(encoding="utf-8"))
        assert schema.user_version(conn) == version
    finally:
        conn.close()
    return db


def _schema_of(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
    ).fetchall()


def test_there_is_a_fixture_for_every_schema_version():
    assert sorted(_fixtures()) == list(range(1, schema.SCHEMA_VERSION + 1))


@pytest.mark.parametrize("version", sorted(_fixtures()))
def test_fixture_migrates_to_the_current_schema_with_data_intact(version, tmp_path):
    db = _load_fixture(version)
    raw = sqlite3.connect(db)
    assert raw.execute("SELECT title FROM drafts WHERE id = ?", (RECYCLED_DRAFT,)).fetchall()
    raw.close()
    with Store() as store:
        assert schema.user_version(store.db) == schema.SCHEMA_VERSION
        migrated = _schema_of(store.db)
        for content, digest in store.db.execute("SELECT content, sha256 FROM revisions"):
            assert sha256_text(content) == digest
        signed = store.get(SIGNED_DRAFT)
        assert signed.status == "signed_off" and signed.unit == "广州市番禺区妇女联合会"
        draft = store.open(SIGNED_DRAFT)
        assert draft.signoff is not None and draft.signoff.by == "王主席"
        assert draft.values["total_spending"] == "701.5"
        assert [r.kind for r in store.history(SIGNED_DRAFT)] == [
            "sign-off",
            "manual",
            "autosave",
            "autosave",
            "autosave",
            "manual",
        ]
        # deleted in 2023: long past the recycle bin's 30 days, so purged with its revisions
        assert not store.exists(RECYCLED_DRAFT)
        left = store.db.execute("SELECT DISTINCT draft_id FROM revisions").fetchall()
        assert left == [(SIGNED_DRAFT,)]
        store.save(SIGNED_DRAFT, draft, kind="reopen")  # writable after migration
    fresh = sqlite3.connect(tmp_path / "fresh.sqlite3", isolation_level=None)
    try:
        schema.migrate(fresh)
        assert migrated == _schema_of(fresh)
    finally:
        fresh.close()


def test_migration_steps_run_in_order_and_a_failing_step_changes_nothing(monkeypatch):
    db = _load_fixture(1)
    monkeypatch.setitem(schema.MIGRATIONS, 1, "ALTER TABLE drafts ADD COLUMN colour TEXT;")
    monkeypatch.setitem(
        schema.MIGRATIONS, 2, "ALTER TABLE drafts ADD COLUMN size INTEGER; SELECT * FROM nowhere;"
    )
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        with pytest.raises(sqlite3.OperationalError, match="nowhere"):
            schema.migrate(conn, target=3)
        assert schema.user_version(conn) == 2  # step 1 committed, step 2 rolled back whole
        columns = [row[1] for row in conn.execute("PRAGMA table_info(drafts)")]
        assert "colour" in columns and "size" not in columns
        assert not conn.in_transaction
    finally:
        conn.close()


def test_python_migration_step(monkeypatch):
    db = _load_fixture(1)

    def step(conn: sqlite3.Connection) -> None:
        conn.execute("UPDATE drafts SET title = upper(id)")

    monkeypatch.setitem(schema.MIGRATIONS, 1, step)
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        assert schema.migrate(conn, target=2) == [2]
        titles = {row[0] for row in conn.execute("SELECT title FROM drafts")}
        assert SIGNED_DRAFT.upper() in titles
    finally:
        conn.close()


def test_a_database_from_a_newer_program_is_refused_clearly():
    db = _load_fixture(1)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="更新版本"):
        Store()
    with pytest.raises(StoreError, match="更新版本"):
        Store(read_only=True)
