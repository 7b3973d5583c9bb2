"""The typing journal: written, cleared, and turned into a revision at the next start."""

from __future__ import annotations

from testkit.storage import make_draft

from fulian_desktop.storage.journal import RECOVERED_NOTE, Journal, recover
from fulian_desktop.storage.store import Store


def test_recover_turns_a_journal_into_one_autosave_revision():
    with Store() as store:
        info = store.create(make_draft())
        journal = Journal.for_store(store)
        journal.write(info.id, make_draft(overview="第一稿"))
        journal.write(info.id, make_draft(overview="第二稿，刚打的字"))  # replaces, not appends
        assert journal.pending() == [info.id]
    with Store() as store:
        (found,) = recover(store)
        assert found[0] == info.id and found[1].note == RECOVERED_NOTE
        assert store.open(info.id).text("overview") == "第二稿，刚打的字"
        assert [r.kind for r in store.history(info.id)] == ["autosave", "manual"]
        assert journal.pending() == []
        assert recover(store) == []  # once only


def test_a_journal_equal_to_the_saved_content_adds_nothing():
    with Store() as store:
        draft = make_draft(overview="已保存")
        info = store.create(draft)
        Journal.for_store(store).write(info.id, draft)
        assert recover(store) == []
        assert len(store.history(info.id)) == 1
        assert Journal.for_store(store).pending() == []


def test_a_journal_that_cannot_be_saved_now_is_kept(tmp_path):
    with Store() as store:
        info = store.create(make_draft())
        journal = Journal.for_store(store)
        journal.write(info.id, make_draft(overview="回收站里的草稿也不丢字"))
        store.delete(info.id)
        assert recover(store) == []
        assert journal.pending() == [info.id]  # kept for when the draft is restored
        store.undelete(info.id)
        assert [d for d, _ in recover(store)] == [info.id]
        assert store.open(info.id).text("overview") == "回收站里的草稿也不丢字"


def test_a_damaged_journal_is_set_aside_not_deleted():
    with Store() as store:
        info = store.create(make_draft())
        journal = Journal.for_store(store)
        journal.write(info.id, make_draft(overview="内容"))
        path = journal.path(info.id)
        path.write_text(path.read_text(encoding="utf-8")[:-20], encoding="utf-8")
        assert recover(store) == []
        assert journal.pending() == []
        assert path.with_suffix(".unreadable").exists()
        assert len(store.history(info.id)) == 1


def test_read_only_store_recovers_nothing(tmp_path):
    with Store() as store:
        info = store.create(make_draft())
        Journal.for_store(store).write(info.id, make_draft(overview="另一个窗口"))
        with Store() as second:  # the lock is taken: read-only
            assert second.read_only and recover(second) == []
        assert Journal.for_store(store).pending() == [info.id]
