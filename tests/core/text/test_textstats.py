"""Word-compatible counts, XML-safe cleaning and the pasted-text normaliser."""

from __future__ import annotations

from functools import cache

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testkit.paths import FIXTURES

from fulian_desktop.core.text.textstats import (
    CHARS_NO_SPACES,
    CHARS_WITH_SPACES,
    COUNT_METHODS,
    WORDS,
    chars_no_spaces,
    chars_with_spaces,
    clean_for_xml,
    count,
    normalise_pasted,
    word_count,
)

# --- 字数 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("东京2024奥运会", 6),  # the spec's example: 东 京 2024 奥 运 会
        ("东京2024奥运会。", 7),  # … plus the full-width 。 (see the module docstring)
        ("2021", 1),
        ("12.34%", 1),
        ("APP", 1),
        ("万元", 2),
        ("e-mail", 1),
        ("学习强国APP", 5),
        ("701.5万元", 3),
        ("", 0),
        (" \t\n\r\n\u3000\xa0", 0),
        ("中文 English words", 4),
        ("中文,中文", 5),  # a lone half-width mark is a run of its own, as in Word
        ("中文, 中文", 5),
        ("“最美家庭”", 6),
        ("《民法典》", 5),
        ("（一）", 3),
        ("——……", 4),
        ("爱家·爱森城", 6),
        ("「引」【注】", 6),
        ("１２ＡＢ", 4),  # full-width forms count one each
        ("\U00020000\U0002a6d6\u3400", 3),  # Extension B and A
        ("\uf900\ufa0e", 2),  # compatibility ideographs
        ("ひらがなカタカナ", 8),
        ("안녕하세요 세계", 2),  # Korean counts in words (中文字符和朝鲜语单词)
        ("①②③", 3),
        ("ab\u200bcd", 2),  # zero-width space separates and counts nothing
        ("\u200b\ufeff\x00", 0),
        ("2021年12月29日", 6),
    ],
)
def test_word_count(text: str, expected: int) -> None:
    assert word_count(text) == expected


def test_character_counts_skip_white_space_and_line_ends() -> None:
    text = "中 文\tab\r\n第二行\u3000。"
    assert chars_no_spaces(text) == 8
    assert chars_with_spaces(text) == 11  # space, tab and U+3000 count; \r\n does not
    assert chars_with_spaces("一\n二\u2028三\u2029") == 3


def test_count_by_method_name() -> None:
    assert COUNT_METHODS == (WORDS, CHARS_NO_SPACES, CHARS_WITH_SPACES)
    assert COUNT_METHODS == ("字数", "字符数不计空格", "字符数计空格")
    text = "东京 2024 奥运会。"
    assert [count(text, m) for m in COUNT_METHODS] == [7, 10, 12]
    assert count(text) == 7
    assert count(text, "字符数(不计空格)") == 10  # Word's label, brackets and all
    assert count(text, "字符数（计空格）") == 12
    with pytest.raises(ValueError, match="不认识的计数方式"):
        count(text, "页数")


def test_sanshui_self_evaluation_is_over_the_2000_cap() -> None:
    """001 三水: the 自评总结 answer is "about 2,850 字" by Word's count.

    The extracted text marks bold runs with ``**``; they are not part of the
    report, so the fixture drops them, as a transcription would. The fixture is
    the PDF-extracted answer exactly as in ../shared (from 一、 up to 单位主要领导意见).
    """
    answer = (FIXTURES / "samples" / "001_sanshui_2021_summary.extracted.txt").read_text(
        encoding="utf-8"
    )
    normalised = normalise_pasted(answer.replace("**", ""))
    assert word_count(normalised) == 2867
    assert 2750 <= word_count(normalised) <= 2950
    assert chars_no_spaces(normalised) == 2956


def test_long_text_counts_match_the_sum_of_its_paragraphs() -> None:
    paragraph = "全年开展“巾帼心向党”宣讲24场，覆盖群众12.5万人次（APP推送106条）。"
    text = "\n".join([paragraph] * 1000)  # about 32,000 字
    assert word_count(text) == 1000 * word_count(paragraph) == 32000


# --- properties ----------------------------------------------------------------------

_alphabet = st.sampled_from(
    list("中文字数东京奥运会一二三ひカ한국어abcXYZ0123.,;:!?%-()（）“”‘’，。、；：！？《》·…—")
    + [" ", "\t", "\n", "\r", "\u3000", "\xa0", "\u200b", "\x00", "\x0b", "\ufffe", "😀"]
    + ["\U00020000", "\ud800", "\udc00", "１", "\x85", "\u2028"]
)
_texts = st.text(alphabet=_alphabet, max_size=80) | st.text(max_size=40)


