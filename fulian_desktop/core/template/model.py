"""Report templates: the pydantic models of ``templates/<id>/template.yaml``.

A template is data. It says what the clerk fills in (fields, grouped in a tree
of sections), what is derived (computed values), what is checked (rules) and
what is printed (each section's ``body``: fields, fixed text, generated
sentences and tables). Adding a district's outline means adding a folder with
a YAML file; no Python. ``templates/README.md`` documents the format for the
people who write them.

Loading (``load_template`` in core/template/loading.py) checks the YAML
against these models and then the cross-references (unique ids, fields that
rules and snippets name, jinja variables) in core/template/checks.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fulian_desktop.core.template.scoresheet_spec import ScoresheetSpec
from fulian_desktop.core.text.mentions import MentionsSpec
from fulian_desktop.core.text.textstats import COUNT_METHODS

# ---------------------------------------------------------------------------
# Fields


FieldKind = Literal[
    "text",  # short text, one line
    "longtext",  # paragraphs
    "money",  # 万元, two decimals
    "integer",  # e.g. 编制数
    "percent",  # a stated rate, e.g. 95.78
    "score",  # 0–100, two decimals
    "date",
    "phone",
    "choice",
    "group",  # repeatable items, each with sub-fields
]

#: Kinds whose value is a number (parsed to Decimal).
NUMERIC_KINDS = frozenset({"money", "integer", "percent", "score"})

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

#: A figure a template states (bounds, grade bands): finite, at most 30 digits
#: (a huge exponent would make every comparison and message print a
#: million-digit number).
TemplateFigure = Annotated[Decimal, Field(max_digits=30, decimal_places=10)]
#: Decimals printed for a figure: more is never needed and a huge number makes
#: rounding build a number of that many digits.
Places = Annotated[int, Field(ge=0, le=10)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldSpec(_Model):
    """One input. Long texts print as paragraphs; other kinds print only where a
    section's body names them (usually inside a generated sentence)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    kind: FieldKind
    label: str
    help: str = ""  # what to write here, shown beside the editor
    placeholder: str = ""
    required: bool = False
    #: an expression; when it is true the field becomes required (偏差原因 when rate < 100)
    required_when: str = ""
    #: longtext: warn when the answer is empty of substance (无, 暂无, 没有 …)
    substantive: bool = False
    min_length: int | None = None  # longtext/text, counted with the template's length method
    max_length: int | None = None
    minimum: TemplateFigure | None = None  # numbers
    maximum: TemplateFigure | None = None
    places: Places = 2  # decimals for money / percent / score
    choices: list[str] = Field(default_factory=list)  # kind: choice
    default: str = ""
    #: carried over by "start from last year's report" (部门概况, 职责)
    stable: bool = False
    #: longtext: printed before the first paragraph, e.g. "完成情况："
    prefix: str = ""
    # kind: group
    fields: list[FieldSpec] = Field(default_factory=list)
    min_items: int = 0
    max_items: int | None = None
    item_label: str = ""  # jinja, e.g. "任务（{{ n | cn_number }}）" (UI and print)
    #: how each item prints: jinja snippets, one paragraph each (may hold several lines)
    item_print: list[str] = Field(default_factory=list)
    #: or print the items as a table
    item_table: TableSpec | None = None
    #: or as numbered headings: jinja, the heading text of each item (an empty
    #: heading prints none, so an option can choose labels or headings); the
    #: item_print paragraphs follow it
    item_heading: str = ""
    #: the serial style of item_heading (1: 一、 2: （一） 3: 1. 4: （1））; the
    #: heading itself is one level below the group's section. None: that level's style
    item_heading_level: Annotated[int, Field(ge=1, le=4)] | None = None

    @model_validator(mode="after")
    def _check_kind(self) -> FieldSpec:
        if self.kind == "group":
            if not self.fields:
                raise ValueError("a group needs sub-fields under 'fields'")
            if any(f.kind == "group" for f in self.fields):
                raise ValueError("groups cannot be nested")
        elif self.fields or self.item_print or self.item_table or self.item_heading:
            raise ValueError(
                "'fields', 'item_print', 'item_table' and 'item_heading' belong to kind: group"
            )
        if self.kind == "choice" and not self.choices:
            raise ValueError("a choice needs 'choices'")
        if self.kind == "score":
            lo = self.minimum if self.minimum is not None else Decimal(0)
            hi = self.maximum if self.maximum is not None else Decimal(100)
            if lo < 0 or hi > 100:
                raise ValueError("a score is between 0 and 100")
        if self.min_items and self.max_items is not None and self.min_items > self.max_items:
            raise ValueError("min_items is larger than max_items")
        return self


