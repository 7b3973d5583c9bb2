"""基于往年报告 carries the 绩效自评表's indicators and targets into next year's
draft with this year's results emptied."""

from __future__ import annotations

import json
from pathlib import Path

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.storage.nextyear import next_year_draft

SAMPLE = Path(__file__).resolve().parents[2] / "templates" / "gz-dept-overall" / "sample.draft.json"


def test_next_year_keeps_indicators_and_targets_and_empties_results() -> None:
    old = Draft.from_json(SAMPLE.read_text(encoding="utf-8"))
    new = next_year_draft(old, keep_fields={"overview_text"})
    old_rows, new_rows = old.scoresheet["rows"], new.scoresheet["rows"]
    assert len(new_rows) == len(old_rows) == 14
    for before, after in zip(old_rows, new_rows, strict=True):
        for key in ("level1", "level2", "name", "kind", "target", "unit", "weight"):
            assert after[key] == before[key]
        assert after["actual"] == after["score"] == after["grade"] == after["reason"] == ""
    # the budget block's figures are this year's: not carried
    assert "budget" not in new.scoresheet
    assert old.scoresheet["rows"][0]["actual"] == "126"  # last year untouched
    assert new.unit.year == old.unit.year + 1  # type: ignore[operator]
    assert json.loads(new.canonical_json())["scoresheet"]["rows"][0]["target"] == "100"
