"""What the DOCX carries for layout (issue 13): language tags, the title off
the grid, keep-with-next, widow control, the 附件 head, double-sided page
numbers, the font table, list numbering and app properties."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from fulian_desktop.core.compose.document import (
    AttachmentHead,
    CoverEnd,
    Document,
    Paragraph,
    SectionStart,
    Spacer,
    Table,
)
from fulian_desktop.render.docx import docx_bytes

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def a(name: str) -> str:
    return f"{{{W}}}{name}"


def part(data: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def doc(*blocks, **kw) -> bytes:
    return docx_bytes(
        Document("某区妇女联合会2023年部门整体支出绩效自评报告", blocks=list(blocks), **kw)
    )


def style(styles, style_id: str):
    return styles.find(f"w:style[@w:styleId='{style_id}']", NS)


def test_every_style_and_run_tags_latin_en_us_and_chinese_zh_cn():
    data = doc(Paragraph("完成率为99.44%，使用APP办理。"))
    styles = part(data, "word/styles.xml")
    langs = styles.findall(".//w:lang", NS)
    assert len(langs) >= 15  # defaults and every role style
    assert {(x.get(a("val")), x.get(a("eastAsia"))) for x in langs} == {("en-US", "zh-CN")}
    runs = part(data, "word/document.xml").findall(".//w:r", NS)
    assert runs and all(r.find("w:rPr/w:lang", NS).get(a("val")) == "en-US" for r in runs)
    settings = part(data, "word/settings.xml").find("w:themeFontLang", NS)
    assert (settings.get(a("val")), settings.get(a("eastAsia"))) == ("en-US", "zh-CN")


def test_title_is_off_the_grid_with_exact_spacing_for_22_pt():
    styles = part(doc(Paragraph("标题", "title")), "word/styles.xml")
    ppr = style(styles, "FLTitle").find("w:pPr", NS)
    assert ppr.find("w:snapToGrid", NS).get(a("val")) == "0"
    spacing = ppr.find("w:spacing", NS)
    assert spacing.get(a("lineRule")) == "exact"
    assert 22 * 20 * 1.2 <= int(spacing.get(a("line"))) <= 22 * 20 * 1.6  # 26.4–35.2 pt
    body = style(styles, "FLBody").find("w:pPr", NS)
    assert body.find("w:snapToGrid", NS) is None  # the body stays on the grid


def test_the_blank_line_after_a_title_puts_the_body_back_on_the_grid():
    """Two 33 pt title lines are 2.28 grid lines: the blank line after them
    takes the 0.72 left, so the body below keeps the grid of the later pages
    and page 1 holds 22 lines (issue 24, item 11)."""
    head = AttachmentHead("附件2", ["某区妇女联合会2023年", "部门整体支出绩效自评报告"])
    body = part(doc(head, Paragraph("正文。")), "word/document.xml").find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    label_gap, after_title = paragraphs[1], paragraphs[4]
    assert label_gap.find("w:pPr/w:spacing", NS) is None  # not after a title: a plain line
    spacing = after_title.find("w:pPr/w:spacing", NS)
    assert after_title.find("w:pPr/w:pStyle", NS).get(a("val")) == "FLSpacer"
    assert spacing.get(a("lineRule")) == "exact"
    assert 2 * 660 + int(spacing.get(a("line"))) == 4 * 579  # title and blank: 4 grid lines
    assert after_title.find("w:pPr/w:snapToGrid", NS).get(a("val")) == "0"
    # three lines (1980 twips) take four grid lines with theirs: the blank line is 336
    three = AttachmentHead("附件2", ["第一行", "第二行", "第三行"])
    spacer = part(doc(three), "word/document.xml").findall(".//w:body/w:p", NS)[5]
    assert spacer.find("w:pPr/w:spacing", NS).get(a("line")) == str(579 + 336)


def _landscape_doc() -> bytes:
    rows = [["指标", "说明"]] + [[f"指标{i}", "说明文字" * 20] for i in range(8)]
    return doc(
        Paragraph("正文。"),
        SectionStart(landscape=True),
        Table(rows=rows, header_rows=1),
    )


def test_landscape_footer_keeps_the_number_7_mm_below_the_turned_block():
    sectprs = part(_landscape_doc(), "word/document.xml").findall(".//w:sectPr", NS)
    portrait, landscape = (s.find("w:pgMar", NS) for s in sectprs)
    assert sectprs[1].find("w:pgSz", NS).get(a("orient")) == "landscape"
    gap = int(portrait.get(a("bottom"))) - int(portrait.get(a("footer")))
    # the same distance from the block's foot to the footer on both
    assert int(landscape.get(a("bottom"))) - int(landscape.get(a("footer"))) == gap
    assert int(landscape.get(a("footer"))) < int(portrait.get(a("footer")))


def test_landscape_numbers_are_turned_onto_the_sheets_foot():
    """A one-cell table on the page holds each landscape footer's number, its
    text turned (tbRl), spanning what the portrait block's width spans, its
    centre 7 mm below where the portrait block ends (35 mm − 7 mm)."""
    with zipfile.ZipFile(io.BytesIO(_landscape_doc())) as archive:
        footers = [etree.fromstring(archive.read(n)) for n in archive.namelist() if "/footer" in n]
    turned = [f for f in footers if f.find("w:tbl", NS) is not None]
    assert len(turned) == 2 and len(footers) == 4
    for footer in turned:
        table = footer.find("w:tbl", NS)
        place = table.find("w:tblPr/w:tblpPr", NS)
        assert place.get(a("horzAnchor")) == place.get(a("vertAnchor")) == "page"
        width = int(table.find("w:tblGrid/w:gridCol", NS).get(a("w")))
        assert int(place.get(a("tblpX"))) + width // 2 == 1984 - 397  # 35 mm − 7 mm
        assert place.get(a("tblpY")) == "1587"  # the portrait block's left edge
        height = table.find("w:tr/w:trPr/w:trHeight", NS)
        assert height.get(a("val")) == "8845" and height.get(a("hRule")) == "exact"
        cell = table.find("w:tr/w:tc", NS)
        assert cell.find("w:tcPr/w:textDirection", NS).get(a("val")) == "tbRl"
        assert "PAGE" in "".join(cell.itertext())
    sides = sorted(f.find(".//w:tc/w:p/w:pPr/w:jc", NS).get(a("val")) for f in turned)
    assert sides == ["left", "right"]  # even from the sheet's left, odd from its right


def test_landscape_table_rows_may_break_across_pages_but_its_head_may_not():
    """A tall row of the 自评表 moved whole to the next page left a quarter
    page empty; portrait tables keep their rows whole."""
    tables = part(_landscape_doc(), "word/document.xml").findall(".//w:tbl", NS)
    rows = tables[0].findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:cantSplit", NS) is not None
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(r.find("w:trPr/w:cantSplit", NS) is None for r in rows[1:])
    portrait = part(doc(Table(rows=[["a", "b"], ["c", "d"]], header_rows=1)), "word/document.xml")
    assert all(
        r.find("w:trPr/w:cantSplit", NS) is not None for r in portrait.findall(".//w:tr", NS)
    )


def test_widow_control_is_written_out_and_headings_labels_captions_keep_with_next():
    styles = part(doc(Paragraph("x")), "word/styles.xml")
    assert styles.find("w:docDefaults/w:pPrDefault/w:pPr/w:widowControl", NS) is not None
    for style_id in (
        "FLTitle",
        "FLLabel",
        "FLHeading1",
        "FLHeading2",
        "FLHeading3",
        "FLHeading4",
        "FLCaption",
    ):
        ppr = style(styles, style_id).find("w:pPr", NS)
        assert ppr.find("w:keepNext", NS) is not None, style_id
        assert ppr.find("w:widowControl", NS) is not None, style_id
    assert style(styles, "FLBody").find("w:pPr/w:keepNext", NS) is None


def test_heading_like_body_paragraph_keeps_with_next_in_schema_order():
    data = doc(Paragraph("四、困境妇女儿童关爱更加精准", keep_next=True), Paragraph("正文。"))
    paragraphs = part(data, "word/document.xml").findall(".//w:body/w:p", NS)
    ppr = paragraphs[0].find("w:pPr", NS)
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "keepNext"]
    assert paragraphs[1].find("w:pPr/w:keepNext", NS) is None


def test_attachment_head_puts_the_label_on_line_1_and_the_title_on_line_3():
    head = AttachmentHead("附件2", ["某区妇女联合会2023年", "部门整体支出绩效自评报告"])
    blocks = head.blocks()
    assert [(type(b).__name__, getattr(b, "role", "")) for b in blocks] == [
        ("Paragraph", "label"),
        ("Spacer", ""),
        ("Paragraph", "title"),
        ("Paragraph", "title"),
        ("Spacer", ""),
    ]
    assert blocks[0].keep_next
    on_new_page = AttachmentHead("附件3", ["绩效自评表"], new_page=True).blocks()
    assert type(on_new_page[0]).__name__ == "PageBreak"
    data = doc(head, Paragraph("正文。"))
    body = part(data, "word/document.xml").find("w:body", NS)
    styles = [p.find("w:pPr/w:pStyle", NS).get(a("val")) for p in body.findall("w:p", NS)]
    assert styles[:5] == ["FLLabel", "FLSpacer", "FLTitle", "FLTitle", "FLSpacer"]
    assert (
        Document("t", blocks=[head]).text()
        == "附件2\n某区妇女联合会2023年\n部门整体支出绩效自评报告"
    )


def _page_start(data: bytes) -> str:
    sectprs = part(data, "word/document.xml").findall(".//w:sectPr", NS)
    numbered = [s for s in sectprs if s.find("w:pgNumType", NS) is not None]
    assert len(numbered) == 1
    return numbered[0].find("w:pgNumType", NS).get(a("start"))


def test_double_sided_counts_the_cover_as_page_1():
    blocks = [Paragraph("封面", "cover"), CoverEnd(), Paragraph("说明", "title"), Spacer()]
    assert _page_start(doc(*blocks)) == "1"
    assert _page_start(doc(*blocks, style_overrides={"double_sided": True})) == "2"


def test_font_table_lists_the_chinese_fonts_with_stand_ins():
    fonts = part(doc(Paragraph("x")), "word/fontTable.xml")
    entries = {f.get(a("name")): f for f in fonts.findall("w:font", NS)}
    assert "ＭＳ 明朝" not in entries and "Calibri" not in entries
    expected = {
        "仿宋_GB2312": "仿宋",
        "楷体_GB2312": "楷体",
        "方正小标宋简体": "宋体",
        "黑体": "SimHei",
        "宋体": "SimSun",
    }
    for name, alt in expected.items():
        font = entries[name]
        assert font.find("w:altName", NS).get(a("val")) == alt
        assert font.find("w:charset", NS).get(a("val")) == "86"  # GB2312
        assert font.find("w:family", NS) is not None and font.find("w:pitch", NS) is not None
    assert entries["Times New Roman"].find("w:charset", NS).get(a("val")) == "00"


def test_no_leftover_numbering_and_app_properties_name_this_application():
    data = doc(Paragraph("x"))
    numbering = part(data, "word/numbering.xml")
    assert len(numbering) == 0  # python-docx's lists named styles that are gone
    styles = {s.get(a("styleId")) for s in part(data, "word/styles.xml").findall("w:style", NS)}
    assert not {"ListBullet", "ListNumber"} & styles
    app = part(data, "docProps/app.xml")
    ns = {"p": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
    assert "fulian-desktop" in app.find("p:Application", ns).text
    assert app.find("p:Pages", ns) is None and app.find("p:Words", ns) is None  # no made-up counts
