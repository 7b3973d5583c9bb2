"""The render check's judgement, on line data shaped like LibreOffice's PDF
(no LibreOffice needed: `make render-check` does the real render). One test
per fault class proves each detection; a clean page proves it stays quiet."""

from __future__ import annotations

from fulian_desktop.render.layout_check import (
    Block,
    Layout,
    Line,
    Page,
    check_pages,
    missing_text,
    parse_bbox,
    split_between,
)
from fulian_desktop.render.styles import load_profile

LAYOUT = Layout.from_profile(load_profile())
PITCH = LAYOUT.pitch  # 28.95 pt
CHAR = LAYOUT.char  # 15.79 pt
BODY_H = 16 * 1.3  # LibreOffice's box for a 16 pt line
TITLE_H = 22 * 1.3
FILLER = "为进一步加强预算绩效管理提高财政资金使用效益根据有关规定现将本单位情况报告如下各项"


def body_line(row: int, text: str, indent: int = 0, *, size_h: float = BODY_H) -> Line:
    """A line on grid row ``row`` (1-based), ``indent`` characters in; full
    lines reach the right edge of the text block."""
    y0 = LAYOUT.top + (row - 1) * PITCH + 6.7
    x0 = LAYOUT.left + indent * CHAR
    width = sum(CHAR if ord(ch) >= 0x2E80 else CHAR * 0.5 for ch in text)
    return Line(x0, y0, min(x0 + width, LAYOUT.right - 0.2), y0 + size_h, text)


def full_page(number: int, rows: int = 22, chars: int = 28) -> Page:
    """A page of justified body text: paragraphs of three lines."""
    lines = []
    for row in range(1, rows + 1):
        indent = 2 if row % 3 == 1 else 0
        lines.append(body_line(row, FILLER[: chars - indent], indent))
    page = Page(number, 595.3, 841.9, lines)
    page.lines.append(page_number(number))
    return page


def page_number(n: int, *, right: bool | None = None, gap_mm: float = 7.0) -> Line:
    right = (n % 2 == 1) if right is None else right
    height = 14 * 1.3
    y0 = LAYOUT.bottom + gap_mm * 72 / 25.4 - 0.48 * height
    x0 = LAYOUT.right - CHAR - 45 if right else LAYOUT.left + CHAR
    return Line(x0, y0, x0 + 45, y0 + height, f"— {n} —")


def kinds(pages: list[Page], keep: list[str] = ()) -> list[str]:
    return [f.kind for f in check_pages(pages, LAYOUT, keep)]


def test_clean_pages_have_no_fault_and_are_judged():
    stats: dict[str, int] = {}
    assert check_pages([full_page(1), full_page(2)], LAYOUT, [], stats) == []
    assert stats["full_pages"] == 2 and stats["full_lines"] > 20


def test_a_full_page_of_21_lines_is_a_fault():
    # a 21-line grid that still reaches the foot of the block
    lines = [
        Line(
            LAYOUT.left,
            LAYOUT.top + r * 30.3 + 6.7,
            LAYOUT.right - 1,
            LAYOUT.top + r * 30.3 + 27.5,
            FILLER[:28],
        )
        for r in range(21)
    ]
    faults = check_pages([Page(1, 595.3, 841.9, lines)], LAYOUT)
    assert [(f.kind, f.page) for f in faults] == [("lines", 1)]
    assert "21 行" in str(faults[0]) and str(faults[0]).startswith("第 1 页")


def test_a_page_ended_early_by_a_keep_rule_is_not_full():
    assert kinds([full_page(1, rows=21), full_page(2)]) == []


def test_a_full_line_of_27_characters_is_a_fault():
    page = full_page(1)
    narrow = body_line(5, FILLER[:27])
    narrow.x1 = LAYOUT.right - 0.1  # stretched to the edge: 27 characters on a 28 grid
    page.lines[4] = narrow
    faults = check_pages([page], LAYOUT)
    assert [(f.kind, f.page, f.line) for f in faults] == [("chars", 1, 5)]


