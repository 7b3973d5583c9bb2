""" "Start from last year's report": carry the stable parts into a new year's draft."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import datetime, timezone

from fulian_desktop.core.draft.model import FORMAT_VERSION, Draft, UnitIdentity
from fulian_desktop.core.scoresheet.scoring import carry_forward


def next_year_draft(
    previous: Draft,
    keep_fields: Collection[str],
    *,
    now: datetime | None = None,
    figure_fields: Collection[str] = (),
) -> Draft:
    """A new draft for the year after ``previous``.

    Kept: the template, the unit identity (name, filler, position, phone), the
    optional-section switches and template options, and the values of
    ``keep_fields`` (the template's stable fields, such as 部门概况 and 职责).
    The 绩效自评表 keeps its indicators, targets, units and weights with 实际,
    得分 and 偏差原因 emptied.
    Cleared: every other value (figures, this year's narrative), the fill date,
    the sign-off. The year moves on by one. The values of ``figure_fields``
    (the template's figures) become ``last_year``, for 同比 sentences and checks.
    """
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    old_unit = previous.unit
    unit = UnitIdentity(
        name=old_unit.name,
        short_name=old_unit.short_name,
        year=None if old_unit.year is None else old_unit.year + 1,
        filler=old_unit.filler,
        position=old_unit.position,
        phone=old_unit.phone,
        fill_date=None,
    )
    values = {k: v for k, v in previous.values.items() if k in keep_fields}
    last_year = {
        k: v
        for k, v in previous.values.items()
        if k in figure_fields and isinstance(v, str) and v.strip()
    }
    return Draft(
        format_version=FORMAT_VERSION,
        template_id=previous.template_id,
        template_version=previous.template_version,
        unit=unit,
        values=copy.deepcopy(values),
        sections=dict(previous.sections),
        options=dict(previous.options),
        last_year=last_year,
        scoresheet=carry_forward(previous.scoresheet),
        status="draft",
        signoff=None,
        created=stamp,
        updated=stamp,
    )
