"""The DOCX writer: GB/T 9704 facts in the XML, round trips, robustness."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import fulian_desktop.storage.atomic as atomic
from fulian_desktop.core.compose.document import (
    Box,
    CoverEnd,
    Document,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
)
from fulian_desktop.errors import UserError
from fulian_desktop.render import docx as writer
from fulian_desktop.render.docx import (
    docx_bytes,
    read_custom_properties,
    read_docx_text,
    write_docx,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
BODY_TEXT = (
    "本单位严格按照预算绩效管理要求开展自评，资金使用规范，管理制度健全。2023年执行率为95.78%。"
)


def a(name: str) -> str:
    return f"{{{W}}}{name}"


def report(**kwargs) -> Document:
    """A cover, an attachment label, headings of all levels, a table, a signature."""
    blocks = [
        Box(["编号", ""], align="right"),
        Spacer(lines=2),
        Paragraph("2023年度部门整体支出绩效自评报告", role="title"),
        Spacer(lines=4),
        Paragraph("单位名称（公章）：某区妇女联合会", role="cover"),
        Paragraph("填报日期：2024年3月1日", role="cover"),
        CoverEnd(),
        Paragraph("附件2", role="label"),
        Paragraph("某区妇女联合会2023年度部门整体支出绩效自评报告", role="title"),
        Paragraph("部门概况", role="h1", number="一、"),
        Paragraph("部门基本情况", role="h2", number="（一）"),
        Paragraph("机构设置", role="h3", number="1."),
        Paragraph("内设机构", role="h4", number="（1）"),
        Paragraph(BODY_TEXT),
        Table(
            rows=[["项目", "预算数", "执行数"], ["基本支出", "701.5", "700"], ["合计", "701.5"]],
            caption="单位：万元",
            widths=[2, 1, 1],
            align=["left", "right", "right"],
        ),
        Paragraph("表后正文\t带制表符\n和换行。"),
        PageBreak(),
        Paragraph("部门整体支出绩效情况", role="h1", number="二、"),
        Paragraph(BODY_TEXT * 3),
        Spacer(),
        Paragraph("某区妇女联合会", role="signature"),
        Paragraph("2024年3月1日", role="signature"),
    ]
    fields = {
        "title": "2023年度部门整体支出绩效自评报告",
        "blocks": blocks,
        "author": "某区妇女联合会",
        "subject": "部门整体支出绩效自评报告",
        "custom_properties": {"fulian.content_hash": "ab" * 32, "fulian.template": "dept"},
    }
    fields.update(kwargs)
    return Document(**fields)


class Parts:
    """The XML parts of an exported file, parsed."""

    def __init__(self, data: bytes) -> None:
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.document = self.xml("word/document.xml")
        self.styles = self.xml("word/styles.xml")
        self.settings = self.xml("word/settings.xml")
        rels = self.xml("word/_rels/document.xml.rels")
        self.targets = {rel.get("Id"): "word/" + rel.get("Target") for rel in rels}

    def xml(self, name: str):
        return etree.fromstring(self.zip.read(name))

    def raw(self, name: str) -> str:
        return self.zip.read(name).decode("utf-8")

    def sections(self) -> list:
        return self.document.findall(".//w:sectPr", NS)

    def referenced(self, sectpr, kind: str, which: str):
        ref = sectpr.find(f"w:{kind}Reference[@w:type='{which}']", NS)
        return None if ref is None else self.xml(self.targets[ref.get(f"{{{R}}}id")])

    def style(self, style_id: str):
        return self.styles.find(f"w:style[@w:styleId='{style_id}']", NS)


@pytest.fixture(scope="module")
def parts() -> Parts:
    return Parts(docx_bytes(report()))


def test_every_section_has_the_gbt9704_page(parts):
    sections = parts.sections()
    assert len(sections) == 2  # cover + body
    for sectpr in sections:
        size = sectpr.find("w:pgSz", NS)
        assert (size.get(a("w")), size.get(a("h"))) == ("11906", "16838")
        margins = sectpr.find("w:pgMar", NS)
        assert [margins.get(a(side)) for side in ("top", "bottom", "left", "right")] == [
            "2098",
            "1984",
            "1587",
            "1474",
        ]
        grid = sectpr.find("w:docGrid", NS)
        assert (grid.get(a("type")), grid.get(a("linePitch"))) == ("lines", "579")


def test_defaults_exact_pitch_condensing_language_and_no_spacing(parts):
    defaults = parts.styles.find("w:docDefaults", NS)
    spacing = defaults.find("w:pPrDefault/w:pPr/w:spacing", NS)
    assert spacing.get(a("line")) == "579" and spacing.get(a("lineRule")) == "exact"
    assert spacing.get(a("before")) == "0" and spacing.get(a("after")) == "0"
    rpr = defaults.find("w:rPrDefault/w:rPr", NS)
    assert rpr.find("w:spacing", NS).get(a("val")) == "-5"
    assert rpr.find("w:sz", NS).get(a("val")) == "32"
    lang = rpr.find("w:lang", NS)
    # Latin text en-US, Chinese zh-CN: tagged zh-CN, LibreOffice splits "99.44%"
    assert lang.get(a("val")) == "en-US" and lang.get(a("eastAsia")) == "zh-CN"
    fonts = rpr.find("w:rFonts", NS)
    assert fonts.get(a("eastAsia")) == "仿宋_GB2312"
    assert fonts.get(a("ascii")) == fonts.get(a("hAnsi")) == "Times New Roman"
    body = parts.style("FLBody").find("w:pPr/w:spacing", NS)
    assert body.get(a("line")) == "579" and body.get(a("lineRule")) == "exact"


def test_no_theme_fonts_anywhere(parts):
    names = [n for n in parts.zip.namelist() if n.startswith("word/") and n.endswith(".xml")]
    names.remove("word/theme/theme1.xml")  # the theme defines them; nothing may use them
    for name in names:
        text = parts.raw(name)
        for attr in ("asciiTheme", "eastAsiaTheme", "hAnsiTheme", "cstheme"):
            assert attr not in text, (name, attr)
    assert "word/stylesWithEffects.xml" not in parts.zip.namelist()


@pytest.mark.parametrize(
    ("style_id", "east_asian", "first_line", "bold", "outline"),
    [
        ("FLBody", "仿宋_GB2312", "200", False, None),
        ("FLTitle", "方正小标宋简体", "0", False, None),
        ("FLLabel", "黑体", "0", False, None),
        ("FLHeading1", "黑体", "0", False, "0"),
        ("FLHeading2", "楷体_GB2312", "0", False, "1"),
        ("FLHeading3", "仿宋_GB2312", "0", True, "2"),
        ("FLHeading4", "仿宋_GB2312", "0", False, "3"),
        ("FLSignature", "仿宋_GB2312", "0", False, None),
        ("FLCover", "仿宋_GB2312", "0", False, None),
        ("FLPageNumber", "宋体", "0", False, None),
    ],
)
def test_role_styles(parts, style_id, east_asian, first_line, bold, outline):
    style = parts.style(style_id)
    # outline roles on Word's Heading N (converters see headings), the rest on Normal
    base = f"Heading{int(outline) + 1}" if outline is not None else "Normal"
    assert style.find("w:basedOn", NS).get(a("val")) == base
    fonts = style.find("w:rPr/w:rFonts", NS)
    assert fonts.get(a("eastAsia")) == east_asian
    for slot in ("ascii", "hAnsi", "cs"):
        assert fonts.get(a(slot))
    ind = style.find("w:pPr/w:ind", NS)
    assert ind.get(a("firstLineChars")) == first_line
    assert (style.find("w:rPr/w:b", NS) is not None) is bold
    level = style.find("w:pPr/w:outlineLvl", NS)
    assert (None if level is None else level.get(a("val"))) == outline
    size = style.find("w:rPr/w:sz", NS).get(a("val"))
    expected = {"FLTitle": "44", "FLPageNumber": "28"}.get(style_id, "32")
    assert size == expected
    spacing = style.find("w:pPr/w:spacing", NS)
    assert spacing.get(a("before")) == spacing.get(a("after")) == "0"
    keep = style.find("w:pPr/w:keepNext", NS) is not None
    assert keep is (outline is not None or style_id in ("FLSignature", "FLTitle", "FLLabel"))


def test_builtin_headings_carry_only_the_outline_level(parts):
    """Heading 1–4 are defined, so no reader's own look (theme fonts, blue,
    bold, space before) reaches the FL headings based on them; Title is gone."""
    ids = {s.get(a("styleId")) for s in parts.styles.findall("w:style", NS)}
    assert "Title" not in ids
    for level in range(4):
        style = parts.style(f"Heading{level + 1}")
        assert style.find("w:name", NS).get(a("val")) == f"heading {level + 1}"
        assert style.find("w:pPr/w:outlineLvl", NS).get(a("val")) == str(level)
        assert style.find("w:pPr/w:keepNext", NS).get(a("val")) == "0"
        for tag in ("b", "bCs", "i", "iCs"):
            assert style.find(f"w:rPr/w:{tag}", NS).get(a("val")) == "0"
        assert style.find("w:rPr/w:color", NS).get(a("val")) == "auto"
        assert style.find("w:rPr/w:sz", NS) is None  # the FL style sets size and fonts
    title = parts.style("FLTitle").find("w:pPr/w:jc", NS)
    assert title.get(a("val")) == "center"


def test_east_asian_line_breaking_rules_are_stated_everywhere(parts):
    """Word's defaults, written out on the defaults and every paragraph
    style in schema order; overflowPunct="1" keeps LibreOffice from dropping
    a mark after an exactly full justified line."""
    expected = [
        ("kinsoku", "1"),
        ("wordWrap", "1"),
        ("overflowPunct", "1"),
        ("topLinePunct", "0"),
        ("autoSpaceDE", "1"),
        ("autoSpaceDN", "1"),
    ]
    names = [tag for tag, _ in expected]
    pprs = [parts.styles.find("w:docDefaults/w:pPrDefault/w:pPr", NS)]
    for style in parts.styles.findall("w:style", NS):
        if style.get(a("type")) == "paragraph" and not style.get(a("styleId")).startswith(
            "Heading"
        ):
            pprs.append(style.find("w:pPr", NS))
    assert len(pprs) == 1 + 1 + 14 + 2  # defaults, Normal, roles, spacer and break
    for ppr in pprs:
        tags = [child.tag.split("}")[1] for child in ppr]
        stated = [(t, ppr.find(f"w:{t}", NS).get(a("val"))) for t in tags if t in names]
        assert stated == expected
        start = tags.index("kinsoku")
        assert tags[start : start + 6] == names  # together, in schema order
        assert all(t not in ("snapToGrid", "spacing", "ind", "jc") for t in tags[:start])


def test_compatibility_mode_15_and_chinese_theme_fonts(parts):
    compat = parts.xml("word/settings.xml").find(
        "w:compat/w:compatSetting[@w:name='compatibilityMode']", NS
    )
    assert compat.get(a("val")) == "15"
    theme = parts.raw("word/theme/theme1.xml")
    assert "ＭＳ" not in theme and 'script="Jpan"' not in theme
    assert '<a:ea typeface="黑体"/>' in theme and '<a:ea typeface="宋体"/>' in theme
    assert '<a:font script="Hans" typeface="黑体"/>' in theme


def test_paragraphs_use_role_styles_and_headings_keep_their_numbers(parts):
    paragraphs = parts.document.findall(".//w:body/w:p", NS)
    styled = [
        (p.find("w:pPr/w:pStyle", NS).get(a("val")), "".join(p.itertext()))
        for p in paragraphs
        if p.find("w:pPr/w:pStyle", NS) is not None
    ]
    assert ("FLHeading1", "一、部门概况") in styled
    assert ("FLHeading4", "（1）内设机构") in styled
    assert ("FLLabel", "附件2") in styled
    assert ("FLCaption", "单位：万元") in styled


def test_odd_and_even_page_numbers(parts):
    assert parts.settings.find("w:evenAndOddHeaders", NS) is not None
    body = parts.sections()[-1]
    for which, jc, side in (("default", "right", "right"), ("even", "left", "left")):
        footer = parts.referenced(body, "footer", which)
        assert footer is not None, which
        p = footer.find("w:p", NS)
        assert p.find("w:pPr/w:jc", NS).get(a("val")) == jc
        ind = p.find("w:pPr/w:ind", NS)
        assert ind.get(a(f"{side}Chars")) == "100" and ind.get(a(side)) == "320"
        instr = "".join(t.text for t in p.iter(a("instrText")))
        assert instr.strip() == "PAGE"
        texts = [t.text for t in p.iter(a("t"))]
        assert texts[0] == "— " and texts[-1] == " —"


def test_cover_has_no_page_number_and_body_restarts_at_one(parts):
    cover, body = parts.sections()
    assert cover.find("w:footerReference", NS) is None
    assert cover.find("w:pgNumType", NS) is None
    assert body.find("w:pgNumType", NS).get(a("start")) == "1"
    # The cover's section mark sits in its last paragraph (no extra empty line).
    holder = cover.getparent().getparent()
    assert "".join(holder.itertext()) == "填报日期：2024年3月1日"


def test_draft_marker_in_every_section(parts):
    for sectpr in parts.sections():
        for which in ("default", "even"):
            header = parts.referenced(sectpr, "header", which)
            assert "草稿" in "".join(header.itertext())


def test_no_draft_marker_when_signed_off():
    parts = Parts(docx_bytes(report(draft_marker=False)))
    for sectpr in parts.sections():
        assert sectpr.find("w:headerReference", NS) is None
    assert not any(n.startswith("word/header") for n in parts.zip.namelist())


def test_document_without_cover_is_one_numbered_section():
    document = Document(title="无封面", blocks=[Paragraph("正文")], draft_marker=False)
    parts = Parts(docx_bytes(document))
    (only,) = parts.sections()
    assert only.find("w:pgNumType", NS).get(a("start")) == "1"
    assert parts.referenced(only, "footer", "even") is not None


def test_table_layout(parts):
    tbl = parts.document.find(".//w:body/w:tbl[2]", NS)  # the first is the 编号 box
    assert tbl.find("w:tblPr/w:tblBorders/w:insideV", NS).get(a("sz")) == "4"
    widths = [int(c.get(a("w"))) for c in tbl.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(widths) == 8845 and widths[0] == 2 * widths[1]
    header = tbl.find("w:tr", NS)
    assert header.find("w:trPr/w:tblHeader", NS) is not None
    first = header.find("w:tc/w:p", NS)
    assert first.find("w:pPr/w:jc", NS).get(a("val")) == "center"
    assert first.find("w:r/w:rPr/w:b", NS) is not None
    cell_style = parts.style("FLTableText")
    assert cell_style.find("w:rPr/w:sz", NS).get(a("val")) == "28"
    assert cell_style.find("w:pPr/w:spacing", NS).get(a("lineRule")) == "auto"
    assert cell_style.find("w:pPr/w:ind", NS).get(a("firstLineChars")) == "0"
    data = tbl.findall("w:tr", NS)[1].findall("w:tc/w:p/w:pPr/w:jc", NS)
    assert [jc.get(a("val")) for jc in data] == ["left", "right", "right"]
    short_row = tbl.findall("w:tr", NS)[2]
    assert short_row.find("w:tc[2]/w:tcPr/w:gridSpan", NS).get(a("val")) == "2"


def test_box_is_a_small_bordered_table(parts):
    box = parts.document.find(".//w:body/w:tbl[1]", NS)
    assert box.find("w:tblPr/w:jc", NS).get(a("val")) == "right"
    assert len(box.findall("w:tr/w:tc", NS)) == 2
    assert int(box.find("w:tblPr/w:tblW", NS).get(a("w"))) < 8845 / 2


def test_page_break_and_text_controls(parts):
    h1 = [
        p
        for p in parts.document.iter(a("p"))
        if "".join(p.itertext()) == "二、部门整体支出绩效情况"
    ]
    assert h1[0].find("w:pPr/w:pageBreakBefore", NS) is not None
    runs = [p for p in parts.document.iter(a("p")) if "".join(p.itertext()).startswith("表后")]
    assert runs[0].find(".//w:tab", NS) is not None and runs[0].find(".//w:br", NS) is not None


def test_page_break_before_a_table_uses_a_break_paragraph():
    document = Document(
        title="t",
        blocks=[Paragraph("甲"), PageBreak(), Table(rows=[["a", "b"]]), Table(rows=[["c"]])],
    )
    data = docx_bytes(document)
    parts = Parts(data)
    assert parts.document.find(".//w:br[@w:type='page']", NS) is not None
    body = list(parts.document.find("w:body", NS))
    tags = [etree.QName(e).localname for e in body]
    assert tags == ["p", "p", "tbl", "p", "tbl", "p", "sectPr"]  # tables kept apart


def test_core_and_custom_properties(tmp_path):
    path = tmp_path / "报告.docx"
    write_docx(report(), path)
    core = docx.Document(str(path)).core_properties
    assert core.title == "2023年度部门整体支出绩效自评报告"
    assert core.author == "某区妇女联合会"
    assert core.subject == "部门整体支出绩效自评报告"
    assert core.language == "zh-CN"
    assert read_custom_properties(path) == {
        "fulian.content_hash": "ab" * 32,
        "fulian.template": "dept",
    }
    content_types = zipfile.ZipFile(path).read("[Content_Types].xml").decode()
    assert "custom-properties+xml" in content_types


def test_no_custom_properties_part_when_there_are_none(tmp_path):
    path = tmp_path / "a.docx"
    write_docx(report(custom_properties={}), path)
    assert read_custom_properties(path) == {}
    assert "docProps/custom.xml" not in zipfile.ZipFile(path).namelist()


def test_text_round_trip(tmp_path):
    document = report()
    path = tmp_path / "r.docx"
    write_docx(document, path)
    assert read_docx_text(path) == document.text()
    reopened = docx.Document(str(path))
    assert reopened.paragraphs  # python-docx opens it


def test_style_overrides_reach_the_file():
    document = report(style_overrides={"fonts": {"body": "仿宋"}, "margins_mm": {"top": 35}})
    parts = Parts(docx_bytes(document))
    fonts = parts.style("FLBody").find("w:rPr/w:rFonts", NS)
    assert fonts.get(a("eastAsia")) == "仿宋"
    assert parts.sections()[0].find("w:pgMar", NS).get(a("top")) == "1984"


def test_bad_style_overrides_are_a_user_error():
    with pytest.raises(UserError):
        docx_bytes(report(style_overrides={"margins_mm": {"top": "wide"}}))


def test_write_replaces_atomically_and_leaves_no_temp_files(tmp_path):
    path = tmp_path / "out.docx"
    path.write_bytes(b"old")
    write_docx(report(), path)
    assert zipfile.is_zipfile(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_a_file_kept_open_gives_a_plain_message(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError("in use")

    # the retry on Windows sharing errors is storage.atomic's, tested there
    monkeypatch.setattr(atomic.os, "replace", locked)
    with pytest.raises(UserError, match="Word 或 WPS"):
        write_docx(report(), tmp_path / "out.docx")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_user_error(tmp_path):
    with pytest.raises(UserError):
        write_docx(report(), tmp_path / "no" / "such" / "out.docx")


def test_readers_refuse_what_is_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("not a zip")
    with pytest.raises(UserError):
        read_custom_properties(path)
    with pytest.raises(UserError):
        read_docx_text(path)


def test_import_does_not_load_python_docx_or_lxml():
    code = (
        "import sys, fulian_desktop.render.docx\n"
        "assert 'docx' not in sys.modules and 'lxml' not in sys.modules, sorted(sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# Anything a clerk can type or paste, including what XML cannot hold.
nasty = st.text(
    alphabet=st.one_of(
        st.characters(),
        st.characters(categories=["Cs"]),
        st.sampled_from(["\x00", "\x08", "\x0b", "\x0c", "\x1f", "\ufffe", "\uffff"]),
        st.sampled_from(["\t", "\n", "\r", "😀", "一", " "]),
    ),
    max_size=200,
)


def expected(text: str) -> str:
    """What survives: XML-invalid characters dropped, CR and CRLF as LF."""
    return writer._clean(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=nasty,
    texts=st.lists(nasty, min_size=1, max_size=4),
    cell=nasty,
    prop=nasty,
)
def test_any_text_exports_and_reopens(tmp_path_factory, title, texts, cell, prop):
    roles = ["body", "title", "h1", "signature"]
    blocks = [
        Paragraph(text, role=roles[i % len(roles)], number=prop[:3]) for i, text in enumerate(texts)
    ]
    blocks += [Table(rows=[[cell, "x"]], caption=cell), Box([cell, ""])]
    document = Document(
        title=title,
        author=prop,
        blocks=blocks,
        custom_properties={"fulian.note": prop, "k": cell},
    )
    path = tmp_path_factory.mktemp("hyp") / "any.docx"
    write_docx(document, path)
    docx.Document(str(path))  # python-docx reopens it
    lines = [expected(p.full_text) for p in blocks if isinstance(p, Paragraph)]
    lines += [expected(cell) + "\tx", expected(cell) + "\t"]
    assert read_docx_text(path) == "\n".join(lines)
    assert read_custom_properties(path)["fulian.note"] == expected(prop)


def test_long_paragraph_and_emoji(tmp_path):
    text = "绩效😀" * 20000
    path = tmp_path / "long.docx"
    write_docx(Document(title="长", blocks=[Paragraph(text)]), path)
    assert read_docx_text(path) == text


def test_round_trip_reads_path_objects_and_strings(tmp_path):
    path = tmp_path / "s.docx"
    write_docx(report(), path)
    assert read_docx_text(str(path)) == read_docx_text(Path(path))


def test_paragraph_indent_overrides_the_role_and_hangs():
    doc = Document(
        title="t",
        blocks=[
            Paragraph("附件：某区妇联2023年度部门整体支出绩效自评表", indent=(5, 0, -3)),
            Paragraph("2024年3月1日", role="signature", align="right", indent=(0, 4, 0)),
        ],
    )
    body = etree.fromstring(zipfile.ZipFile(io.BytesIO(docx_bytes(doc))).read("word/document.xml"))
    note, when = (
        p.find(a("pPr")).find(a("ind"))
        for p in body.iter(a("p"))
        if p.find(a("pPr")) is not None and p.find(a("pPr")).find(a("ind")) is not None
    )
    assert note.get(a("leftChars")) == "500" and note.get(a("hangingChars")) == "300"
    assert note.get(a("firstLine")) is None
    assert when.get(a("rightChars")) == "400" and when.get(a("firstLineChars")) == "0"