def test_a_line_of_27_before_a_pushed_closing_mark_is_right():
    """推出: the 28th character went down with the mark after it, so the next
    line reads "字，…"; one short for any other reason stays a fault."""
    page = full_page(1)
    pushed = body_line(5, FILLER[:27])
    pushed.x1 = LAYOUT.right - 0.1
    page.lines[4] = pushed
    page.lines[5] = body_line(6, "项，" + FILLER[:25])
    stats: dict[str, int] = {}
    assert check_pages([page], LAYOUT, [], stats) == []
    assert stats["pushed_lines"] == 1
    page.lines[5] = body_line(6, "项目" + FILLER[:26])  # no mark: nothing was pushed
    assert kinds([page]) == ["chars"]
    short = body_line(5, FILLER[:26])
    short.x1 = LAYOUT.right - 0.1
    page.lines[4] = short
    page.lines[5] = body_line(6, "项，" + FILLER[:25])  # two short is never a push
    assert kinds([page]) == ["chars"]


def _title_page(title_pitch: float, rows: int) -> Page:
    """附件2 on grid line 1, a blank line, two title lines of ``title_pitch``,
    a blank line, then body lines as far down as they go."""
    lines = [body_line(1, "附件2")]
    y = LAYOUT.top + 2 * PITCH
    for text in ("某区妇女联合会2023年", "部门整体支出绩效自评报告"):
        lines.append(Line(150, y + 2.2, 440, y + 2.2 + TITLE_H, text))
        y += title_pitch
    y += PITCH  # the blank line after the title
    for row in range(rows):
        y0 = y + row * PITCH + 6.7
        indent = 2 if row % 3 == 0 else 0
        x0 = LAYOUT.left + indent * CHAR
        lines.append(Line(x0, y0, LAYOUT.right - 0.2, y0 + BODY_H, FILLER[: 28 - indent]))
    return Page(1, 595.3, 841.9, lines)


def test_page_1_under_a_title_holds_22_lines_on_the_grid():
    # two 33 pt title lines and a 28.95 pt blank line: the body is 0.28 of a
    # line off the grid and only 17 body lines fit (21 in all)
    faults = check_pages([_title_page(33.0, 17), full_page(2)], LAYOUT)
    assert [(f.kind, f.page) for f in faults] == [("lines", 1)]
    assert "偏离版心网格" in faults[0].message and "21 行" in faults[0].message
    # padded so the title and its blank line take whole grid lines: 22 in all
    padded = _title_page(33.0, 17)
    for line in padded.lines[3:]:
        line.y0 += 0.72 * PITCH
        line.y1 += 0.72 * PITCH
    padded.lines.append(body_line(22, FILLER[:28]))
    stats: dict[str, int] = {}
    assert check_pages([padded, full_page(2)], LAYOUT, [], stats) == []
    assert stats["full_pages"] == 2  # page 1 was judged, not skipped
    # on the grid but a line short of the foot on purpose (a page break): not full
    assert kinds([_title_page(PITCH, 16), full_page(2)]) == []


def test_a_line_left_short_by_an_unbreakable_number_is_not_counted():
    page = full_page(1)
    short = body_line(5, FILLER[:26])
    short.x1 = LAYOUT.right - 0.1
    page.lines[4] = short
    page.lines[5] = body_line(6, "86.5%，" + FILLER[:20])
    assert "chars" not in kinds([page])


def test_a_number_split_across_lines_is_a_fault():
    page = full_page(1)
    page.lines[3] = body_line(4, FILLER[:23] + "99.")
    page.lines[4] = body_line(5, "44%" + FILLER[:25])
    faults = check_pages([page], LAYOUT)
    assert [(f.kind, f.line) for f in faults] == [("split", 4)]
    assert "99./44%" in faults[0].message


def test_a_number_split_across_pages_is_a_fault():
    first, second = full_page(1), full_page(2)
    first.lines[21] = body_line(22, FILLER[:24] + "20")
    second.lines[0] = body_line(1, "23年" + FILLER[:24])
    faults = check_pages([first, second], LAYOUT)
    assert [(f.kind, f.page) for f in faults] == [("split", 1)]


