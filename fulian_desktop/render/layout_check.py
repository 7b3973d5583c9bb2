"""What a reviewer would see wrong on a rendered page, found from the lines'
positions.

``tools/render_check.py`` renders the exported DOCX to PDF with LibreOffice and
reads every text line with its box from ``pdftotext -bbox-layout`` (poppler:
the same package gives pdftoppm for the page pictures, so no extra library;
its XHTML has one element per line with exact coordinates). This module only
reads that XHTML and judges the lines, so its rules are unit-tested on line
data without LibreOffice.

Faults, each named with page and line:

- ``lines``: a full page (text reaching the foot of the text block, body text
  only, or a title above body text as on page 1) holds other than
  ``lines_per_page`` lines, or its body is off the grid of the other pages;
- ``chars``: a full line of Chinese text holds other than ``chars_per_line``
  characters (an indent counts in characters); one short is right when the
  last character went down with a closing mark (推出: the next line's second
  character is the mark);
- ``text``: a character of the document is not on the pages (compared in
  order, white space ignored; see ``missing_text``);
- ``split``: a number or Latin word is broken across two lines ("99./44%");
- ``stranded``: a heading, label or caption is the last line of a page;
- ``title``: a title line breaks inside a word or number;
- ``page_number``: a page number on the wrong side (odd right, even left; in
  a double-sided document also odd numbers on odd sheets' fronts), or not
  about 7 mm below the text block; on a landscape page (GB/T 9704 横排表格)
  not on the page's own foot but on the sheet's: along its left edge, turned,
  one character in from the sheet's corner, 7 mm from the block.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace

from fulian_desktop.core.compose.linebreaks import bad_title_break, heading_like

PT_PER_MM = 72 / 25.4


@dataclass
class Line:
    """One text line as the PDF shows it (points, y downwards from the top)."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass
class Page:
    number: int  # physical page, from 1
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)


@dataclass
class Layout:
    """The text block and grid the document was set on (points)."""

    left: float
    top: float
    right: float
    bottom: float
    lines_per_page: int = 22
    chars_per_line: int = 28
    body_size: float = 16.0
    title_size: float = 22.0
    page_number_gap_mm: float = 7.0
    double_sided: bool = False
    line_pitch: float | None = None  # set on a turned page: the portrait grid's pitch
    sheet: Layout | None = None  # set on a turned page: the portrait layout it lies on

    @property
    def pitch(self) -> float:
        if self.line_pitch is not None:
            return self.line_pitch
        return (self.bottom - self.top) / self.lines_per_page

    @property
    def char(self) -> float:
        return (self.right - self.left) / self.chars_per_line

    def turned(self, page: Page) -> Layout:
        """The text block of a landscape page (an attachment table) as it lies
        on the portrait sheet (render/docx.py ``_turned``): its top on the
        sheet's left edge, its left edge the sheet's foot; no line grid is
        checked there."""
        left_margin = self.left  # the sheet's binding margin: the page's top
        right_margin = page.height - self.right  # portrait width = landscape height
        top_margin = self.top
        bottom_margin = page.width - self.bottom  # portrait height = landscape width
        return replace(
            self,
            left=bottom_margin,
            top=left_margin,
            right=page.width - top_margin,
            bottom=page.height - right_margin,
            line_pitch=self.pitch,
            sheet=self,
        )

    @classmethod
    def from_profile(cls, profile) -> Layout:  # profile: render.styles.StyleProfile
        m = profile.margins_mm
        return cls(
            left=m.left * PT_PER_MM,
            top=m.top * PT_PER_MM,
            right=(profile.page_width_mm - m.right) * PT_PER_MM,
            bottom=(profile.page_height_mm - m.bottom) * PT_PER_MM,
            lines_per_page=profile.lines_per_page,
            chars_per_line=profile.chars_per_line,
            body_size=profile.body_size_pt,
            title_size=profile.role("title").size_pt,
            double_sided=profile.double_sided,
        )


