"""core/text/mentions.py: key figures found in prose, with the number that follows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError
from testkit.paths import REPO_ROOT

from fulian_desktop.core.text.mentions import (
    DEFAULT_SPEC,
    Mention,
    MentionFigure,
    MentionsSpec,
    figure_matches,
    find_mentions,
)

PANYU = "区妇联2021年度总支出701.5万元，收入701.5万元；年度预算数为732.44万元，预算完成率为95.78%。"


def found(text: str, spec: MentionsSpec | None = None) -> list[tuple[str, Decimal | str, str, str]]:
    return [(m.key, m.value, m.unit, text[m.start : m.end]) for m in find_mentions(text, spec)]


def test_the_panyu_sentence_gives_four_figures_with_the_words_to_select() -> None:
    assert found(PANYU) == [
        ("执行数", Decimal("701.5"), "万元", "总支出701.5万元"),
        ("收入", Decimal("701.5"), "万元", "收入701.5万元"),
        ("预算数", Decimal("732.44"), "万元", "年度预算数为732.44万元"),
        ("完成率", Decimal("95.78"), "%", "预算完成率为95.78%"),
    ]


def test_yuan_is_converted_to_wanyuan_with_its_precision() -> None:
    (m,) = find_mentions("全年预算数为7324400元。")
    assert (m.key, m.value, m.unit, m.written, m.places) == (
        "预算数",
        Decimal("732.44"),
        "元",
        "7324400",
        4,
    )
    (m,) = find_mentions("总支出1.2亿元")
    assert (m.value, m.unit) == (Decimal("12000"), "亿元")
    (m,) = find_mentions("执行数为734.33万")
    assert (m.value, m.unit) == (Decimal("734.33"), "万")


def test_thousands_commas_half_and_full_width() -> None:
    (m,) = find_mentions("年度预算数为7,324,400元")
    assert m.value == Decimal("732.44") and m.written == "7,324,400"
    (m,) = find_mentions("年度预算数为1，234.5万元")
    assert m.value == Decimal("1234.5")
    # a comma that does not group thousands ends the number: no mention
    assert find_mentions("年度预算数为12,34万元") == []


def test_full_width_digits_dot_and_percent_keep_offsets() -> None:
    text = "预算完成率为９５．７８％，自评得分９８分"
    assert found(text) == [
        ("完成率", Decimal("95.78"), "%", "预算完成率为９５．７８％"),
        ("自评分", Decimal("98"), "分", "自评得分９８分"),
    ]
    assert find_mentions(text)[0].written == "９５．７８"


def test_score_with_and_without_fen_and_grade_words() -> None:
    assert found("我单位自评结果为优，自评分为94.08分。") == [
        ("等级", "优", "", "自评结果为优"),
        ("自评分", Decimal("94.08"), "分", "自评分为94.08分"),
    ]
    assert found("自评分为94.08。")[0][1:3] == (Decimal("94.08"), "分")
    assert found("自评结果优良。") == [("等级", "优良", "", "自评结果优良")]
    assert found("自评结果为“良好”")[0][1] == "良好"


def test_qualified_words_name_other_figures_and_are_skipped() -> None:
    text = (
        "全年预算数为749.56万元（基本支出预算数为581.01万元，项目支出预算数为168.54万元），"
        "执行数为734.33万元（基本支出执行数为579.81万元），整体目标完成率达97.97%"
        "（项目支出完成率为91.69%）。专项资金总支出51.89万元，财政拨款收入为36万元。"
    )
    assert [(k, v) for k, v, _, _ in found(text)] == [
        ("预算数", Decimal("749.56")),
        ("执行数", Decimal("734.33")),
        ("完成率", Decimal("97.97")),
    ]


def test_words_without_a_number_or_with_the_wrong_unit_are_not_mentions() -> None:
    assert find_mentions("年度预算数的编制更加科学，总支出结构合理。") == []
    assert find_mentions("预算完成率为95.78万元") == []  # a rate needs %
    assert find_mentions("总支出701.5") == []  # money needs its unit
    assert find_mentions("自评得分2021年") == []  # a year is not a score
    assert find_mentions("") == []


def test_figure_matches_at_the_texts_precision() -> None:
    def m(value: str, places: int) -> Mention:
        return Mention("预算数", Decimal(value), "万元", 0, 1, value, places)

    assert figure_matches(m("701.5", 1), Decimal("701.5"))
    assert figure_matches(m("701.50", 2), Decimal("701.5"))
    assert not figure_matches(m("732.45", 2), Decimal("732.44"))
    # a computed rate, unrounded: 701.5 / 732.44 = 95.776…
    rate = Decimal("701.5") / Decimal("732.44") * 100
    assert figure_matches(m("95.78", 2), rate)
    assert figure_matches(m("96", 0), rate)
    assert not figure_matches(m("95.77", 2), rate)
    # 元 more precise than the form's two decimals: compared at two decimals
    assert figure_matches(m("732.4412", 4), Decimal("732.44"))
    assert not figure_matches(m("732.4512", 4), Decimal("732.44"))
    assert figure_matches(m("1", 0), None)  # no figure in the form: nothing to contradict


def test_grade_words_agree_with_their_grades() -> None:
    def g(word: str) -> Mention:
        return Mention("等级", word, "", 0, 1, word, 0)

    assert figure_matches(g("优"), "优")
    assert figure_matches(g("优秀"), "优")
    assert figure_matches(g("优良"), "优") and figure_matches(g("优良"), "良")
    assert not figure_matches(g("良好"), "优")
    assert not figure_matches(g("差"), "中")


def test_a_template_spec_can_name_its_own_words_and_qualifiers() -> None:
    spec = MentionsSpec.model_validate(
        {
            "figures": [
                {"key": "预算数", "figure": "budget_total", "words": ["预算总额"]},
                {"key": "贷款", "figure": "key_actual", "words": ["实际发放"], "kind": "money"},
            ],
            "qualifiers": ["上年"],
        }
    )
    assert found(
        "预算总额100万元，上年预算总额90万元，实际发放130万元，年度预算数为5万元", spec
    ) == [
        ("预算数", Decimal("100"), "万元", "预算总额100万元"),
        ("贷款", Decimal("130"), "万元", "实际发放130万元"),
    ]
    assert DEFAULT_SPEC.figures[0].key == "预算数"


def test_bad_specs_are_refused() -> None:
    with pytest.raises(ValidationError, match="give it 'words' and 'kind'"):
        MentionFigure(key="贷款")
    with pytest.raises(ValidationError, match="listed twice"):
        MentionsSpec.model_validate({"figures": [{"key": "预算数"}, {"key": "预算数"}]})
    with pytest.raises(ValidationError):
        MentionFigure(key="预算数", kind="length")  # type: ignore[arg-type]


def test_templates_declare_figures_and_a_wrong_name_is_reported() -> None:

    import yaml

    from fulian_desktop.core.template.loading import TemplateError, load_template, parse_template

    path = REPO_ROOT / "templates" / "gz-dept-overall" / "template.yaml"
    template = load_template(path)
    figures = {f.key: f.figure for f in template.mentions.figures}
    assert figures["预算数"] == "budget_total" and figures["完成率"] == "rate_total"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["mentions"]["figures"][0]["figure"] = "budget_totl"
    with pytest.raises(TemplateError, match=r"mentions > figures\[0 预算数\] > figure"):
        parse_template(data)
