"""Titles broken at sense boundaries; typed lines that read as headings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fulian_desktop.core.compose.linebreaks import (
    TITLE_WIDTH,
    apply_clerk_breaks,
    bad_title_break,
    break_title,
    forbidden_breaks,
    heading_like,
    text_width,
)

WORDS = ("整体", "支出", "绩效", "自评", "报告", "妇女联合会")


def never_inside_a_word(lines: list[str]) -> bool:
    for first, second in zip(lines, lines[1:], strict=False):
        joined = first + second
        for word in WORDS:
            start = joined.find(word)
            while start != -1:
                if start < len(first) < start + len(word):
                    return False
                start = joined.find(word, start + 1)
        if first[-1:].isdigit() and second[:1].isdigit():
            return False
    return True


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "广州市青禾区妇女联合会2023年部门整体支出绩效自评报告",
            ["广州市青禾区妇女联合会2023年", "部门整体支出绩效自评报告"],
        ),
        (
            "佛山市三水区青岚街道妇女联合会绩效自评报告（红皮书）",
            ["佛山市三水区青岚街道妇女联合会", "绩效自评报告（红皮书）"],
        ),
        (  # the published example: place name, then the unit and the report
            "2022年度广州市增城区妇女联合会整体支出绩效自评报告",
            ["2022年度广州市增城区", "妇女联合会整体支出绩效自评报告"],
        ),
        ("说明", ["说明"]),
    ],
)
def test_sample_titles_break_at_sense_boundaries(title, expected):
    lines = break_title(title)
    assert lines == expected
    assert "".join(lines) == title
    assert all(text_width(line) <= TITLE_WIDTH for line in lines)


def test_explicit_breaks_are_kept():
    assert break_title("某区妇女联合会\n2023年度部门整体支出绩效自评报告") == [
        "某区妇女联合会",
        "2023年度部门整体支出绩效自评报告",
    ]


@given(
    unit=st.text(alphabet="东西南北青禾桃溪街道社区镇乡市区县", min_size=2, max_size=14),
    year=st.integers(min_value=2000, max_value=2099),
    tail=st.sampled_from(
        ["部门整体支出绩效自评报告", "整体绩效自评报告", "绩效自评报告（红皮书）"]
    ),
)
def test_no_title_ever_breaks_inside_a_word_or_number(unit, year, tail):
    title = f"{unit}妇女联合会{year}年{tail}"
    lines = break_title(title)
    assert "".join(lines) == title
    assert never_inside_a_word(lines), lines


def test_forbidden_breaks_cover_numbers_latin_and_words():
    text = "穗财行【2021】68号APP绩效"
    banned = forbidden_breaks(text)
    assert {5, 6, 7, 8} <= banned  # inside 2021, and before 】
    assert text.index("8号") in banned  # inside 68
    assert text.index("PP") in banned and text.index("效") in banned


def test_bad_title_break_names_the_split():
    assert (
        bad_title_break("某区部门整体支", "出绩效自评报告")
        == "标题在“体支/出绩”处断行，拆开了词或数字"
    )
    assert bad_title_break("某区妇女联合会", "部门整体支出绩效自评报告") is None
    assert bad_title_break("2022年度20", "23年") is not None


def test_clerk_breaks_apply_only_while_they_spell_the_title():
    title = "广州市青禾区妇女联合会2023年部门整体支出绩效自评报告"
    mine = ["广州市青禾区妇女联合会", "2023年部门整体支出绩效自评报告"]
    assert apply_clerk_breaks(title, mine) == mine
    assert apply_clerk_breaks(title, [" 广州市青禾区妇女联合会 ", "", mine[1]]) == mine
    # the unit was renamed: her old breaks no longer apply
    assert apply_clerk_breaks(title.replace("青禾", "青山"), mine) is None
    assert apply_clerk_breaks(title, []) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("四、困境妇女儿童关爱更加精准", True),
        ("（二）“巾帼微网格”参与基层治理", True),
        ("3.家庭教育指导服务", True),
        ("任务（一）：深化思想引领", True),
        ("第二部分 绩效分析", True),
        ("2023年，在街道党工委、办事处和区妇联的领导下，街道妇联紧扣年度工作", False),
        ("1.2万元用于困境儿童关爱", False),  # a figure, not a serial
        ("一、" + "长" * 40, False),  # a numbered paragraph of text
        ("", False),
    ],
)
def test_heading_like(line, expected):
    assert heading_like(line) is expected
