"""Validation with a 60-row 绩效自评表 (issue 14), after one keystroke in a cell.

The table is the 广州 sample's indicators repeated to 60 rows (25 产出 rows
of 2 points, 25 效益 rows of 1.2, 10 满意度 rows of 1), so it scores and
checks like a real one. The reference is the same validation of the same
draft without a table: the table's own cost is the difference.
"""

from __future__ import annotations

import copy
import json
from itertools import cycle
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "gz-dept-overall"
ROWS = 60


def sixty_row_table(rows: list[dict[str, str]]) -> dict:
    plan = (("output", 25, "2"), ("effect", 25, "1.2"), ("satisfaction", 10, "1"))
    table = []
    for level, count, weight in plan:
        source = cycle([r for r in rows if r["level1"] == level])
        for n in range(count):
            row = dict(next(source), weight=weight, score="", reason="")
            row["name"] = f"{row['name']}（{n + 1}）"
            if row["kind"] == "qualitative":
                row.update(grade="达成年度指标")
            table.append(row)
    assert len(table) == ROWS
    return {"rows": table, "budget": {"initial": "817.15"}}


def bench_scoresheet(row_type, median_time, runs: int):  # noqa: ANN001, ANN201
    from fulian_desktop.core.draft import Draft
    from fulian_desktop.core.template import load_template
    from fulian_desktop.core.validate import validate

    template = load_template(SAMPLE / "template.yaml")
    data = json.loads((SAMPLE / "sample.draft.json").read_text(encoding="utf-8"))
    data["scoresheet"] = sixty_row_table(data["scoresheet"]["rows"])
    draft = Draft.from_dict(data)
    bare = draft.model_copy(update={"scoresheet": {}})
    cells = cycle(range(ROWS))
    original = copy.deepcopy(draft.scoresheet)

    def ours() -> None:  # one keystroke in a cell of the table, then a full validation
        row = draft.scoresheet["rows"][next(cells)]
        row["actual"] = row["actual"][:-1] if len(row["actual"]) > 1 else row["actual"] + "0"
        validate(template, draft)

    row = row_type(
        f"validation after one keystroke, {ROWS}-row 绩效自评表",
        median_time(ours, runs=max(runs, 21)),
        median_time(lambda: validate(template, bare), runs=max(runs, 21)),
        "the same validation without the table",
        "≤ 16 ms (keystroke budget)",
    )
    draft.scoresheet = original
    return row
