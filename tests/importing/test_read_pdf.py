"""Reading PDFs with PDFium: CID fonts with and without a ToUnicode map,
radicals from Chromium-made PDFs, protected files, junk before the header,
and text that is not text (font noise, a scanner's watermark) refused in the
reader, so nothing is stored.

The small PDFs are written here by hand (``tiny_pdf``): a Type0 font either
with a predefined CMap (UniGB-UCS2-H, STSong-Light not embedded, as ReportLab
writes them) or Identity-H with or without a ToUnicode map. The fixtures
made with LibreOffice, Chromium and pypdf's AES encryption are committed;
tools/make-import-pdf.sh makes them again.
"""

from __future__ import annotations

import re
import zlib
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from testkit.import_samples import extracted
from testkit.paths import FIXTURES

from fulian_desktop import cli
from fulian_desktop.errors import UserError
from fulian_desktop.importing.cleanup import (
    clean_blocks,
    paragraphs_from_text,
    strip_page_furniture,
)
from fulian_desktop.importing.importer import read_blocks
from fulian_desktop.importing.normalise import FOLD, is_han
from fulian_desktop.importing.read_pdf import _page_texts
from fulian_desktop.importing.readers import read_source

IMPORT = FIXTURES / "import"

PAGES = [
    [
        "某某区妇女联合会",  # the running header
        "某某区妇联2021年整体绩效自评报告",
        "一、基本情况",
        "本单位今年认真落实预算绩效管理要求，完成了全部",
        "工作任务，各项指标均达到要求。",
        "— 1 —",
    ],
    [
        "某某区妇女联合会",
        "二、存在的问题",
        "部分活动因疫情延期，广大妇女群众参与人数有所减少。",
        "— 2 —",
    ],
]
PARAGRAPHS = [
    "某某区妇联2021年整体绩效自评报告",
    "一、基本情况",
    "本单位今年认真落实预算绩效管理要求，完成了全部工作任务，各项指标均达到要求。",
    "二、存在的问题",
    "部分活动因疫情延期，广大妇女群众参与人数有所减少。",
]
#: what Chromium's ToUnicode gives for fonts whose radicals share the ideograph's glyph
_AS_RADICAL = {v: chr(k) for k, v in FOLD.items() if 0x2E80 <= k <= 0x2FDF}


def _mapped(char: str, font: str) -> str:
    return _AS_RADICAL.get(char, char) if font == "radicals" else char


#: a line of text, or pieces of one line drawn in this order (each at a column:
#: 12 points, a Chinese character's width, from the left margin)
Line = str | list[tuple[int, str]]


def _pieces(line: Line) -> list[tuple[int, str]]:
    return [(0, line)] if isinstance(line, str) else line