def test_split_between_recognises_the_reported_cases():
    cases = [("完成率为99.", "44%"), ("执行数为7", "98.38万元"), ("编制1", "4名"), ("20", "23年")]
    assert [split_between(a, b) for a, b in cases] == ["99./44%", "7/98.38", "1/4", "20/23"]
    assert split_between("完成率为99.44%。", "下一段") is None
    assert split_between("使用APP", "Store") == "APP/Store"


def test_a_new_paragraph_starting_with_a_number_is_no_split():
    page = full_page(1)
    page.lines[3] = body_line(4, FILLER[:10] + "2023", 0)
    page.lines[3].x1 = LAYOUT.left + 12 * CHAR  # a short last line
    page.lines[4] = body_line(5, "2024年" + FILLER[:20], 2)  # indented: a new paragraph
    assert "split" not in kinds([page])


def test_table_cells_stacked_are_not_a_split_but_a_fragment_is():
    cell = 14 * 1.3
    top = LAYOUT.top + 100
    cells = [
        Line(300, top + i * 20.8, 340, top + i * 20.8 + cell, t)
        for i, t in enumerate(["612.35", "204.80"])
    ]
    assert kinds([Page(1, 595.3, 841.9, cells)]) == []
    broken = [
        Line(300, top + i * 20.8, 340, top + i * 20.8 + cell, t)
        for i, t in enumerate(["99.", "44%"])
    ]
    assert kinds([Page(1, 595.3, 841.9, broken)]) == ["split"]


def test_a_heading_at_the_page_foot_is_a_fault():
    first, second = full_page(1), full_page(2)
    first.lines[21] = body_line(22, "四、困境妇女儿童关爱更加精准", 2)
    faults = check_pages([first, second], LAYOUT, ["四、困境妇女儿童关爱更加精准"])
    assert [(f.kind, f.page, f.line) for f in faults] == [("stranded", 1, 22)]
    # a heading-like line typed in the text is found without the model's help
    assert kinds([first, second]) == ["stranded"]
    # a label from the model ("任务（一）：…" printed by a group)
    first.lines[21] = body_line(22, "任务（一）：深化思想引领，组织开展系列宣讲活动", 2)
    assert kinds([first, second], ["任务（一）：深化思想引领，组织开展系列宣讲活动"]) == [
        "stranded"
    ]


def test_a_heading_on_the_last_page_ends_nothing():
    page = full_page(1)
    page.lines[21] = body_line(22, "四、困境妇女儿童关爱更加精准", 2)
    assert kinds([page], ["四、困境妇女儿童关爱更加精准"]) == []


def test_a_title_broken_inside_a_word_is_a_fault():
    title = [
        Line(89.5, 151.9, 511.7, 151.9 + TITLE_H, "广州市青禾区妇女联合会2023年部门整体支"),
        Line(224.2, 195.0, 376.7, 195.0 + TITLE_H, "出绩效自评报告"),
    ]
    faults = check_pages([Page(1, 595.3, 841.9, title)], LAYOUT)
    assert [f.kind for f in faults] == ["title"] and "体支/出绩" in faults[0].message
    title[0].text, title[1].text = "广州市青禾区妇女联合会2023年", "部门整体支出绩效自评报告"
    assert check_pages([Page(1, 595.3, 841.9, title)], LAYOUT) == []


def test_page_numbers_on_the_wrong_side_are_a_fault():
    page = full_page(1)
    page.lines[-1] = page_number(1, right=False)
    faults = check_pages([page], LAYOUT)
    assert [(f.kind, f.page) for f in faults] == [("page_number", 1)]
    assert "右侧" in faults[0].message


def test_page_number_distance_from_the_block():
    page = full_page(1)
    page.lines[-1] = page_number(1, gap_mm=8.1)  # what python-docx's old footer gave
    faults = check_pages([page], LAYOUT)
    assert [f.kind for f in faults] == ["page_number"] and "8.1 毫米" in faults[0].message


