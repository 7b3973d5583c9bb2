"""Draft format 2: format-1 drafts load, and their sign-off hash does not change."""

from __future__ import annotations

import json
from pathlib import Path

from fulian_desktop.core.draft import FORMAT_VERSION, Draft

SAMPLE = Path(__file__).parents[1] / "fixtures" / "samples" / "000_panyu_2021.draft.json"

# The hash format-1 code computed for this fixture (recorded before the bump).
FORMAT1_HASH = "90e0b32d5f25f84bf2a033f1d497a509aedc92006c41fd54113e7199f78f870e"


def test_a_format_1_draft_migrates_and_keeps_its_content_hash() -> None:
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    assert data.get("format_version", 1) == 1
    draft = Draft.from_dict(data)
    assert draft.format_version == FORMAT_VERSION == 2
    assert draft.content_hash() == FORMAT1_HASH
