"""The live preview: Document → HTML, redisplay after typing, following the page."""

from __future__ import annotations

from testkit.window import editor, type_into

from fulian_desktop.core.compose.document import Document, PageBreak, Paragraph, Table
from fulian_desktop.ui.html import document_html
from fulian_desktop.ui.preview import Preview


def sample_document() -> Document:
    return Document(
        title="测试报告",
        blocks=[
            Paragraph("测试区妇联2023年报告", "title", anchor="@title"),
            Paragraph("基本情况", "h1", number="一、", anchor="basic"),
            Paragraph("本单位<认真>履行职责。\n第二行", "body", anchor="basic"),
            Table([["项目", "金额"], ["基本支出", "82.67"]], caption="单位：万元", anchor="money"),
            PageBreak(anchor="money"),
            Paragraph("草稿", "marker"),
        ],
    )


def test_html_formats_roles_and_anchors():
    html = document_html(sample_document())
    assert '<a name="@title"></a>' in html and '<a name="basic"></a>' in html
    assert html.count('<a name="basic">') == 1  # one anchor per section
    assert 'align="center"' in html and "font-weight: bold" in html  # the title
    assert "<b>一、</b>基本情况" in html  # heading with its number
    assert "text-indent: 2em" in html  # body paragraphs indent their first line
    assert "&lt;认真&gt;" in html and "第二行" in html  # escaped, line kept
    assert 'border="1"' in html and "<th" in html and "单位：万元" in html
    assert "草稿" not in html  # the marker is for the printed header only


def test_preview_follows_anchor(qtbot):
    preview = Preview()
    qtbot.addWidget(preview)
    preview.resize(300, 200)
    many = [Paragraph(f"第{i}段正文。", "body", anchor="early") for i in range(80)]
    document = Document(title="t", blocks=[*many, Paragraph("目标", "h1", anchor="late")])
    preview.show()
    preview.show_document(document)
    assert preview.verticalScrollBar().value() == 0
    preview.follow("late")
    assert preview.verticalScrollBar().value() > 0
    assert "目标" in preview.text()


def test_preview_shows_typed_text_after_a_pause(qtbot, window):
    window.refresh_interval = 300  # long enough that typing cannot outrun it here
    type_into(editor(window, "part_a"), "预览里能看到的文字")
    assert "预览里能看到的文字" not in window.preview.text()  # debounced, not per keystroke
    qtbot.waitUntil(lambda: "预览里能看到的文字" in window.preview.text())
    assert "测试区妇女联合会2023年界面测试报告" in window.preview.text()


def test_page_change_scrolls_preview(qtbot, window):
    window.show_page("tasks_part")
    assert window.preview.anchor == "tasks_part"
    window.show_page("figures")
    assert window.preview.anchor == "figures"
