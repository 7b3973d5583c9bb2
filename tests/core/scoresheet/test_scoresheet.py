"""The 绩效自评表 scoring rules, each through worked examples with its boundaries
(exactly on target, 2× target for 反向, the 定性 bands, the 执行率 caps), and
the rounding the rest of the report uses (四舍五入 to two decimals)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from testkit.paths import REPO_ROOT

from fulian_desktop.core.scoresheet.scoring import (
    band_limits,
    cap_total,
    carry_forward,
    in_band,
    is_empty,
    parse_kind,
    qualitative_band,
    score_budget,
    score_equal,
    score_negative,
    score_positive,
    score_sheet,
    split_figure,
)
from fulian_desktop.core.template.scoresheet_spec import (
    GradeBandSpec,
    RateBand,
    ScoresheetSpec,
    TotalCap,
)

# ---------------------------------------------------------------------------
# 正向: full weight when 实际 ≥ 目标, else weight × 实际 ÷ 目标


@pytest.mark.parametrize(
    ("weight", "target", "actual", "score"),
    [
        ("10", "100", "100", "10.00"),  # exactly on target
        ("10", "100", "126", "10.00"),  # above target: capped at the weight
        ("10", "100", "99.99", "10.00"),  # 9.999 → 10.00 (四舍五入)
        ("6", "90", "87.4", "5.83"),  # 6 × 87.4 ÷ 90 = 5.8266… → 5.83
        ("6", "80", "58.2", "4.37"),  # 4.365 → 4.37 half-up (half-even would give 4.36)
        ("8", "10", "6", "4.80"),
        ("8", "10", "0", "0.00"),
        ("8", "10", "-1", "0.00"),  # never below zero
    ],
)
def test_positive(weight: str, target: str, actual: str, score: str) -> None:
    assert score_positive(D(weight), D(target), D(actual)) == D(score)


# ---------------------------------------------------------------------------
# 反向: full at or below 目标; linear down to 0 at 2×目标; or weight × 目标 ÷ 实际


@pytest.mark.parametrize(
    ("actual", "score"),
    [
        ("9.6", "10.00"),  # below target
        ("12", "10.00"),  # exactly on target
        ("12.01", "9.99"),  # 10 × (1 − 0.01 ÷ 12) = 9.9917
        ("15", "7.50"),  # 10 × (1 − 3 ÷ 12)
        ("18", "5.00"),  # halfway to 2× target
        ("23.99", "0.01"),  # just under 2× target
        ("24", "0.00"),  # exactly 2× target
        ("30", "0.00"),  # beyond 2× target
    ],
)
def test_negative_linear(actual: str, score: str) -> None:
    assert score_negative(D(10), D(12), D(actual), "linear") == D(score)


@pytest.mark.parametrize(
    ("actual", "score"),
    [
        ("10", "10.00"),
        ("12", "10.00"),  # on target
        ("15", "8.00"),  # 10 × 12 ÷ 15
        ("24", "5.00"),  # 2× target is not zero under this variant
        ("36", "3.33"),  # 3.333… → 3.33
    ],
)
def test_negative_ratio(actual: str, score: str) -> None:
    assert score_negative(D(10), D(12), D(actual), "ratio") == D(score)


def test_negative_with_a_zero_target_scores_like_equal() -> None:
    assert score_negative(D(4), D(0), D(0)) == D("4.00")
    assert score_negative(D(4), D(0), D(1)) == D(0)


# ---------------------------------------------------------------------------
# 等于: full weight when 实际 = 目标 (目标 0: 实际 ≤ 0), else 0


@pytest.mark.parametrize(
    ("target", "actual", "score"),
    [("0", "0", "2.00"), ("0", "1", "0"), ("5", "5", "2.00"), ("5", "4", "0"), ("5", "6", "0")],
)
def test_equal(target: str, actual: str, score: str) -> None:
    assert score_equal(D(2), D(target), D(actual)) == D(score)


# ---------------------------------------------------------------------------
# 定性: 达成 [80%, 100%], 部分达成 [60%, 80%), 未达成 [0, 60%) of the weight

SPEC = ScoresheetSpec.model_validate(
    {
        "title": "自评表",
        "budget": {"adjusted": "", "executed": ""},
        "levels": [
            {
                "id": "output",
                "name": "产出指标",
                "weight": 50,
                "children": [{"id": "quantity", "name": "数量指标"}],
            },
            {
                "id": "effect",
                "name": "效益指标",
                "weight": 30,
                "children": [{"id": "social", "name": "社会效益指标"}],
            },
            {
                "id": "satisfaction",
                "name": "满意度指标",
                "weight": 10,
                "children": [{"id": "served", "name": "服务对象满意度指标"}],
            },
        ],
    }
)
BANDS = SPEC.rules.qualitative
MET, PART, MISSED = (b.grade for b in BANDS)


@pytest.mark.parametrize(
    ("grade", "score", "inside"),
    [
        (MET, "10", True),  # the top is inclusive
        (MET, "8", True),  # 80% belongs to 达成
        (MET, "7.99", False),
        (PART, "8", False),  # 80% is not 部分达成
        (PART, "7.99", True),
        (PART, "6", True),
        (PART, "5.99", False),
        (MISSED, "6", False),
        (MISSED, "5.99", True),
        (MISSED, "0", True),
        (MET, "10.01", False),
    ],
)
def test_qualitative_bands(grade: str, score: str, inside: bool) -> None:
    band = qualitative_band(BANDS, grade)
    assert band is not None
    assert in_band(band, D(10), D(score)) is inside


def test_qualitative_band_limits_in_points() -> None:
    part = qualitative_band(BANDS, PART)
    assert part is not None and band_limits(part, D(4)) == (D("2.40"), D("3.20"))
    assert qualitative_band(BANDS, "优秀") is None


# ---------------------------------------------------------------------------
# 预算执行: weight × 执行率 capped at the weight, or banded


@pytest.mark.parametrize(
    ("rate", "score"),
    [("97.70", "9.77"), ("100", "10.00"), ("105.3", "10.00"), ("96.07", "9.61"), ("0", "0.00")],
)
def test_budget_proportional(rate: str, score: str) -> None:
    assert score_budget(D(10), D(rate)) == D(score)


def test_budget_banded() -> None:
    bands = [
        RateBand(min=D(95), ratio=D(1)),
        RateBand(min=D(90), ratio=D("0.8")),
        RateBand(min=D(80), ratio=D("0.5")),
    ]
    assert score_budget(D(20), D(95), "bands", bands) == D("20.00")  # on the boundary
    assert score_budget(D(20), D("94.99"), "bands", bands) == D("16.00")
    assert score_budget(D(20), D(80), "bands", bands) == D("10.00")
    assert score_budget(D(20), D("79.99"), "bands", bands) == D(0)


# ---------------------------------------------------------------------------
# Total capped by 执行率 bands: 70–80% → 89, 60–70% → 79, < 60% → 69

CAPS = [
    TotalCap(below=D(80), max=D(89)),
    TotalCap(below=D(70), max=D(79)),
    TotalCap(below=D(60), max=D(69)),
]


@pytest.mark.parametrize(
    ("rate", "total", "capped"),
    [
        ("80", "95", "95"),  # 80% is not below 80: no cap
        ("79.99", "95", "89"),
        ("70", "95", "89"),
        ("69.99", "95", "79"),
        ("60", "95", "79"),
        ("59.99", "95", "69"),
        ("75", "85", "85"),  # under the cap already
    ],
)
def test_total_caps(rate: str, total: str, capped: str) -> None:
    result, cap = cap_total(D(total), D(rate), CAPS)
    assert result == D(capped)
    assert (cap is not None) is (capped != total)


def test_no_rate_no_cap() -> None:
    assert cap_total(D(95), None, CAPS) == (D(95), None)


# ---------------------------------------------------------------------------
# Reading what the clerk typed


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("126场", "126", "场"),
        ("≥95%", "95", "%"),
        (" １２６ 人 ", "126", "人"),
        ("0.83万元/人", "0.83", "万元/人"),
        ("1,500", "1500", ""),
        ("", None, ""),
    ],
)
def test_split_figure(text: str, value: str | None, unit: str) -> None:
    assert split_figure(text) == (None if value is None else D(value), unit)


def test_split_figure_refuses_text() -> None:
    with pytest.raises(ValueError, match="不是数字"):
        split_figure("全部完成")


def test_kinds_read_symbols_words_and_keys() -> None:
    assert [
        parse_kind(t) for t in ("≥", "正向", "≤", "反向", "＝", "=", "定性", "positive", "?")
    ] == [
        "positive",
        "positive",
        "negative",
        "negative",
        "equal",
        "equal",
        "qualitative",
        "positive",
        "",
    ]


# ---------------------------------------------------------------------------
# A whole table


def row(**kw: str) -> dict[str, str]:
    base = {
        "level1": "output",
        "level2": "quantity",
        "name": "指标",
        "kind": "positive",
        "target": "100",
        "unit": "场",
        "actual": "100",
        "weight": "10",
    }
    base.update(kw)
    return base


def test_total_is_the_sum_of_rounded_scores_and_the_grade_follows() -> None:
    data = {
        "rows": [
            row(weight="50", actual="87.4", target="90"),  # 48.5555… → 48.56
            row(level1="effect", level2="social", weight="30", actual="100"),
            row(
                level1="satisfaction",
                level2="served",
                kind="定性",
                grade=MET,
                weight="10",
                score="9.5",
            ),
        ],
        "budget": {"adjusted": "732.44", "executed": "701.5"},  # 95.78% → 9.58
    }
    result = score_sheet(SPEC, data, None, [])
    assert [r.score for r in result.rows] == [D("48.56"), D("30.00"), D("9.5")]
    assert result.budget is not None and result.budget.rate == D("95.78")
    assert result.budget.score == D("9.58")
    assert result.total == D("97.64")
    assert result.grade == ""  # no bands given: no grade
    bands = [
        GradeBandSpec(grade=g, min=D(m)) for g, m in (("优", 90), ("良", 80), ("中", 60), ("差", 0))
    ]
    assert score_sheet(SPEC, data, None, bands).grade == "优"


def test_qualitative_default_score_for_met_only() -> None:
    data = {
        "rows": [row(kind="定性", grade=MET, weight="4"), row(kind="定性", grade=PART, weight="4")]
    }
    result = score_sheet(SPEC, data)
    assert result.rows[0].score == D("4.00")  # 达成 without a typed score: full weight
    assert result.rows[1].score is None  # 部分达成: she must type one


def test_manual_score_only_where_the_outline_allows() -> None:
    data = {"rows": [row(actual="50", score="9")]}
    assert score_sheet(SPEC, data).rows[0].score == D("5.00")  # computed, typed ignored
    manual = SPEC.model_copy(
        update={"rules": SPEC.rules.model_copy(update={"manual_scores": True})}
    )
    scored = score_sheet(manual, data).rows[0]
    assert (scored.score, scored.computed) == (D(9), D("5.00"))


def test_empty_and_carry_forward() -> None:
    assert is_empty({}) and is_empty({"rows": [], "budget": {"reason": " "}})
    assert not is_empty({"rows": [row()]})
    data = {
        "rows": [row(actual="87", score="8.7", reason="原因", grade=MET)],
        "weights": {"output": "45"},
    }
    carried = carry_forward(data)
    (kept,) = carried["rows"]
    assert (kept["name"], kept["target"], kept["unit"], kept["weight"]) == (
        "指标",
        "100",
        "场",
        "10",
    )
    assert kept["actual"] == kept["score"] == kept["reason"] == kept["grade"] == ""
    assert carried["weights"] == {"output": "45"}
    assert carry_forward({}) == {}


def test_the_readme_example_is_a_valid_scoresheet() -> None:
    """templates/README.md § 12.1 shows a scoresheet block: it must load."""

    import yaml

    readme = REPO_ROOT / "templates" / "README.md"
    text = readme.read_text(encoding="utf-8").split("### 12.1", 1)[1]
    block = text.split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = ScoresheetSpec.model_validate(yaml.safe_load(block)["scoresheet"])
    assert spec.budget is not None and spec.budget.adjusted == "budget_total"
    assert [lv.weight for lv in spec.levels] == [D(50), D(30), D(10)]
    assert spec.rules.overshoot_percent == D(20) and len(spec.rules.total_caps) == 3