def test_landscape_page_numbers_sit_on_the_sheets_foot():
    """GB/T 9704 横排表格: the number where the portrait pages have it. On the
    landscape page that is its left edge, the text turned (a tall box), odd
    numbers one character from the page's bottom, even from its top, the
    一字线 7 mm outside the block."""
    turned = Page(11, 841.9, 595.3, [])
    block = LAYOUT.turned(turned)
    width = 14 * 1.3

    def number(n: int, gap_mm: float = 7.0) -> Line:
        x1 = block.left - gap_mm * 72 / 25.4 + 0.48 * width
        if n % 2:
            y1 = LAYOUT.right - CHAR
            return Line(x1 - width, y1 - 54, x1, y1, f"— {n} —")
        y0 = LAYOUT.left + CHAR
        return Line(x1 - width, y0, x1, y0 + 54, f"— {n} —")

    stats: dict[str, int] = {}
    turned.lines = [number(11)]
    assert check_pages([turned], LAYOUT, [], stats) == []
    assert stats["landscape_numbers"] == 1
    even = Page(10, 841.9, 595.3, [number(10)])
    assert check_pages([even], LAYOUT) == []
    turned.lines = [number(11, gap_mm=0.0)]
    faults = check_pages([turned], LAYOUT)
    assert [f.kind for f in faults] == ["page_number"] and "0.0 毫米" in faults[0].message
    wrong = number(10)
    wrong.text = "— 11 —"  # an odd number at the even corner (the sheet's left)
    turned.lines = [wrong]
    faults = check_pages([turned], LAYOUT)
    assert [f.kind for f in faults] == ["page_number"] and "右侧" in faults[0].message
    # the portrait footer kept: across the landscape page's foot (sideways on the sheet)
    y0 = block.bottom + 7 * 72 / 25.4 - 0.48 * width
    turned.lines = [Line(block.right - CHAR - 45, y0, block.right - CHAR, y0 + width, "— 11 —")]
    faults = check_pages([turned], LAYOUT)
    assert [f.kind for f in faults] == ["page_number"] and "纸张下边" in faults[0].message


def _printed(*rows: str, page: int = 1) -> Page:
    return Page(page, 595.3, 841.9, [body_line(i + 1, t) for i, t in enumerate(rows)])


def test_every_character_of_the_document_is_on_the_pages_in_order():
    blocks = [
        Block("一、基本情况"),
        Block("区家庭教育研究会、区巾帼志愿者协会等组织，全年服务家长三千人次。"),
        Block("项目\t金额\n合计\t12.5", table=True),
        Block("二、综合评价"),
    ]
    printed = [
        _printed(
            "一、基本情况", "区家庭教育研究会、区巾帼志愿者协", "会等组织，全年服务家长三千人次。"
        ),
        # a table's cells read across the row, not cell by cell
        _printed("项目 金额", "合计 12.5", "二、综合评价", page=2),
    ]
    assert missing_text(printed, LAYOUT, blocks) == []
    # the 、 after an exactly full line is not drawn (LibreOffice's hanging)
    printed[0].lines[1] = body_line(2, "区家庭教育研究会区巾帼志愿者协")
    faults = missing_text(printed, LAYOUT, blocks)
    assert [(f.kind, f.page) for f in faults] == [("text", 1)]
    assert "研究会[、]区巾帼" in faults[0].message and "1 个字" in faults[0].message
    printed[1].lines[1] = body_line(2, "合计 12")
    faults = missing_text(printed, LAYOUT, blocks)
    assert [f.page for f in faults] == [1, 2] and "表格中有 2 个字" in faults[1].message


def test_a_lost_mark_in_a_repeated_paragraph_does_not_spoil_the_rest():
    """The stress draft repeats paragraphs: the one that lost a mark is aligned
    where it stands, and the copies after it are still found."""
    text = "紧扣区委“产城融合、宜居宜业”的发展定位，围绕引领、服务、联系三项职能。"
    other = "二是提高绩效目标编制质量，参照同类项目细化量化指标。"
    blocks = [Block(t) for t in (text, other, text, other)]
    lost = text.replace("、宜居", "宜居", 1)
    printed = [_printed(lost, other, text, other)]
    faults = missing_text(printed, LAYOUT, blocks)
    assert len(faults) == 1 and "融合[、]宜居" in faults[0].message
    assert missing_text([_printed(text, other, text)], LAYOUT, blocks)[0].message.startswith(
        f"有 {len(other)} 个字"
    )


