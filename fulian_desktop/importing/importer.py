"""Last year's report (DOCX, PDF, text) → a draft of a template.

    import_report(path, template) -> ImportResult   # reads, cleans, places
    guess_template(path_or_blocks, templates)        # the template that clearly fits best

Steps: read the file (readers.py), clean it into paragraphs (cleanup.py),
find the template's headings (outline.py), then place each section's
paragraphs: the template's own fixed texts are recognised and dropped,
repeated items become group rows (groups.py), the template's sentences give
their figures back (sentences.py), key figures in prose are read with the
prose check's mention rules (core/text/mentions.py), and the rest goes to the
section's text field. Whatever cannot be placed is kept in ``draft.unplaced``
(未归类内容); every figure filled is listed in ``draft.unconfirmed``
(已导入，请核对) until the clerk confirms it. Nothing is written anywhere:
the caller stores the draft.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fulian_desktop.core.compose.composer import section_numbers
from fulian_desktop.core.draft.model import FORMAT_VERSION, Draft, UnitIdentity
from fulian_desktop.core.template.model import Template
from fulian_desktop.errors import UserError
from fulian_desktop.importing import tables
from fulian_desktop.importing.cleanup import clean_blocks
from fulian_desktop.importing.figures import text_key
from fulian_desktop.importing.outline import Heading, align, fit, number_key
from fulian_desktop.importing.place import Placer
from fulian_desktop.importing.readers import read_source
from fulian_desktop.importing.scoresheet_table import keep_typed_only, read_scoresheet
from fulian_desktop.importing.source import Block

#: a template "clearly fits best" when it finds this share of its headings …
GUESS_MIN_FIT = 0.5
#: … and this much more than the next best template
GUESS_MARGIN = 0.2

_ATTACHMENT = re.compile(r"附件\s*[\d一二三四五六七八九十]*\s*[：:]?")
#: the table's own title, captions and foot lines (填报人、联系电话、填报日期)
_SHEET_TEXT = re.compile(
    r".*绩效自评表$|预算执行情况$|绩效指标完成情况$|(?:填报单位|填表单位|填报人|填表人|联系电话|填报日期|填表日期)"
)


@dataclass
class ImportResult:
    draft: Draft
    template: Template
    source_name: str
    sections_filled: list[str] = field(default_factory=list)  # section ids that got text or figures
    figures: list[str] = field(default_factory=list)  # paths of figures read
    recognised: int = 0  # paragraphs that were the template's own fixed text

    @property
    def unplaced(self) -> list[str]:
        return self.draft.unplaced

    def summary(self) -> str:
        """ "12 节已填入，3 段未归类，6 个数字已读出"."""
        return (
            f"{len(self.sections_filled)} 节已填入，{len(self.unplaced)} 段未归类，"
            f"{len(self.figures)} 个数字已读出"
        )


def read_blocks(path: Path | str) -> tuple[str, list[Block]]:
    """The file's name and its cleaned paragraphs (UserError for bad input)."""
    source = read_source(path)
    return source.name, clean_blocks(source)


def guess_template(
    blocks: list[Block], templates: Iterable[Template]
) -> tuple[Template | None, list[tuple[float, Template]]]:
    """The template that clearly fits best (or None), and every template's fit, best first."""
    ranked = sorted(((fit(t, blocks), t) for t in templates), key=lambda p: -p[0])
    if not ranked:
        return None, ranked
    best = ranked[0][0]
    runner = ranked[1][0] if len(ranked) > 1 else 0.0
    clear = best >= GUESS_MIN_FIT and best - runner >= GUESS_MARGIN
    return (ranked[0][1] if clear else None), ranked


def import_report(
    path: Path | str, template: Template, *, now: datetime | None = None
) -> ImportResult:
    name, blocks = read_blocks(path)
    return import_blocks(blocks, template, name, now=now)


