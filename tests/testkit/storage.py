"""Sample drafts and a settable clock for the storage tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from fulian_desktop.core.draft.model import Draft


def make_draft(**values: str) -> Draft:
    """A small, realistic draft of the Guangzhou outline."""
    return Draft(
        template_id="gz-dept-overall",
        template_version="1",
        unit={
            "name": "广州市番禺区妇女联合会",
            "year": 2021,
            "filler": "李梅",
            "phone": "020-1234",
        },
        values={
            "overview": "番禺区妇联是党领导下的人民团体。",
            "duties": "一是团结引导妇女听党话、跟党走；二是维护妇女儿童合法权益。",
            "total_spending": "701.5",
            "budget": "732.44",
            "tasks": [{"task": "开展巾帼创业贷款", "result": "发放贷款 130 万元"}],
            **values,
        },
    )


class Clock:
    """A settable clock for pruning and purging tests (UTC, moves only when told)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2024, 3, 1, 1, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)