class ComputedSpec(_Model):
    """A value derived from fields: a sum, a ratio, a grade.

    ``expr`` is an expression (core/template/expressions.py): field ids, numbers,
    + - * /, parentheses, and the functions sum(group.field), count(group),
    ratio(a, b) (a / b as a percentage), grade(score), min, max, abs.
    With ``check`` naming a field the clerk typed, the two are compared at the
    typed figure's printed precision (a stated rate must equal the computed one).
    """

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    label: str
    expr: str
    format: Literal["money", "percent", "integer", "number", "grade"] = "money"
    places: Places = 2
    check: str = ""  # id of a field whose typed figure must equal this value
    severity: Literal["error", "warning"] = "error"


class TableColumn(_Model):
    header: str
    value: str  # jinja snippet; in item tables `item` is the current item
    width: Annotated[float, Field(ge=0, le=1000)] = 1.0
    align: Literal["left", "center", "right", "justify"] = "left"


class TableSpec(_Model):
    """A printed table. Either fixed ``rows`` of snippets, or (as a group's
    ``item_table``) one row per item from ``columns``."""

    caption: str = ""  # e.g. 单位：万元
    columns: list[TableColumn] = Field(default_factory=list)
    rows: list[list[str]] = Field(default_factory=list)  # fixed rows below the header
    total_row: list[str] = Field(default_factory=list)  # item tables: a last row (合计)
    when: str = ""  # expression; the table prints only when it is true (or a template option)


# ---------------------------------------------------------------------------
# Section body: what prints, in order


class BodyField(_Model):
    field: str


class BodyText(_Model):
    """Fixed text from the outline (instructions, set phrases)."""

    text: str
    role: Literal["body", "note", "signature"] = "body"


class BodySentence(_Model):
    """A sentence generated from figures (a jinja2 snippet). Empty output prints nothing."""

    sentence: str


class BodyTable(_Model):
    table: TableSpec


BodyItem = BodyField | BodyText | BodySentence | BodyTable


# ---------------------------------------------------------------------------
# Rules


class Term(_Model):
    """Parsed form of a term in a sum rule: a field, or a group's column."""

    field: str
    sub: str = ""


class RuleBase(_Model):
    message: str = ""  # overrides the generated message
    hint: str = ""
    severity: Literal["error", "warning", "info"] = "error"


class EqualSumsRule(RuleBase):
    """Σ left = Σ right, with rounding tolerance.

    Each term is a field id (money) or ``group.sub`` (every item's sub-field).
    Every figure was rounded to 0.01, so the sides may differ by up to
    (number of figures) × 0.005; inside that bound the gap is info
    (四舍五入差异), beyond it an error naming both figures and the gap. This one
    rule covers "the parts add up to the total", balance identities
    (收入 + 上年结转 = 支出 + 结转下年) and "a group's total equals a field".
    """

    kind: Literal["equal_sums"]
    left: list[str]
    right: list[str]
    label: str = ""  # e.g. 基本支出与项目支出之和


class LengthCapRule(RuleBase):
    """Several long texts share one length cap (红皮书: 2000 字 over four parts)."""

    kind: Literal["length_cap"]
    fields: list[str]
    max: int
    label: str = ""  # how the message names them, e.g. 自评总结
    # what the cap counts: the fields' texts, or the whole section as Word
    # counts it (headings and fixed notes too); both figures are shown anyway
    counts: Literal["fields", "section"] = "fields"


