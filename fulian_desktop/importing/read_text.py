"""Reading a plain-text report, in whatever encoding Notepad or WPS saved it.

What a clerk's .txt can be, and how it is read (the way Notepad and WPS
would show it):

- UTF-8 with or without BOM (Notepad's default since Windows 10 1903);
- UTF-16 LE/BE with BOM (Notepad's "Unicode" / "Unicode big endian"), or
  without BOM when the NUL bytes of its ASCII characters all fall on one side;
- GB18030/GBK, what Notepad on a Chinese Windows writes as "ANSI" (code page
  936), including its single byte 0x80 for €, which Python's codecs refuse;
- a file cut short or with a stray byte: read with � in place of what could
  not be read, and a warning saying how many characters that was.

Refused with one Chinese sentence: Big5 (Traditional Chinese) text, which
also decodes as GB18030 but into nonsense characters; any text that reads as
mojibake in every encoding; texts too long or with too many lines to be a
report. CR-only (old Mac) and CRLF line ends become LF.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fulian_desktop.core.draft.bounds import MAX_FIELD_CHARS, REPLACEMENT
from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import MAX_TEXT_CHARS, SourceText, shown_name

_BINARY = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")

#: Characters of a text file at most. The whole text may end up in one field
#: (a report without headings the template knows), and a draft with a field
#: over MAX_FIELD_CHARS is refused when it is read back: so the text's limit
#: is the field's, not the larger one PDFs share.
MAX_FILE_CHARS = min(MAX_TEXT_CHARS, MAX_FIELD_CHARS)
#: Lines of a text file at most: a 100-page report has about 4,000 lines, a
#: 500-page one (MAX_PDF_PAGES) about 20,000. More is a list or a log, and
#: paragraph joining gets slow on such files (see the report of issue #23).
MAX_TEXT_LINES = 20_000

#: A file cut short or with stray bytes is read with � when at most this share
#: of its characters could not be read (a few per thousand); more means the
#: file is in another encoding.
MAX_REPLACED_SHARE = 0.01
#: Text whose visible characters are more than this share of "odd" ones
#: (characters no report uses: rare ideographs, kana, private-use, …) is
#: mojibake. Real reports measure well under 2% (names with rare characters);
#: Big5 read as GB18030 or UTF-8 read as GBK measure 30–70%.
MAX_ODD_SHARE = 0.15
MIN_ODD = 8
#: Big5 is named when the GB18030 reading is this odd and the Big5 one is not.
BIG5_GB_ODD = 0.08
BIG5_ODD = 0.03

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass
class Decoded:
    text: str
    encoding: str  # a Python codec name, for the log and the tests
    replaced: int = 0  # characters that could not be read, now REPLACEMENT


# -- decoding that counts what it had to replace ------------------------------

_counter = threading.local()  # per thread: the window imports in a worker


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    data = exc.object
    # Windows code page 936 (GBK) has € at the single byte 0x80; GB18030 and
    # Python's gbk put it at A2E3 and refuse 0x80. Notepad shows €: so do we.
    if _counter.gb and data[exc.start] == 0x80:
        return "€", exc.start + 1
    if _counter.strict:
        raise exc
    _counter.replaced += 1
    return REPLACEMENT, exc.end


codecs.register_error("fulian-import-text", _count_and_replace)


def _decode(data: bytes, encoding: str, *, strict: bool) -> Decoded | None:
    """``data`` in ``encoding``; None when strict and a byte cannot be read."""
    _counter.replaced, _counter.strict = 0, strict
    _counter.gb = encoding == "gb18030"
    try:
        text = data.decode(encoding, errors="fulian-import-text")
    except UnicodeDecodeError:
        return None
    return Decoded(text, encoding, _counter.replaced)


def _lenient(data: bytes, encoding: str) -> Decoded | None:
    """``data`` in ``encoding`` with a few unreadable characters replaced by �:
    a file cut in the middle of a character, or with a stray byte. None when
    so much is unreadable that the file is in another encoding."""
    decoded = _decode(data, encoding, strict=False)
    if decoded is None or not decoded.replaced:
        return decoded
    readable = sum(1 for c in decoded.text if not c.isascii()) - decoded.replaced
    # with few non-ASCII characters, two broken ones say more about the
    # encoding than about the file: GBK text read as UTF-8 looks like that
    if (
        decoded.replaced > MAX_REPLACED_SHARE * len(decoded.text)
        or readable < 20 * decoded.replaced
    ):
        return None
    return decoded


# -- how much a reading looks like a Chinese report ---------------------------

_KANA_BOPOMOFO = re.compile("[\u3040-\u30ff\u3100-\u312f\u31a0-\u31ff]")


def _common_ideograph(char: str) -> bool:
    """One of the ideographs everyday text is made of: GB2312 level 1 (3,755
    characters, 99.7% of running simplified text) or Big5 level 1 (5,401
    frequent Traditional characters)."""
    try:
        gb = char.encode("gb2312")
        if 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
        return 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def odd_share(text: str, sample: int = 20_000) -> float:
    """Share of the visible characters (of the first ``sample``) that a report
    would not contain; 0.0 for a text without visible characters."""
    visible, odd = _odd_count(text, sample)
    return odd / visible if visible else 0.0


def _is_mojibake(text: str) -> bool:
    visible, odd = _odd_count(text)
    # a few odd characters in a short text are a name or two, not mojibake
    return odd >= MIN_ODD and odd > MAX_ODD_SHARE * visible


def _odd_count(text: str, sample: int = 20_000) -> tuple[int, int]:
    """(visible characters, odd ones) among the first ``sample`` characters."""
    visible = odd = 0
    for char in text[:sample]:
        if char.isspace():
            continue
        visible += 1
        if char.isascii():
            if not char.isprintable():
                odd += 1
            continue
        category = unicodedata.category(char)
        if category == "Lo" and not _KANA_BOPOMOFO.match(char):
            odd += not _common_ideograph(char)
        elif char == REPLACEMENT or category in ("Co", "Cn", "Cc", "Cs"):
            odd += 1  # private use (GBK's user area), unassigned, control
        elif category[0] in "PSNZ" or (category[0] == "L" and char <= "\u024f"):
            pass  # punctuation, symbols (℃ ①), numbers (Ⅱ), Latin letters
        else:
            odd += 1  # kana, bopomofo, Greek, Cyrillic, Hangul …: mojibake's alphabet
    return visible, odd


# -- the encoding --------------------------------------------------------------


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without BOM when the NUL bytes say so, else None.

    UTF-8 and GB18030 text has no NUL byte at all. In UTF-16 every ASCII
    character (digits, line ends, spaces) has a NUL high byte, all on one
    side (odd offsets in LE, even ones in BE); a binary file has NULs on both
    sides alike. Characters such as 一 (U+4E00) put NULs on the other side,
    and a text with no ASCII has only those: so both byte orders are read and
    the one that looks like a report wins.
    """
    head = data[: 1 << 16]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    if len(data) % 2 or (odd < 4 * even and even < 4 * odd):
        return None
    readings = [d for d in (_lenient(data, e) for e in ("utf-16-le", "utf-16-be")) if d]
    return min(readings, key=lambda d: odd_share(d.text), default=None)