@cache
def _document() -> docx.document.Document:
    """One document for all examples: opening python-docx's template is slow."""
    return docx.Document()


@settings(max_examples=300)
@given(_texts)
def test_counts_are_ordered_and_never_negative(text: str) -> None:
    assert 0 <= word_count(text) <= chars_no_spaces(text) <= chars_with_spaces(text) <= len(text)


@settings(max_examples=300)
@given(_texts, _texts, st.sampled_from([" ", "\n", "\t", "\u3000", "\r\n"]))
def test_counts_add_up_over_white_space_joins(a: str, b: str, gap: str) -> None:
    joined = a + gap + b
    assert word_count(joined) == word_count(a) + word_count(b)
    assert chars_no_spaces(joined) == chars_no_spaces(a) + chars_no_spaces(b)


@settings(max_examples=300)
@given(_texts)
def test_clean_for_xml_output_is_accepted_by_python_docx(text: str) -> None:
    cleaned = clean_for_xml(text)
    _document().add_paragraph(cleaned)
    assert "\r" not in cleaned
    assert clean_for_xml(cleaned) == cleaned


@settings(max_examples=500)
@given(_texts)
def test_normalise_is_idempotent_and_xml_safe(text: str) -> None:
    once = normalise_pasted(text)
    assert normalise_pasted(once) == once
    _document().add_paragraph(once)


@settings(max_examples=200)
@given(st.lists(st.text(alphabet=_alphabet, max_size=30), max_size=8))
def test_normalise_is_idempotent_on_many_lines(lines: list[str]) -> None:
    once = normalise_pasted("\n".join(lines))
    assert normalise_pasted(once) == once


# --- clean_for_xml -------------------------------------------------------------------


def test_clean_for_xml_removes_what_xml_cannot_hold() -> None:
    dirty = "a\x00b\x08c\x0ed\x1fe\x7ff\x9fg\ufffeh\uffffi\ud800j"
    assert clean_for_xml(dirty) == "abcdefghij"


def test_clean_for_xml_unifies_line_ends_and_keeps_tabs() -> None:
    assert clean_for_xml("一\r\n二\r三\n四\t五") == "一\n二\n三\n四\t五"
    # vertical tab (Word's manual break), form feed (PDF page), NEL: line breaks
    assert clean_for_xml("a\x0bb\x0cc\x85d") == "a\nb\nc\nd"


def test_clean_for_xml_joins_a_split_surrogate_pair() -> None:
    assert clean_for_xml("好\ud83d\ude00") == "好😀"
    assert clean_for_xml("\ude00\ud83d") == ""


# --- normalise_pasted: real pastes ---------------------------------------------------


def test_pdf_hard_breaks_inside_sentences_are_joined() -> None:
    pasted = (
        "一是加强思想引领。切实履行妇联群团组织的政治职能,在全区组织开\n"
        "展习近平总书记“七一”重要讲话精神和党的十九届五中全会精神宣讲 24\n"
        "场,在新媒体平台持续宣传习近平总书记重要讲话。\n"
        "二是深化家庭文明建设。持续开展“爱家·爱森城”主题活动,揭晓 41 户\n"
        "区“最美家庭”。"
    )
    assert normalise_pasted(pasted) == (
        "一是加强思想引领。切实履行妇联群团组织的政治职能，在全区组织开展习近平总书记"
        "“七一”重要讲话精神和党的十九届五中全会精神宣讲24场，在新媒体平台持续宣传习近平"
        "总书记重要讲话。\n"
        "二是深化家庭文明建设。持续开展“爱家·爱森城”主题活动，揭晓41户区“最美家庭”。"
    )


def test_pdf_page_footers_and_spaced_dates_are_cleaned() -> None:
    pasted = "填表日期: 2021 年 12 月 29 日\n\n在全区各级妇联组织开展创建特色服务活动,带领全区\n— 3 —\n各级妇联执委以项目实施为杠杆。"
    assert normalise_pasted(pasted) == (
        "填表日期：2021年12月29日\n\n在全区各级妇联组织开展创建特色服务活动，带领全区各级妇联执委以项目实施为杠杆。"
    )