class ExprRule(RuleBase):
    """A general check: when ``check`` is false, report ``message``."""

    kind: Literal["check"]
    check: str
    field: str = ""  # where the issue points
    message: str  # type: ignore[assignment]


Rule = Annotated[EqualSumsRule | LengthCapRule | ExprRule, Field(discriminator="kind")]


# ---------------------------------------------------------------------------
# Sections


class Section(_Model):
    id: Annotated[str, Field(pattern=ID_PATTERN)]
    title: str
    #: not every outline has every part (增城 has no 重点任务项目支出 section);
    #: an optional section can be switched off per draft and is then not numbered
    optional: bool = False
    default_on: bool = True
    #: numbered sections get 一、 （一） 1. （1） by depth; an unnumbered one
    #: (红皮书's 自评总结) prints its title as a plain heading, and its children
    #: start again at 一、
    numbered: bool = True
    intro: str = ""  # guidance for the clerk at the top of the page (not printed)
    fields: list[FieldSpec] = Field(default_factory=list)
    computed: list[ComputedSpec] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    #: what prints under the heading, in order; absent: every longtext and
    #: group field in order
    body: list[BodyItem] | None = None
    sections: list[Section] = Field(default_factory=list)

    def printed_body(self) -> list[BodyItem]:
        if self.body is not None:
            return self.body
        return [BodyField(field=f.id) for f in self.fields if f.kind in ("longtext", "group")]


# ---------------------------------------------------------------------------
# Pages around the outline


class CoverLine(_Model):
    label: str  # 单位名称
    value: str = ""  # jinja, e.g. "{{ unit.name }}"
    #: printed after the value: the 红皮书 form reads "单位名称：……（公章）",
    #: the seal going where the name ends
    suffix: str = ""


class CoverSpec(_Model):
    """A cover page (红皮书): label, 年度 box, blank 编号 box, title, lines, office."""

    label: str = ""  # 附件 2
    year_box: bool = True
    number_box: bool = True
    title: str  # jinja
    lines: list[CoverLine] = Field(default_factory=list)
    office: str = ""  # 佛山市三水区绩效管理工作领导小组办公室编制
    date: str = ""  # jinja, e.g. "{{ unit.fill_date | month_cn }}"


class InstructionsSpec(_Model):
    """A fixed 说明 page."""

    title: str = "说明"
    items: list[str]


class SignoffBlockSpec(_Model):
    """The 单位主要领导意见 block: pledge, signature and seal lines, date."""

    title: str = "单位主要领导意见"
    pledge: str = ""
    lines: list[str] = Field(default_factory=list)  # jinja; signoff.by is the head's name
    date: str = "{{ signoff_date | date_cn }}"


class ClosingSpec(_Model):
    """署名 and 成文日期 after the body (GB/T 9704 7.3.5, sealed): the date
    ``date_right_chars`` characters in from the right, the unit's name centred
    over it. An outline with a sign-off block prints its own date there
    (with this indent) and no second closing."""

    enabled: bool = True
    date_right_chars: float = Field(4, ge=0, le=20)  # 三水 红皮书: 2


class OptionSpec(_Model):
    """A variant chosen per draft (番禺 or 增城 title, an optional table)."""

    id: Annotated[str, Field(pattern=ID_PATTERN)]
    label: str
    kind: Literal["choice", "bool", "text"] = "choice"
    choices: dict[str, str] = Field(default_factory=dict)  # key → label shown to the clerk
    default: str | bool = ""

    @model_validator(mode="after")
    def _check(self) -> OptionSpec:
        if self.kind == "choice":
            if not self.choices:
                raise ValueError("a choice option needs 'choices'")
            if self.default not in self.choices:
                raise ValueError(f"default {self.default!r} is not one of the choices")
        return self


class GradeBand(_Model):
    grade: str
    min: TemplateFigure  # inclusive


LENGTH_METHODS = COUNT_METHODS  # the counts textstats knows