@dataclass
class Fault:
    kind: str
    page: int
    line: int  # 1-based line on the page among the text block's lines; 0: page-wide
    message: str

    def __str__(self) -> str:
        where = f"第 {self.page} 页" + (f"第 {self.line} 行" if self.line else "")
        return f"{where}：{self.message}"


# ------------------------------------------------------------------ reading


def parse_bbox(xhtml: str) -> list[Page]:
    """Pages and lines of ``pdftotext -bbox-layout`` output. Words of a line
    are joined without a space when they touch (a font change, digits after
    Chinese), with one space when a real gap separates them."""
    from xml.etree import ElementTree

    root = ElementTree.fromstring(xhtml)
    pages: list[Page] = []
    for page_el in root.iter():
        if not page_el.tag.endswith("page"):
            continue
        page = Page(len(pages) + 1, float(page_el.get("width", 0)), float(page_el.get("height", 0)))
        for line_el in page_el.iter():
            if not line_el.tag.endswith("line"):
                continue
            words = [w for w in line_el if w.tag.endswith("word")]
            text = ""
            last_x1: float | None = None
            for word in words:
                x0, x1 = float(word.get("xMin", 0)), float(word.get("xMax", 0))
                y0, y1 = float(word.get("yMin", 0)), float(word.get("yMax", 0))
                gap = 0.0 if last_x1 is None else x0 - last_x1
                text += (" " if last_x1 is not None and gap > 0.4 * (y1 - y0) else "") + (
                    word.text or ""
                )
                last_x1 = x1
            page.lines.append(
                Line(
                    float(line_el.get("xMin", 0)),
                    float(line_el.get("yMin", 0)),
                    float(line_el.get("xMax", 0)),
                    float(line_el.get("yMax", 0)),
                    text,
                )
            )
        pages.append(page)
    return pages


# ----------------------------------------------------------------- judging


def _size_of(line: Line) -> float:
    """Font size from the box height (LibreOffice boxes are 1.3 em tall)."""
    return line.height / 1.3


def _is_size(line: Line, size: float) -> bool:
    return abs(_size_of(line) - size) <= 0.12 * size


def _in_block(line: Line, layout: Layout) -> bool:
    # (left of the block: a landscape page's number, on the sheet's foot)
    return line.y0 >= layout.top - 2 and line.y1 <= layout.bottom + 4 and line.x1 > layout.left


def _rows(page: Page, layout: Layout) -> list[Line]:
    """The text block's lines, top to bottom, left to right."""
    inside = [ln for ln in page.lines if _in_block(ln, layout) and ln.text.strip()]
    return sorted(inside, key=lambda ln: (round(ln.y0), ln.x0))


def _visual_rows(rows: list[Line]) -> list[list[Line]]:
    """Lines grouped by height on the page (table cells share a row)."""
    grouped: list[list[Line]] = []
    for line in rows:
        if grouped and abs(grouped[-1][0].y0 - line.y0) < 0.5 * line.height:
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return grouped


def _full_width_only(text: str) -> bool:
    return all(ord(ch) >= 0x2E80 for ch in text)


_IDEOGRAPH = re.compile(r"[\u3400-\u9fff]")
_HANGING = "，。、；：！？”’）》"
_TAIL = re.compile(r"[0-9A-Za-z][0-9A-Za-z.%]*$")
_HEAD = re.compile(r"^[0-9A-Za-z%][0-9A-Za-z.%]*")


def split_between(first: str, second: str) -> str | None:
    """The number or word broken between two lines ("99." + "44%"), or None."""
    first, second = first.rstrip(), second.lstrip()
    tail, head = _TAIL.search(first), _HEAD.match(second)
    if not tail or not head:
        return None
    return f"{tail.group()}/{head.group()}"


