"""From the text a file gives to the paragraphs its author wrote.

PDF text (and text copied out of a PDF) comes with a hard line end at the end
of every printed line, page numbers ("— 3 —", "- 3 -", "3"), running headers
repeated on every page, and spaces between Chinese and digits ("2021 年").
The paragraph joining, spacing and punctuation rules are textstats'
``normalise_pasted`` (the one the editor's 一键规范 uses); this module adds
what only whole files have: pages, their headers and footers, and blank lines
that a page break or a double-spaced extraction put inside a sentence. Every
source's text is first folded (importing/normalise.py: radicals such as ⼴ ⻔
to 广 门), so pasted, DOCX and PDF text alike read as the same characters.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from fulian_desktop.core.text.textstats import ITEM_START, normalise_pasted
from fulian_desktop.importing.normalise import fold
from fulian_desktop.importing.source import Block, SourceText

_PAGE_NUMBER = re.compile(
    r"[—–\-－~～]*\s*(?:第\s*)?\d{1,4}\s*(?:页)?\s*[—–\-－~～]*"
    r"|第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}"
)
_SPACES = re.compile(r"\s+")
_SENTENCE_END = tuple("。！？；：…”’」』）!?;:.)")
_EDGE = 2  # lines at the top and bottom of a page where headers and footers sit


def _edge_key(line: str) -> str:
    """Headers differ only in their page number: compare them without digits."""
    return re.sub(r"\d+", "#", _SPACES.sub("", line))


def strip_page_furniture(pages: list[str]) -> str:
    """Join pages into one text without page numbers and running headers/footers."""
    split = [[ln for ln in page.split("\n")] for page in pages]
    counts: Counter[str] = Counter()
    for lines in split:
        filled = [ln for ln in lines if ln.strip()]
        edges = {_edge_key(ln) for ln in filled[:1] + filled[-1:]}
        counts.update(k for k in edges if k)
    repeated = {
        key
        for key, n in counts.items()
        if len(split) >= 2 and n >= max(2, (len(split) + 1) // 2) and len(key) <= 60
    }
    out: list[str] = []
    for lines in split:
        filled = [i for i, ln in enumerate(lines) if ln.strip()]
        near_edge = set(filled[:_EDGE] + filled[-_EDGE:])
        edge = set(filled[:1] + filled[-1:])
        for i, line in enumerate(lines):
            bare = line.strip()
            if _PAGE_NUMBER.fullmatch(bare) and (i in near_edge or len(split) == 1):
                continue  # a page number (in a single-page text: anywhere on its own line)
            if i in edge and _edge_key(line) in repeated:
                continue
            out.append(line)
        out.append("")  # a page end is at most a paragraph end; joining decides
    return "\n".join(out)


def _is_short_heading(line: str) -> bool:
    return len(line) <= 15 and not any(c in "，。；！？,;!?" for c in line)


_MARKUP = re.compile(r"\*\*|__")  # bold markers left by a Markdown extraction
_BULLET = re.compile(r"^[-*•]\s*(?=\S)")


def _squeeze(line: str) -> str:
    """One line without spaces inside Chinese text (spaces between Latin words stay)."""
    line = _MARKUP.sub("", _SPACES.sub(" ", line).strip())
    return _BULLET.sub("", line)


#: Item starts textstats does not know: "2.2022年…" (a serial before a year).
_SERIAL_BEFORE_YEAR = re.compile(r"\d{1,2}[.．、](?=\d{4}\s*年)")
_RULE = re.compile(r"[-=|+:\s]+")  # table rules of a text extraction: "--- ------"
_INNER = set("，。；！？,;!?")


def starts_item(line: str) -> bool:
    return bool(ITEM_START.match(line) or _SERIAL_BEFORE_YEAR.match(line))


def _width(line: str) -> int:
    """Printed width in half-width cells: a Chinese character takes two."""
    return sum(1 if c.isascii() else 2 for c in line if c != " ")


def line_shape(text: str) -> tuple[bool, int]:
    """(wrapped, full width): whether most lines are printed lines, and how wide a full one is."""
    rows = [r for r in (_squeeze(x) for x in text.split("\n")) if r]
    prose = [r for r in rows if any(c in _INNER for c in r)]  # headings would drag it down
    widths = sorted(_width(r) for r in (prose or rows))
    if not widths:
        return False, 0
    full = widths[int(len(widths) * 0.8)]
    return full <= 110, full  # printed lines hold at most about 55 汉字; paragraphs more


#: marks that never start a line (避头): a line beginning with one continues the one before
_NEVER_FIRST = tuple("，。、；：！？）】》」』”’,.;:!?)")
_PAIRS = ("（）", "()", "【】", "《》", "“”", "「」")


def _continues(last: str, row: str) -> bool:
    """Whether ``row`` surely continues ``last``, whatever their widths: it starts
    with a mark no line starts with, or ``last`` left a bracket or quote open
    ("…示范点建设项目资金（穗财行" before "【2022】44号）属二级项目…": the
    文号 did not fit, so the line is short)."""
    if row.startswith(_NEVER_FIRST):
        return True
    return any(last.count(a) > last.count(b) for a, b in _PAIRS)


def join_lines(text: str, shape: tuple[bool, int] | None = None) -> list[str]:
    """Paragraphs from text whose printed lines each ended with a hard line end.

    Wrapped text (most lines about as wide as each other, as PDF lines are):
    a line as wide as the page continues in the next line unless that starts
    a new item (一、 （一） 1. 一是 …); a shorter line ends its paragraph.
    Text with a line per paragraph (most lines long): a line is joined to the
    next only where a page break cut a sentence: it does not end with
    sentence punctuation, it is prose (has ，。；), and the next line does not
    start a new item. Blank lines (a page break, or an extraction that doubles
    every line end) are ignored: the rules above decide.
    """
    rows = [r for r in (_squeeze(raw) for raw in text.split("\n")) if r and not _RULE.fullmatch(r)]
    if not rows:
        return []
    wrapped, full = shape or line_shape(text)
    paragraphs: list[str] = []
    current = last = ""  # the paragraph so far, and its last printed line
    first = True  # whether the paragraph is still its first (indented) line
    for row in rows:
        if current:
            tight = current.replace(" ", "")
            if wrapped:
                # judged on the last printed line, not the whole paragraph (a
                # paragraph of two lines is wider than any line: every line
                # after it was glued on). A full line is up to two characters
                # short of the widest (digits are narrower, a number that did
                # not fit moved on); a first line is indented by two more.
                width = _width(last)
                joined = _continues(last, row) or (
                    not starts_item(row)
                    and (
                        width >= full - (9 if first else 5)
                        or (
                            not tight.endswith(_SENTENCE_END)
                            and not starts_item(last)
                            and width >= full * 0.6
                        )
                    )
                )
            else:
                joined = (
                    not tight.endswith(_SENTENCE_END)
                    and len(tight) >= 20
                    and any(c in _INNER for c in tight)
                    and not starts_item(row)
                )
            if joined:
                glue = " " if tight[-1:].isascii() and row[:1].isascii() else ""
                current, last, first = f"{current}{glue}{row}", row, False
                continue
            paragraphs.append(current)
        current, last, first = row, row, True
    paragraphs.append(current)
    return paragraphs


def paragraphs_from_text(text: str, shape: tuple[bool, int] | None = None) -> list[str]:
    """Clean paragraphs (one per item) from running text."""
    result = []
    for paragraph in join_lines(text, shape):
        cleaned = normalise_pasted(paragraph).replace("\n", "").strip()
        if cleaned:
            result.append(cleaned)
    return result


def clean_blocks(source: SourceText) -> list[Block]:
    """The source's paragraphs, cleaned, in order.

    DOCX headings (blocks with an outline level) and table rows stay blocks
    of their own; runs of ordinary paragraphs between them go through the same
    joining as PDF text, since a DOCX converted from a PDF has a paragraph per
    printed line.
    """
    # every kind of source, before anything reads the text: a DOCX saved from
    # a PDF, or text copied out of one, has the same radicals as the PDF
    source = replace(
        source,
        pages=[fold(page) for page in source.pages],
        blocks=[replace(b, text=fold(b.text)) for b in source.blocks],
    )
    if source.kind != "docx":
        text = strip_page_furniture(source.pages)
        return [Block(p) for p in paragraphs_from_text(text)]
    result: list[Block] = []
    run: list[str] = []
    # judged on the whole document: a short run between two headings says little
    shape = line_shape("\n".join(b.text for b in source.blocks if b.level is None and not b.table))

    def flush() -> None:
        if run:
            result.extend(Block(p) for p in paragraphs_from_text("\n".join(run), shape))
            run.clear()

    for block in source.blocks:
        if block.level is None and not block.table:
            run.append(block.text)
            continue
        flush()
        if block.table:
            cells = [normalise_pasted(c).replace("\n", "") for c in block.text.split("\t")]
            # empty cells keep their place: a column is known by its position
            if any(cells):
                result.append(Block("\t".join(cells), table=True))
        else:
            heading = normalise_pasted(block.text).replace("\n", "")
            if heading:
                result.append(Block(heading, block.level))
    flush()
    return result
