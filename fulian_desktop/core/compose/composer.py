"""Template + draft → the one :class:`Document` the DOCX writer and the preview read.

Composition is redone on every keystroke for the preview, so it evaluates the
draft once, renders snippets that snippets.py keeps compiled, and copies
nothing it does not have to. It never raises for what a clerk typed: every
text goes through :func:`textstats.clean_for_xml`, and a snippet that cannot be
rendered (a template author's mistake) becomes a visible 【模板错误：…】
paragraph and a log line instead of an exception.

Numbering follows the outline: numbered sections get 一、 （一） 1. （1） by their
depth among numbered sections; an optional section switched off is left out
and takes no number; an unnumbered section prints its title without a number
and its children start again at 一、.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from fulian_desktop.core.compose import linebreaks, sentences
from fulian_desktop.core.compose.document import (
    Align,
    AttachmentHead,
    Block,
    Box,
    CoverEnd,
    Document,
    PageBreak,
    Paragraph,
    Role,
    SectionStart,
    Spacer,
    Table,
)
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.draft.values import (
    Evaluated,
    draft_options,
    evaluate_draft,
    snippet_context,
)
from fulian_desktop.core.template import expressions, snippets
from fulian_desktop.core.template.model import (
    BodyField,
    BodySentence,
    BodyTable,
    BodyText,
    FieldSpec,
    Section,
    TableSpec,
    Template,
)
from fulian_desktop.core.text import numbers
from fulian_desktop.core.text.textstats import clean_for_xml

if TYPE_CHECKING:
    from fulian_desktop.core.scoresheet.layout import SheetLayout

log = logging.getLogger(__name__)

#: Anchors of the blocks that come from no section (the preview scrolls to them).
ANCHOR_TITLE = "@title"
ANCHOR_COVER = "@cover"
ANCHOR_INSTRUCTIONS = "@instructions"
ANCHOR_SIGNOFF = "@signoff"
ANCHOR_ATTACHMENTS = "@attachments"  # the 附件说明 under the body
ANCHOR_SCORESHEET = "scoresheet"  # the navigator's page id: the preview follows it

#: Shown in drafts (never in a final document) where a required text is empty.
MISSING = "（未填写）"
#: The date line of an unsigned sign-off block, filled in by hand on paper.
BLANK_DATE = "年\u3000\u3000月\u3000\u3000日"

#: What the 附件说明 starts with (GB/T 9704 7.3.6: 附件 and a full-width colon).
ATTACHMENT_LEAD = "附件："

#: Lines of the body's pitch on one page (GB/T 9704: 22 lines a page).
LINES_PER_PAGE = 22
#: Characters a body line holds, and a 2号 title line (442 pt / 22 pt).
LINE_CHARS = 28
TITLE_CHARS = 20

_LEADING_NUMBER = re.compile(r"^\s*[0-9０-９一二三四五六七八九十]+\s*[、.．)）]")


def serial(level: int, n: int) -> str:
    """The serial of the n-th heading at a numbered level: 一、 （一） 1. （1）."""
    if level <= 1:
        return f"{snippets.cn_number(n)}、"
    if level == 2:
        return f"（{snippets.cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def _heading_role(level: int) -> Role:
    return ("h1", "h2", "h3", "h4")[min(max(level, 1), 4) - 1]  # type: ignore[return-value]


def _lines(text: str) -> list[str]:
    """Paragraphs of a typed text: one per line, stripped, blank lines dropped."""
    return [line for line in (part.strip() for part in text.split("\n")) if line]


def _cell(text: str) -> str:
    """A table cell holds one line: line ends and tabs become spaces."""
    return " ".join(text.replace("\t", " ").split("\n")).strip()


@lru_cache(maxsize=1024)
def _reads_label(source: str) -> bool:
    """Whether an item_print snippet prints the item's label itself."""
    if "{" not in source:
        return False
    try:
        return "label" in snippets.undeclared_variables(source)
    except snippets.SnippetError:
        return False