def tiny_pdf(
    pages: list[list[Line]],
    font: str = "gb",
    first_cid: int = 1,
    header_last: bool = False,
    stamp: str = "",
) -> bytes:
    """A PDF with one line of text per entry, 20 points apart.

    header_last: each page's first line (the running header) is drawn after
    the body, before the last line (the page number), as some producers do.
    stamp: drawn on every page after its text, large and turned 45°.

    font: "gb" (predefined CMap, no ToUnicode needed), "tounicode" (Identity-H
    and a ToUnicode map), "radicals" (the same, but the map gives Kangxi/CJK
    radicals where one exists, as Chromium's do), "none" (Identity-H, no map:
    the characters cannot be known), "latin" (Helvetica, one-byte text).
    """
    objects: dict[int, bytes] = {1: b"<< /Type /Catalog /Pages 2 0 R >>"}
    chars = sorted(
        {c for page in pages for line in page for _, t in _pieces(line) for c in t} | set(stamp)
    )
    cids = {c: first_cid + i for i, c in enumerate(chars)}
    if font == "latin":
        objects[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"

        def encode(line: str) -> bytes:
            return line.encode("latin-1").hex().encode()
    elif font == "gb":
        objects[3] = (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
            b" /DescendantFonts [4 0 R] >>"
        )
        objects[4] = (
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo"
            b" << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R"
            b" /DW 1000 >>"
        )

        def encode(line: str) -> bytes:
            return line.encode("utf-16-be").hex().encode()
    else:
        mapped = b" /ToUnicode 6 0 R" if font in ("tounicode", "radicals") else b""
        objects[3] = (
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H"
            b" /DescendantFonts [4 0 R]" + mapped + b" >>"
        )
        objects[4] = (
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo"
            b" << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R"
            b" /DW 1000 /CIDToGIDMap /Identity >>"
        )
        if mapped:
            rows = [
                b"<%04X> <%s>" % (cid, _mapped(c, font).encode("utf-16-be").hex().encode())
                for c, cid in cids.items()
            ]
            cmap = (
                b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /T1 def"
                b" /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
                + b"%d beginbfchar\n" % len(rows)
                + b"\n".join(rows)
                + b"\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
            )
            objects[6] = b"<< /Length %d >>\nstream\n%s\nendstream" % (len(cmap), cmap)

        def encode(line: str) -> bytes:
            return b"".join(b"%04X" % cids[c] for c in line)

    if font != "latin":
        objects[5] = (
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [0 -141 1000 859]"
            b" /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 859 /StemV 80 >>"
        )
    kids = []
    for n, page in enumerate(pages):
        number = 10 + 2 * n
        lines = [
            b"\n".join(
                b"BT /F1 12 Tf %d %d Td <%s> Tj ET" % (72 + 12 * column, 780 - 20 * i, encode(t))
                for column, t in _pieces(line)
            )
            for i, line in enumerate(page)
        ]
        if header_last:
            lines = lines[1:-1] + lines[:1] + lines[-1:]
        if stamp:
            lines.append(
                b"BT /F1 60 Tf .7071 .7071 -.7071 .7071 150 640 Tm <%s> Tj ET" % encode(stamp)
            )
        content = zlib.compress(b"\n".join(lines))
        objects[number + 1] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
            len(content),
            content,
        )
        objects[number] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (number + 1)
        )
        kids.append(b"%d 0 R" % number)
    objects[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(kids))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    start, size = len(out), max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += (
            b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
        )
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, start)
    return bytes(out)


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _message(path: Path) -> str:
    with pytest.raises(UserError) as caught:
        read_source(path)
    return str(caught.value)


def _texts(path: Path) -> list[str]:
    return [b.text for b in clean_blocks(read_source(path))]


@pytest.mark.parametrize("font", ["gb", "tounicode"])
def test_cid_fonts_read_into_paragraphs_without_page_furniture(tmp_path: Path, font: str) -> None:
    path = _write(tmp_path, "报告.pdf", tiny_pdf(PAGES, font))
    source = read_source(path)
    assert source.kind == "pdf" and len(source.pages) == 2
    assert source.pages[0].splitlines() == PAGES[0]  # PDFium's line ends, "\r\n" made "\n"
    assert _texts(path) == PARAGRAPHS


def test_radicals_from_a_chromium_font_map_are_read_as_ideographs(tmp_path: Path) -> None:
    path = _write(tmp_path, "网页打印.pdf", tiny_pdf(PAGES, "radicals"))
    raw = "".join(read_source(path).pages)
    assert "⼀" in raw and "⼴" in raw and "⼥" in raw  # what the file says: ⼀、基本情况
    assert _texts(path) == PARAGRAPHS


