"""Where the command line reads a DRAFT argument from.

DRAFT is a draft file (.fldraft, checksum-checked), a plain draft JSON file
(Draft.to_dict(), like a template's sample.draft.json), or the id of a draft
in the store (opened read-only, so a running window is not disturbed). Any
template is accepted here; the command decides what to do when the template
is not installed. Every problem is one UserError line.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.errors import UserError

if TYPE_CHECKING:
    from fulian_desktop.storage.store import Store


def load_draft(source: str) -> Draft:
    """Read DRAFT: a file when such a file exists, else a draft id in the store."""
    path = Path(source)
    if path.is_file():
        return _read_file(path)
    if path.exists():
        raise UserError(f"{path} 不是文件")
    if path.suffix.lower() in (".json", ".fldraft") or "/" in source or "\\" in source:
        raise UserError(f"找不到草稿文件 {source}")
    return _read_store(source)


def _warn(message: str) -> None:
    print(f"注意：{message}", file=sys.stderr)


def _read_file(path: Path) -> Draft:
    from pydantic import ValidationError

    from fulian_desktop.core.draft.bounds import (
        DraftDataError,
        check_and_clean,
        read_json,
        replaced_warning,
    )
    from fulian_desktop.core.draft.model import DraftFormatError
    from fulian_desktop.storage import files

    raw = files.read_file_bytes(path)  # regular file, size limit
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"文件 {path.name} 不是草稿文件（无法识别内容）") from None
    try:
        read = read_json(text, clean=False)
    except DraftDataError as exc:
        raise UserError(f"文件 {path.name} 无法读取：{exc}") from None
    except json.JSONDecodeError as exc:
        raise UserError(
            f"文件 {path.name} 不是草稿文件：不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
        ) from None
    data = read.data
    if not isinstance(data, dict):
        raise UserError(f"文件 {path.name} 不是草稿文件")
    if data.get("format") == files.FILE_FORMAT or path.suffix.lower() == ".fldraft":
        # the envelope: checksum and versions; any template is fine here
        warnings: list[str] = []
        draft = files.read_draft_file(path, lambda _id, _version: True, warnings)[1]
        for warning in warnings:
            _warn(warning)
        return draft
    data, replaced = check_and_clean(data)  # replace what UTF-8 cannot hold
    if replaced:
        _warn(f"文件 {path.name}：{replaced_warning(replaced)}")
    try:
        return Draft.from_dict(data)
    except DraftFormatError as exc:
        raise UserError(f"文件 {path.name}：{exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "?"
        raise UserError(f"文件 {path.name} 不符合草稿格式（{where}：{err['msg']}）") from None


@contextmanager
def checked_store() -> Iterator[Store]:
    """The store opened read-only for a command: checked on open (quick_check and
    the last acknowledged revision); proven damage stops the command, other
    notices go to stderr."""
    from fulian_desktop.storage.store import Store

    with Store(read_only=True) as store:
        if store.damage:
            raise UserError(next(n for n in store.notices if n.startswith(store.damage)))
        print_store_notices(store, file=sys.stderr)
        yield store


def print_store_notices(store: Store, file: TextIO | None = None) -> None:
    """What the store found when opening (a restore, a loss, why it is read-only),
    one 注意 line each; "another window has it" is left to the command."""
    from fulian_desktop.storage.records import MSG_SECOND_COPY

    for notice in store.notices:
        if notice != MSG_SECOND_COPY:
            print(f"注意：{notice}", file=file or sys.stdout)


def _read_store(draft_id: str) -> Draft:
    from fulian_desktop.paths import app_paths

    paths = app_paths()
    if not paths.database.exists():
        raise UserError(f"没有找到文件或草稿“{draft_id}”（草稿库还是空的）")
    with checked_store() as store:
        if not store.exists(draft_id):
            raise UserError(f"没有找到文件或草稿“{draft_id}”：既不是文件，也不是本机草稿的编号")
        return store.open(draft_id)