class _Composer:
    """One composition: the evaluated draft and the blocks built so far."""

    def __init__(self, template: Template, draft: Draft, final: bool) -> None:
        self.template = template
        self.draft = draft
        self.final = final
        self.evaluated: Evaluated = evaluate_draft(template, draft)
        self.context = snippet_context(template, draft, self.evaluated)
        self.options = draft_options(template, draft)
        self.fields: dict[str, FieldSpec] = {spec.id: spec for _, spec in template.all_fields()}
        self.blocks: list[Block] = []
        self.depth: dict[str, int] = {}  # section id → the heading level it printed at
        self._scope: expressions.Scope | None = None

    # -- small helpers ----------------------------------------------------
    @property
    def scope(self) -> expressions.Scope:
        if self._scope is None:
            self._scope = self.evaluated.scope(self.template, self.options)
        return self._scope

    def render(self, source: str, extra: dict[str, Any] | None = None) -> str:
        """A snippet's text, cleaned; a template error becomes visible text."""
        context = self.context if extra is None else {**self.context, **extra}
        return snippets.printed(
            source, context, self.template.money_trailing_zeros, self.template.id
        )

    def para(
        self,
        text: str,
        role: Role = "body",
        anchor: str = "",
        *,
        number: str = "",
        align: Align | None = None,
        keep_next: bool = False,
        indent: tuple[float, float, float] | None = None,
    ) -> None:
        self.blocks.append(
            Paragraph(
                text,
                role,
                number=number,
                align=align,
                anchor=anchor,
                keep_next=keep_next,
                indent=indent,
            )
        )

    def paras(
        self, text: str, role: Role, anchor: str, prefix: str = "", *, keep_next: bool = False
    ) -> int:
        """Add one paragraph per line of ``text``; return how many were added.

        A body line that reads as a heading ("四、…" typed inside a section's
        text) keeps with the paragraph after it, like a real heading.
        """
        lines = _lines(text)
        for i, line in enumerate(lines):
            text_i = f"{prefix}{line}" if i == 0 else line
            keep = keep_next or (role == "body" and linebreaks.heading_like(text_i))
            self.para(text_i, role, anchor, keep_next=keep)
        return len(lines)

    def required(self, spec: FieldSpec) -> bool:
        if spec.required:
            return True
        if not spec.required_when:
            return False
        try:
            return bool(expressions.evaluate(spec.required_when, self.scope))
        except expressions.ExpressionError:
            return False

    def hole(self, spec: FieldSpec, anchor: str) -> None:
        """Show an empty required answer in drafts; print nothing in a final copy."""
        if not self.final and self.required(spec):
            self.para(f"{spec.prefix}{MISSING}", "body", anchor)

    # -- the document -------------------------------------------------------
    def compose(self) -> Document:
        template = self.template
        title = self.render(template.title)
        if template.cover:
            self.cover(title)
        else:
            label = self.render(template.attachment_label).strip()
            self.blocks.append(AttachmentHead(label, self.break_title(title), anchor=ANCHOR_TITLE))
        if template.instructions:
            self.instructions()
        self.sections(template.sections, level=1)
        from fulian_desktop.core.scoresheet.layout import layout

        # an outline may print its table apart (三水's 红皮书: scoresheet.print.attach)
        attached = template.scoresheet is not None and template.scoresheet.print.attach
        sheet = layout(template, self.draft) if attached else None
        if sheet is not None and template.attachment_note:
            self.attachment_note([sheet.title])
        if template.signoff_block:
            self.signoff()
        elif template.closing.enabled:
            self.closing()
        if sheet is not None:
            self.scoresheet(sheet)
        return Document(
            title=" ".join(_lines(title)),
            blocks=self.blocks,
            author=clean_for_xml(self.draft.unit.name.strip()),
            subject=clean_for_xml(template.name),
            style_profile=template.style_profile,
            style_overrides=dict(template.style_overrides),
            draft_marker=not self.final,
            custom_properties={
                "template_id": template.id,
                "template_version": template.version,
            },
        )

    def break_title(self, title: str, width: float = linebreaks.TITLE_WIDTH) -> list[str]:
        """A title's lines: the template's own breaks, else the clerk's (while
        they still spell this title), else broken at sense boundaries."""
        lines = _lines(title)
        if len(lines) != 1:
            return lines
        chosen = linebreaks.apply_clerk_breaks(lines[0], self.draft.title_lines)
        return chosen or linebreaks.break_title(lines[0], width)

    def title_lines(self, title: str, anchor: str) -> list[str]:
        lines = self.break_title(title)
        for line in lines:
            self.para(line, "title", anchor)
        return lines

    def cover(self, title: str) -> None:
        spec = self.template.cover
        assert spec is not None
        a = ANCHOR_COVER
        # ``used`` estimates the body lines taken so far (measured in
        # LibreOffice: a box takes under two lines, a 2号 title line about one
        # and a half), so the office and date can sit at the foot of the page.
        used = 0.0
        label = self.render(spec.label or self.template.attachment_label).strip()
        if label:
            self.para(label, "label", a)
            used += 1
        if spec.year_box:
            year = self.draft.unit.year
            self.blocks.append(Box(["年度", "" if year is None else str(year)], anchor=a))
            used += 2
        if spec.number_box:
            self.blocks.append(Box(["编号", ""], anchor=a))
            used += 2
        self.blocks.append(Spacer(3, anchor=a))
        cover_title = self.render(spec.title) or title
        title_lines = self.title_lines(cover_title, a) or [""]
        used += 3 + 1.2 * len(title_lines)  # a 33 pt title line is 1.14 body lines
        self.blocks.append(Spacer(2, anchor=a))
        used += 2
        for line in spec.lines:
            value = " ".join(_lines(self.render(line.value)))
            label_text = line.label.rstrip()
            sep = "" if label_text.endswith(("：", ":")) else "："
            text = f"{label_text}{sep}{value}{line.suffix.strip()}"
            self.para(text, "cover", a)
            used += -(-len(text) // LINE_CHARS)
        bottom = [
            t for t in (self.render(spec.office).strip(), self.render(spec.date).strip()) if t
        ]
        if bottom:
            # One line of margin, so an estimate that is a little short never
            # spills the cover onto a second page.
            gap = int(LINES_PER_PAGE - used - len(bottom) - 1)
            if gap > 0:
                self.blocks.append(Spacer(gap, anchor=a))
            for text in bottom:
                self.para(text, "cover", a, align="center")
        self.blocks.append(CoverEnd(anchor=a))

    def instructions(self) -> None:
        spec = self.template.instructions
        assert spec is not None
        a = ANCHOR_INSTRUCTIONS
        self.para(self.render(spec.title), "title", a)
        self.blocks.append(Spacer(anchor=a))
        for i, item in enumerate(spec.items, start=1):
            text = " ".join(_lines(self.render(item)))
            if not _LEADING_NUMBER.match(text):
                text = f"{i}、{text}"
            self.para(text, "body", a)
        self.blocks.append(PageBreak(anchor=a))

    # -- the outline ----------------------------------------------------------
    def section_on(self, section: Section) -> bool:
        if not section.optional:
            return True
        return self.draft.sections.get(section.id, section.default_on)

    def sections(self, sections: Iterable[Section], level: int) -> None:
        n = 0
        fixed = fixed_numbering(self.template, self.options)
        for section in sections:
            on = self.section_on(section)
            if section.numbered and (on or fixed):
                n += 1  # fixed numbering: a section left out keeps its number
            if not on:
                continue
            self.depth[section.id] = level
            if section.numbered:
                self.para(
                    clean_for_xml(section.title),
                    _heading_role(level),
                    section.id,
                    number=serial(level, n),
                )
                self.body(section)
                self.sections(section.sections, level + 1)
            else:
                self.para(clean_for_xml(section.title), _heading_role(level), section.id)
                self.body(section)
                self.sections(section.sections, 1)

    def body(self, section: Section) -> None:
        anchor = section.id
        n_sentence = 0
        for item in section.printed_body():
            if isinstance(item, BodyField):
                self.field(item.field, anchor)
            elif isinstance(item, BodyText):
                self.paras(self.render(item.text), item.role, anchor)
            elif isinstance(item, BodySentence):
                n_sentence += 1
                key = sentences.sentence_key(section.id, n_sentence)
                generated = self.render(item.sentence)
                # the clerk's own wording replaces the generated sentence
                text = sentences.printed_text(self.draft, key, generated)
                self.paras(clean_for_xml(text), "body", anchor)
            elif isinstance(item, BodyTable):
                self.table(item.table, anchor)

    def field(self, field_id: str, anchor: str) -> None:
        spec = self.fields.get(field_id)
        if spec is None:  # template checks prevent this; never crash the preview
            self.para(f"【模板错误：没有字段“{field_id}”】", "body", anchor)
            return
        if spec.kind == "group":
            self.group(spec, anchor)
        elif spec.kind == "longtext":
            text = clean_for_xml(self.draft.text(spec.id))
            if not self.paras(text, "body", anchor, clean_for_xml(spec.prefix)):
                self.hole(spec, anchor)
        else:
            value = self.scalar(spec)
            if value:
                self.para(f"{clean_for_xml(spec.label)}：{value}", "body", anchor)
            else:
                self.hole(spec, anchor)

    def scalar(self, spec: FieldSpec) -> str:
        """A short field as printed: figures formatted, anything unparsed as typed."""
        raw = clean_for_xml(self.draft.text(spec.id)).strip()
        value = self.evaluated.values.get(spec.id)
        if value is None:
            return " ".join(_lines(raw))
        filters = snippets.environment(self.template.money_trailing_zeros).filters
        if spec.kind in ("money", "score"):
            return filters["money"](value)
        if spec.kind == "percent":
            return filters["percent"](value)
        if spec.kind == "integer":
            return filters["number"](value, 0)
        if spec.kind == "date" and isinstance(value, date):
            return filters["date_cn"](value)
        return " ".join(_lines(raw))

    def group(self, spec: FieldSpec, anchor: str) -> None:
        items = self.evaluated.groups.get(spec.id, [])
        if not items:
            if not self.final and (spec.min_items or self.required(spec)):
                self.para(MISSING, "body", anchor)
            return
        if spec.item_table is not None:
            self.item_table(spec.item_table, items, anchor)
            return
        print_label = bool(spec.item_label) and not any(map(_reads_label, spec.item_print))
        # headings sit one level below their section; the template may choose
        # another serial style (番禺区's tasks are 一、… under 二（二）)
        below = min(self.depth.get(anchor, 1) + 1, 4)
        style = spec.item_heading_level or below
        headings = 0
        for n, item in enumerate(items, start=1):
            extra: dict[str, Any] = {"n": n, "item": item}
            label = self.render(spec.item_label, extra) if spec.item_label else ""
            extra["label"] = label
            heading = " ".join(_lines(self.render(spec.item_heading, extra)))
            if heading:  # the item as a numbered heading; its body follows without a label
                headings += 1
                number = serial(style, headings)
                self.para(heading, _heading_role(below), anchor, number=number, keep_next=True)
            elif print_label:  # a label introduces what follows: never alone at a page foot
                self.paras(label, "body", anchor, keep_next=True)
            last = len(spec.item_print) - 1
            for i, source in enumerate(spec.item_print):
                # "任务（一）：…" carries the label: it introduces the lines after it
                keep = i < last and _reads_label(source)
                self.paras(self.render(source, extra), "body", anchor, keep_next=keep)

    # -- tables ------------------------------------------------------------------
    def table_wanted(self, spec: TableSpec, anchor: str) -> bool:
        when = spec.when.strip()
        if not when:
            return True
        if when in self.options:
            return bool(self.options[when])
        try:
            return bool(expressions.evaluate(when, self.scope))
        except expressions.ExpressionError as exc:
            log.warning("template %s: table condition failed: %s", self.template.id, exc)
            self.para(f"【模板错误：{exc}】", "body", anchor)
            return False

    def _table(self, spec: TableSpec, rows: list[list[str]], header: bool, anchor: str) -> None:
        columns = spec.columns
        self.blocks.append(
            Table(
                rows=rows,
                header_rows=1 if header else 0,
                caption=_cell(self.render(spec.caption)),
                widths=[c.width for c in columns] if columns else None,
                align=[c.align for c in columns] if columns else None,
                anchor=anchor,
            )
        )

    def table(self, spec: TableSpec, anchor: str) -> None:
        if not self.table_wanted(spec, anchor):
            return
        rows: list[list[str]] = []
        if spec.columns:
            rows.append([_cell(self.render(c.header)) for c in spec.columns])
        rows.extend([_cell(self.render(cell)) for cell in row] for row in spec.rows)
        if rows:
            self._table(spec, rows, bool(spec.columns), anchor)

    def item_table(self, spec: TableSpec, items: list[dict[str, Any]], anchor: str) -> None:
        if not self.table_wanted(spec, anchor):
            return
        rows = [[_cell(self.render(c.header)) for c in spec.columns]]
        for n, item in enumerate(items, start=1):
            extra = {"n": n, "item": item}
            rows.append([_cell(self.render(c.value, extra)) for c in spec.columns])
        if spec.total_row:
            rows.append([_cell(self.render(cell)) for cell in spec.total_row])
        self._table(spec, rows, True, anchor)

    # -- sign-off -------------------------------------------------------------------
    def signoff(self) -> None:
        spec = self.template.signoff_block
        assert spec is not None
        a = ANCHOR_SIGNOFF
        self.blocks.append(Spacer(anchor=a))
        if spec.title:
            self.para(clean_for_xml(spec.title), "h1", a)
        self.paras(self.render(spec.pledge), "body", a)
        if spec.lines:
            self.blocks.append(Spacer(anchor=a))
        for source in spec.lines:
            # Left-aligned, so the head's signature and the seal have room after the colon.
            self.para(" ".join(_lines(self.render(source))), "signature", a, align="left")
        when = " ".join(_lines(self.render(spec.date))) or BLANK_DATE
        right = self.template.closing.date_right_chars
        self.para(when, "signature", a, align="right", indent=(0, right, 0))

    def attachment_note(self, titles: list[str]) -> None:
        """附件说明 (GB/T 9704 7.3.6): a blank line under the body, then
        "附件：" two characters in and the names; several are numbered 1. 2.;
        a name that wraps lines up under its own first character."""
        a = ANCHOR_ATTACHMENTS
        names = [n for n in map(attachment_name, titles) if n]
        if not names:
            return
        self.blocks.append(Spacer(anchor=a))
        lead = linebreaks.text_width(ATTACHMENT_LEAD)
        for i, name in enumerate(names, start=1):
            number = f"{i}." if len(names) > 1 else ""
            left = 2 + lead + linebreaks.text_width(number)
            first = -(left - 2) if i == 1 else -linebreaks.text_width(number)
            text = f"{ATTACHMENT_LEAD if i == 1 else ''}{number}{name}"
            self.para(text, "body", a, align="left", indent=(left, 0, first))

    def closing(self) -> None:
        """署名 and 成文日期 (GB/T 9704 7.3.5, sealed): a blank line, the
        unit's name centred over the date, the date ``date_right_chars`` in
        from the right. Drafts show them too, with the date blank until the
        sign-off: the clerk sees where the seal goes and the pages the final
        copy will take."""
        a = ANCHOR_SIGNOFF
        right = self.template.closing.date_right_chars
        name = clean_for_xml(" ".join(self.draft.unit.name.split()))
        signed = self.draft.signoff
        when = numbers.format_date_cn(signed.date) if signed else BLANK_DATE
        self.blocks.append(Spacer(anchor=a))
        if name:
            gap = (linebreaks.text_width(when) - linebreaks.text_width(name)) / 2
            self.para(name, "signature", a, align="right", indent=(0, max(0.0, right + gap), 0))
        self.para(when, "signature", a, align="right", indent=(0, right, 0))

    # -- the 绩效自评表 attachment ------------------------------------------------------
    def scoresheet(self, sheet: SheetLayout) -> None:
        """The table as an attachment after the report (GB/T 9704 8.2): on its
        own page (a landscape section when the columns need it), the 附件
        label on line 1, the title centred on line 3, the 预算执行 and
        indicator tables (header rows repeated on every page), then the
        填报单位 lines (``sheet`` as core/scoresheet/layout.py laid it out)."""
        a = ANCHOR_SCORESHEET
        self.blocks.append(SectionStart(landscape=sheet.landscape, anchor=a))
        width = linebreaks.LANDSCAPE_TITLE_WIDTH if sheet.landscape else linebreaks.TITLE_WIDTH
        self.blocks.append(
            AttachmentHead(sheet.label, self.break_title(sheet.title, width), anchor=a)
        )
        size = float(sheet.font_size)
        for heading, table in (
            ("预算执行情况", sheet.budget),
            ("绩效指标完成情况", sheet.indicators),
        ):
            if table is None:
                continue
            self.para(heading, "cover", a, keep_next=True)  # stays with its table
            rows = table.text_rows()
            # the label stays in every row of its group (render/docx.py prints
            # it grey below the first), so each page starts with its labels
            merges = _merge_runs(rows, table.merge_columns, len(rows) - table.total_rows)
            self.blocks.append(
                Table(
                    rows=[list(table.header), *rows],
                    header_rows=1,
                    widths=list(table.widths),
                    align=list(table.align),  # type: ignore[arg-type]
                    anchor=a,
                    font_size=size,
                    merges=[(r + 1, c, n) for r, c, n in merges],
                    cell_align={
                        (r + 1, c): table.cell_align(r, c)  # type: ignore[misc]
                        for r, row in enumerate(table.rows)
                        for c in range(len(row))
                        if table.cell_align(r, c) != table.align[c]
                    },
                )
            )
        self.blocks.append(Spacer(anchor=a))
        foot = [f"{label}：{value}" for label, value in sheet.foot]
        for i in range(0, len(foot), 2):  # two to a line, as on the bureau's forms
            self.para("\u3000\u3000".join(foot[i : i + 2]), "cover", a)


def _merge_runs(rows: list[list[str]], columns: list[int], body: int) -> list[tuple[int, int, int]]:
    """Vertical merges (row, column, rows) of equal neighbouring cells in
    ``columns`` among the first ``body`` rows; a column merges only inside the
    runs of the columns before it (二级 within its 一级)."""
    merges: list[tuple[int, int, int]] = []
    bounds = [(0, body)]
    for col in columns:
        inner: list[tuple[int, int]] = []
        for start, end in bounds:
            r = start
            while r < end:
                n = 1
                while r + n < end and rows[r + n][col] == rows[r][col] and rows[r][col]:
                    n += 1
                if n > 1:
                    merges.append((r, col, n))
                inner.append((r, r + n))
                r += n
        bounds = inner
    return merges


def attachment_name(title: str) -> str:
    """An attachment's name as the 附件说明 prints it: its title on one line,
    without 书名号 and without punctuation after it (GB/T 9704 7.3.6)."""
    name = " ".join(title.replace("《", "").replace("》", "").split())
    return clean_for_xml(name.rstrip("。．.，,；;：:、！!？? "))


def title_lines(template: Template, draft: Draft) -> tuple[str, list[str]]:
    """The report's title and the lines it prints on (the clerk's own breaks
    while they fit, else the automatic ones): what the 标题分行 dialog shows."""
    composer = _Composer(template, draft, final=False)
    title = composer.render(template.title)
    return " ".join(_lines(title)), composer.break_title(title)


def fixed_numbering(template: Template, options: dict[str, Any]) -> bool:
    """Whether sections keep their published numbers when one is left out."""
    return options.get("numbering", template.numbering) == "fixed"


def section_numbers(
    template: Template, enabled: dict[str, bool], fixed: bool = False
) -> dict[str, str]:
    """The serial each section prints with ('' when none), numbered as compose numbers them."""
    numbers: dict[str, str] = {}

    def visit(sections: list[Section], level: int) -> None:
        n = 0
        for section in sections:
            on = enabled.get(section.id, True)
            number = ""
            if section.numbered and (on or fixed):
                n += 1
                number = serial(level, n) if on else ""
            numbers[section.id] = number
            visit(section.sections, level + 1 if section.numbered else 1)

    visit(template.sections, 1)
    return numbers


def compose(template: Template, draft: Draft, *, final: bool = False) -> Document:
    """The report as document blocks; ``final`` drops the 草稿 marker and the
    （未填写） holes (the sign-off passes True for a signed-off draft)."""
    return _Composer(template, draft, final).compose()


_ILLEGAL_IN_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10))}
_RESERVED_NAMES |= {f"LPT{i}" for i in range(1, 10)}


def safe_file_name(name: str, fallback: str = "报告") -> str:
    """A name Windows accepts: illegal characters become _, no trailing dots or
    spaces, no reserved device names, not too long."""
    name = _ILLEGAL_IN_NAMES.sub("_", clean_for_xml(name)).strip().rstrip(". ")
    if not name or name.split(".")[0].upper() in _RESERVED_NAMES:
        name = f"{fallback}{name}" if name else fallback
    return name[:150]


def default_file_name(template: Template, draft: Draft) -> str:
    """{单位}{年度}年{报告名称}.docx, e.g. 某区妇女联合会2021年部门整体支出绩效自评报告.docx."""
    unit = " ".join(draft.unit.name.split())
    year = f"{draft.unit.year}年" if draft.unit.year else ""
    return f"{safe_file_name(f'{unit}{year}{template.name}', template.name or '报告')}.docx"
