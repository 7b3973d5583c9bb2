"""Numbering levels reused in the clerk's texts (GB/T 9704 7.3.3).

A paragraph that starts with a serial of its section's level or a higher one
("（一）" typed inside （四）, "一、" inside （二）) reads as a sibling of the
section, not a part of it. The warning names the order 一、 （一） 1. （1）
and suggests the serials one level below the section.
"""

from __future__ import annotations

import re

from fulian_desktop.core.check.run import Run
from fulian_desktop.core.compose.composer import serial
from fulian_desktop.core.template import snippets
from fulian_desktop.core.template.model import Section

#: GB/T 9704's levels, highest first; a decimal (1.5万元) is no serial
_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、，,]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十]+[)）]")),
    (3, re.compile(r"^[0-9０-９]+[.．、](?![0-9０-９])")),
    (4, re.compile(r"^[（(][0-9０-９]+[)）]")),
)
ORDER = "“一、”“（一）”“1.”“（1）”"


def serial_level(line: str) -> tuple[int, str] | None:
    """The GB/T level of the serial a line starts with, and the serial."""
    line = line.lstrip(" \u3000\t")
    for level, pattern in _LEVELS:
        match = pattern.match(line)
        if match:
            return level, match.group(0)
    return None


def renumbering(text: str, level: int) -> list[tuple[str, str]]:
    """(serial typed, serial suggested) for each line whose serial is not
    below ``level``: the highest level typed moves to ``level`` + 1, the
    next to ``level`` + 2, counting again under each new parent."""
    found = [hit for hit in map(serial_level, text.split("\n")) if hit]
    reused = [lv for lv, _ in found if lv <= level]
    if not reused:
        return []
    top = min(reused)
    counts: dict[int, int] = {}
    out: list[tuple[str, str]] = []
    for typed_level, typed in found:
        target = level + 1 + (typed_level - top)
        counts[target] = counts.get(target, 0) + 1
        for deeper in [k for k in counts if k > target]:
            del counts[deeper]  # a new parent: its children count from 1
        if typed_level <= level:
            out.append((typed, serial(target, counts[target]) if target <= 4 else ""))
    return out


def _levels(sections: list[Section], level: int, out: dict[str, int]) -> None:
    for section in sections:
        if section.numbered:
            out[section.id] = level
            _levels(section.sections, level + 1, out)
        else:  # an unnumbered section's children start again at 一、
            _levels(section.sections, 1, out)


def check_numbering(run: Run) -> None:
    levels: dict[str, int] = {}
    _levels(run.template.sections, 1, levels)
    for section, _parent in run.plan.sections:
        level = levels.get(section.id)
        if level is None or not run.on.get(section.id, True):
            continue
        for spec in section.fields:
            if spec.kind == "longtext":
                _check_text(run, spec.id, run.draft.text(spec.id), section, level)
            elif spec.kind == "group":
                subs = [s.id for s in spec.fields if s.kind == "longtext"]
                for i, item in enumerate(run.draft.items(spec.id)):
                    for sub in subs:
                        text = item.get(sub, "")
                        if isinstance(text, str):
                            _check_text(run, f"{spec.id}[{i}].{sub}", text, section, level)


def _check_text(run: Run, path: str, text: str, section: Section, level: int) -> None:
    pairs = renumbering(text, level)
    if not pairs:
        return
    typed = "".join(f"“{a}”" for a, _ in pairs[:3]) + ("等" if len(pairs) > 3 else "")
    title = section.title.rstrip("。.：: ")
    message = (
        f"“{title}”是第{snippets.cn_number(level)}层标题，"
        f"下面的文字又用了{typed}这样同级或更高一层的编号，读者会当成另一部分。"
    )
    if all(b for _, b in pairs):
        moves = "，".join(f"“{a}”改为“{b}”" for a, b in pairs[:5])
        hint = f"公文的层次序数依次为{ORDER}。建议{moves}。"
    else:
        hint = f"公文的层次序数依次为{ORDER}，已到第四层，建议去掉编号，写成段落。"
    run.add("warning", path, message, hint, code="numbering", section=section.id)