def test_numbered_items_and_headings_stay_on_their_own_lines() -> None:
    pasted = (
        "(一)部门概况\n"
        "区妇联内设办公室、权益部和发展部\n"
        "(1)机构设置\n"
        "1.部门整体支出绩效目标\n"
        "一、基本情况\n"
        "第一,加强领导.\n"
        "自评总结\n"
        "全年共开展活动 60 场"
    )
    assert normalise_pasted(pasted).split("\n") == [
        "（一）部门概况",
        "区妇联内设办公室、权益部和发展部",
        "（1）机构设置",
        "1.部门整体支出绩效目标",
        "一、基本情况",
        "第一，加强领导。",
        "自评总结",
        "全年共开展活动60场",
    ]


def test_numbers_and_serials_keep_their_half_width_dots() -> None:
    pasted = (
        "预算完成率为95.78%.\n1.部门整体支出绩效目标\n年度预算数为 732.44 万元.全年支出12.5万元"
    )
    assert normalise_pasted(pasted) == (
        "预算完成率为95.78%。\n1.部门整体支出绩效目标\n年度预算数为732.44万元。全年支出12.5万元"
    )


def test_half_width_punctuation_next_to_chinese_becomes_full_width() -> None:
    pasted = (
        '(请扼要介绍本镇(街道)、本单位年度工作完成情况,主要包括:"目标"是否完成?是!以下内容;见附件.'
    )
    assert normalise_pasted(pasted) == (
        "（请扼要介绍本镇（街道）、本单位年度工作完成情况，主要包括：“目标”是否完成？是！以下内容；见附件。"
    )


def test_english_and_number_punctuation_is_left_alone() -> None:
    for text in ["Hello, world! (Yes)", "1,234.5", "12:30", "http://example.cn/a?b=1", "(A)"]:
        assert normalise_pasted(text) == text


def test_word_smart_quotes_and_ellipses() -> None:
    pasted = "开展“巾帼心向党”和‘典’亮生活等活动...效果良好…"
    assert normalise_pasted(pasted) == "开展“巾帼心向党”和‘典’亮生活等活动……效果良好……"


def test_wechat_paste_keeps_emoji_and_drops_invisible_characters() -> None:
    pasted = "各位姐妹👋大家好!\u200b\u200b\n\n今天的活动\u00a0很成功😀[强]\ufeff"
    assert normalise_pasted(pasted) == "各位姐妹👋大家好！\n\n今天的活动很成功😀[强]"


def test_indentation_ideographic_spaces_and_tabs() -> None:
    pasted = "\u3000\u3000一是加强思想引领。\n\t二是深化家庭文明建设。\nWord\u3000and\t\tExcel"
    assert normalise_pasted(pasted) == "一是加强思想引领。\n二是深化家庭文明建设。\nWord and Excel"


def test_full_width_digits_become_half_width() -> None:
    assert (
        normalise_pasted("支出７０１．５万元，完成率９５．７８％") == "支出701.5万元，完成率95.78%"
    )


def test_paragraphs_separated_by_blank_lines_are_kept() -> None:
    pasted = "\n\n第一段没有句号\n\n\n\n第二段。\r\n\r\n第三段。\n\n"
    assert normalise_pasted(pasted) == "第一段没有句号\n\n第二段。\n\n第三段。"


def test_control_characters_never_reach_the_document() -> None:
    pasted = "区妇联\x00顺利\x07完成\x1b各项目标\ud800工作。"
    assert normalise_pasted(pasted) == "区妇联顺利完成各项目标工作。"


# --- compiled on first use ---------------------------------------------------------


def test_counting_and_xml_cleaning_compile_none_of_the_paste_patterns() -> None:
    # startup counts and composes; the clean-up patterns (~12 ms to compile) wait for a paste
    import subprocess
    import sys

    code = (
        "from fulian_desktop.core.text import textstats as t\n"
        "t.word_count('东京2024奥运会'); t.chars_no_spaces('a b'); t.chars_with_spaces('a b')\n"
        "t.clean_for_xml('a\\r\\nb')\n"
        "print(t._re.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "0"


def test_item_start_is_still_a_pattern_to_import() -> None:
    import re

    from fulian_desktop.core.text import textstats
    from fulian_desktop.core.text.textstats import ITEM_START

    assert isinstance(ITEM_START, re.Pattern) and ITEM_START is textstats.ITEM_START
    assert ITEM_START.match("（一）总体情况") and not ITEM_START.match("12.34万元")
    with pytest.raises(AttributeError):
        textstats.NO_SUCH_NAME  # noqa: B018
