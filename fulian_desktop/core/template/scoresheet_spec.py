"""The 绩效自评表 part of a template: pydantic models of ``scoresheet:`` in template.yaml.

A template declares its indicator table as data: the 预算执行 block (whose
figures are expressions over the report's own fields, so nothing is typed
twice), the 一级/二级 structure with weights (fixed, or within limits the
clerk may choose), the scoring rules the outline uses (反向 linear or
目标÷实际, 预算执行 proportional or banded, optional caps and flags), the
grade bands and how the attachment prints. ``core/scoresheet/scoring.py`` scores a
draft's rows under these rules; ``templates/README.md`` documents the format.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: Indicator kinds (指标性质) and how they print in the table.
KINDS: dict[str, str] = {"positive": "≥", "negative": "≤", "equal": "＝", "qualitative": "定性"}
KIND_NAMES: dict[str, str] = {
    "positive": "正向",
    "negative": "反向",
    "equal": "等于",
    "qualitative": "定性",
}
Kind = Literal["positive", "negative", "equal", "qualitative"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Weighted(_Model):
    """A fixed weight, or limits inside which the clerk sets it (default: ``weight``)."""

    weight: Decimal | None = None
    weight_min: Decimal | None = None
    weight_max: Decimal | None = None

    @property
    def adjustable(self) -> bool:
        return self.weight_min is not None or self.weight_max is not None

    @model_validator(mode="after")
    def _check_weight(self) -> Weighted:
        lo, hi, w = self.weight_min, self.weight_max, self.weight
        if (lo is None) != (hi is None):
            raise ValueError("give both weight_min and weight_max, or neither")
        if lo is not None and hi is not None:
            if lo < 0 or lo > hi:
                raise ValueError("weight_min must be between 0 and weight_max")
            if w is not None and not lo <= w <= hi:
                raise ValueError("the default weight must lie between weight_min and weight_max")
        if w is not None and w < 0:
            raise ValueError("a weight is not negative")
        return self


class Level2(Weighted):
    """A 二级指标 (数量指标, 社会效益指标 …). Without a weight, only its 一级's sum is checked."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str