class Template(_Model):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: str
    name: str  # 部门整体支出绩效自评报告
    description: str = ""
    issuer: str = ""  # 广州市各区财政局
    region: str = ""
    years: list[int] = Field(default_factory=list)  # empty: any year
    title: str  # jinja
    attachment_label: str = ""  # jinja; 附件2
    style_profile: str = "gbt9704"
    style_overrides: dict[str, Any] = Field(default_factory=dict)
    money_trailing_zeros: bool = False  # computed sums: 701.5 (samples) or 701.50
    #: an optional section left out: the rest renumber (renumber) or keep their
    #: published numbers (fixed); an option with id "numbering" chooses per draft
    numbering: Literal["renumber", "fixed"] = "renumber"
    percent_trailing_zeros: bool = True  # computed rates: 100.00% or (false) 100%
    length_method: str = "字数"
    grade_bands: list[GradeBand] = Field(
        default_factory=lambda: [
            GradeBand(grade="优", min=Decimal(90)),
            GradeBand(grade="良", min=Decimal(80)),
            GradeBand(grade="中", min=Decimal(60)),
            GradeBand(grade="差", min=Decimal(0)),
        ]
    )
    #: answers that say nothing (checked on fields marked substantive)
    empty_answers: list[str] = Field(default_factory=lambda: ["无", "暂无", "没有", "无。", "略"])
    options: list[OptionSpec] = Field(default_factory=list)
    cover: CoverSpec | None = None
    instructions: InstructionsSpec | None = None
    signoff_block: SignoffBlockSpec | None = None
    closing: ClosingSpec = Field(default_factory=ClosingSpec)
    #: 附件说明 (GB/T 9704 7.3.6) after the body when the 绩效自评表 follows
    attachment_note: bool = True
    sections: list[Section]
    rules: list[Rule] = Field(default_factory=list)  # rules across sections
    #: key figures (预算数, 完成率 …) and the words that introduce them in prose,
    #: with the form's figure each must equal (core/text/mentions.py)
    mentions: MentionsSpec = Field(default_factory=MentionsSpec)
    #: the 绩效自评表 (core/template/scoresheet_spec.py); none: the outline has no table
    scoresheet: ScoresheetSpec | None = None

    @field_validator("length_method")
    @classmethod
    def _check_length_method(cls, value: str) -> str:
        if value not in LENGTH_METHODS:
            raise ValueError(f"length_method must be one of {', '.join(LENGTH_METHODS)}")
        return value

    # -- walking the tree -------------------------------------------------
    def walk(self) -> Iterator[tuple[Section, int]]:
        """Every section with its depth (1 for top level), in document order."""

        def visit(sections: list[Section], depth: int) -> Iterator[tuple[Section, int]]:
            for section in sections:
                yield section, depth
                yield from visit(section.sections, depth + 1)

        yield from visit(self.sections, 1)

    def all_fields(self) -> Iterator[tuple[Section, FieldSpec]]:
        for section, _ in self.walk():
            for spec in section.fields:
                yield section, spec

    def field(self, field_id: str) -> FieldSpec:
        for _, spec in self.all_fields():
            if spec.id == field_id:
                return spec
        raise KeyError(field_id)

    def section_of(self, field_id: str) -> Section:
        for section, spec in self.all_fields():
            if spec.id == field_id:
                return section
        raise KeyError(field_id)

    def all_computed(self) -> Iterator[ComputedSpec]:
        for section, _ in self.walk():
            yield from section.computed

    def all_rules(self) -> Iterator[Rule]:
        for section, _ in self.walk():
            yield from section.rules
        yield from self.rules

    def stable_field_ids(self) -> set[str]:
        return {spec.id for _, spec in self.all_fields() if spec.stable}

    def figure_field_ids(self) -> set[str]:
        """Plain numeric fields: what becomes last year's figures in a new year."""
        return {spec.id for _, spec in self.all_fields() if spec.kind in NUMERIC_KINDS}

    def option_defaults(self) -> dict[str, str | bool]:
        return {opt.id: opt.default for opt in self.options}


FieldSpec.model_rebuild()
Section.model_rebuild()