def _big5_message(name: str) -> str:
    return (
        f"“{name}”是繁体中文 Big5 编码的文件，按简体中文读出来会是乱码，所以没有导入。"
        "请用记事本或 WPS 打开它，另存为 UTF-8 编码后再导入。"
    )


def _mojibake_message(name: str) -> str:
    return (
        f"“{name}”的文字读出来大多是乱码（看不出是哪种编码保存的），所以没有导入。"
        "请用记事本或 WPS 打开它，确认文字显示正常后另存为 UTF-8 编码，再导入。"
    )


def _not_text_message(name: str) -> str:
    return (
        f"“{name}”不是可以导入的文件。可以导入的有：Word 文档（.docx）、"
        "带文字的 PDF、纯文本（.txt）。"
    )


def decode_text(data: bytes, name: str = "文件") -> Decoded:
    """The text of a plain-text file; UserError (one sentence naming ``name``)
    when it is not text, is Big5, or reads as mojibake."""
    if data.startswith(_UTF8_BOM):
        decoded = _lenient(data[3:], "utf-8")
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16-le" if data[0] == 0xFF else "utf-16-be"
        decoded = _lenient(data[2:], encoding)
    elif 0 in data:
        decoded = _utf16_without_bom(data)
        if decoded is None:
            raise UserError(_not_text_message(name))
    else:
        decoded = _legacy_or_utf8(data, name)
    if decoded is None:
        raise UserError(_mojibake_message(name))
    # a binary file that happens to decode has control characters all over it
    if len(_BINARY.findall(decoded.text[:20000])) > 2:
        raise UserError(_not_text_message(name))
    if _is_mojibake(decoded.text):
        raise UserError(_mojibake_message(name))
    return decoded


