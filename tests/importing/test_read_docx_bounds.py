"""The DOCX reader's bounds (issue #23 item 11): counted while inflating and
while reading, refused early with one Chinese sentence. Small generated files
prove the counting; the bounds are lowered where a real one would take long."""

from __future__ import annotations

import random
import re
import time
from pathlib import Path

import pytest
from testkit.docx_build import NS, make_docx, p, raw_zip

from fulian_desktop.errors import UserError
from fulian_desktop.importing import read_docx as reader
from fulian_desktop.importing.readers import read_source


def _many_paragraphs(tmp_path: Path, count: int, text: str = "字") -> Path:
    body = ("<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>") * count
    return make_docx(tmp_path, body, name="很多段.docx")


def test_two_hundred_thousand_paragraphs_are_refused_early(tmp_path: Path) -> None:
    path = _many_paragraphs(tmp_path, 200_000)
    assert path.stat().st_size < 200_000  # small on disk, under the ratio check
    started = time.monotonic()
    with pytest.raises(UserError, match="内容太多，不像一份报告"):
        read_source(path)
    assert time.monotonic() - started < 30


def test_counting_while_reading_stops_at_each_bound(tmp_path: Path, monkeypatch) -> None:
    path = _many_paragraphs(tmp_path, 3000, "一二三四五六七八九十")
    assert len(read_source(path).blocks) == 3000
    for bound, value in (
        ("MAX_PARAGRAPHS", 2000), ("MAX_ELEMENTS", 5000), ("MAX_BLOCKS", 2000),
        ("MAX_CHARS", 20_000), ("MAX_PART_BYTES", 40_000), ("MAX_READ_BYTES", 60_000),
        ("MAX_OTHER_PART_BYTES", 2_000),
    ):  # fmt: skip
        with monkeypatch.context() as patched:
            patched.setattr(reader, bound, value)
            with pytest.raises(UserError, match=r"不像一份报告，没有导入。$"):
                read_source(path)


def test_blocks_never_add_up_to_more_than_a_field_holds(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(reader, "MAX_CHARS", 11 * 500)
    fits = read_source(_many_paragraphs(tmp_path, 500, "一二三四五六七八九十")).blocks
    assert sum(len(b.text) + 1 for b in fits) <= reader.MAX_CHARS
    with pytest.raises(UserError, match="文字太多"):
        read_source(_many_paragraphs(tmp_path, 501, "一二三四五六七八九十"))
    assert reader.MAX_CHARS <= 1_000_000  # core/draft/bounds.MAX_FIELD_CHARS


def test_huge_document_under_the_ratio_check_is_refused_while_inflating(
    tmp_path: Path, monkeypatch
) -> None:
    # the ratio check passes (about 500:1), the inflated size is counted as it comes
    filler = b"<w:p/>" * 200_000  # 1.2 MB of XML
    document = f"<w:document {NS}><w:body>".encode() + filler + b"</w:body></w:document>"
    path = tmp_path / "大.docx"
    path.write_bytes(raw_zip({"word/document.xml": document}))
    monkeypatch.setattr(reader, "MAX_PART_BYTES", 256 * 1024)
    monkeypatch.setattr(reader, "MAX_PARAGRAPHS", 10**9)  # only the byte count can stop it
    seen: list[int] = []
    original = reader._Counted.read

    def counting(self, n=-1):  # noqa: ANN001, ANN202
        data = original(self, n)
        seen.append(self.size)
        return data

    monkeypatch.setattr(reader._Counted, "read", counting)
    with pytest.raises(UserError, match="内容太多"):
        read_source(path)
    # stopped at the bound, long before the end of the part
    assert reader.MAX_PART_BYTES - 65536 < max(seen) <= reader.MAX_PART_BYTES < len(document) / 4


def test_zip_headers_that_lie_about_sizes_are_refused(tmp_path: Path) -> None:
    document = f"<w:document {NS}><w:body>{p('正文') * 2000}</w:body></w:document>".encode()
    data = bytearray(raw_zip({"word/document.xml": document}))
    # the central directory says the part inflates to 100 bytes; it holds far more
    central = data.rindex(b"PK\x01\x02")
    data[central + 24 : central + 28] = (100).to_bytes(4, "little")
    path = tmp_path / "说谎.docx"
    path.write_bytes(bytes(data))
    with pytest.raises(UserError, match="可能已损坏"):
        read_source(path)


def test_not_a_word_document_inside_araw_zip(tmp_path: Path) -> None:
    path = tmp_path / "表格.docx"
    path.write_bytes(raw_zip({"word/document.xml": b"<workbook/>"}))
    with pytest.raises(UserError, match="可能已损坏"):
        read_source(path)
    strict = tmp_path / "严格.docx"
    ns = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    strict.write_bytes(raw_zip({"word/document.xml": f'<w:document xmlns:w="{ns}"/>'.encode()}))
    with pytest.raises(UserError, match="严格 Open XML"):
        read_source(strict)


def test_messages_are_one_chinese_sentence(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        read_source(_many_paragraphs(tmp_path, 200_000))
    message = str(caught.value)
    assert re.fullmatch(r"“很多段\.docx”[^\n]+。", message)


def test_compressed_size_lie_that_passes_the_ratio_check_is_counted(tmp_path: Path) -> None:
    # 40 MB of white space deflates about 1000:1: refused by the ratio check, unless
    # the central directory claims a compressed size ten times the real one (a
    # picture after it holds the bytes claimed, so the zip reader finds no end early;
    # white space in 1 MB pieces: libxml2 refuses a text node over 10 MB itself)
    filler = (b" " * (1 << 20) + b"<w:bookmarkEnd/>") * 40
    document = f"<w:document {NS}><w:body>{p('正文')}".encode() + filler
    picture = random.Random(23).randbytes(1 << 20)
    entries = {"word/document.xml": document + b"</w:body></w:document>"}
    data = bytearray(raw_zip({**entries, "word/media/image1.png": picture}))
    central = data.index(b"PK\x01\x02")  # document.xml's entry comes first
    real = int.from_bytes(data[central + 20 : central + 24], "little")
    honest = tmp_path / "诚实.docx"
    honest.write_bytes(bytes(data))
    with pytest.raises(UserError, match="压缩比异常"):
        read_source(honest)
    data[central + 20 : central + 24] = (real * 10).to_bytes(4, "little")
    path = tmp_path / "说谎.docx"
    path.write_bytes(bytes(data))
    started = time.monotonic()
    with pytest.raises(UserError, match="内容太多"):
        read_source(path)  # inflated while counting: stopped at MAX_PART_BYTES
    assert time.monotonic() - started < 30
