"""Checks of the report's prose: key figures in the clerk's texts, and her
rewrites of generated sentences.

``check_prose``: every text of the report the clerk wrote (long texts, short
texts, the texts of a list's items, her rewritten sentences) is searched for
the template's key-figure mentions (core/text/mentions.py); a number that differs
from the form's figure at the text's own precision (元 converted to 万元) is a
warning pointing at the words (the issue's ``start``/``end``).

``check_yoy``: when the draft has last year's figures (started from last
year's report), a text that says a key figure rose, fell or stayed the same
since last year (较上年增加 X 万元, 同比增长 Y%) while the figures say
otherwise is a warning pointing at the words.

``check_sentences``: a rewritten sentence whose figures changed since she
wrote it is a warning (her version is kept; 重新生成 brings the generated one
back); a rewrite that does not print because its sentence does not apply is
information.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fulian_desktop.core.check.rules import num
from fulian_desktop.core.compose import sentences
from fulian_desktop.core.draft.values import draft_options, last_year_evaluated
from fulian_desktop.core.template import expressions
from fulian_desktop.core.text import mentions, numbers, yoy
from fulian_desktop.core.text.mentions import MentionFigure

if TYPE_CHECKING:
    from fulian_desktop.core.check.run import Run


def _texts(run: Run) -> Iterator[tuple[str, str, str, str]]:
    """(path, section id, name for messages, text) of every text the clerk wrote."""
    for section, _ in run.plan.sections:
        if not run.on[section.id]:
            continue
        for spec in section.fields:
            if spec.kind in ("longtext", "text"):
                text = run.draft.text(spec.id)
                if text.strip():
                    yield spec.id, section.id, f"“{spec.label}”", text
            elif spec.kind == "group":
                subs = [sub for sub in spec.fields if sub.kind in ("longtext", "text")]
                for index, item in enumerate(run.draft.items(spec.id)):
                    for sub in subs:
                        text = item.get(sub.id, "")
                        if isinstance(text, str) and text.strip():
                            name = f"“{spec.label}”第 {index + 1} 项的“{sub.label}”"
                            yield f"{spec.id}[{index}].{sub.id}", section.id, name, text
        for generated in _generated(run, section):
            override = run.draft.sentences.get(generated.key)
            if override is not None and generated.text:
                yield generated.key, section.id, "改写的句子", override.text


def _generated(run: Run, section: Any) -> list[sentences.Generated]:
    if not any(key in run.draft.sentences for key, _ in sentences.section_sentences(section)):
        return []
    return sentences.generate(run.template, run.draft, section, context=run.context())


_YEAR_BEFORE = re.compile(r"(\d{4})\s*(?:年度?)?\s*$")


def _other_year(text: str, start: int, year: int | None) -> bool:
    """ "2021年度预算数为…" in a 2022 report speaks of another year's figure."""
    match = _YEAR_BEFORE.search(mentions.half_width(text[max(0, start - 8) : start]))
    return match is not None and year is not None and int(match.group(1)) != year


def _places(run: Run, figure: MentionFigure) -> int:
    name = figure.figure.strip()
    spec = run.plan.specs.get(name)
    if spec is not None:
        return spec.places
    for _, comp in run.plan.computed:
        if comp.id == name:
            return comp.places
    return 2


def _form_shown(run: Run, kind: str, value: Decimal | str) -> str:
    if isinstance(value, str):
        return value
    if kind == "money":
        return f"{numbers.format_money(value, run.template.money_trailing_zeros)} 万元"
    if kind == "percent":
        return numbers.format_percent(value)
    if kind == "score":
        return f"{num(value)} 分"
    return num(value)


def _printed_in_sheet(run: Run) -> set[str]:
    """The money and score cells of the 绩效自评表 as the attachment prints them."""
    from fulian_desktop.core.scoresheet.layout import layout

    sheet = layout(run.template, run.draft)
    if sheet is None:
        return set()
    out: set[str] = set()
    for table in (sheet.budget, sheet.indicators):
        if table is None:
            continue
        for row in table.text_rows():
            out.update(row[i] for i in table.fixed_columns if i < len(row))
    return out


def _check_written_like_sheet(
    run: Run,
    path: str,
    section: str,
    name: str,
    text: str,
    mention: mentions.Mention,
    value: Any,
    printed: set[str],
) -> None:
    """The same figure written one way in prose and printed another in the
    attachment beneath ("92.5分" against 合计 "92.50"): a notice, not a fault."""
    if not isinstance(value, Decimal) or mention.unit not in ("万元", "万", "分", ""):
        return
    shown = numbers.format_money(value, trailing_zeros=True)
    if shown not in printed or mention.written == shown:
        return
    if not isinstance(mention.value, Decimal) or mention.value != value:
        return  # written in 元, or rounded: a different figure, not a different form
    words = text[mention.start : mention.end]
    run.add(
        "info",
        path,
        f"{name}中写的{mention.key}“{words}”，在后附的绩效自评表中印作“{shown}”：数值相同，写法不一样",
        f"同一个数前后写法一致，审核时更好核对：可把文字中的数字改为“{shown}”",
        "figure_form",
        section,
        (mention.start, mention.end),
    )


