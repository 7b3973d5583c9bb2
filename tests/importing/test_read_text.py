"""Plain-text reports in every encoding Notepad and WPS write (issue #23 item
10), and texts too long or too odd to be a report (item 11, text part).

Every file is built here from a short report text, so what each test feeds
the reader is visible in the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from fulian_desktop.core.draft.bounds import MAX_FIELD_CHARS
from fulian_desktop.errors import UserError
from fulian_desktop.importing import read_text
from fulian_desktop.importing.cleanup import clean_blocks
from fulian_desktop.importing.readers import read_source

REPORT = (
    "一、部门基本情况\n"
    "（一）部门概况\n"
    "本单位内设机构2个，分别为办公室和权益部，编制人数8人，实有人数7人。"
    "主要职责是团结、引导各族各界妇女听党话、跟党走，维护妇女儿童合法权益。\n"
    "（二）年度工作任务\n"
    "2021年，本会围绕区委中心工作，开展“巾帼建新功”活动，举办培训班12期，"
    "受益妇女1500余人次；深入推进家庭家教家风建设，评选最美家庭50户。\n"
    "二、存在的问题\n"
    "部分项目因疫情延期，预算执行进度偏慢，绩效目标设置不够细化。\n"
    "三、下一步措施\n"
    "加强预算执行监控，按季度分析执行情况，及时调整工作安排。\n"
)

TRADITIONAL = (
    "一、部門基本情況\n"
    "本會一年來的工作總結如下：婦女權益保障工作取得進展，各項指標均達到要求。"
    "我們舉辦了培訓班，參加的婦女共一千五百人次，對家庭教育的宣傳也有所加強。\n"
    "二、存在的問題\n"
    "經費使用不夠規範，部分項目進度較慢。\n"
)


def _write(tmp_path: Path, data: bytes, name: str = "报告.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _text(path: Path) -> str:
    return "\f".join(read_source(path).pages)


def _refusal(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_source(path)
    message = str(caught.value)
    assert "\n" not in message  # one line for the command line and the dialog
    return message


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(REPORT.encode("utf-8"), id="utf-8"),
        pytest.param(REPORT.encode("utf-8-sig"), id="utf-8 with BOM"),
        pytest.param(b"\xff\xfe" + REPORT.encode("utf-16-le"), id="utf-16 LE with BOM"),
        pytest.param(b"\xfe\xff" + REPORT.encode("utf-16-be"), id="utf-16 BE with BOM"),
        pytest.param(REPORT.encode("utf-16-le"), id="utf-16 LE without BOM"),
        pytest.param(REPORT.encode("utf-16-be"), id="utf-16 BE without BOM"),
        pytest.param(REPORT.encode("gb18030"), id="gb18030"),
        pytest.param(REPORT.encode("gbk"), id="gbk (Notepad ANSI)"),
    ],
)
def test_every_notepad_encoding_reads_the_same_text(tmp_path: Path, data: bytes) -> None:
    source = read_source(_write(tmp_path, data))
    assert "\f".join(source.pages) == REPORT
    assert source.warnings == []


def test_utf16_without_bom_whose_only_nuls_are_from_chinese_characters(tmp_path: Path) -> None:
    # no ASCII at all: the only NUL bytes come from 一 (U+4E00), on the "wrong"
    # side for LE; both byte orders are read and the Chinese one wins
    text = "一、基本情况（一）部门概况一是加强学习，二是统一思想。" * 5
    assert _text(_write(tmp_path, text.encode("utf-16-le"))) == text


def test_gbk_euro_sign_at_0x80_as_cp936_writes_it(tmp_path: Path) -> None:
    data = "本年度收到捐赠".encode("gbk") + b"100\x80" + "，已全部用于帮扶。\n".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gbk")  # what Python alone would do: refuse the whole file
    assert _text(_write(tmp_path, data)) == "本年度收到捐赠100€，已全部用于帮扶。\n"


def test_utf8_with_a_stray_byte_is_read_and_the_clerk_is_told(tmp_path: Path) -> None:
    good = REPORT.encode("utf-8")
    cut = good.index("培训班".encode())
    source = read_source(_write(tmp_path, good[:cut] + b"\xff" + good[cut:]))
    text = "\f".join(source.pages)
    assert text.replace("\ufffd", "", 1) == REPORT and text.count("\ufffd") == 1
    assert len(source.warnings) == 1
    assert "有 1 个字符无法识别" in source.warnings[0] and "报告.txt" in source.warnings[0]


def test_utf8_cut_in_its_last_character(tmp_path: Path) -> None:
    data = REPORT.rstrip("\n").encode("utf-8")[:-1]  # 排 loses its last byte
    source = read_source(_write(tmp_path, data))
    assert "\f".join(source.pages) == REPORT.rstrip("\n")[:-1] + "\ufffd"
    assert "有 1 个字符无法识别" in source.warnings[0]


def test_utf16_cut_in_its_last_character(tmp_path: Path) -> None:
    data = (b"\xff\xfe" + REPORT.encode("utf-16-le"))[:-1]  # odd length
    source = read_source(_write(tmp_path, data))
    assert "\f".join(source.pages) == REPORT[:-1] + "\ufffd"
    assert "有 1 个字符无法识别" in source.warnings[0]


def test_big5_is_named_not_read_as_gb18030_nonsense(tmp_path: Path) -> None:
    data = TRADITIONAL.encode("big5")
    nonsense = data.decode("gb18030")  # the trap: Big5 bytes are valid GB18030
    assert "會" not in nonsense
    message = _refusal(_write(tmp_path, data, "繁体.txt"))
    assert "繁体.txt" in message and "Big5" in message and "另存为 UTF-8" in message


def test_traditional_text_saved_in_utf8_or_gb18030_is_read(tmp_path: Path) -> None:
    # Traditional characters are fine; only the Big5 *encoding* is refused
    assert _text(_write(tmp_path, TRADITIONAL.encode("utf-8"))) == TRADITIONAL
    assert _text(_write(tmp_path, TRADITIONAL.encode("gb18030"), "b.txt")) == TRADITIONAL


@pytest.mark.parametrize("saved_as", ["utf-8", "gb18030"])
def test_mojibake_is_refused_not_imported(tmp_path: Path, saved_as: str) -> None:
    # the classic: a UTF-8 report opened as GBK ("鍏ㄩ儴…") and saved again
    garbled = REPORT.encode("utf-8").decode("gb18030", errors="replace")
    message = _refusal(_write(tmp_path, garbled.encode(saved_as)))
    assert "乱码" in message and "另存为 UTF-8" in message


def test_a_report_with_a_few_rare_characters_is_not_called_mojibake(tmp_path: Path) -> None:
    names = "联系人：王喆、李堃、张玥、陈珺，电话87712335。\n"  # not in GB2312 level 1
    assert _text(_write(tmp_path, (REPORT + names).encode("gb18030"))) == REPORT + names


def test_bytes_with_nuls_on_both_sides_are_not_text(tmp_path: Path) -> None:
    data = bytes(range(256)) * 16
    assert "不是可以导入的文件" in _refusal(_write(tmp_path, data, "数据.txt"))


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["CRLF (Windows)", "CR (old Mac)"])
def test_crlf_and_cr_line_ends_give_the_same_paragraphs_as_lf(tmp_path: Path, newline: str) -> None:
    expected = clean_blocks(read_source(_write(tmp_path, REPORT.encode("utf-8"), "lf.txt")))
    assert len(expected) == 9  # headings and paragraphs apart
    other = read_source(_write(tmp_path, REPORT.replace("\n", newline).encode("gbk")))
    assert "\r" not in "".join(other.pages)
    assert clean_blocks(other) == expected


def test_200000_one_character_lines_are_refused_before_any_joining(tmp_path: Path) -> None:
    data = "\n".join("字" for _ in range(200_000)).encode("utf-8")
    message = _refusal(_write(tmp_path, data, "列表.txt"))
    assert "200000 行" in message and f"{read_text.MAX_TEXT_LINES} 行的上限" in message


def test_text_longer_than_one_field_is_refused(tmp_path: Path) -> None:
    # longer than a field may be: the whole text can land in one field (or in
    # one 未归类 entry), and such a draft would be refused when read back
    assert read_text.MAX_FILE_CHARS <= MAX_FIELD_CHARS
    data = ("本单位完成了全部任务。" * (read_text.MAX_FILE_CHARS // 11 + 1)).encode("utf-8")
    assert "上限" in _refusal(_write(tmp_path, data, "长.txt"))


def test_a_huge_file_is_refused_before_it_is_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_text, "MAX_FILE_CHARS", 1000)

    def no_decoding(*args: object, **kwargs: object) -> None:
        raise AssertionError("decoded a file that is too large anyway")

    monkeypatch.setattr(read_text, "decode_text", no_decoding)
    assert "上限" in _refusal(_write(tmp_path, b"a" * 4001, "大.txt"))


def test_odd_share_of_real_text_and_of_mojibake() -> None:
    # the thresholds rest on these: a report is almost all common characters,
    # Big5 read as GB18030 mostly odd ones
    assert read_text.odd_share(REPORT) < 0.01
    assert read_text.odd_share(TRADITIONAL) < 0.01
    assert read_text.odd_share(TRADITIONAL.encode("big5").decode("gb18030")) > 0.3


def test_gbk_cut_in_its_last_character(tmp_path: Path) -> None:
    data = REPORT.rstrip("\n").encode("gbk")[:-1]  # a lead byte without its trail byte
    source = read_source(_write(tmp_path, data))
    assert "\f".join(source.pages) == REPORT.rstrip("\n")[:-1] + "\ufffd"
    assert "有 1 个字符无法识别" in source.warnings[0]
