"""The Store API: drafts, revisions, pruning, recycle bin, next year, lock, recovery."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import date

import pytest
from testkit.storage import Clock, make_draft

from fulian_desktop.core.draft.model import SignOff, sha256_text
from fulian_desktop.paths import app_paths
from fulian_desktop.storage.store import (
    AUTOSAVE_KEEP,
    ReadOnlyError,
    Store,
    StoreError,
)


@pytest.fixture
def store() -> Iterator[Store]:
    """An open store in this test's FULIAN_HOME."""
    with Store() as s:
        yield s


def test_create_open_save_history(store):
    draft = make_draft()
    info = store.create(draft)
    assert info.title == "广州市番禺区妇女联合会2021年度绩效自评报告"
    assert (info.unit, info.year, info.status) == ("广州市番禺区妇女联合会", 2021, "draft")
    assert store.open(info.id) == draft

    draft.values["overview"] = "改过的概况"
    rev = store.save(info.id, draft, kind="manual", note="第一次修改")
    assert rev.kind == "manual" and rev.note == "第一次修改"
    assert rev.sha256 == sha256_text(draft.canonical_json())
    assert store.open(info.id).values["overview"] == "改过的概况"
    assert store.get(info.id).current_revision == rev.id
    assert [r.id for r in store.history(info.id)] == [rev.id, info.current_revision]


def test_save_does_not_change_the_draft_and_rejects_unknown_kind(store):
    draft = make_draft()
    info = store.create(draft)
    before = draft.model_dump()
    store.save(info.id, draft, kind="manual")
    assert draft.model_dump() == before
    with pytest.raises(ValueError):
        store.save(info.id, make_draft(overview="x"), kind="typo")


def test_identical_autosave_writes_nothing(store):
    info = store.create(make_draft())
    # One draft object: two make_draft() calls a second apart differ in 'updated'.
    edited = make_draft(overview="新")
    first = store.save(info.id, edited, kind="autosave")
    again = store.save(info.id, edited.model_copy(), kind="autosave")
    assert again.id == first.id
    manual = store.save(info.id, edited, kind="manual")
    assert manual.id != first.id  # a deliberate save is recorded even with the same content
    assert store.save(info.id, edited, kind="manual").id == manual.id
    assert len(store.history(info.id)) == 3


def test_list_orders_by_last_change_and_hides_recycle_bin():
    clock = Clock()
    with Store(clock=clock) as store:
        a = store.create(make_draft())
        clock.advance(minutes=1)
        b = store.create(make_draft())
        assert [d.id for d in store.list_drafts()] == [b.id, a.id]
        clock.advance(minutes=1)
        store.save(a.id, make_draft(overview="later"))
        assert [d.id for d in store.list_drafts()] == [a.id, b.id]
        store.delete(b.id)
        assert [d.id for d in store.list_drafts()] == [a.id]
        assert [d.id for d in store.list_drafts(recycle_bin=True)] == [b.id]
        with pytest.raises(StoreError, match="回收站"):
            store.save(b.id, make_draft(overview="x"))
        store.undelete(b.id)
        assert {d.id for d in store.list_drafts()} == {a.id, b.id}


def test_purge_removes_old_recycle_bin_drafts_with_their_revisions():
    clock = Clock()
    with Store(clock=clock) as store:
        keep = store.create(make_draft())
        gone = store.create(make_draft())
        store.delete(gone.id)
        clock.advance(days=29)
        assert store.purge_deleted() == 0
        clock.advance(days=2)
        assert store.purge_deleted() == 1
        assert not store.exists(gone.id) and store.exists(keep.id)
        count = store.db.execute(
            "SELECT count(*) FROM revisions WHERE draft_id = ?", (gone.id,)
        ).fetchone()[0]
        assert count == 0


def test_restore_adds_a_new_revision(store):
    info = store.create(make_draft(overview="第一版"))
    store.save(info.id, make_draft(overview="第二版"), kind="manual")
    restored = store.restore(info.current_revision)
    assert restored.kind == "manual" and f"#{info.current_revision}" in restored.note
    assert store.open(info.id).values["overview"] == "第一版"
    assert len(store.history(info.id)) == 3


def test_rename_and_duplicate(store):
    signed = make_draft()
    signed.status = "signed_off"
    signed.signoff = SignOff(by="王主席", date=date(2022, 3, 1), content_hash=signed.content_hash())
    info = store.create(signed)
    assert store.get(info.id).status == "signed_off"
    renamed = store.rename(info.id, "番禺 2021 报告")
    assert renamed.title == "番禺 2021 报告" and renamed.custom_title
    copy = store.duplicate(info.id)
    assert copy.id != info.id and copy.title == "番禺 2021 报告（副本）"
    dup = store.open(copy.id)
    assert dup.status == "draft" and dup.signoff is None
    assert dup.content_hash() == signed.content_hash()
    assert store.rename(info.id, None).title == "广州市番禺区妇女联合会2021年度绩效自评报告"


