"""Repeated items (任务, 项目, 职责, 专项资金 items) read back into group rows.

A group's ``item_label`` and ``item_print`` lines say how each item looks in
print ("任务（一）：…" then "完成情况：…"; "1.项目名称（文号）属二级项目级次…").
Rendered with markers (sentences.py) they give the start of an item and the
words around each sub-field. A group printed only inside a sentence (资阳's
专项资金 items: "其中妇女节活动2.17万元，…") is read as a list of
name–amount pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fulian_desktop.core.template.model import NUMERIC_KINDS, FieldSpec, Template
from fulian_desktop.core.template.snippets import SnippetError, render
from fulian_desktop.importing.sentences import Pattern, best_reading, clean_number, marker, patterns

_CN = "一二三四五六七八九十百零〇"
_FLEX = {
    "（": "[（(]",
    "(": "[（(]",
    "）": "[）)]",
    ")": "[）)]",
    "：": "[：:]?",
    ":": "[：:]?",
    ".": "[.．、]",
    "．": "[.．、]",
    "、": "[、.．]",
}
#: a 文号 such as 穗财行【2021】68号 inside a project's name
DOC_NO = re.compile(r"[\u4e00-\u9fff]{1,6}[〔【\[（(]\d{4}[〕】\]）)]\s*\d+\s*号")


def _flexible(words: str) -> str:
    return "".join(_FLEX.get(c, r"\s*" if c.isspace() else re.escape(c)) for c in words)


@dataclass
class GroupReader:
    spec: FieldSpec
    start: re.Pattern[str] | None
    lines: list[list[Pattern]] = field(default_factory=list)
    #: items printed as numbered headings (``item_heading``): the serial that
    #: starts one (一、 （一） 1. （1）), what the heading holds, and the sub-field
    #: the lines below it go to
    heading_start: re.Pattern[str] | None = None
    heading: list[Pattern] = field(default_factory=list)
    heading_body: str = ""

    def options_of_headings(self) -> dict[str, object]:
        """The options under which items print as headings (task_style: headings)."""
        return dict(self.heading[0].options) if self.heading else {}


#: the serial styles of composer.serial (1: 一、 2: （一） 3: 1. 4: （1））, each
#: with the number it carries in group 1
_SERIALS = {
    1: re.compile(rf"^\s*([{_CN}]+)\s*[、.．]\s*"),
    2: re.compile(rf"^\s*[（(]\s*([{_CN}]+)\s*[）)]\s*"),
    3: re.compile(r"^\s*(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*"),
    4: re.compile(r"^\s*[（(]\s*(\d{1,3})\s*[）)]\s*"),
}
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def serial_value(text: str) -> int | None:
    """3 for "三" or "3", 12 for "十二"; None for what is not a small serial."""
    if text.isdigit():
        return int(text)
    text = text.replace("〇", "零")
    if not text or any(c not in _CN_DIGITS and c != "十" for c in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _serial_is_chinese(
    template: Template, spec: FieldSpec, source: str, label_source: str
) -> bool | None:
    """Whether the item number in ``source`` prints as 七 or as 7 (None: it prints none).

    The start pattern must not take "一、" for "{{ n }}." (a project list's
    1. 2. 3.): rendered with n = 7, the text before the first sub-field says
    which numerals the outline uses."""
    item = {sub.id: marker(f"item.{sub.id}") for sub in spec.fields}
    try:
        label = render(label_source, {"n": 7}) if label_source else ""
    except SnippetError:
        label = ""
    for pattern in patterns(template, source, {"n": 7, "item": item, "label": label}):
        lead = ""
        for kind, value in pattern.tokens:
            if kind == "slot" and value.startswith("item."):
                break
            if kind == "text":
                lead += value
        if "七" in lead:
            return True
        if "7" in lead:
            return False
    return None


def reader_for(template: Template, spec: FieldSpec) -> GroupReader:
    """How the items of ``spec`` start and what each printed line holds."""
    item = {sub.id: marker(f"item.{sub.id}") for sub in spec.fields}
    try:
        label = render(spec.item_label, {"n": marker("n")}) if spec.item_label else ""
    except SnippetError:
        label = ""
    extra = {"n": marker("n"), "item": item, "label": label}
    lines = [patterns(template, line, extra) for line in spec.item_print]
    lines = [found for found in lines if found]
    start = None
    if lines:
        chinese = _serial_is_chinese(template, spec, spec.item_print[0], spec.item_label)
        if chinese is None:  # the line prints no number: either kind may stand there
            number = rf"(?:[{_CN}]+|\d{{1,3}})"
        else:
            number = rf"[{_CN}]+" if chinese else r"\d{1,3}"
        lead: list[str] = []
        for kind, value in lines[0][0].tokens:
            if kind == "slot" and value.startswith("item."):
                break
            if kind == "slot":
                lead.append(number)
            else:
                lead.append(_flexible(value))
        if lead and any(number in p for p in lead):
            start = re.compile(r"^\s*" + r"\s*".join(lead))
    reader = GroupReader(spec, start, lines)
    if spec.item_heading:
        _add_heading_items(template, spec, reader, extra)
    return reader


def _add_heading_items(
    template: Template, spec: FieldSpec, reader: GroupReader, extra: dict
) -> None:
    """Items printed as numbered headings: "一、悟思想，……" then the lines below it."""
    heading = patterns(template, spec.item_heading, extra)
    if not heading:
        return
    reader.heading = heading
    # the serial style: the template's, else one level below the group's section
    # (the composer's rule); both are tried when the template does not say
    level = spec.item_heading_level
    styles = [level] if level else [1, 2, 3, 4]
    reader.heading_start = re.compile("|".join(f"(?:{_SERIALS[n].pattern})" for n in styles))
    in_heading = {v for p in heading for k, v in p.tokens if k == "slot"}
    body = [
        sub.id
        for sub in spec.fields
        if sub.kind == "longtext" and f"item.{sub.id}" not in in_heading
    ]
    reader.heading_body = body[0] if body else ""


def _fill(item: dict[str, str], values: dict[str, str], spec: FieldSpec) -> None:
    for sub in spec.fields:
        value = values.get(f"item.{sub.id}", "")
        if not value:
            continue
        if sub.kind in NUMERIC_KINDS:
            value = clean_number(value)
        elif sub.kind == "choice" and value not in sub.choices:
            fitting = [c for c in sub.choices if c in value or value in c]
            if len(fitting) != 1:
                continue
            value = fitting[0]
        item[sub.id] = value
    # a 文号 written into the name ("穗财行【2021】68号,2021年…资金"): move it
    doc = next((s for s in spec.fields if "文号" in s.label), None)
    name = next((s for s in spec.fields if s.kind == "text" and s is not doc), None)
    if doc and name and not item.get(doc.id):
        found = DOC_NO.search(item.get(name.id, ""))
        if found:
            item[doc.id] = found.group()
            rest = item[name.id][: found.start()] + item[name.id][found.end() :]
            item[name.id] = rest.strip(' ，,、；;：:“”"（）()')
    if name and item.get(name.id):
        item[name.id] = item[name.id].strip('“”" ')


def split_at_starts(reader: GroupReader, paragraphs: list[str]) -> list[str]:
    """Paragraphs cut where one of the group's items or item lines starts after
    a sentence end: a PDF line that was exactly full glued "任务（三）：…" or
    "完成情况：…" to the paragraph before it."""
    leads: list[str] = []
    if reader.start is not None:
        leads.append(reader.start.pattern.removeprefix(r"^\s*"))
    for line in reader.lines[1:]:
        kind, value = line[0].tokens[0]
        if kind == "text" and len(value.strip().rstrip("：:")) >= 2:
            leads.append(_flexible(value.strip().rstrip("：:")) + "[：:]")
    if not leads:
        return paragraphs
    cut = re.compile(r"(?<=[。；！？!?])\s*(?=" + "|".join(f"(?:{lead})" for lead in leads) + ")")
    out: list[str] = []
    for paragraph in paragraphs:
        out += [part for part in cut.split(paragraph) if part] if paragraph else [paragraph]
    return out


def _from_first_item(patterns: list[Pattern]) -> list[Pattern]:
    """The patterns from their first sub-field on (what follows the item's start)."""
    tails = []
    for pattern in patterns:
        first = next(
            (i for i, (k, v) in enumerate(pattern.tokens) if k == "slot" and v.startswith("item.")),
            0,
        )
        tails.append(Pattern(pattern.tokens[first:], pattern.options))
    return tails


def _heading_item(
    reader: GroupReader, paragraph: str, expected: int, numeric: set[str]
) -> dict[str, str] | None:
    """The item a heading paragraph starts, when it carries the next serial
    (一、 after no item, 二、 after one …): a body paragraph that happens to
    start with "一、" inside an item is not taken for the next item."""
    if reader.heading_start is None:
        return None
    match = reader.heading_start.match(paragraph)
    if match is None:
        return None
    number = next((g for g in match.groups() if g), "")
    if serial_value(number) != expected:
        return None
    text = paragraph[match.end() :].strip()
    best = best_reading(reader.heading, text, numeric)
    if not text or best is None:
        return None
    pattern, reading = best
    # coverage counts the pattern's own words; a heading that is only the
    # item's text ("{{ item.statement }}") has none, and must be read whole
    literal = any(kind == "text" and value.strip() for kind, value in pattern.tokens)
    if (literal and reading.coverage < 0.8) or reading.end < len(text) or not reading.values:
        return None
    best = (pattern, reading)
    item: dict[str, str] = {}
    _fill(item, best[1].values, reader.spec)
    return item or None


def read_items(
    reader: GroupReader, paragraphs: list[str], numeric: set[str]
) -> tuple[list[dict[str, str]], set[int], dict[str, object]]:
    """Items found in ``paragraphs``, the indexes of the paragraphs they used,
    and the options their form says (items as headings: task_style headings).
    An empty paragraph (one another group took) is skipped."""
    spec = reader.spec
    items: list[dict[str, str]] = []
    used: set[int] = set()
    options: dict[str, object] = {}
    as_headings = False
    if reader.start is None and reader.heading_start is None:
        return items, used, options
    longtexts = [s.id for s in spec.fields if s.kind == "longtext"]
    last_text = ""
    for index, paragraph in enumerate(paragraphs):
        if not paragraph:
            continue
        heading = _heading_item(reader, paragraph, len(items) + 1, numeric)
        if heading is not None and (as_headings or not items):  # never mixed with labelled items
            items.append(heading)
            used.add(index)
            last_text = reader.heading_body
            as_headings = True
            options = reader.options_of_headings()
            continue
        start = reader.start.match(paragraph) if reader.start is not None else None
        if start is not None:
            # the start (任务（一）：) is read: the rest is read from the first
            # sub-field on, so its serial cannot take "1" from "1.教育…"
            pattern, reading = best_reading(
                _from_first_item(reader.lines[0]), paragraph[start.end() :], numeric
            )
            item: dict[str, str] = {}
            _fill(item, reading.values, spec)
            items.append(item)
            used.add(index)
            filled = [k for k in longtexts if item.get(k)]
            last_text = filled[-1] if filled else (longtexts[0] if longtexts else "")
            continue
        if not items:
            continue
        item = items[-1]
        taken = False
        for line in reader.lines[1:]:
            lead = line[0].tokens[0]
            if lead[0] == "text" and paragraph.startswith(lead[1].rstrip("：:")):
                reading = best_reading(line, paragraph, numeric)
                if reading and reading[1].coverage >= 0.8:
                    _fill(item, reading[1].values, spec)
                    filled = [k for k in longtexts if reading[1].values.get(f"item.{k}")]
                    last_text = filled[-1] if filled else last_text
                    taken = True
                    break
        if not taken and last_text:
            item[last_text] = (
                f"{item[last_text]}\n{paragraph}" if item.get(last_text) else paragraph
            )
            taken = True
        if taken:
            used.add(index)
    return items, used, options


# -- name–amount lists ----------------------------------------------------------

_PAIR = re.compile(r"([^，,；;。：:\d]{2,40}?)\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_LIST_START = re.compile(r"其中[：:]?")


def is_amount_list(spec: FieldSpec) -> bool:
    """A group of (name, amount) rows, such as 专项资金 items."""
    kinds = sorted(s.kind for s in spec.fields)
    return spec.kind == "group" and kinds == ["money", "text"]


def read_amount_list(spec: FieldSpec, text: str) -> tuple[list[dict[str, str]], str]:
    """Items of a "其中A3.91万元，B2.17万元，…" list (at least three) and the text without it."""
    name = next(s.id for s in spec.fields if s.kind == "text")
    amount = next(s.id for s in spec.fields if s.kind == "money")
    for start in _LIST_START.finditer(text):
        pos = start.end()
        items: list[dict[str, str]] = []
        end = pos
        while True:
            match = _PAIR.match(text, pos)
            if not match:
                break
            items.append({name: match.group(1).strip(), amount: clean_number(match.group(2))})
            end = match.end()
            pos = end
            while pos < len(text) and text[pos] in "，,；; ":
                pos += 1
        if len(items) >= 3:
            return items, text[: start.start()] + text[end:]
    return [], text
