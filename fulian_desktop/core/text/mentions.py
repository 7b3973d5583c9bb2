"""Key figures mentioned in prose: "年度预算数为732.44万元" → 预算数 = 732.44.

A reviewer checks the key figures of a report (预算数, 执行数, 收入, 完成率,
自评分, 等级) first, and finds them in the clerk's paragraphs as well as in
the table. A template names these figures and the words that introduce them
in a ``mentions`` block (``templates/README.md`` §14); the built-in templates
share :data:`DEFAULT_FIGURES`. This module finds the mentions in a text and
reads the number that follows; validation compares them with the form, the
importer reads last year's figures with them.

The API::

    find_mentions(text, spec=None) -> list[Mention]
        # spec: a MentionsSpec (a template's ``mentions``); None: the defaults
    Mention(key, value, unit, start, end, written, places)
        # key      "预算数"
        # value    Decimal in the figure's base unit (万元, %, 分), or the grade
        #          word as written ("优良") for kind grade
        # unit     the unit as written: "万元", "元", "亿元", "%", "分" or ""
        # start    offset of the introducing words in ``text``
        # end      offset just after the number and its unit
        #          (text[start:end] == "年度预算数为732.44万元": what the window selects)
        # written  the number as written ("7,324,400")
        # places   decimals of ``value`` that the text states (元 → 万元 adds 4)
    figure_matches(mention, figure) -> bool
        # the text states the form's figure, at the text's own precision

What counts as a mention: one of the key's words, then at most a few filler
characters (为, 是, 达, 达到, 约, 共计, 合计, ：, spaces, quotes), then a number
with the key's unit: 万元/元/亿元 (or 万) for money, % for a rate, 分 or nothing
for a score, a grade word (优, 良, 优良, 良好, 合格 …) for 等级. Digits may be
full-width, thousands may be grouped with commas (7,324,400). Words just after a
qualifier (基本支出预算数, 项目支出完成率, 专项资金总支出, 上年预算数 …) name a
different figure and are skipped; the qualifiers are part of the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fulian_desktop.core.text.numbers import round_money

MentionKind = Literal["money", "percent", "score", "grade"]

#: The words that introduce each key figure in the built-in outlines, and the
#: kind of number that follows. Longer words win where two overlap
#: (年度预算数 before 预算数为).
DEFAULT_WORDS: dict[str, tuple[MentionKind, tuple[str, ...]]] = {
    "预算数": ("money", ("年度预算数", "全年预算数", "预算数为")),
    "执行数": ("money", ("总支出", "执行数为", "执行数")),
    "收入": ("money", ("总收入", "收入合计", "收入为", "收入")),
    "完成率": ("percent", ("预算完成率", "执行率", "完成率达", "完成率为")),
    "自评分": ("score", ("自评分为", "自评得分", "自评分")),
    "等级": ("grade", ("自评结果为", "自评等级为", "自评结果")),
}

#: Words that, written just before the introducing words, make them name
#: another figure: 基本支出预算数, 项目支出完成率, 专项资金总支出, 财政拨款收入.
DEFAULT_QUALIFIERS: tuple[str, ...] = (
    "基本支出",
    "项目支出",
    "基本",
    "项目",
    "人员",
    "公用",
    "专项",
    "专项资金",
    "财政拨款",
    "拨款",
    "其他",
    "事业",
    "经营",
    "结转",
    "上年",
    "上年度",
    "去年",
    "上一年度",
)

#: Grade words as written, and the grade they agree with (优良 agrees with 优 and 良).
GRADE_WORDS: dict[str, tuple[str, ...]] = {
    "优秀": ("优",),
    "优良": ("优", "良"),
    "良好": ("良",),
    "不合格": ("差",),
    "不及格": ("差",),
    "合格": ("中", "合格"),
    "及格": ("中",),
    "中等": ("中",),
    "较差": ("差",),
    "优": ("优",),
    "良": ("良",),
    "中": ("中",),
    "差": ("差",),
}

_UNITS: dict[MentionKind, tuple[str, ...]] = {
    "money": ("亿元", "万元", "元", "万"),
    "percent": ("%",),
    "score": ("分", ""),
    "grade": ("",),
}
#: decimal shift from the written unit to the base unit (万元)
_SHIFT = {"亿元": 4, "万元": 0, "万": 0, "元": -4}
_BASE_UNIT: dict[MentionKind, str] = {"money": "万元", "percent": "%", "score": "分", "grade": ""}

# Full-width digits, dot and percent, one character for one, so offsets stay put.
_HALF_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_FULL_WIDTH = re.compile("[０-９．％]")


def half_width(text: str) -> str:
    """``text`` with full-width digits, dot and percent made half-width (same offsets)."""
    # translate() walks every character; most texts have nothing to change
    return text.translate(_HALF_WIDTH) if _FULL_WIDTH.search(text) else text


_FILLER = r"(?:\s|为|是|达到|达|了|约|共计|合计|共|计|：|:|“|”|\"|「|」|‘|’)*"
_NUMBER = r"(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?(?![\d,，])|\d+(?:\.\d+)?)"
_GRADE = "|".join(sorted(map(re.escape, GRADE_WORDS), key=len, reverse=True))


class MentionFigure(BaseModel):
    """One key figure of a template: its name, the words that introduce it, and
    the form's figure it must equal (an expression; empty: found, not checked)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    figure: str = ""
    words: tuple[str, ...] = ()  # empty: DEFAULT_WORDS[key]
    kind: MentionKind | None = None  # empty: DEFAULT_WORDS[key]

    @model_validator(mode="after")
    def _check(self) -> MentionFigure:
        if self.key not in DEFAULT_WORDS and (not self.words or self.kind is None):
            raise ValueError(
                f"'{self.key}' is not one of {', '.join(DEFAULT_WORDS)}: give it 'words' and 'kind'"
            )
        if any(not w.strip() for w in self.words):
            raise ValueError("a word in 'words' is empty")
        return self

    def word_list(self) -> tuple[str, ...]:
        return tuple(self.words) or DEFAULT_WORDS[self.key][1]

    def figure_kind(self) -> MentionKind:
        return self.kind or DEFAULT_WORDS[self.key][0]


