"""Placing a report's paragraphs in the sections and fields of a template.

The importer (importing/importer.py) finds the headings and gives each
section its paragraphs; ``Placer`` drops the template's own fixed texts, reads
tables and repeated items into group rows (importing/groups.py,
importing/tables.py), reads figures (importing/figures.py) and puts the rest
in the section's text fields. What finds no place is returned, for 未归类内容.
"""

from __future__ import annotations

import re

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import (
    BodySentence,
    BodyTable,
    BodyText,
    FieldSpec,
    Section,
    Template,
)
from fulian_desktop.importing import groups, sentences, tables
from fulian_desktop.importing.figures import FigureFiller, text_key
from fulian_desktop.importing.outline import title_key

#: a person's name (2–4 characters) and a post such as 办事员, 副主席, 财务会计
_NAME_AND_POST = re.compile(
    r"(.{2,4}?)\s*((?:财务|办公室|综合|组织|宣传|权益|家庭|儿童|副)*"
    r"(?:办事员|科员|干事|专干|专员|会计|出纳|主任|主席|部长|书记|委员|秘书|职员|工作人员|科长|股长))"
)
_PROSE = re.compile(r"[，。；！？]")


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
    return {k for k in (text_key(t) for t in texts if t) if k}


class Placer(FigureFiller):
    def __init__(self, template: Template, draft: Draft) -> None:
        super().__init__(template, draft)
        self.fixed = _fixed_texts(template)
        self.recognised = 0
        #: the title's readings that fit it equally well (read by ``read_title``)
        self.titles: list[tuple[sentences.Pattern, sentences.Reading]] = []
        self.readers = {
            spec.id: groups.reader_for(template, spec)
            for _, spec in template.all_fields()
            if spec.kind == "group" and spec.item_print
        }

    # -- fixed texts ----------------------------------------------------------
    def is_fixed(self, text: str) -> bool:
        from difflib import SequenceMatcher

        key = text_key(text)
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
        for spec in section.fields:
            if spec.id in self.readers:
                paragraphs = groups.split_at_starts(self.readers[spec.id], paragraphs)
        used: set[int] = set()
        for spec in section.fields:
            reader = self.readers.get(spec.id)
            if reader is None:
                continue
            # a paragraph one group took is not offered to the next
            offered = ["" if i in used else p for i, p in enumerate(paragraphs)]
            items, took, options = groups.read_items(reader, offered, self.numeric)
            if items and not self.d.items(spec.id):
                self.set_items(spec, items)
                used |= took
                self.filled_sections.add(section.id)
                self._option_for(spec)
                self.d.options.update(options)  # type: ignore[arg-type]
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

    def _text_target(
        self, texts: list[FieldSpec], paragraph: str, index: int, first_group: int | None
    ) -> tuple[FieldSpec, str] | None:
        for spec in texts:
            for lead in (spec.prefix, f"{spec.label}："):
                if (
                    lead
                    and text_key(paragraph).startswith(title_key(lead))
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
                        # read when the body has been: which name the title prints
                        # (full or short) is only known beside the prose's
                        self.titles = [
                            (p, r)
                            for p in title_pats
                            if (r := sentences.read(p, candidate, self.numeric)).coverage
                            >= best[1].coverage
                        ]
                        # all but the name now: the title's figures and text options
                        # come before any the body states (first reading wins)
                        sure = {
                            k: v
                            for k, v in best[1].values.items()
                            if k not in ("unit.name", "unit.short_name")
                        }
                        self.take_reading(sure, {}, self.t.sections[0])
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
            # "单位名称（公章）：…" as the export prints it: the colon follows the 公章
            value = re.sub(r"[（(]公章[）)]", "", value).strip().lstrip("：: ").strip()
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

    # -- after the body ---------------------------------------------------------
    def read_title(self) -> None:
        """Take the title's reading that agrees with the body.

        "青禾区妇联2023年部门整体支出绩效自评报告" reads as the unit's name or
        as its short name (title_name: short) equally well; the prose names the
        unit in full ("广州市青禾区妇女联合会2023年度总支出…"). A name in the
        title other than the prose's is the short name; without a name in the
        prose, a name that is shaped like a short one (…妇联, no 联合会) is."""
        if not self.titles:
            return
        prose_name = self.d.unit.name

        def says(reading: sentences.Reading, key: str) -> str:
            return reading.values.get(f"unit.{key}", "").strip()

        def fits(reading: sentences.Reading) -> int:
            name, short = says(reading, "name"), says(reading, "short_name")
            if prose_name:
                return 2 if name == prose_name or (short and short != prose_name) else 0
            looks_short = lambda v: "联合会" not in v and v.endswith(("妇联", "妇委会"))  # noqa: E731
            return 1 if (short and looks_short(short)) or (name and not looks_short(name)) else 0

        pattern, reading = max(self.titles, key=lambda pr: fits(pr[1]))
        self.take_reading(reading.values, pattern.options, self.t.sections[0])
        self.recognised += 1
