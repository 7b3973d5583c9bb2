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
        lead: list[str] = []
        for kind, value in lines[0][0].tokens:
            if kind == "slot" and value.startswith("item."):
                break
            if kind == "slot":
                lead.append(rf"(?:[{_CN}]+|\d{{1,3}})")
            else:
                lead.append(_flexible(value))
        if lead and any("[一" in p or r"\d" in p for p in lead):
            start = re.compile(r"^\s*" + r"\s*".join(lead))
    return GroupReader(spec, start, lines)


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


def read_items(
    reader: GroupReader, paragraphs: list[str], numeric: set[str]
) -> tuple[list[dict[str, str]], set[int]]:
    """Items found in ``paragraphs`` and the indexes of the paragraphs they used."""
    spec = reader.spec
    items: list[dict[str, str]] = []
    used: set[int] = set()
    if reader.start is None:
        return items, used
    longtexts = [s.id for s in spec.fields if s.kind == "longtext"]
    last_text = ""
    for index, paragraph in enumerate(paragraphs):
        if reader.start.match(paragraph):
            pattern, reading = best_reading(reader.lines[0], paragraph, numeric)
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
    return items, used


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