def check_prose(run: Run) -> None:
    spec = run.template.mentions
    checked = [f for f in spec.figures if f.figure.strip()]
    if not checked:
        return
    figures: dict[str, tuple[MentionFigure, Any, int]] = {}
    for figure in checked:
        value = run.try_eval(figure.figure, "mentions", "")
        if isinstance(value, (Decimal, str)) and value != "":
            figures[figure.key] = (figure, value, _places(run, figure))
    if not figures:
        return
    year = run.draft.unit.year
    printed: set[str] | None = None  # the 自评表's figures as printed, worked out once
    for path, section, name, text in _texts(run):
        for mention in mentions.find_mentions(text, spec):
            known = figures.get(mention.key)
            if known is None or _other_year(text, mention.start, year):
                continue
            figure, value, places = known
            if mentions.figure_matches(mention, value, places):
                if printed is None:
                    printed = _printed_in_sheet(run)
                _check_written_like_sheet(run, path, section, name, text, mention, value, printed)
                continue
            kind = figure.figure_kind()
            words = text[mention.start : mention.end]
            converted = ""
            if kind == "money" and mention.unit not in ("万元", "万"):
                converted = f"（折合 {num(mention.value.normalize())} 万元）"  # type: ignore[union-attr]
            label = sentences.figure_label(run.template, figure.figure.strip())
            run.add(
                "warning",
                path,
                f"{name}中写的{mention.key}“{words}”{converted}与表中的“{label}”"
                f" {_form_shown(run, kind, value)}不一致",
                "请核对文字中的数字与表中填写的数字，改正其中错的一处",
                "mention",
                section,
                (mention.start, mention.end),
            )


def check_sentences(run: Run) -> None:
    if not run.draft.sentences:
        return
    for section, _ in run.plan.sections:
        if not run.on[section.id]:
            continue
        for generated in _generated(run, section):
            override = run.draft.sentences.get(generated.key)
            if override is None:
                continue
            if not generated.text:
                run.add(
                    "info",
                    generated.key,
                    "改写的句子目前不印出：按现在的选项或数字，这一句不生成",
                    "填写所依据的数字或换回原来的选项后，改写的句子会重新印出",
                    "sentence",
                    section.id,
                )
                continue
            changed = sentences.changed_figures(override, generated)
            if changed:
                # a typed figure and the value computed from it share a label: say it once
                said: dict[str, str] = {}
                for n, then, now in changed:
                    label = sentences.figure_label(run.template, n)
                    said.setdefault(label, f"{label}原为“{then or '空'}”，现为“{now or '空'}”")
                what = "；".join(said.values())
                run.add(
                    "warning",
                    generated.key,
                    f"改写的句子是按原来的数字写的，数字已变：{what}",
                    "请修改句子，或点“重新生成”按现在的数字生成（可撤销）",
                    "sentence_stale",
                    section.id,
                )


def check_yoy(run: Run) -> None:
    if not run.draft.last_year:
        return
    spec = run.template.mentions
    checked = [f for f in spec.figures if f.figure.strip() and f.figure_kind() != "grade"]
    last_evaluated = last_year_evaluated(run.template, run.draft)
    if not checked or last_evaluated is None:
        return
    last_scope = last_evaluated.scope(run.template, draft_options(run.template, run.draft))
    pairs: dict[str, tuple[MentionFigure, Decimal, Decimal]] = {}
    for figure in checked:
        this = run.try_eval(figure.figure, "mentions", "")
        try:
            last = expressions.evaluate(figure.figure, last_scope)
        except expressions.ExpressionError:
            last = None  # reported for this year's figures already
        if isinstance(this, Decimal) and isinstance(last, Decimal):
            pairs[figure.key] = (figure, this, last)
    if not pairs:
        return
    for path, section, name, text in _texts(run):
        for claim in yoy.find_claims(text, spec):
            known = pairs.get(claim.key)
            if known is None:
                continue
            figure, this, last = known
            kind = figure.figure_kind()
            actual = yoy.contradiction(claim, this, last, kind)
            if not actual:
                continue
            words = text[claim.start : claim.end]
            label = sentences.figure_label(run.template, figure.figure.strip())
            run.add(
                "warning",
                path,
                f"{name}中写“{words}”，但按填写的数字，“{label}”本年 "
                f"{_form_shown(run, kind, this)}、上年 {_form_shown(run, kind, last)}，"
                f"应为较上年{actual}",
                "请核对与上年对比的说法和数字",
                "yoy",
                section,
                (claim.start, claim.end),
            )
