"""The store keeps a signed-off report frozen."""

import pytest


def test_a_signed_off_draft_changes_only_through_reopen():
    from datetime import date

    from fulian_desktop.core.draft.model import Draft, SignOff
    from fulian_desktop.storage.records import StoreError
    from fulian_desktop.storage.store import Store

    with Store() as store:
        draft = Draft(template_id="t", values={"a": "一"})
        info = store.create(draft)
        first = store.history(info.id)[-1]
        signed = draft.model_copy(deep=True)
        signed.status = "signed_off"
        signed.signoff = SignOff(by="张三", date=date(2026, 1, 5))
        store.save(info.id, signed, kind="sign-off")
        with pytest.raises(StoreError, match="撤销定稿"):
            store.restore(first.id)  # an unsigned revision would unfreeze it
        with pytest.raises(StoreError, match="撤销定稿"):
            store.save(info.id, draft, kind="import")
        assert store.get(info.id).status == "signed_off"
        store.save(info.id, draft, kind="reopen", note="撤销定稿：改数字")
        assert store.get(info.id).status == "draft"
        store.restore(first.id)  # editable again: restoring is fine
