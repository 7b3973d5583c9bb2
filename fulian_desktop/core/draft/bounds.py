"""Bounds on what a draft can hold, and a JSON reader that keeps to them.

A draft arrives from the clerk's typing, from ``.fldraft`` files made on other
PCs and from plain JSON files, so nothing in it is trusted to be small or well
formed. The bounds are far above any real report (the longest sample text is
about 4,000 characters) and below what would make the program fail:

- a text of one field: ``MAX_FIELD_CHARS`` (1,000,000 characters);
- a number in JSON: ``MAX_JSON_DIGITS`` digits (Python refuses to read ints
  over 4,300 digits, SQLite stores at most 64 bits, and no year or id of a
  report needs more);
- nesting: ``MAX_JSON_DEPTH`` (a draft needs 6; Python's JSON reader and
  writer recurse);
- characters UTF-8 cannot hold (a lone surrogate such as ``"\\ud800"`` from an
  escaped JSON string) become ``U+FFFD`` (�), visibly, with a warning: text
  that cannot be encoded would fail the hash, the database and the log.

Figures typed into fields are bounded where they are parsed (numbers.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from fulian_desktop.errors import UserError

MAX_FIELD_CHARS = 1_000_000
MAX_JSON_DIGITS = 18  # fits SQLite's 64-bit INTEGER
MAX_JSON_DEPTH = 32
REPLACEMENT = "\ufffd"  # �, shown where a character could not be kept

_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class DraftDataError(UserError, ValueError):
    """Draft data over a bound; the message is one line for the clerk."""


@dataclass
class JsonRead:
    """Parsed JSON and what had to be replaced on the way."""

    data: Any
    replaced: int = 0  # characters replaced by REPLACEMENT
    warnings: list[str] = field(default_factory=list)


def _int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_JSON_DIGITS:
        raise DraftDataError(f"文件中有一个 {digits} 位的数字，超过 {MAX_JSON_DIGITS} 位的上限")
    return int(text)


def _constant(name: str) -> float:
    raise DraftDataError(f"文件中有不是数字的数值（{name}）")


def _join_pair(match: re.Match[str]) -> str:
    high, low = match.group()
    return chr(0x10000 + ((ord(high) - 0xD800) << 10) + (ord(low) - 0xDC00))


def clean_text(text: str) -> tuple[str, int]:
    """Text UTF-8 can hold: surrogate pairs joined, lone surrogates → �."""
    if not _LONE_SURROGATE.search(text):
        return text, 0
    text = _SURROGATE_PAIR.sub(_join_pair, text)
    return _LONE_SURROGATE.subn(REPLACEMENT, text)


def _place(path: list[Any]) -> str:
    parts = []
    for key in path:
        if isinstance(key, int):
            parts.append(f"[{key}]")
        else:
            shown = key if len(key) <= 40 else key[:40] + "…"
            parts.append(f".{shown}" if parts else shown)
    return "".join(parts) or "（顶层）"


def check_and_clean(data: Any, clean: bool = True) -> tuple[Any, int]:
    """Walk parsed JSON without recursion: refuse depth and texts over the
    bounds (naming the place), replace what UTF-8 cannot hold (or with
    ``clean`` False only count it). Returns the data and the number of
    characters replaced (or to replace)."""
    replaced = 0
    root: list[Any] = [data]
    pending: list[tuple[Any, Any, list[Any]]] = [(root, 0, [])]
    while pending:
        parent, key, path = pending.pop()
        value = parent[key]
        if len(path) > MAX_JSON_DEPTH:
            raise DraftDataError(f"文件的内容嵌套超过 {MAX_JSON_DEPTH} 层，不是草稿的格式")
        if isinstance(value, str):
            if len(value) > MAX_FIELD_CHARS:
                raise DraftDataError(
                    f"{_place(path)} 的内容有 {len(value)} 个字符，"
                    f"超过每项 {MAX_FIELD_CHARS} 个字符的上限"
                )
            cleaned, n = clean_text(value)
            if n:
                replaced += n
                if clean:
                    parent[key] = cleaned
        elif isinstance(value, dict):
            for name in list(value):
                if isinstance(name, str):
                    cleaned, n = clean_text(name)
                    replaced += n
                    if n and clean:  # a key that cannot be encoded: rename it visibly
                        value[cleaned] = value.pop(name)
                        name = cleaned
                pending.append((value, name, [*path, name]))
        elif isinstance(value, list):
            pending.extend((value, i, [*path, i]) for i in range(len(value)))
    return root[0], replaced


def replaced_warning(replaced: int) -> str:
    return (
        f"文件中有 {replaced} 个无法保存的字符（不成对的代理字符），"
        f"已替换为“{REPLACEMENT}”，请检查相应的文字"
    )


def read_json(text: str, clean: bool = True) -> JsonRead:
    """``json.loads`` within the bounds above.

    Raises json.JSONDecodeError for text that is not JSON and DraftDataError
    (one line) for JSON over a bound. With ``clean`` False, characters UTF-8
    cannot hold are left in place (a checksum is computed over them first).
    """
    try:
        data = json.loads(text, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise DraftDataError(
            f"文件的内容嵌套太深（超过 {MAX_JSON_DEPTH} 层），不是草稿的格式"
        ) from None
    data, replaced = check_and_clean(data, clean)
    result = JsonRead(data, replaced)
    if replaced and clean:
        result.warnings.append(replaced_warning(replaced))
    return result


def text_too_long(text: str) -> bool:
    return len(text) > MAX_FIELD_CHARS
