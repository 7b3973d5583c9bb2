"""Finding the template's headings in last year's report.

A heading is recognised by its words, helped by its numbering (一、 （一）
1. （1）) and, in a DOCX, by a heading style. Reports vary: a title may be
shortened or lengthened ("（三）2021年度重点工作计划" for 年度重点工作计划), a
section may be missing (增城 has no 重点任务项目支出), the numbering may skip.
So every paragraph that looks like a heading is scored against every section
title, and one monotone alignment (sections keep the template's order) with
the best total score is chosen, the way a diff aligns two texts. Paragraphs
that match no section stay body text of the section before them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from fulian_desktop.core.compose.composer import serial
from fulian_desktop.core.template.model import Section, Template
from fulian_desktop.importing.source import Block

_CN = "一二三四五六七八九十百零〇"
NUMBERING = re.compile(
    rf"^(?:(?P<cn>[{_CN}]+)[、.．]"
    rf"|[（(](?P<cnp>[{_CN}]+)[）)][、.．]?"
    r"|(?P<ar>\d{1,2})(?:[、．]|\.(?!\d))"
    r"|[（(](?P<arp>\d{1,2})[）)][、.．]?"
    r"|第(?P<ord>[一二三四五六七八九十]+)(?:部分|章|节)[、：:\s]?)\s*"
)
_NOT_WORD = re.compile(r"[\s\d\W_]+")
_YEARISH = re.compile(r"\d{4}\s*年度?")
#: headings are short; a longer paragraph is body text even when numbered
MAX_HEADING = 40


@dataclass
class Heading:
    """A paragraph that looks like a heading: its numbering and its words."""

    index: int  # position in the block list
    number: str  # "（三）", "一、", "" (as written, normalised to full width)
    words: str  # the title without numbering and end punctuation
    rest: str = ""  # body text on the same line after "：" (三）收支情况：…)
    styled: bool = False  # a DOCX heading style or outline level


def split_numbering(text: str) -> tuple[str, str]:
    """("（三）", "部门整体收支情况") from "(三) 部门整体收支情况"."""
    match = NUMBERING.match(text)
    if not match:
        return "", text.strip()
    return match.group(0).strip(), text[match.end() :].strip()


def title_key(text: str) -> str:
    """What two titles are compared on: words only, no years, digits or punctuation."""
    return _NOT_WORD.sub("", _YEARISH.sub("", text))


def similarity(a: str, b: str) -> float:
    """0–1: how well heading words ``a`` fit a section title ``b``."""
    ka, kb = title_key(a), title_key(b)
    if not ka or not kb:
        return 0.0
    if ka == kb:
        return 1.0
    short, long_ = sorted((ka, kb), key=len)
    if short in long_:  # 收支情况 for 部门整体收支情况, or a longer variant
        return 0.6 + 0.4 * len(short) / len(long_)
    return SequenceMatcher(None, ka, kb, autojunk=False).ratio()


def candidates(blocks: list[Block]) -> list[Heading]:
    """Blocks that could be headings."""
    found: list[Heading] = []
    for i, block in enumerate(blocks):
        if block.table:
            continue
        text = block.text.strip()
        number, words = split_numbering(text)
        rest = ""
        if len(words) > MAX_HEADING or "。" in words.rstrip("。"):
            # "（三）收支情况：本单位…" — a heading with its body on the same line
            split = re.match(r"([^：:。]{1,40})[：:](.+)", words)
            if split and number:
                words, rest = split.group(1), split.group(2).strip()
            elif block.level is None:
                continue
        words = words.rstrip("。：:；; ")
        if not words or len(words) > MAX_HEADING:
            continue
        found.append(Heading(i, number, words, rest, styled=block.level is not None))
    return found


def expected_numbers(template: Template) -> dict[str, str]:
    """The serial each section prints with every optional section on."""
    numbers: dict[str, str] = {}

    def visit(sections: list[Section], level: int) -> None:
        n = 0
        for section in sections:
            if section.numbered:
                n += 1
                numbers[section.id] = serial(level, n)
            else:
                numbers[section.id] = ""
            visit(section.sections, level + 1 if section.numbered else 1)

    visit(template.sections, 1)
    return numbers


def number_key(number: str) -> str:
    return number.replace("(", "（").replace(")", "）").replace("．", ".").rstrip("、.")


def _score(heading: Heading, section: Section, expected: str) -> float:
    score = similarity(heading.words, section.title)
    threshold = 0.55 if (heading.number or heading.styled) else 0.8
    if score < threshold:
        return float("-inf")
    if heading.number and number_key(heading.number) == number_key(expected):
        score += 0.15
    if heading.styled:
        score += 0.1
    return score


def align(template: Template, blocks: list[Block]) -> dict[str, Heading]:
    """Section id → the heading found for it (sections not found are absent).

    Dynamic programming over (section, candidate) pairs: the best total score
    of a matching in which both sections and candidates keep their order.
    """
    sections = [s for s, _ in template.walk()]
    heads = candidates(blocks)
    expected = expected_numbers(template)
    n, m = len(sections), len(heads)
    scores = [[_score(h, s, expected[s.id]) for h in heads] for s in sections]
    # best[i][j]: best total using sections[:i] and heads[:j]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        row, prev = best[i], best[i - 1]
        for j in range(1, m + 1):
            value = max(prev[j], row[j - 1])
            pair = scores[i - 1][j - 1]
            if pair != float("-inf"):
                value = max(value, prev[j - 1] + pair)
            row[j] = value
    found: dict[str, Heading] = {}
    i, j = n, m
    while i > 0 and j > 0:
        pair = scores[i - 1][j - 1]
        if pair != float("-inf") and best[i][j] == best[i - 1][j - 1] + pair:
            found[sections[i - 1].id] = heads[j - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return found


def fit(template: Template, blocks: list[Block]) -> float:
    """How well a report fits a template: share of its sections found (0–1)."""
    found = align(template, blocks)
    sections = [s for s, _ in template.walk()]
    if not sections:
        return 0.0
    return sum(similarity(found[s.id].words, s.title) for s in sections if s.id in found) / len(
        sections
    )
