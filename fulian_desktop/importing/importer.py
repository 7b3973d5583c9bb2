"""Last year's report (DOCX, PDF, text) → a draft of a template.

    import_report(path, template) -> ImportResult   # reads, cleans, places
    guess_template(path_or_blocks, templates)        # the template that clearly fits best

Steps: read the file (readers.py), clean it into paragraphs (cleanup.py),
find the template's headings (outline.py), then place each section's
paragraphs: the template's own fixed texts are recognised and dropped,
repeated items become group rows (groups.py), the template's sentences give
their figures back (sentences.py), key figures in prose are read with the
prose check's mention rules (core/mentions.py), and the rest goes to the
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

from fulian_desktop.core.draft import FORMAT_VERSION, Draft, UnitIdentity
from fulian_desktop.core.numbers import parse_date
from fulian_desktop.core.template import (
    NUMERIC_KINDS,
    BodySentence,
    BodyTable,
    BodyText,
    FieldSpec,
    Section,
    Template,
)
from fulian_desktop.importing import groups, sentences, tables
from fulian_desktop.importing.cleanup import clean_blocks
from fulian_desktop.importing.outline import align, fit, split_numbering, title_key
from fulian_desktop.importing.readers import Block, read_source

#: a template "clearly fits best" when it finds this share of its headings …
GUESS_MIN_FIT = 0.5
#: … and this much more than the next best template
GUESS_MARGIN = 0.2

_ATTACHMENT = re.compile(r"附件\s*[\d一二三四五六七八九十]*\s*[：:]?")
#: a person's name (2–4 characters) and a post such as 办事员, 副主席, 财务会计
_NAME_AND_POST = re.compile(
    r"(.{2,4}?)\s*((?:财务|办公室|综合|组织|宣传|权益|家庭|儿童|副)*"
    r"(?:办事员|科员|干事|专干|专员|会计|出纳|主任|主席|部长|书记|委员|秘书|职员|工作人员|科长|股长))"
)
_PROSE = re.compile(r"[，。；！？]")
_PUNCT_ONLY = re.compile(r"[\s。，、；：,.;:]*")


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


# ---------------------------------------------------------------------------


def _key(text: str) -> str:
    return title_key(split_numbering(text)[1])


def _fixed_texts(template: Template) -> set[str]:
    """Texts the template prints itself: recognised in the report and not imported."""
    texts: list[str] = [template.name]
    if template.instructions:
        texts += [template.instructions.title, *template.instructions.items]
    if template.cover:
        texts += [template.cover.label, template.cover.office, "年度", "编号"]
    if template.signoff_block:
        block = template.signoff_block
        texts += [block.title, block.pledge, *block.lines]
    for section, _ in template.walk():
        texts += [b.text for b in section.printed_body() if isinstance(b, BodyText)]
        texts += [b.table.caption for b in section.printed_body() if isinstance(b, BodyTable)]
        for spec in section.fields:
            if spec.item_table is not None:
                texts.append(spec.item_table.caption)
    return {k for k in (_key(t) for t in texts if t) if k}


class _Placer:
    def __init__(self, template: Template, draft: Draft) -> None:
        self.t = template
        self.d = draft
        self.numeric = sentences.numeric_slots(template)
        self.fixed = _fixed_texts(template)
        self.filled_sections: set[str] = set()
        self.figures: list[str] = []
        self.recognised = 0
        self.checked = {c.id: c.check for c in template.all_computed() if c.check}
        self.readers = {
            spec.id: groups.reader_for(template, spec)
            for _, spec in template.all_fields()
            if spec.kind == "group" and spec.item_print
        }

    # -- values --------------------------------------------------------------
    def set_value(self, spec: FieldSpec, value: str, section: Section) -> bool:
        value = value.strip()
        if not value or self.d.values.get(spec.id):
            return False
        if spec.kind in NUMERIC_KINDS:
            value = sentences.clean_number(value)
            if not re.fullmatch(r"-?\d+(?:\.\d+)?", value):
                return False
        elif spec.kind == "choice":
            if value not in spec.choices:
                return False
        self.d.values[spec.id] = value
        if spec.kind not in ("longtext", "group"):
            self.figures.append(spec.id)
            self.d.unconfirmed.append(spec.id)
        self.filled_sections.add(section.id)
        return True

    def append_text(self, spec: FieldSpec, text: str, section: Section) -> None:
        old = self.d.text(spec.id)
        self.d.values[spec.id] = f"{old}\n{text}" if old else text
        self.filled_sections.add(section.id)

    def take_reading(self, values: dict[str, str], options: dict, section: Section) -> None:
        for name, value in values.items():
            if name.startswith("unit."):
                self.set_unit(name[5:], value)
                continue
            if name.startswith("last_year."):  # a 同比 part states last year's figure
                key = name.split(".", 1)[1]
                if name in self.numeric and key not in self.d.last_year:
                    self.d.last_year[key] = sentences.clean_number(value)
                continue
            # a computed value printed where the typed figure is checked against it
            # (完成率 in a table): the reading is the typed figure
            spec = self._field(self.checked.get(name, name))
            if spec is not None:
                self.set_value(spec, value, section)
            elif name in {o.id for o in self.t.options}:
                option = next(o for o in self.t.options if o.id == name)
                if option.kind == "text" and value and not self.d.options.get(name):
                    self.d.options[name] = value
        for option_id, value in options.items():
            self.d.options[option_id] = value

    def set_unit(self, key: str, value: str) -> None:
        unit = self.d.unit
        value = value.strip()
        if not value:
            return
        if key == "year" and unit.year is None and re.fullmatch(r"\d{4}", value):
            unit.year = int(value)
        elif key == "fill_date" and unit.fill_date is None:
            try:
                unit.fill_date = parse_date(value)
            except ValueError:
                return
        elif key in ("name", "filler", "position", "phone") and not getattr(unit, key):
            setattr(unit, key, value)
        else:
            return
        self.d.unconfirmed.append(f"unit.{key}")

    def _field(self, field_id: str) -> FieldSpec | None:
        try:
            return self.t.field(field_id)
        except KeyError:
            return None

    # -- fixed texts ----------------------------------------------------------
    def is_fixed(self, text: str) -> bool:
        from difflib import SequenceMatcher

        key = _key(text)
        if not key or key == "年月日":
            return True  # only numbering, punctuation or an empty date line
        if key in self.fixed:
            return True
        return any(
            len(f) >= 6 and SequenceMatcher(None, key, f, autojunk=False).ratio() >= 0.85
            for f in self.fixed
        )

    # -- sections -------------------------------------------------------------
    def sentence_patterns(self, section: Section) -> list[sentences.Pattern]:
        found: list[sentences.Pattern] = []
        for item in section.printed_body():
            if isinstance(item, BodySentence):
                found += sentences.patterns(self.t, item.sentence)
        return found

    def set_items(self, spec: FieldSpec, items: list[dict[str, str]]) -> None:
        """A group's rows, their figures marked 已导入，请核对 (first reading wins)."""
        if not items or self.d.items(spec.id):
            return
        self.d.values[spec.id] = items
        self.filled_sections.add(self.t.section_of(spec.id).id)
        paths = [
            f"{spec.id}[{i}].{s.id}"
            for i, item in enumerate(items)
            for s in spec.fields
            if s.kind in NUMERIC_KINDS and item.get(s.id)
        ]
        self.figures += paths
        self.d.unconfirmed += paths

    def amount_lists(self, section: Section, paragraphs: list[str]) -> list[str]:
        """Read name–amount lists of groups this section owns or prints."""
        specs = [s for s in section.fields if groups.is_amount_list(s)]
        for item in section.printed_body():
            spec = self._field(getattr(item, "field", ""))
            if spec is not None and groups.is_amount_list(spec) and spec not in specs:
                specs.append(spec)
        out: list[str] = []
        for paragraph in paragraphs:
            for spec in specs:
                items, rest = groups.read_amount_list(spec, paragraph)
                if items:
                    self.set_items(spec, items)
                    paragraph = rest
            out.append(paragraph)
        return out

    def tables(self, section: Section, paragraphs: list[str]) -> list[str]:
        """Read table rows the section's tables hold; other rows become lines of text."""
        rows = [i for i, p in enumerate(paragraphs) if tables.is_row(p)]
        if not rows:
            return paragraphs
        reader = tables.TableReader(self.t, section, self.numeric)
        values, items, used = reader.read([paragraphs[i] for i in rows])
        self.take_reading(values, reader.options(values, items), section)
        for group_id, found in items.items():
            self.set_items(self.t.field(group_id), found)
        taken = {rows[k] for k in used}
        return [
            tables.as_text(p) if tables.is_row(p) else p
            for i, p in enumerate(paragraphs)
            if i not in taken
        ]

    def place(self, section: Section, paragraphs: list[str]) -> list[str]:
        """Put a section's paragraphs in its fields; return what found no place."""
        kept = []
        for p in paragraphs:
            if self.is_fixed(p):
                self.recognised += 1
            else:
                kept.append(p)
        paragraphs = self.amount_lists(section, self.tables(section, kept))
        used: set[int] = set()
        for spec in section.fields:
            reader = self.readers.get(spec.id)
            if reader is None:
                continue
            items, took = groups.read_items(reader, paragraphs, self.numeric)
            if items and not self.d.items(spec.id):
                self.set_items(spec, items)
                used |= took
                self.filled_sections.add(section.id)
                self._option_for(spec)
        pats = self.sentence_patterns(section)
        texts = [s for s in section.fields if s.kind == "longtext"]
        first_group = min(used) if used else None
        unplaced: list[str] = []
        for index, paragraph in enumerate(paragraphs):
            if index in used:
                continue
            rest = self.read_sentences(pats, paragraph, section)
            if not rest:
                continue
            target = self._text_target(texts, rest, index, first_group)
            if target is None:
                unplaced.append(rest)
                continue
            spec, body = target
            self.append_text(spec, body, section)
            self.read_mentions(body, section)
        return unplaced

    def read_mentions(self, text: str, section: Section) -> None:
        """Key figures in prose (the prose check's mention rules) fill fields still empty."""
        from fulian_desktop.core.mentions import GRADE_WORDS, find_mentions

        targets = {f.key: f.figure for f in self.t.mentions.figures if f.figure}
        for mention in find_mentions(text, self.t.mentions):
            target = targets.get(mention.key, "")
            spec = self._field(self.checked.get(target, target))
            if spec is None:
                continue
            if isinstance(mention.value, str):
                grades = GRADE_WORDS.get(mention.value, (mention.value,))
                if len(grades) == 1:
                    self.set_value(spec, grades[0], section)
            else:
                self.set_value(spec, format(mention.value.normalize(), "f"), section)

    def read_sentences(
        self, pats: list[sentences.Pattern], paragraph: str, section: Section
    ) -> str:
        """Read the template's sentences wherever one starts in ``paragraph`` (a
        lost line end may have joined it to the text before); return the rest."""
        if not pats:
            return paragraph
        before = ""
        rest = self._read_at_start(pats, paragraph, section)
        while rest:
            stop = rest.find("。")
            if stop < 0 or stop == len(rest) - 1:
                break
            before, tail = before + rest[: stop + 1], rest[stop + 1 :]
            rest = self._read_at_start(pats, tail, section)
        rest = (before + rest).strip()
        return "" if _PUNCT_ONLY.fullmatch(rest) else rest

    def _read_at_start(
        self, pats: list[sentences.Pattern], paragraph: str, section: Section
    ) -> str:
        rest = paragraph
        while rest:
            best = sentences.best_reading(pats, rest, self.numeric)
            if best is None:
                break
            pattern, reading = best
            literal = len(pattern.literal)
            # the sentence must be most of what it consumed (not a long paragraph
            # that happens to contain its words)
            consumed = rest[: reading.end]
            stop = rest.find("。", max(reading.end - 1, 0))
            # the sentence ends at its 。 when that follows closely; two sentences
            # run together (a lost line end) are read one after the other
            end = stop + 1 if 0 <= stop <= reading.end + 6 else reading.end
            if reading.coverage < 0.6 or literal < 0.45 * len(_key(consumed) or "x"):
                break
            self.take_reading(reading.values, pattern.options, section)
            rest = rest[end:].strip()
        return rest

    def _text_target(
        self, texts: list[FieldSpec], paragraph: str, index: int, first_group: int | None
    ) -> tuple[FieldSpec, str] | None:
        for spec in texts:
            for lead in (spec.prefix, f"{spec.label}："):
                if (
                    lead
                    and _key(paragraph).startswith(title_key(lead))
                    and (len(title_key(lead)) >= 4)
                ):
                    cut = paragraph.find("：")
                    body = paragraph[cut + 1 :].strip() if cut >= 0 else paragraph
                    return spec, body
        if not texts:
            return None
        plain = [s for s in texts if not s.prefix]
        if not plain:
            return None
        return plain[0], paragraph

    def _option_for(self, spec: FieldSpec) -> None:
        """A group that is required under one option value chooses it (task_list: projects)."""
        match = re.fullmatch(r"\s*(\w+)\s*==\s*'([^']*)'\s*", spec.required_when or "")
        if match and match.group(1) in {o.id for o in self.t.options}:
            self.d.options[match.group(1)] = match.group(2)

    # -- before the first heading ---------------------------------------------
    def preamble(self, paragraphs: list[str]) -> list[str]:
        """Title, cover and 说明: unit identity and options; return what is left."""
        unplaced: list[str] = []
        title_pats = sentences.patterns(self.t, self.t.title)
        cover_lines = self.t.cover.lines if self.t.cover else []
        title_done = False
        pending: list[str] = []
        for paragraph in paragraphs:
            if not title_done and ("报告" in paragraph or pending):
                candidate = "".join([*pending, paragraph])
                # a title, not a paragraph that mentions a 报告
                if "报告" in candidate and len(candidate) <= 80 and not _PROSE.search(candidate):
                    best = sentences.best_reading(title_pats, candidate, self.numeric)
                    if best and best[1].coverage >= 0.5:
                        self.take_reading(best[1].values, best[0].options, self.t.sections[0])
                        title_done = True
                        pending = []
                        self.recognised += 1
                        continue
            if re.fullmatch(r"附件\s*\d+", paragraph):
                if self.t.attachment_label and "{{" in self.t.attachment_label:
                    name = self.t.attachment_label.strip("{} ")
                    if name in {o.id for o in self.t.options}:
                        self.d.options[name] = paragraph.replace(" ", "")
                self.recognised += 1
                continue
            if self._cover_line(paragraph, cover_lines):
                continue
            year = re.fullmatch(r"年度\s*(\d{4})", paragraph)
            if year:
                self.set_unit("year", year.group(1))
                self.recognised += 1
                continue
            if self.is_fixed(paragraph) or re.fullmatch(
                r"\d{4}年\d{1,2}月(?:\d{1,2}日)?", paragraph
            ):
                self.recognised += 1
                continue
            if not title_done and len(paragraph) <= 20 and not pending:
                pending.append(paragraph)  # a title broken over two lines
                continue
            unplaced += pending
            pending = []
            unplaced.append(paragraph)
        return unplaced + pending

    def _cover_line(self, paragraph: str, lines: list) -> bool:
        for line in lines:
            label = re.sub(r"[（(].*?[）)]", "", line.label)
            if not label or not paragraph.startswith(label):
                continue
            value = re.sub(r"^[：:\s]+", "", paragraph[len(label) :])
            value = re.sub(r"[（(]公章[）)]", "", value).strip()
            pats = sentences.patterns(self.t, line.value) if line.value else []
            for pattern in pats:
                slots = [v.removeprefix("unit.") for k, v in pattern.tokens if k == "slot"]
                if slots[:2] == ["filler", "position"]:
                    # "黄嘉颖 办事员": the space between them went with the spacing clean-up
                    split = _NAME_AND_POST.fullmatch(value)
                    if split:
                        self.set_unit("filler", split.group(1))
                        self.set_unit("position", split.group(2))
                        break
                if slots:
                    self.set_unit(slots[0], value)
                    break
            self.recognised += 1
            return True
        return False


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
    placer = _Placer(template, draft)
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
    signoff_title = _key(template.signoff_block.title) if template.signoff_block else ""
    for n, (index, section_id, heading) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else attachment
        body = [b.text for b in blocks[index + 1 : end]]
        if heading.rest:
            body.insert(0, heading.rest)
        tail: list[str] = []
        if signoff_title:  # the 单位主要领导意见 block ends the outline
            cut = next((i for i, p in enumerate(body) if _key(p) == signoff_title), None)
            if cut is not None:
                body, tail = body[:cut], body[cut:]
        unplaced += placer.place(sections[section_id], body)
        for paragraph in tail:
            if placer.is_fixed(paragraph) or re.search(r"\d{4}\s*年", paragraph):
                placer.recognised += 1
            else:
                unplaced.append(paragraph)
    if attachment < len(blocks):
        unplaced.append("\n".join(tables.as_text(b.text) for b in blocks[attachment:]))
    for section_id, section in sections.items():
        if section.optional:
            draft.sections[section_id] = section_id in found
    draft.unplaced = unplaced
    draft.unconfirmed = list(dict.fromkeys(draft.unconfirmed))
    # a section counts as filled when it, or one of its children, got something
    filled = [s.id for s, _ in template.walk() if s.id in placer.filled_sections]
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