def test_start_next_year_keeps_identity_and_stable_fields(store):
    old = make_draft()
    old.unit.fill_date = date(2022, 2, 1)
    old.sections["performance_goal"] = True
    old.status = "signed_off"
    old.signoff = SignOff(by="王主席", date=date(2022, 3, 1))
    info = store.create(old)
    new_info = store.start_next_year(info.id, keep_fields={"overview", "duties"})
    new = store.open(new_info.id)
    assert new_info.year == 2022 and new_info.id != info.id
    assert new.unit.name == old.unit.name and new.unit.filler == "李梅"
    assert new.unit.phone == "020-1234" and new.unit.fill_date is None
    assert new.values == {"overview": old.values["overview"], "duties": old.values["duties"]}
    assert new.sections == {"performance_goal": True}
    assert new.status == "draft" and new.signoff is None
    assert store.open(info.id).canonical_json() == old.canonical_json()  # last year untouched


def test_autosave_pruning_keeps_newest_and_one_a_day(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    clock = Clock()
    with Store(clock=clock) as store:
        info = store.create(make_draft())
        manual = store.save(info.id, make_draft(overview="manual"), kind="manual")
        saved = []  # (id, day) of every autosave, oldest first
        for day in range(4):
            for i in range(30):
                clock.advance(minutes=1)
                rev = store.save(info.id, make_draft(overview=f"{day}-{i}"))
                saved.append((rev.id, rev.created[:10]))
            clock.advance(days=1)
        kept = [r.id for r in store.history(info.id) if r.kind == "autosave"]
        newest = [rid for rid, _ in saved[-AUTOSAVE_KEEP:]]
        beyond: dict[str, int] = {}  # day -> newest autosave of that day beyond the 50
        for rid, day in saved[:-AUTOSAVE_KEEP]:
            beyond[day] = rid
        assert sorted(kept) == sorted(newest + list(beyond.values()))
        assert len(beyond) == 3  # days 1-2 fully beyond, day 3 partly
        kinds = {r.kind for r in store.history(info.id)}
        assert "manual" in kinds and store.revision(manual.id).kind == "manual"


def test_revisions_are_append_only(store):
    info = store.create(make_draft())
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.db.execute("UPDATE revisions SET note = 'x' WHERE id = ?", (info.current_revision,))


def test_a_damaged_revision_is_reported_not_loaded(store):
    info = store.create(make_draft())
    store.db.execute("DROP TRIGGER revisions_append_only")
    store.db.execute("UPDATE revisions SET content = replace(content, '701.5', '801.5')")
    with pytest.raises(StoreError, match="校验不符"):
        store.open(info.id)


def test_second_store_is_read_only_with_a_clear_message(store):
    info = store.create(make_draft())
    with Store() as second:
        assert second.read_only
        assert any("只读" in n for n in second.notices)
        assert second.open(info.id) == make_draft()
        with pytest.raises(ReadOnlyError, match="只读"):
            second.save(info.id, make_draft(overview="x"))
        with pytest.raises(ReadOnlyError):
            second.create(make_draft())
    store.close()
    with Store() as third:
        assert not third.read_only


def test_lock_is_released_when_the_holder_dies(tmp_path):
    code = "import os; from fulian_desktop.storage.store import Store; Store(); os._exit(0)"
    subprocess.run([sys.executable, "-c", code], check=True, env=os.environ.copy())
    with Store() as store:
        assert not store.read_only


def test_unclean_exit_offers_newest_autosave_newer_than_manual_save():
    with Store() as store:
        saved = store.create(make_draft())  # manual, no autosave after it
        edited = store.create(make_draft())
        store.save(edited.id, make_draft(overview="autosaved"))
        clean = store.create(make_draft())
    code = textwrap.dedent(
        f"""
        import os
        from fulian_desktop.core.draft.model import Draft
        from fulian_desktop.storage.store import Store
        s = Store()
        d = s.open({edited.id!r}); d.values["overview"] = "crash 1"; s.save({edited.id!r}, d)
        d.values["overview"] = "crash 2"; rev = s.save({edited.id!r}, d)
        print(rev.id, flush=True)
        os._exit(1)  # no close(): the session marker stays
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=os.environ.copy()
    )
    newest = int(out.stdout)
    with Store() as store:
        assert store.crashed
        offers = store.recovery_candidates()
        assert [(d, r.id) for d, r in offers] == [(edited.id, newest)]
        assert saved.id not in {d for d, _ in offers} and clean.id not in {d for d, _ in offers}
    with Store() as store:  # the previous run closed cleanly: nothing to offer
        assert not store.crashed and store.recovery_candidates() == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_data_folder_and_database_are_private(store):
    store.create(make_draft())
    paths = app_paths()
    assert stat.S_IMODE(paths.data.stat().st_mode) == 0o700
    assert stat.S_IMODE(paths.database.stat().st_mode) == 0o600
    for backup in store.backups():
        assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_pragmas(store):
    db = store.db
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unknown_draft_is_a_clear_error(store):
    with pytest.raises(StoreError, match="找不到草稿"):
        store.open("nope")
    with pytest.raises(StoreError, match="找不到修订"):
        store.restore(12345)