class Level1(Weighted):
    """A 一级指标 (产出指标 50 …) and the 二级指标 under it."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    name: str
    children: list[Level2]

    @model_validator(mode="after")
    def _check_children(self) -> Level1:
        if self.weight is None:
            raise ValueError("a 一级指标 needs a weight (the default when it is adjustable)")
        if not self.children:
            raise ValueError("a 一级指标 needs at least one 二级指标 under 'children'")
        ids = [c.id for c in self.children]
        if len(set(ids)) != len(ids):
            raise ValueError("two 二级指标 share an id")
        fixed = [c.weight for c in self.children if c.weight is not None and not c.adjustable]
        if len(fixed) == len(self.children) and not self.adjustable and sum(fixed) != self.weight:
            raise ValueError(
                f"the 二级指标 weights add up to {sum(fixed)}, not to the 一级 weight {self.weight}"
            )
        return self


class RateBand(_Model):
    """执行率 ≥ ``min`` (percent) scores ``ratio`` of the weight (0–1)."""

    min: Decimal
    ratio: Decimal = Field(ge=0, le=1)


class TotalCap(_Model):
    """执行率 below ``below`` (percent) caps the total at ``max``."""

    below: Decimal
    max: Decimal


class QualitativeBand(_Model):
    """A 定性 grade and the share of the weight it may score: [min, max) percent
    (``max`` inclusive when it is 100)."""

    grade: str
    min: Decimal = Field(ge=0, le=100)
    max: Decimal = Field(ge=0, le=100)
    #: the score taken when the clerk picks this grade and types no score
    #: (percent of the weight); none: she must type one
    default: Decimal | None = None

    @model_validator(mode="after")
    def _check(self) -> QualitativeBand:
        if self.min > self.max:
            raise ValueError("min is larger than max")
        if self.default is not None and not self.min <= self.default <= self.max:
            raise ValueError("default must lie inside the band")
        return self


class BudgetBlock(_Model):
    """The 预算执行情况 block. The figures are expressions over the report's fields
    (``budget_total``); an empty one is typed in the table (a report that states
    no budget, as the 红皮书)."""

    name: str = "预算执行率"  # the row's name in the table
    level1: str = "预算执行"  # printed in the 一级指标 column
    weight: Decimal = Decimal(10)
    initial: str = ""  # 年初预算数
    adjusted: str = ""  # 全年预算数（调整后）
    executed: str = ""  # 全年执行数
    #: the report's own 预算完成率: the first of these with a value (the stated
    #: rate, else the computed one); the table's 执行率 must equal it
    report_rate: list[str] = Field(default_factory=list)
    method: Literal["proportional", "bands"] = "proportional"
    bands: list[RateBand] = Field(default_factory=list)  # method: bands
    #: 执行率 below this (percent) needs 未完成原因; none: never required
    explain_below: Decimal | None = Decimal(90)

    @model_validator(mode="after")
    def _check(self) -> BudgetBlock:
        if self.method == "bands" and not self.bands:
            raise ValueError("method: bands needs 'bands'")
        if self.weight < 0 or self.weight > 100:
            raise ValueError("the weight is between 0 and 100")
        return self


def _default_qualitative() -> list[QualitativeBand]:
    return [
        QualitativeBand(
            grade="达成年度指标", min=Decimal(80), max=Decimal(100), default=Decimal(100)
        ),
        QualitativeBand(grade="部分达成年度指标并具有一定效果", min=Decimal(60), max=Decimal(80)),
        QualitativeBand(grade="未达成年度指标且效果较差", min=Decimal(0), max=Decimal(60)),
    ]


class ScoringRules(_Model):
    """How the outline scores: the variants the issue lists, chosen as data."""

    #: 反向: "linear" = weight × (1 − (实际 − 目标) ÷ 目标), 0 at 2×目标;
    #: "ratio" = weight × 目标 ÷ 实际 (a Hubei form)
    negative: Literal["linear", "ratio"] = "linear"
    #: may the clerk type a 得分 (the computed one is shown beside it)?
    manual_scores: bool = False
    #: 实际 more than this percent above 目标 (正向) is flagged 目标设置偏低; none: off
    overshoot_percent: Decimal | None = None
    #: total capped by 执行率 bands, e.g. below 80 → at most 89
    total_caps: list[TotalCap] = Field(default_factory=list)
    qualitative: list[QualitativeBand] = Field(default_factory=_default_qualitative)
    #: 偏差原因分析及改进措施 at most this many 字 (some forms: 100 or 200)
    reason_max_length: int | None = 200


class FootLine(_Model):
    """A line under the printed table: 填报单位（盖章）：{{ unit.name }}."""

    label: str
    value: str = ""  # jinja


class PrintSpec(_Model):
    """How the attachment prints."""

    label: str = "附件"  # jinja; the 附件 line above the title
    orientation: Literal["auto", "landscape", "portrait"] = "auto"
    font_size: Decimal = Decimal("10.5")  # 五号; 仿宋 in the table
    #: the table printed as an attachment after the report; false where the
    #: form has none (三水's 红皮书: the table goes to the bureau as XLSX)
    attach: bool = True
    foot: list[FootLine] = Field(
        default_factory=lambda: [
            FootLine(label="填报单位（盖章）", value="{{ unit.name }}"),
            FootLine(label="填报人", value="{{ unit.filler }}"),
            FootLine(label="联系电话", value="{{ unit.phone }}"),
            FootLine(label="填报日期", value="{{ unit.fill_date | date_cn }}"),
        ]
    )


class GradeBandSpec(_Model):
    grade: str
    min: Decimal


class ScoresheetSpec(_Model):
    """``scoresheet:`` in template.yaml."""

    title: str  # jinja, e.g. "{{ unit.name }}{{ unit.year }}年度部门整体支出绩效自评表"
    #: where the structure comes from (the outline's table, or the common
    #: 部门整体支出 framework when the outline publishes none); shown to the clerk
    source: str = ""
    #: an empty table in a draft is an error (off: the table is optional, and a
    #: draft without one is not checked against it)
    required: bool = False
    score_field: str = ""  # the report's 自评分 field; must equal the table's total
    grade_field: str = ""  # the report's stated grade (optional)
    budget: BudgetBlock | None = None
    levels: list[Level1]
    rules: ScoringRules = Field(default_factory=ScoringRules)
    #: empty: the template's own grade_bands
    grade_bands: list[GradeBandSpec] = Field(default_factory=list)
    print: PrintSpec = Field(default_factory=PrintSpec)

    @model_validator(mode="after")
    def _check(self) -> ScoresheetSpec:
        ids = [lv.id for lv in self.levels] + [c.id for lv in self.levels for c in lv.children]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator level ids used twice: {', '.join(dupes)}")
        if not any(lv.adjustable for lv in self.levels):
            total = sum((lv.weight or Decimal(0) for lv in self.levels), Decimal(0))
            total += self.budget.weight if self.budget else Decimal(0)
            if total != 100:
                raise ValueError(f"the 一级指标 weights (with 预算执行) add up to {total}, not 100")
        return self

    def level1(self, level_id: str) -> Level1 | None:
        return next((lv for lv in self.levels if lv.id == level_id), None)

    def level2(self, level_id: str) -> tuple[Level1, Level2] | None:
        for lv in self.levels:
            for child in lv.children:
                if child.id == level_id:
                    return lv, child
        return None

    def expressions(self) -> list[tuple[str, str]]:
        """(place, expression) pairs the template loader checks."""
        found: list[tuple[str, str]] = []
        if self.budget:
            for key in ("initial", "adjusted", "executed"):
                source = getattr(self.budget, key)
                if source:
                    found.append((f"scoresheet > budget > {key}", source))
            for i, source in enumerate(self.budget.report_rate):
                found.append((f"scoresheet > budget > report_rate[{i}]", source))
        return found