def test_the_draft_marker_and_page_numbers_are_not_document_text():
    page = _printed("正文一段。")
    page.lines.append(Line(387, 45, 521, 61, "草稿—未定稿，不得报送"))
    page.lines.append(page_number(1))
    assert missing_text([page], LAYOUT, [Block("正文一段。")]) == []


def test_double_sided_numbers_must_match_the_sheet_side():
    duplex = Layout.from_profile(load_profile(overrides={"double_sided": True}))
    cover = Page(1, 595.3, 841.9, [])
    back = Page(2, 595.3, 841.9, [page_number(1)])  # 说明 numbered 1 on the cover's back
    faults = check_pages([cover, back], duplex)
    assert [f.kind for f in faults] == ["page_number"] and "第 2 面印着页码 1" in faults[0].message
    back.lines = [page_number(2)]
    assert check_pages([cover, back], duplex) == []


BBOX = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>t</title></head><body><doc>
<page width="595.3" height="841.9"><flow><block xMin="79.5" yMin="111.6" xMax="122.4" yMax="132.4">
<line xMin="79.5" yMin="111.6" xMax="122.4" yMax="132.4">
<word xMin="79.5" yMin="111.6" xMax="111.2" yMax="132.4">附件</word>
<word xMin="111.4" yMin="111.6" xMax="122.4" yMax="132.4">2</word></line>
<line xMin="79.5" yMin="140.6" xMax="200" yMax="161.4">
<word xMin="79.5" yMin="140.6" xMax="120" yMax="161.4">Hello</word>
<word xMin="130" yMin="140.6" xMax="200" yMax="161.4">World</word></line>
</block></flow></page>
<page width="595.3" height="841.9"></page>
</doc></body></html>"""


def test_parse_bbox_reads_pages_lines_and_joins_words():
    pages = parse_bbox(BBOX)
    assert [p.number for p in pages] == [1, 2] and pages[1].lines == []
    first, second = pages[0].lines
    assert first.text == "附件2"  # touching words: no space
    assert second.text == "Hello World"  # a real gap: one space
    assert (first.x0, first.y0, first.x1, first.y1) == (79.5, 111.6, 122.4, 132.4)


def test_a_landscape_page_is_judged_in_its_turned_text_block():
    turned = Page(6, 841.9, 595.3, [])
    block = LAYOUT.turned(turned)
    # its top on the sheet's left (binding) edge, its left edge the sheet's foot
    assert round(block.top) == round(LAYOUT.left) and round(block.left) == round(
        841.9 - LAYOUT.bottom
    )
    assert round(block.right) == round(841.9 - LAYOUT.top)
    title = [
        Line(
            150,
            block.top + 40,
            700,
            block.top + 40 + TITLE_H,
            "某区妇女联合会2023年度部门整体支出绩效自",
        ),
        Line(380, block.top + 75, 440, block.top + 75 + TITLE_H, "评表"),
    ]
    turned.lines = title
    faults = check_pages([turned], LAYOUT)
    assert [f.kind for f in faults] == ["title"]  # no grid or line count on a turned page


def test_blank_lines_before_the_closing_count_as_lines_of_a_full_page():
    # the last body page: 17 text lines, a blank, 附件说明, a blank, 署名 and
    # 成文日期 on the last line: 20 rows of text fill the 22 grid lines
    page = full_page(1, rows=17)
    page.lines.insert(17, body_line(19, "附件：某区妇联2023年度部门整体支出绩效自评表", 2))
    page.lines.insert(18, body_line(21, "某区妇女联合会", 16))
    page.lines.insert(19, body_line(22, "2024年3月1日", 17))
    stats: dict[str, int] = {}
    assert check_pages([page], LAYOUT, [], stats) == []
    assert stats["full_pages"] == 1  # judged, not skipped