def _legacy_or_utf8(data: bytes, name: str) -> Decoded | None:
    """Text without BOM or NULs: UTF-8 first (valid UTF-8 is almost never
    anything else), then GB18030, telling Big5 apart on the way."""
    decoded = _decode(data, "utf-8", strict=True)
    if decoded is not None:
        return decoded
    # UTF-8 cut short or with a stray byte: before GB18030, which would read
    # most UTF-8 bytes without error, as nonsense (the many-errors case of a
    # real GBK file is told apart in _lenient)
    decoded = _lenient(data, "utf-8")
    if decoded is not None:
        return decoded
    gb = _decode(data, "gb18030", strict=True)
    big5 = _decode(data, "cp950", strict=True)
    # Big5's common characters are valid GB18030 bytes too: the reading
    # that is not full of rare characters and kana says which it is
    if big5 is not None and odd_share(big5.text) <= BIG5_ODD:
        gb_odd = odd_share(gb.text) if gb is not None else 1.0
        if gb_odd >= BIG5_GB_ODD:
            raise UserError(_big5_message(name))
    if gb is not None:
        return gb
    # GBK cut in the middle of its last character, or with a stray byte
    return _lenient(data, "gb18030")


def _too_long_message(name: str) -> str:
    return f"“{name}”的文字超过 {MAX_FILE_CHARS} 个字的上限，不像一份报告，没有导入。"


def replaced_warning(name: str, replaced: int) -> str:
    return (
        f"“{name}”中有 {replaced} 个字符无法识别（文件可能不完整，或混有其他编码的文字），"
        f"已用“{REPLACEMENT}”代替，请对照原文核对这些地方。"
    )


def read_text(path: Path) -> SourceText:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"无法读取文件“{shown_name(path.name)}”：{exc.strerror or exc}") from None
    # no encoding takes more than 4 bytes a character: refuse before decoding
    if len(data) > 4 * MAX_FILE_CHARS:
        raise UserError(_too_long_message(shown_name(path.name)))
    decoded = decode_text(data, shown_name(path.name))
    # CRLF (Windows) and CR alone (old Mac, some exports) end lines as LF does;
    # the paragraph joining only knows LF
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_FILE_CHARS:
        raise UserError(_too_long_message(shown_name(path.name)))
    lines = text.count("\n") + 1
    if lines > MAX_TEXT_LINES:
        raise UserError(
            f"“{shown_name(path.name)}”有 {lines} 行，超过 {MAX_TEXT_LINES} 行的上限，不像一份报告，没有导入。"
        )
    if not text.strip():
        raise UserError(f"文件“{shown_name(path.name)}”是空的，没有可以导入的内容。")
    source = SourceText(shown_name(path.name), "text", pages=text.split("\f"))
    if decoded.replaced:
        source.warnings.append(replaced_warning(shown_name(path.name), decoded.replaced))
    return source
