"""What a clean-up changed (said to the clerk) and characters the official fonts cannot print."""

from __future__ import annotations

from fulian_desktop.core.text.textstats import describe_cleanup, normalise_pasted, unprintable


def test_describe_cleanup_counts_each_kind_of_change():
    raw = "本单位ＡＢＣ１ 完成 任务,很好\n继续\u200b推进"
    cleaned = normalise_pasted(raw)
    assert cleaned == "本单位ABC1完成任务，很好继续推进"
    notes = describe_cleanup(raw, cleaned)
    assert notes == [
        "全角字母、数字改为半角 4 个",
        "删除多余空格 2 处",
        "标点改为中文全角 1 个",
        "合并断行或删去空行、页码 1 处",
        "删除看不见的控制字符 1 个",
    ]
    assert describe_cleanup("不变", "不变") == []


def test_a_half_width_mark_after_an_emoji_in_chinese_becomes_full_width():
    assert normalise_pasted("太好了😀!") == "太好了😀！"
    assert normalise_pasted("version 2.0!") == "version 2.0!"  # not Chinese: untouched


def test_unprintable_lists_symbols_once_in_order():
    assert unprintable("正常的文字，①②，℃，‰，α，囧") == []
    assert unprintable("米良子®水稻，面积 3m²") == []  # Word borrows Latin symbols: fine
    assert unprintable("好😀好✓好😀▶\ue000") == ["😀", "✓", "▶", "\ue000"]
