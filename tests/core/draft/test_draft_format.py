"""Draft format 2: format-1 drafts load, and their sign-off hash does not change."""

from __future__ import annotations

import json

from testkit.paths import FIXTURES

from fulian_desktop.core.draft.model import FORMAT_VERSION, Draft, SentenceOverride

SAMPLE = FIXTURES / "samples" / "000_panyu_2021.draft.json"

# The hash format-1 code computed for this fixture (recorded before the bump).
FORMAT1_HASH = "90e0b32d5f25f84bf2a033f1d497a509aedc92006c41fd54113e7199f78f870e"


def test_a_format_1_draft_migrates_and_keeps_its_content_hash() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data.get("format_version", 1) == 1
    draft = Draft.from_dict(data)
    assert draft.format_version == FORMAT_VERSION == 2
    assert draft.content_hash() == FORMAT1_HASH


def test_the_keys_this_round_adds_leave_the_hash_alone_while_empty() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    draft = Draft.from_dict(data)
    assert draft.sentences == {} and draft.unit.short_name == ""
    assert "short_name" in draft.to_dict()["unit"]  # saved, but not hashed while empty
    assert draft.content_hash() == FORMAT1_HASH
    draft.unit.short_name = "番禺区妇联"
    with_short = draft.content_hash()
    assert with_short != FORMAT1_HASH
    draft.unit.short_name = ""
    draft.sentences["conclusion.1"] = SentenceOverride(text="自评结果优良。")
    draft = Draft.from_dict(draft.to_dict())
    assert draft.content_hash() not in (FORMAT1_HASH, with_short)