def import_blocks(
    blocks: list[Block], template: Template, source_name: str = "", *, now: datetime | None = None
) -> ImportResult:
    """Place cleaned paragraphs into a new draft of ``template``."""
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    draft = Draft(
        format_version=FORMAT_VERSION,
        template_id=template.id,
        template_version=template.version,
        unit=UnitIdentity(),
        options=dict(template.option_defaults()),
        created=stamp,
        updated=stamp,
    )
    placer = Placer(template, draft)
    found = align(template, blocks)
    starts = sorted((h.index, sid, h) for sid, h in found.items())
    sections = {s.id: s for s, _ in template.walk()}
    first = starts[0][0] if starts else len(blocks)
    unplaced = placer.preamble([b.text for b in blocks[:first]])
    # an attachment after the outline (附件: the 绩效自评表, a table of projects) is
    # not part of any section: it is kept whole, as one 未归类 entry
    attachment = next(
        (i for i in range(first + 1, len(blocks)) if _ATTACHMENT.fullmatch(blocks[i].text)),
        len(blocks),
    )
    starts = [s for s in starts if s[0] < attachment]
    signoff_title = text_key(template.signoff_block.title) if template.signoff_block else ""
    for n, (index, section_id, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else attachment
        body = [b.text for b in blocks[index + 1 : end]]
        if heading.rest:
            body.insert(0, heading.rest)
        tail: list[str] = []
        if signoff_title:  # the 单位主要领导意见 block ends the outline
            cut = next((i for i, p in enumerate(body) if text_key(p) == signoff_title), None)
            if cut is not None:
                body, tail = body[:cut], body[cut:]
        unplaced += placer.place(sections[section_id], body)
        for paragraph in tail:
            if placer.is_fixed(paragraph) or re.search(r"\d{4}\s*年", paragraph):
                placer.recognised += 1
            else:
                unplaced.append(paragraph)
    placer.read_title()
    if attachment < len(blocks):
        unplaced += _attachment(template, draft, [b.text for b in blocks[attachment:]], placer)
    for section_id, section in sections.items():
        if section.optional:
            draft.sections[section_id] = section_id in found
    _numbering_option(template, draft, found)
    draft.unplaced = unplaced
    draft.unconfirmed = list(dict.fromkeys(draft.unconfirmed))
    # a section counts as filled when it, or one of its children, got something
    filled = [s.id for s, _ in template.walk() if s.id in placer.filled_sections]
    if not filled and not placer.figures and not draft.scoresheet:
        # nothing found a place: storing an empty draft would only look like success
        name = f"“{source_name}”" if source_name else "这份文件"
        raise UserError(
            f"{name}里没有找到“{template.name}”提纲的任何一节，没有导入。"
            "请确认选择的提纲是否正确，或这份文件是否就是往年的绩效自评报告。"
        )
    return ImportResult(
        draft=draft,
        template=template,
        source_name=source_name,
        sections_filled=filled,
        figures=list(dict.fromkeys(placer.figures)),
        recognised=placer.recognised,
    )


def as_last_year(result: ImportResult, *, now: datetime | None = None) -> ImportResult:
    """作为往年报告: the imported report is last year's; start this year's draft from it.

    Texts (long texts, and the text parts of repeated items) are the starting
    point; every figure goes to ``last_year`` (同比 sentences and checks) and
    this year's figures stay empty. The year moves on by one. Unplaced
    paragraphs stay in 未归类内容; nothing is left to confirm, since no figure
    of this year was filled.
    """
    from fulian_desktop.storage.nextyear import next_year_draft

    template, old = result.template, result.draft
    texts = {spec.id for _, spec in template.all_fields() if spec.kind in ("longtext", "text")}
    draft = next_year_draft(old, texts, now=now, figure_fields=template.figure_field_ids())
    for _, spec in template.all_fields():
        if spec.kind != "group" or not old.items(spec.id):
            continue
        kept = [s.id for s in spec.fields if s.kind in ("longtext", "text", "choice")]
        draft.values[spec.id] = [
            {k: v for k, v in item.items() if k in kept} for item in old.items(spec.id)
        ]
    draft.unplaced = list(old.unplaced)
    draft.unconfirmed = []
    return ImportResult(
        draft=draft,
        template=template,
        source_name=result.source_name,
        sections_filled=result.sections_filled,
        figures=result.figures,
        recognised=result.recognised,
    )


def _numbering_option(template: Template, draft: Draft, found: dict[str, Heading]) -> None:
    """With a section left out, whether the report kept the published numbers
    (增城区: （四）主要工作成效 after no （三）) or numbered on: the headings say."""
    if "numbering" not in {o.id for o in template.options}:
        return
    if all(on for on in draft.sections.values()):
        return
    written = {sid: number_key(h.number) for sid, h in found.items() if h.number}

    def agree(fixed: bool) -> int:
        numbers = section_numbers(template, draft.sections, fixed=fixed)
        return sum(1 for sid, n in written.items() if number_key(numbers.get(sid, "")) == n)

    fixed, renumbered = agree(True), agree(False)
    if fixed != renumbered:
        draft.options["numbering"] = "fixed" if fixed > renumbered else "renumber"


def _attachment(template: Template, draft: Draft, texts: list[str], placer: Placer) -> list[str]:
    """The 绩效自评表 after 附件 goes into the draft's table; what is not the table
    (or an attachment of another kind) is kept whole, as one 未归类 entry."""
    found = read_scoresheet(template, texts)
    if found is None or draft.scoresheet:
        return ["\n".join(tables.as_text(t) for t in texts)]
    draft.scoresheet, used = found
    keep_typed_only(template, draft)
    rest = [
        t
        for i, t in enumerate(texts)
        if i not in used and not placer.is_fixed(t) and not _ATTACHMENT.fullmatch(t)
    ]
    # the table's foot: who filled it in, and the unit's name where a seal goes
    rest = [t for t in rest if not _SHEET_TEXT.match(t) and t.strip() != draft.unit.name]
    placer.recognised += len(texts) - len(rest)
    return ["\n".join(tables.as_text(t) for t in rest)] if rest else []