@pytest.mark.parametrize("junk", [300, 1000])
def test_junk_before_the_header_is_accepted(tmp_path: Path, junk: int) -> None:
    # some mail gateways and web forms put a few hundred bytes before %PDF-
    path = _write(tmp_path, "附件.pdf", b"\r\n<html>x</html>" * (junk // 16) + tiny_pdf(PAGES))
    assert path.read_bytes().index(b"%PDF-") > junk - 20
    assert _texts(path) == PARAGRAPHS


@pytest.mark.parametrize("name", ["owner-only-aes128.pdf", "owner-only-aes256.pdf"])
def test_owner_password_only_pdfs_open(name: str) -> None:
    """Only editing is forbidden (an owner password, no open password): pypdf
    refused these as damaged without the cryptography package; PDFium opens them."""
    path = IMPORT / name
    data = path.read_bytes()
    assert b"/Encrypt" in data and b"/AESV" in data and len(data) < 100_000
    assert _texts(path) == PARAGRAPHS


def test_a_pdf_with_an_open_password_is_refused_in_plain_chinese() -> None:
    path = IMPORT / "open-password-aes256.pdf"
    assert b"/AESV3" in path.read_bytes()
    message = _message(path)
    assert "设置了打开密码" in message and "Word" in message and "open-password" in message


@pytest.mark.parametrize("first_cid", [1, 0x21, 0xE000])
def test_a_cid_font_without_tounicode_is_refused(tmp_path: Path, first_cid: int) -> None:
    """Without a ToUnicode map the text is the font's glyph numbers: control
    characters, ’（2345 noise or private-use code points, never Chinese."""
    path = _write(tmp_path, "乱码.pdf", tiny_pdf(PAGES * 3, "none", first_cid))
    raw = "".join(_page_texts(path))
    assert len(raw) > 100 and not any(is_han(c) for c in raw)  # what PDFium can read
    message = _message(path)
    assert "这份 PDF 的文字无法正确读出" in message and "请用 Word 原文件导入" in message


def test_symbol_font_bullets_do_not_make_a_report_noise(tmp_path: Path) -> None:
    # Word's list bullets in the Symbol font map to private use U+F0B7
    pages = [[f"\uf0b7{line}" for line in page] for page in PAGES]
    path = _write(tmp_path, "带项目符号.pdf", tiny_pdf(pages, "tounicode"))
    assert "\uf0b7" in read_source(path).pages[0]


def test_a_word_hyphenated_at_a_line_end_is_whole_and_a_dash_stays(tmp_path: Path) -> None:
    lines = ["预算年度为2020-", "2021年，用于宣传资料docu-", "ment印制。"]
    path = _write(tmp_path, "连字符.pdf", tiny_pdf([lines * 3], "gb"))
    text = read_source(path).pages[0]
    assert "2020-\n2021年" in text and "document印制" in text and "\ufffe" not in text


def _stream_order(path: Path) -> list[str]:
    """Each page's text as PDFium's get_text_range gives it: the drawing order,
    as read_pdf read it before it ordered lines by position."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path.read_bytes())
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n").replace("\ufffe", ""))
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()


def test_a_running_header_drawn_after_the_body_is_first_and_is_stripped(tmp_path: Path) -> None:
    path = _write(tmp_path, "页眉后画.pdf", tiny_pdf(PAGES, "gb", header_last=True))
    drawn = _stream_order(path)
    assert drawn[0].splitlines()[-2:] == PAGES[0][:1] + PAGES[0][-1:]  # drawn after the body
    assert "某某区妇女联合会" in strip_page_furniture(drawn)  # which cleanup cannot find there
    source = read_source(path)
    assert [page.splitlines() for page in source.pages] == PAGES  # top to bottom
    assert _texts(path) == PARAGRAPHS


def test_pieces_of_a_line_drawn_out_of_order_are_put_back_with_spaces_only_where_needed(
    tmp_path: Path,
) -> None:
    """The quotes drawn in a second pass (as a producer that sets them in a Latin
    font may), a header with a wide gap, Latin words apart by a character."""
    page: list[Line] = [
        [(0, "某某区妇女联合会"), (20, "2021年")],  # left and right of the header
        [(0, "我们"), (3, "学习"), (6, "文件"), (2, "“"), (5, "”")],  # 我们“学习”文件
        [(6, "2021"), (0, "Word"), (11, "版")],
    ]
    path = _write(tmp_path, "分段画.pdf", tiny_pdf([page * 2], "gb"))
    lines = _page_texts(path)[0].splitlines()
    assert lines[:3] == ["某某区妇女联合会 2021年", "我们“学习”文件", "Word 2021版"]


def test_a_turned_stamp_stays_whole_and_out_of_the_paragraphs(tmp_path: Path) -> None:
    """A diagonal "内部资料" across the page: its characters stand at the
    heights of several body lines, but stay together where they were drawn."""
    path = _write(tmp_path, "水印.pdf", tiny_pdf(PAGES, "gb", stamp="内部资料"))
    assert [page.splitlines() for page in read_source(path).pages] == [
        page + ["内部资料"] for page in PAGES
    ]
    assert _texts(path) == PARAGRAPHS


def test_a_pdf_drawn_in_reading_order_reads_as_its_stream_did(tmp_path: Path) -> None:
    """Lines by position change nothing where the producer drew the page in
    reading order: the same characters, spaces and line ends (the committed
    LibreOffice fixture, the hand-made PDFs with a hyphenated word)."""
    from testkit.import_samples import PDF_FIXTURE

    hyphen = ["预算年度为2020-", "2021年，用于宣传资料docu-", "ment印制。", "Word 2021 版"]
    made = [
        _write(tmp_path, f"{font}.pdf", tiny_pdf(PAGES + [hyphen], font))
        for font in ("gb", "tounicode", "radicals")
    ]
    for path in [PDF_FIXTURE, *made]:
        assert _page_texts(path) == _stream_order(path), path.name


def test_a_scan_with_a_scanner_watermark_is_a_scan(tmp_path: Path) -> None:
    pages = [["Scanned by CamScanner"]] * 3
    path = _write(tmp_path, "扫描件.pdf", tiny_pdf(pages, "latin"))
    message = _message(path)
    assert "这是扫描件" in message and "Word" in message


def _drafts(capsys: pytest.CaptureFixture[str]) -> str:
    cli.main(["drafts", "list"])
    return capsys.readouterr().out


def test_an_import_of_noise_stores_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "乱码.pdf", tiny_pdf(PAGES * 3, "none", 0x21))
    assert cli.main(["import-report", str(path), "--template", "gz-dept-overall"]) != 0
    err = capsys.readouterr().err
    assert "文字无法正确读出" in err and len(err.strip().splitlines()) == 1
    assert "还没有草稿" in _drafts(capsys)


def _paragraph_share(want: list[str], got: list[str]) -> float:
    bare = [re.sub(r"\s", "", p) for p in want], [re.sub(r"\s", "", p) for p in got]
    matcher = SequenceMatcher(None, *bare, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(want)


def test_a_chromium_pdf_reads_as_written() -> None:
    """Chromium's print to PDF of the first 30 paragraphs of the 资阳 report
    (running header and "— N —" in the page margins; tools/make-import-pdf.sh)."""
    path = IMPORT / "003_ziyang_2021.chromium.pdf"
    assert path.stat().st_size < 100_000 and b"Skia/PDF" in path.read_bytes()
    source_lines = [ln for ln in extracted("003_ziyang_2021").split("\n") if ln.strip()][:30]
    want = paragraphs_from_text("\n".join(source_lines))
    _, blocks = read_blocks(path)
    got = [b.text for b in blocks]
    assert sum("自评报告" in t for t in got) == 1  # the running header went, the title stayed
    assert not any(t.startswith("—") for t in got)
    assert not any(0x2E80 <= ord(c) <= 0x2FDF for t in got for c in t)
    assert "".join(got).replace(" ", "") == "".join(want).replace(" ", "")  # every character
    assert _paragraph_share(want, got) >= 0.9


def test_the_libreoffice_pdf_gives_every_character_in_order() -> None:
    from testkit.import_samples import PDF_FIXTURE, kept_share

    text = re.sub(r"\s", "", "".join(read_source(PDF_FIXTURE).pages))
    source = re.sub(r"\s", "", extracted("000_panyu_2021"))
    assert kept_share(source, text) == 1.0