def _default_figures() -> tuple[MentionFigure, ...]:
    return tuple(MentionFigure(key=key) for key in DEFAULT_WORDS)


class MentionsSpec(BaseModel):
    """A template's ``mentions`` block."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # tuples, so a spec is hashable and its compiled patterns can be cached
    figures: tuple[MentionFigure, ...] = Field(default_factory=_default_figures)
    qualifiers: tuple[str, ...] = DEFAULT_QUALIFIERS

    @model_validator(mode="after")
    def _check(self) -> MentionsSpec:
        keys = [f.key for f in self.figures]
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        if doubled:
            raise ValueError(f"figure '{doubled[0]}' is listed twice")
        return self


DEFAULT_SPEC = MentionsSpec()


@dataclass(frozen=True)
class Mention:
    key: str
    value: Decimal | str
    unit: str
    start: int
    end: int
    written: str
    places: int

    @property
    def shown(self) -> str:
        """The number as the text writes it, with its unit: ``7,324,400元``."""
        return f"{self.written}{self.unit}"


@dataclass(frozen=True)
class _Compiled:
    words: re.Pattern[str]
    figure_of_word: dict[str, MentionFigure]
    qualifiers: tuple[str, ...]
    after: dict[MentionKind, re.Pattern[str]]


def _after_pattern(kind: MentionKind) -> re.Pattern[str]:
    if kind == "grade":
        return re.compile(_FILLER + f"(?P<num>{_GRADE})")
    units = "|".join(re.escape(u) for u in _UNITS[kind] if u)
    unit = f"(?P<unit>{units})" + ("?" if "" in _UNITS[kind] else "")
    # a number must not run on into more digits or a dot, and 分 must not be 分之
    return re.compile(_FILLER + _NUMBER + r"\s*" + unit + r"(?![\d.]|之)")


@lru_cache(maxsize=32)
def _compile(spec: MentionsSpec) -> _Compiled:
    figure_of_word: dict[str, MentionFigure] = {}
    for figure in spec.figures:
        for word in figure.word_list():
            figure_of_word.setdefault(word, figure)
    alternatives = sorted(figure_of_word, key=len, reverse=True)
    words = re.compile("|".join(re.escape(w) for w in alternatives))
    kinds: tuple[MentionKind, ...] = ("money", "percent", "score", "grade")
    return _Compiled(
        words=words,
        figure_of_word=figure_of_word,
        qualifiers=tuple(spec.qualifiers),
        after={kind: _after_pattern(kind) for kind in kinds},
    )


def find_mentions(text: str, spec: MentionsSpec | None = None) -> list[Mention]:
    """Every key-figure mention in ``text``, in order (see the module docstring)."""
    spec = spec or DEFAULT_SPEC
    if not text or not spec.figures:
        return []
    return list(_find_cached(text, spec))


# Validation runs on every keystroke over every text of the report, and all
# but the one being typed are unchanged: remember the answers by text.
@lru_cache(maxsize=4096)
def _find_cached(text: str, spec: MentionsSpec) -> tuple[Mention, ...]:
    return tuple(_find(text, spec))


def _find(text: str, spec: MentionsSpec) -> list[Mention]:
    compiled = _compile(spec)
    plain = half_width(text)
    found: list[Mention] = []
    pos = 0
    while True:
        match = compiled.words.search(plain, pos)
        if match is None:
            return found
        pos = match.end()
        if any(plain.endswith(q, 0, match.start()) for q in compiled.qualifiers):
            continue
        figure = compiled.figure_of_word[match.group()]
        kind = figure.figure_kind()
        after = compiled.after[kind].match(plain, match.end())
        if after is None:
            continue
        mention = _read(text, figure.key, kind, after, match.start())
        if mention is not None:
            found.append(mention)
            pos = mention.end


def _read(
    text: str, key: str, kind: MentionKind, after: re.Match[str], start: int
) -> Mention | None:
    written = text[after.start("num") : after.end("num")]  # as typed, full-width and all
    if kind == "grade":
        return Mention(key, written, "", start, after.end(), written, 0)
    unit = after.group("unit") or ""
    value = Decimal(after.group("num").replace(",", "").replace("，", ""))
    exponent = value.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    shift = _SHIFT.get(unit, 0)
    if shift:
        value = value.scaleb(shift)
        places = max(places - shift, 0)
    if kind == "score" and value > 100:
        return None  # not a score: "自评分100分制" reads 100, but 2021 is a year
    return Mention(key, value, unit or _BASE_UNIT[kind], start, after.end(), written, places)


def figure_matches(mention: Mention, figure: Decimal | str | None, places: int = 2) -> bool:
    """Whether the text states ``figure`` (the form's), at the text's precision.

    Numbers are compared 四舍五入 at the coarser of the text's decimals and
    the form's ``places`` (2 for money, rates and scores): 701.5 万元 states
    701.50, 96% states 95.78%, 7,324,412 元 states 732.44 万元. A figure the
    form does not have (None) is not contradicted. Grades: the grade word
    agrees with the grade (优良 agrees with 优 and 良, 优秀 with 优).
    """
    if figure is None:
        return True
    if isinstance(mention.value, str) or isinstance(figure, str):
        written = str(mention.value)
        return str(figure) in GRADE_WORDS.get(written, (written,))
    at = min(mention.places, places)
    return round_money(mention.value, at) == round_money(figure, at)