def _below(line: Line, candidates: list[Line]) -> Line | None:
    """The next line of the same column: just below, overlapping horizontally."""
    best: Line | None = None
    for other in candidates:
        if other is line or other.y0 <= line.y0 + 0.5 * line.height:
            continue
        if other.y0 - line.y1 > 0.9 * line.height:
            continue
        if min(line.x1, other.x1) - max(line.x0, other.x0) <= 0:
            continue
        if best is None or other.y0 < best.y0:
            best = other
    return best


def _continues(first: Line, second: Line, char: float) -> bool:
    """Whether ``second`` goes on with ``first``'s paragraph (not a new one,
    which starts indented)."""
    return second.x0 < first.x0 + 1.5 * char


def _number_of(line: Line) -> int | None:
    """N of a "— N —" page number line, else None."""
    match = re.fullmatch(r"[—–-]+\s*(\d+)\s*[—–-]+", line.text.strip())
    return int(match.group(1)) if match else None


#: Where a body line's box starts below its grid line, in pitches, when no
#: full body page shows it (measured in LibreOffice: 6.7 pt of 28.95).
GRID_OFFSET = 0.2314


def _grid_offset(pages: list[Page], layout: Layout) -> float:
    """How far a body line's box starts below its grid line (points), read
    from the first line of the portrait pages that start with body text."""
    offsets = []
    for page in pages:
        if page.width > page.height:
            continue
        rows = _rows(page, layout)
        if rows and _is_size(rows[0], layout.body_size):
            offset = rows[0].y0 - layout.top
            if 0 <= offset < layout.pitch:
                offsets.append(offset)
    if not offsets:
        return GRID_OFFSET * layout.pitch
    return sorted(offsets)[len(offsets) // 2]


class _Checker:
    def __init__(self, pages: list[Page], layout: Layout, keep_texts: list[str]) -> None:
        self.pages = pages
        self.layout = layout
        self.keep = [re.sub(r"\s", "", t) for t in keep_texts if t.strip()]
        self.faults: list[Fault] = []
        # what was actually judged, so a run that judged nothing shows it
        self.stats = {
            "pages": len(pages),
            "full_pages": 0,
            "full_lines": 0,
            "pushed_lines": 0,
            "titles": 0,
            "landscape_numbers": 0,
        }
        self.offset = _grid_offset(pages, layout)

    def add(self, kind: str, page: int, line: int, message: str) -> None:
        self.faults.append(Fault(kind, page, line, message))

    def run(self) -> list[Fault]:
        previous_last: tuple[int, Line] | None = None
        portrait = self.layout
        for page in self.pages:
            landscape = page.width > page.height
            self.layout = portrait.turned(page) if landscape else portrait
            rows = _rows(page, self.layout)
            body = [ln for ln in rows if _is_size(ln, self.layout.body_size)]
            if not landscape:  # the 22 × 28 grid is the portrait body's
                self.grid(page, rows, body)
                self.chars(page, rows, body)
            self.splits(page, rows)
            self.titles(page, rows)
            self.page_number(page)
            if previous_last is not None and body:
                number, last = previous_last
                first = body[0]
                if _continues(last, first, self.layout.char):
                    broken = split_between(last.text, first.text)
                    if broken:
                        self.add("split", number, 0, f"“{broken}”跨页断开")
            previous_last = None
            if body and self.full(body[-1]):
                previous_last = (page.number, body[-1])
            if page is not self.pages[-1]:
                self.stranded(page, rows)
        self.layout = portrait
        return self.faults

    def full(self, last: Line) -> bool:
        # within a line of the foot: a page that a keep or widow rule ended
        # one line early (21 lines) is not full
        return last.y1 >= self.layout.bottom - 0.9 * self.layout.pitch

    def line_no(self, rows: list[Line], line: Line) -> int:
        tops: list[float] = []
        for row in rows:
            if not tops or abs(tops[-1] - row.y0) >= 0.5 * row.height:
                tops.append(row.y0)
            if row is line:
                return len(tops)
        return 0

    def _blank_lines(self, rows: list[Line]) -> int:
        """Blank lines between text rows (a gap of a whole number of grid
        lines, two or more: the blank line before 附件说明 or 署名). Rows of a
        wrong pitch are evenly spaced, so they never count as blanks."""
        tops = [row[0].y0 for row in _visual_rows(rows)]
        blanks = 0
        for upper, lower in zip(tops, tops[1:], strict=False):
            steps = (lower - upper) / self.layout.pitch
            if steps > 1.8 and abs(steps - round(steps)) < 0.1:
                blanks += round(steps) - 1
        return blanks

    def grid(self, page: Page, rows: list[Line], body: list[Line]) -> None:
        """Full pages of body text, and a first page whose title stands above
        the body: every body line must sit on the grid of the other pages (a
        title whose exact lines make no whole number of grid lines pushes the
        body off it, and the page holds a line less). Blank lines count, as
        they take their grid line."""
        layout = self.layout
        titles = [i for i, ln in enumerate(rows) if _is_size(ln, layout.title_size)]
        above, below = (
            rows[: titles[-1] + 1] if titles else [],
            rows[titles[-1] + 1 :] if titles else rows,
        )
        if not below:
            return
        # Full: under a title, when no further grid line fits below the last
        # (the body may sit off the grid, up to a line short of the foot).
        if not (self._slots(below[-1]) > layout.lines_per_page - 2 + 0.05 if above else True):
            return
        if not self.full(below[-1]) and not above:
            return
        if any(not _is_size(ln, layout.body_size) for ln in below):
            return  # a table or notes among the body: not judged
        sizes = (layout.body_size, layout.title_size)
        if any(not any(_is_size(ln, size) for size in sizes) for ln in above):
            return  # a cover with boxes, a table page
        self.stats["full_pages"] += 1
        if not above:  # a page of body text: its lines, whatever their pitch
            count = len(_visual_rows(below)) + self._blank_lines(below)
            if count != layout.lines_per_page:
                self.add(
                    "lines",
                    page.number,
                    0,
                    f"整页只排了 {count} 行，应为 {layout.lines_per_page} 行",
                )
            return
        for line in below:
            slots = (line.y0 - layout.top - self.offset) / layout.pitch
            if abs(slots - round(slots)) > 0.2:
                self.add(
                    "lines",
                    page.number,
                    self.line_no(rows, line),
                    f"正文偏离版心网格 {slots - int(slots):.2f} 行（上方标题的行高合不成整行），"
                    f"整页只排得下 {int(self._slots(below[-1]) + 0.2) + 1} 行，"
                    f"应为 {layout.lines_per_page} 行",
                )
                return
        count = int(self._slots(below[-1]) + 0.2) + 1  # blank lines and the title's count
        if count != layout.lines_per_page:
            self.add(
                "lines",
                page.number,
                0,
                f"整页只排了 {count} 行（含标题与空行），应为 {layout.lines_per_page} 行",
            )

    def _slots(self, line: Line) -> float:
        """Grid lines above ``line`` on its page."""
        return (line.y0 - self.layout.top - self.offset) / self.layout.pitch

    def chars(self, page: Page, rows: list[Line], body: list[Line]) -> None:
        """Lines of Chinese text only, that fill the block and go on with a
        Chinese character on the next line (an unbreakable number or a mark
        that may not start a line legitimately leaves a line short)."""
        layout = self.layout
        for line in body:
            text = line.text.replace(" ", "")
            if not _full_width_only(text):
                continue  # Latin letters and digits are proportional: not counted
            if line.x1 < layout.right - 0.5 * layout.char:
                continue  # not a full line
            nxt = _below(line, body)
            if nxt is None or not _continues(line, nxt, layout.char):
                continue
            if not _IDEOGRAPH.match(nxt.text.lstrip()):
                continue
            if line.x1 > layout.right + 0.3 * layout.char and text[-1] in _HANGING:
                text = text[:-1]  # a full stop hanging in the margin (标点悬挂)
            indent = round((line.x0 - layout.left) / layout.char)
            if indent < 0 or indent > 4:
                continue
            self.stats["full_lines"] += 1
            count = indent + len(text)
            following = nxt.text.replace(" ", "")
            if count == layout.chars_per_line - 1 and following[1:2] in list(_HANGING):
                # 推出: the 28th character went down with the closing mark
                # after it (LibreOffice, which does not hang marks).
                self.stats["pushed_lines"] += 1
                continue
            if count != layout.chars_per_line:
                self.add(
                    "chars",
                    page.number,
                    self.line_no(rows, line),
                    f"整行排了 {count} 个字，应为 {layout.chars_per_line} 个：{text[:12]}…",
                )

    def splits(self, page: Page, rows: list[Line]) -> None:
        """Body lines: any number or word running on. Table text: only a plain
        fragment ("99." / "44%"), since a table's cells stack like lines and
        "612.35" above "204.80" is two cells, not a broken number."""
        for line in rows:
            nxt = _below(line, rows)
            if nxt is None or not _continues(line, nxt, self.layout.char):
                continue
            broken = split_between(line.text, nxt.text)
            body = _is_size(line, self.layout.body_size) and _is_size(nxt, self.layout.body_size)
            if broken and not body:
                first, second = broken.split("/", 1)
                broken = broken if first.endswith(".") or second.startswith(("%", ".")) else None
            if broken:
                self.add(
                    "split",
                    page.number,
                    self.line_no(rows, line),
                    f"数字或英文词“{broken}”被拆到两行",
                )

    def titles(self, page: Page, rows: list[Line]) -> None:
        titles = [ln for ln in rows if _is_size(ln, self.layout.title_size)]
        for first, second in zip(titles, titles[1:], strict=False):
            if second.y0 - first.y1 > 1.2 * first.height:
                continue  # two titles, not one broken in two
            self.stats["titles"] += 1
            why = bad_title_break(first.text.replace(" ", ""), second.text.replace(" ", ""))
            if why:
                self.add("title", page.number, self.line_no(rows, first), why)

    def is_keep(self, text: str, line: Line) -> bool:
        plain = re.sub(r"\s", "", text)
        if len(plain) >= 4 and any(
            k == plain or k.startswith(plain) or (k.endswith(plain) and len(plain) >= 6)
            for k in self.keep
        ):
            return True
        short = line.x1 < self.layout.right - 1.5 * self.layout.char
        return short and heading_like(plain)

    def stranded(self, page: Page, rows: list[Line]) -> None:
        if not rows:
            return
        last = rows[-1]
        if last.y1 < self.layout.bottom - 3 * self.layout.pitch:
            return  # the page ends early on purpose (a page break): nothing follows here
        if self.is_keep(last.text, last):
            self.add(
                "stranded",
                page.number,
                self.line_no(rows, last),
                f"标题或标签“{last.text.strip()[:20]}”落在页末，与下文分开",
            )

    def turned_page_number(self, page: Page) -> None:
        """GB/T 9704 横排表格: the number where the other pages have it, on the
        sheet's foot, i.e. along the landscape page's left edge, turned with
        the sheet: odd numbers one character from the sheet's right corner
        (the page's bottom), even ones from its left (the page's top), the
        一字线 7 mm from the block's edge (the sheet's foot)."""
        layout, sheet = self.layout, self.layout.sheet
        for line in page.lines:
            n = _number_of(line)
            if n is None:
                continue
            self.stats["landscape_numbers"] += 1
            if line.x1 - line.x0 >= line.y1 - line.y0 or line.x0 >= layout.left:
                self.add(
                    "page_number",
                    page.number,
                    0,
                    f"横排页的页码 {n} 应在纸张下边（本页左侧）随纸转向，与其他页码同位",
                )
                continue
            if n % 2 == 1:
                off = abs(line.y1 - (sheet.right - sheet.char))
            else:
                off = abs(line.y0 - (sheet.left + sheet.char))
            if off > 0.5 * sheet.char:
                side = "右" if n % 2 == 1 else "左"
                self.add(
                    "page_number", page.number, 0, f"横排页的页码 {n} 应在纸张下边{side}侧空一字"
                )
            # the dash's top (toward the block) at 0.48 of the turned box
            gap_mm = (layout.left - (line.x1 - 0.48 * (line.x1 - line.x0))) / PT_PER_MM
            if abs(gap_mm - layout.page_number_gap_mm) > 0.6:
                self.add(
                    "page_number",
                    page.number,
                    0,
                    f"横排页的页码一字线距版心 {gap_mm:.1f} 毫米，应为 "
                    f"{layout.page_number_gap_mm:g} 毫米",
                )

    def page_number(self, page: Page) -> None:
        layout = self.layout
        if layout.sheet is not None:
            self.turned_page_number(page)
            return
        for line in page.lines:
            if line.y1 <= layout.bottom:
                continue  # inside the block (a number on its edge reaches below it)
            n = _number_of(line)
            if n is None:
                continue
            middle = (line.x0 + line.x1) / 2
            right = middle > (layout.left + layout.right) / 2
            if right != (n % 2 == 1):
                side = "右" if n % 2 == 1 else "左"
                self.add("page_number", page.number, 0, f"页码 {n} 应在{side}侧")
            elif layout.double_sided and n % 2 != page.number % 2:
                self.add(
                    "page_number",
                    page.number,
                    0,
                    f"双面印刷时第 {page.number} 面印着页码 {n}：单双页与正反面不符",
                )
            # The em-dash's top sits at 0.48 of the box height (measured).
            gap_mm = (line.y0 + 0.48 * line.height - layout.bottom) / PT_PER_MM
            if abs(gap_mm - layout.page_number_gap_mm) > 0.6:
                self.add(
                    "page_number",
                    page.number,
                    0,
                    f"页码一字线距版心下边缘 {gap_mm:.1f} 毫米，应为 "
                    f"{layout.page_number_gap_mm:g} 毫米",
                )


def check_pages(
    pages: list[Page],
    layout: Layout,
    keep_texts: list[str] | tuple[str, ...] = (),
    stats: dict[str, int] | None = None,
) -> list[Fault]:
    """Every fault on the pages; ``keep_texts`` are the document's headings,
    labels and captions (texts that must not end a page). ``stats``, when
    given, receives how many pages, full pages, full lines and title breaks
    were judged."""
    checker = _Checker(pages, layout, list(keep_texts))
    faults = checker.run()
    if stats is not None:
        stats.update(checker.stats)
    return faults


# ------------------------------------------------------- text on the pages


@dataclass
class Block:
    """What the document prints, in order: a paragraph (compared in order)
    or a table (its cells compared as a whole: the PDF reads a row's cells
    line by line across the row, so their order there is not the cells')."""

    text: str
    table: bool = False


def _plain(text: str) -> str:
    """Text as compared: no white space, compatibility forms folded (the PDF
    may give a ligature or a full-width form for what the document holds)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text))


def page_text(pages: list[Page], layout: Layout) -> tuple[str, list[int]]:
    """The pages' text inside the text block (no 草稿 marker, no page number),
    white space removed, and the page of each character."""
    chars: list[str] = []
    where: list[int] = []
    for page in pages:
        here = layout.turned(page) if page.width > page.height else layout
        # read as the eye does, row by row and left to right: pdftotext's own
        # order reads side-by-side blocks (填报人 beside 填报单位) one after another
        for line in _reading_order([ln for ln in page.lines if _in_block(ln, here)]):
            text = _plain(line.text)
            chars.append(text)
            where.extend([page.number] * len(text))
    return "".join(chars), where


def _reading_order(lines: list[Line]) -> list[Line]:
    """Rows top to bottom (lines whose boxes overlap by half a line share a
    row), each left to right."""
    ordered: list[Line] = []
    for row in _visual_rows(sorted(lines, key=lambda ln: ln.y0)):
        ordered.extend(sorted(row, key=lambda ln: ln.x0))
    return ordered


#: How far past the expected place a paragraph is looked for (characters):
#: repeated table header rows and the like print text the blocks do not list.
_SLACK = 400
_PROBE = 8  # characters of a paragraph looked for to find where it starts


def _align(text: str, stream: str, start: int | None) -> tuple[list[bool], int | None, int]:
    """Which characters of ``text`` the pages hold from ``start`` on (aligned
    with a stretch barely longer than the text, so the next paragraph is not
    drawn in), where the match starts and ends in that stretch."""
    from difflib import SequenceMatcher

    placed = [False] * len(text)
    if start is None:
        return placed, None, 0
    window = stream[start : start + len(text) + len(text) // 10 + 4]
    first_start = None
    last_end = 0
    for a, b, size in SequenceMatcher(None, text, window, autojunk=False).get_matching_blocks():
        if size == 0:
            continue
        if first_start is None:
            first_start = b
        placed[a : a + size] = [True] * size
        last_end = b + size
    return placed, first_start, last_end


def missing_text(pages: list[Page], layout: Layout, blocks: list[Block]) -> list[Fault]:
    """Characters of the document that are not on the pages, in order.

    Each paragraph is looked for from where the one before it ended; one not
    found whole is aligned with what the pages hold there, and every
    character it cannot place is reported (a mark dropped at a line end).
    A table's characters must all be between the paragraphs around it."""
    stream, where = page_text(pages, layout)
    faults: list[Fault] = []
    cursor = 0
    table: tuple[str, int] | None = None  # a table waiting for its end

    def page_at(index: int) -> int:
        return where[min(index, len(where) - 1)] if where else 0

    def close_table(end: int) -> None:
        text, start = table
        lost = Counter(text) - Counter(stream[start:end])
        if lost:
            shown = "".join(sorted(lost.elements()))[:20]
            faults.append(
                Fault(
                    "text",
                    page_at(start),
                    0,
                    f"表格中有 {sum(lost.values())} 个字没有印出：{shown}",
                )
            )

    for block in blocks:
        text = _plain(block.text)
        if not text:
            continue
        if block.table:
            # tables in a row (the cover's boxes) share one stretch of the pages
            table = (table[0] + text, table[1]) if table is not None else (text, cursor)
            continue
        reach = len(text) + _SLACK + (2 * len(table[0]) if table else 0)
        # Where it starts: the first of a few short pieces found there (a
        # lost mark spoils only the piece it falls in). The whole paragraph
        # found further on may be a later copy (the document can repeat a
        # paragraph word for word): the nearer start wins when nearly all of
        # the paragraph is there.
        start = None
        for offset in range(0, max(1, len(text) - _PROBE + 1), _PROBE)[:8]:
            pos = stream.find(text[offset : offset + _PROBE], cursor, cursor + reach)
            if pos >= 0:
                start = max(cursor, pos - offset)
                break
        found = stream.find(text, cursor, cursor + reach)
        exact = found >= 0 and (start is None or found <= start)
        if not exact:
            placed, first_start, last_end = _align(text, stream, start)
            exact = found >= 0 and sum(placed) < 0.9 * len(text)
        if exact:
            start, placed, first_start, last_end = found, [True] * len(text), 0, len(text)
        start = cursor if start is None else start
        if table is not None:
            close_table(start + (first_start or 0))
            table = None
        lost = [i for i, ok in enumerate(placed) if not ok]
        at = start + (first_start or 0)
        cursor = start + last_end
        if lost:
            i = lost[0]
            context = f"{text[max(0, i - 8) : i]}[{text[i]}]{text[i + 1 : i + 9]}"
            faults.append(
                Fault(
                    "text",
                    page_at(at),
                    0,
                    f"有 {len(lost)} 个字没有印出（{''.join(text[j] for j in lost)[:10]}）：{context}",
                )
            )
    if table is not None:
        close_table(len(stream))
    return faults
