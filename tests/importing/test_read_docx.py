"""The DOCX reader: Word's list numbers, every kind of text a reader sees and
table cells by the grid (issue #23 items 5, 6, 7; the bounds, item 11, are in
test_read_docx_bounds.py). Each test builds its file (testkit/docx_build.py)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from testkit.docx_build import DOC_RT, NS, W, lvl, make_docx, num, numbering, p, texts
from testkit.import_samples import SAMPLES, section_text, template_of, truth, write_exported_docx

from fulian_desktop.errors import UserError
from fulian_desktop.importing.cleanup import clean_blocks
from fulian_desktop.importing.docx_numbering import format_number
from fulian_desktop.importing.importer import import_report
from fulian_desktop.importing.outline import NUMBERING
from fulian_desktop.importing.readers import read_source

# ------------------------------------------------------------ 5. list numbers


def test_chinese_numbers_as_word_draws_them() -> None:
    assert [format_number(n, "chineseCounting") for n in (1, 9, 10, 11, 20, 21, 105)] == [
        "一", "九", "十", "十一", "二十", "二十一", "一百零五",
    ]  # fmt: skip
    assert format_number(1234, "chineseCountingThousand") == "一千二百三十四"
    assert format_number(3, "ideographTraditional") == "丙"
    assert format_number(2, "chineseLegalSimplified") == "贰"
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(4, "upperRoman") == "IV" and format_number(28, "lowerLetter") == "bb"


def _outline_numbering() -> str:
    outline = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>')
        + lvl(1, "chineseCountingThousand", "（%2）")
        + lvl(2, "decimal", "%3.")
        + "</w:abstractNum>"
    )
    decimals = (
        '<w:abstractNum w:abstractNumId="1">' + lvl(0, "decimal", "%1、") + "</w:abstractNum>"
    )
    paren = '<w:abstractNum w:abstractNumId="2">' + lvl(0, "decimal", "（%1）") + "</w:abstractNum>"
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>'
        # instances sharing abstractNum 1 share its count, as Word counts
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )
    return numbering(outline, decimals, paren, nums=nums)


def test_word_numbering_is_prefixed_with_restarts_and_overrides(tmp_path: Path) -> None:
    h1 = '<w:pStyle w:val="Heading1"/>'
    body = (
        p("基本情况", h1 + num(1, 0))
        + p("项目概况", num(1, 1))
        + p("资金投入", num(1, 2))
        + p("资金使用", num(1, 2))
        + p("绩效目标", num(1, 1))
        + p("年度目标", num(1, 2))  # the level below restarts after （二）
        + p("自评情况", h1 + num(1, 0))
        + p("组织领导", num(1, 1))
        + p("第一点", num(2))
        + p("第二点", num(2))
        + p("从四开始", num(3))
        + p("另一实例接着数", num(4))
        + p("重新开始", num(5))  # its startOverride restarts the shared count …
        + p("接着重新开始后数", num(2))  # … which the first instance continues
        + p("没有编号", num(0))  # numId 0: numbering switched off
    )
    path = make_docx(tmp_path, body, numbering_xml=_outline_numbering())
    assert texts(path) == [
        "一、基本情况",
        "（一）项目概况",
        "1. 资金投入",
        "2. 资金使用",
        "（二）绩效目标",
        "1. 年度目标",
        "二、自评情况",
        "（一）组织领导",
        "1、第一点",
        "2、第二点",
        "（4）从四开始",
        "3、另一实例接着数",
        "1、重新开始",
        "2、接着重新开始后数",
        "没有编号",
    ]
    blocks = read_source(path).blocks
    assert blocks[0].level == 1 and blocks[6].level == 1 and blocks[1].level is None


def test_heading_numbered_through_its_style_reaches_the_outline(tmp_path: Path) -> None:
    # Word's numbering button on a heading style: the number is in the style, not the text
    style = (
        '<w:style w:type="paragraph" w:styleId="ReportHeading"><w:name w:val="标题 1"/>'
        f'<w:basedOn w:val="Normal"/><w:pPr>{num(1, 0)}</w:pPr></w:style>'
    )
    body = (
        p("基本情况", '<w:pStyle w:val="ReportHeading"/>')
        + p("正文。")
        + p("绩效目标", '<w:pStyle w:val="ReportHeading"/>')
    )
    path = make_docx(tmp_path, body, numbering_xml=_outline_numbering(), styles_extra=style)
    blocks = read_source(path).blocks
    assert [(b.text, b.level) for b in blocks] == [
        ("一、基本情况", 1),
        ("正文。", None),
        ("二、绩效目标", 1),
    ]
    assert NUMBERING.match(blocks[2].text).group("cn") == "二"
    cleaned = [b.text for b in clean_blocks(read_source(path))]
    assert cleaned[0].startswith("一、") and cleaned[-1].startswith("二、")


def test_list_styles_overridden_levels_legal_numbers_and_bullets(tmp_path: Path) -> None:
    word2010 = (
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><mc:AlternateContent xmlns:mc='
        '"http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14">'
        '<w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback>'
        '<w:numFmt w:val="decimalZero"/></mc:Fallback></mc:AlternateContent>'
        '<w:lvlText w:val="%1"/><w:suff w:val="space"/></w:lvl>'
    )
    abstracts = (
        # a list style: its levels are in the abstractNum its style's num points to
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="ReportList"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="ReportList"/>'
        + lvl(0, "chineseCounting", "%1、")
        + lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>")
        + "</w:abstractNum>"
        + f'<w:abstractNum w:abstractNumId="2">{word2010}</w:abstractNum>'
        + '<w:abstractNum w:abstractNumId="3">'
        + lvl(0, "bullet", "\uf06c")
        + "</w:abstractNum>"
    )
    nums = (
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="0"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
        + lvl(0, "ideographTraditional", "%1．")
        + "</w:lvlOverride></w:num>"
        '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>'
    )
    style = (
        '<w:style w:type="numbering" w:styleId="ReportList"><w:name w:val="Report List"/>'
        f"<w:pPr>{num(1)}</w:pPr></w:style>"
    )
    body = (
        p("用列表样式", num(2, 0))
        + p("法定编号", num(2, 1))
        + p("改过的级别", num(3, 0))
        + p("三位数", num(4))
        + p("要点", num(5))
    )
    path = make_docx(
        tmp_path, body, numbering_xml=numbering(abstracts, nums=nums), styles_extra=style
    )
    assert texts(path) == [
        "一、用列表样式",
        "1.1 法定编号",
        "甲．改过的级别",
        "01 三位数",
        "• 要点",
    ]


def test_verify_reads_with_the_same_walk(tmp_path: Path) -> None:
    from fulian_desktop.render.visible import read_visible

    html = "<html><body><p>嵌入的网页文字</p></body></html>".encode()
    body = (
        f"<w:p><w:r><w:t>框前</w:t></w:r>{_text_box('文本框里的话')}</w:p>"
        + '<w:altChunk r:id="rIdC1"/>'
        + "<w:tbl><w:tr>"
        + f"<w:sdt><w:sdtContent><w:tc>{p('控件里的格')}</w:tc></w:sdtContent></w:sdt>"
        + "</w:tr></w:tbl>"
    )
    path = make_docx(tmp_path, body, parts={"rIdC1": (html, "text/html")})
    assert read_visible(path).body == ["框前", "文本框里的话", "嵌入的网页文字", "控件里的格"]
    assert texts(path) == read_visible(path).body


# ------------------------------------------------------ 6. what a reader sees


def _text_box(text: str) -> str:
    box = f"<w:txbxContent>{p(text)}</w:txbxContent>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor>'
        "<a:graphic><a:graphicData><wps:wsp><wps:txbx>"
        f"{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
        f"{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )


def test_every_kind_of_visible_text_is_read_once_in_order(tmp_path: Path) -> None:
    r = '<w:r><w:t xml:space="preserve">{}</w:t></w:r>'
    body = (
        p("开头")
        + f"<w:p>{r.format('框前')}{_text_box('文本框里的话')}</w:p>"
        + f"<w:sdt><w:sdtPr/><w:sdtContent>{p('块级控件')}</w:sdtContent></w:sdt>"
        + f"<w:p>{r.format('行内')}<w:sdt><w:sdtContent>{r.format('控件')}</w:sdtContent></w:sdt></w:p>"
        + f'<w:p>{r.format("保留")}<w:ins w:id="1">{r.format("插入")}</w:ins>'
        '<w:del w:id="2"><w:r><w:delText>删掉的</w:delText></w:r></w:del></w:p>'
        + f'<w:p><w:smartTag w:element="place">{r.format("智能")}</w:smartTag>'
        f'<w:fldSimple w:instr=" DATE ">{r.format("2023年")}</w:fldSimple>'
        f'<w:customXml w:element="x">{r.format("自定义")}</w:customXml>'
        f'<w:hyperlink r:id="rId99">{r.format("链接")}</w:hyperlink></w:p>'
        + '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/>'
        '</w:r><w:r><w:t>第3页</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        + f'<w:p><w:moveFrom w:id="3">{r.format("移走")}</w:moveFrom>'
        f'<w:moveTo w:id="4">{r.format("移来")}</w:moveTo></w:p>'
        + f'<w:p><w:del w:id="5">{_text_box("删掉的文本框")}</w:del></w:p>'
        + f'<w:customXml w:element="block">{p("块级自定义")}</w:customXml>'
        + p("结尾")
    )
    assert texts(make_docx(tmp_path, body)) == [
        "开头",
        "框前",
        "文本框里的话",  # once: the mc:Fallback copy is not read
        "块级控件",
        "行内控件",
        "保留插入",
        "智能2023年自定义链接",
        "第3页",  # a field as it is shown, not its instruction
        "移来",
        "块级自定义",
        "结尾",
    ]


def test_content_control_prompt_and_hidden_text_are_not_the_authors(tmp_path: Path) -> None:
    body = (
        "<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>"
        f"{p('单击或点击此处输入文字。')}</w:sdtContent></w:sdt>"
        "<w:p><w:r><w:t>看得见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        '<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>深色底上的白字</w:t></w:r></w:p>'
    )
    assert texts(make_docx(tmp_path, body)) == ["看得见深色底上的白字"]


def test_alt_chunk_html_and_text_parts_are_read(tmp_path: Path) -> None:
    html = (
        "<html><head><meta charset='gb18030'><title>不读</title><style>p{}</style></head><body>"
        "<h2>一、网页标题</h2><p>第一段<b>加粗</b>文字。</p><div>第二段<br>换行</div>"
        "<ol><li>甲</li><li>乙</li></ol>"
        "<table><tr><td>合计</td><td>672.37</td><td>672.37</td></tr></table></body></html>"
    ).encode("gb18030")
    body = p("前") + '<w:altChunk r:id="rIdC1"/>' + '<w:altChunk r:id="rIdC2"/>' + p("后")
    parts = {
        "rIdC1": (html, "text/html"),
        "rIdC2": ("纯文本一行\n\n纯文本二行".encode(), "text/plain"),
    }
    blocks = read_source(make_docx(tmp_path, body, parts=parts)).blocks
    assert [(b.text, b.level, b.table) for b in blocks] == [
        ("前", None, False),
        ("一、网页标题", 2, False),
        ("第一段加粗文字。", None, False),
        ("第二段\n换行", None, False),
        ("1. 甲", None, False),
        ("2. 乙", None, False),
        ("合计\t672.37\t672.37", None, True),
        ("纯文本一行", None, False),
        ("纯文本二行", None, False),
        ("后", None, False),
    ]


def test_alt_chunk_that_cannot_be_read_is_refused_not_dropped(tmp_path: Path) -> None:
    body = p("前") + '<w:altChunk r:id="rIdC1"/>'
    parts = {"rIdC1": (rb"{\rtf1 \b RTF\b0 text}", "application/rtf")}
    with pytest.raises(UserError, match="嵌入了无法读取的内容"):
        read_source(make_docx(tmp_path, body, parts=parts))


@pytest.mark.parametrize(
    ("suffix", "content_type"),
    [
        (".docm", "application/vnd.ms-word.document.macroEnabled.main+xml"),
        (
            ".dotx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
        ),
        (".dotm", "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"),
    ],
)
def test_macro_and_template_packages_are_read(
    tmp_path: Path, suffix: str, content_type: str
) -> None:
    path = make_docx(tmp_path, p("模板里的正文"), main_type=content_type, name=f"报告{suffix}")
    assert texts(path) == ["模板里的正文"]


# --------------------------------------------------------- 7. table cells


def _cell(text: str, tcpr: str = "") -> str:
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{p(text) if text else '<w:p/>'}</w:tc>"


def test_table_cells_by_the_grid_keep_equal_neighbours(tmp_path: Path) -> None:
    nested = f"<w:tbl>{'<w:tr>' + _cell('内表甲') + _cell('内表乙') + '</w:tr>'}</w:tbl>"
    rows = [
        _cell("项目") + _cell("预算", '<w:gridSpan w:val="2"/>') + _cell("占比"),
        _cell("合计") + _cell("672.37") + _cell("672.37") + _cell("100%"),
        _cell("人员", '<w:vMerge w:val="restart"/>') + _cell("1") + _cell("1") + _cell("1"),
        _cell("", "<w:vMerge/>") + _cell("2") + _cell("2") + _cell("2"),
        f"<w:sdt><w:sdtContent>{_cell('控件里的格')}</w:sdtContent></w:sdt>"
        + f"<w:tc>{p('外格')}{nested}</w:tc>",
    ]
    body = "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>"
    blocks = read_source(make_docx(tmp_path, body)).blocks
    assert all(b.table for b in blocks)
    assert [b.text.split("\t") for b in blocks] == [
        ["项目", "预算", "占比"],  # the cell spanning two columns, once
        ["合计", "672.37", "672.37", "100%"],  # an equal neighbour is kept
        ["人员", "1", "1", "1"],
        ["", "2", "2", "2"],  # the merged cell's text stays in its first row
        ["控件里的格", "外格"],
        ["内表甲", "内表乙"],  # the nested table's row follows the row holding it
    ]


# ----------------------------------------------- 5. end to end, a real sample

_TOP = re.compile(r"^([一二三四五六七八九十]+)、")
_SUB = re.compile(r"^（([一二三四五六七八九十]+)）")


def _word_numbered(path: Path) -> tuple[Path, int]:
    """The exported sample with its "一、" and "（一）" typed numbers replaced by
    Word's automatic numbering and the headings' styles taken away: a clerk's
    file with bold body paragraphs numbered with the button."""
    from lxml import etree

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    root = etree.fromstring(parts["word/document.xml"])
    w = f"{{{W}}}"
    counters = [0, 0]
    converted = 0
    for para in root.iter(f"{w}p"):
        runs = list(para.iter(f"{w}t"))
        text = "".join(t.text or "" for t in runs)
        for ilvl, pattern in enumerate((_TOP, _SUB)):
            found = pattern.match(text)
            if found is None:
                continue
            counters[ilvl] += 1
            if ilvl == 0:
                counters[1] = 0
            if format_number(counters[ilvl], "chineseCounting") != found.group(1):
                break  # numbered by hand in a way Word would not: leave it typed
            runs[0].text = text[found.end() :]
            for t in runs[1:]:
                t.text = ""
            ppr = para.find(f"{w}pPr")
            if ppr is None:
                ppr = etree.SubElement(para, f"{w}pPr")
                para.insert(0, ppr)
            for style in ppr.findall(f"{w}pStyle") + ppr.findall(f"{w}outlineLvl"):
                ppr.remove(style)  # only the number says it is a heading
            ppr.insert(0, etree.fromstring(f"<w:numPr {NS}>{num(7, ilvl)[9:-10]}</w:numPr>"))
            converted += 1
    parts["word/document.xml"] = etree.tostring(root)
    levels = lvl(0, "chineseCounting", "%1、", extra='<w:suff w:val="nothing"/>') + lvl(
        1, "chineseCounting", "（%2）", extra='<w:suff w:val="nothing"/>'
    )
    parts["word/numbering.xml"] = numbering(
        f'<w:abstractNum w:abstractNumId="7">{levels}</w:abstractNum>',
        nums='<w:num w:numId="7"><w:abstractNumId w:val="7"/></w:num>',
    ).encode()
    rels = parts["word/_rels/document.xml.rels"]
    if b"relationships/numbering" not in rels:
        rel = f'<Relationship Id="rIdN7" Type="{DOC_RT}/numbering" Target="numbering.xml"/>'
        parts["word/_rels/document.xml.rels"] = rels.replace(
            b"</Relationships>", rel.encode() + b"</Relationships>"
        )
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"
        override = f'<Override PartName="/word/numbering.xml" ContentType="{kind}"/>'
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", override.encode() + b"</Types>"
        )
    out = path.with_name("按钮编号.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return out, converted


@pytest.mark.parametrize("name", SAMPLES)
def test_sample_numbered_with_words_button_imports_like_typed_numbers(
    name: str, tmp_path: Path
) -> None:
    typed = write_exported_docx(name, tmp_path)
    path, converted = _word_numbered(typed)
    assert converted >= 3
    # Word draws the numbers the author typed, counters and restarts included
    assert texts(path) == texts(typed)
    template = template_of(truth(name))
    want, got = import_report(typed, template).draft, import_report(path, template).draft
    # every section's text as with typed numbers: "（一）" items inside a section too
    assert {section.id: section_text(template, got, section) for section, _ in template.walk()} == {
        section.id: section_text(template, want, section) for section, _ in template.walk()
    }
    assert got.unplaced == want.unplaced == []


def test_level_linked_to_a_style_ruby_equations_and_symbols(tmp_path: Path) -> None:
    # Word's multilevel list linked to heading styles: 标题 2 names no level in its numPr
    abstract = (
        '<w:abstractNum w:abstractNumId="0">'
        + lvl(
            0,
            "chineseCounting",
            "%1、",
            extra='<w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/>',
        )
        + lvl(
            1,
            "chineseCounting",
            "（%2）",
            extra='<w:pStyle w:val="Heading2"/><w:suff w:val="nothing"/>',
        )
        + "</w:abstractNum>"
    )
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{name}"/>'
        f'<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        for sid, name in (("Heading1", "heading 1"), ("Heading2", "heading 2"))
    )
    math = "http://schemas.openxmlformats.org/officeDocument/2006/math"
    body = (
        p("总体情况", '<w:pStyle w:val="Heading1"/>')
        + p("项目情况", '<w:pStyle w:val="Heading2"/>')
        + "<w:p><w:r><w:ruby><w:rt><w:r><w:t>fù</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>妇</w:t>"
        "</w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>联</w:t></w:r></w:p>"
        + f'<w:p><w:r><w:t>增长率</w:t></w:r><m:oMath xmlns:m="{math}"><m:r><m:t>x=5%</m:t>'
        "</m:r></m:oMath></w:p>"
        + '<w:p><w:r><w:sym w:font="Wingdings" w:char="F0FE"/><w:t>已完成</w:t></w:r></w:p>'
    )
    numbers = numbering(abstract, nums='<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')
    path = make_docx(tmp_path, body, numbering_xml=numbers, styles_extra=styles)
    assert texts(path) == ["一、总体情况", "（一）项目情况", "妇联", "增长率x=5%", "☑已完成"]


def test_footnotes_follow_their_paragraph_and_endnotes_come_last(tmp_path: Path) -> None:
    def notes(tag: str, texts: dict[str, str]) -> bytes:
        separator = (
            f'<w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>'
        )
        normal = "".join(f'<w:{tag} w:id="{i}">{p(t)}</w:{tag}>' for i, t in texts.items())
        return f'<w:{tag}s xmlns:w="{W}">{separator}{normal}</w:{tag}s>'.encode()

    def ref(tag: str, i: str) -> str:
        return f'<w:r><w:{tag}Reference w:id="{i}"/></w:r>'

    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    parts = {
        "rIdF": (notes("footnote", {"1": "数据来源于财务科。", "2": "截至年底。", "3": "删掉的注"}),
                 f"{ct}.footnotes+xml", "footnotes"),
        "rIdE": (notes("endnote", {"1": "本报告由办公室编写。"}), f"{ct}.endnotes+xml", "endnotes"),
    }  # fmt: skip
    body = (
        f"<w:p><w:r><w:t>资金672.37万元。</w:t></w:r>{ref('footnote', '1')}"
        f'<w:del w:id="9">{ref("footnote", "3")}</w:del>{ref("endnote", "1")}</w:p>'
        + p("下一段。")
        + f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>人数</w:t></w:r>{ref('footnote', '2')}</w:p></w:tc>"
        + "<w:tc>"
        + p("12")
        + "</w:tc></w:tr></w:tbl>"
        + p("最后一段。")
    )
    assert texts(make_docx(tmp_path, body, parts=parts)) == [
        "资金672.37万元。",
        "[1] 数据来源于财务科。",
        "下一段。",
        "人数\t12",
        "[2] 截至年底。",
        "最后一段。",
        "[1] 本报告由办公室编写。",
    ]
