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
    from fulian_desktop.storage.store import DraftInfo, Store


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


def is_wrapped_draft_file(path: Path) -> bool:
    """A .fldraft envelope (checksum, draft id) rather than a plain draft JSON."""
    from fulian_desktop.storage import files

    if path.suffix.lower() == ".fldraft":
        return True
    try:
        data = json.loads(files.read_file_bytes(path).decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False  # _read_file then says what is wrong with it
    return isinstance(data, dict) and data.get("format") == files.FILE_FORMAT


def read_draft_path(path: Path) -> Draft:
    """A draft file of either kind, every problem one UserError line."""
    return _read_file(path)


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


def resolve(store: Store, text: str) -> DraftInfo:
    """A draft by its id or a unique beginning of it (recycle bin included).

    `drafts list` prints 8 characters; every command that takes a DRAFT goes
    through here, so any unique beginning works everywhere.
    """
    wanted = text.strip().lower()
    if not wanted:
        raise UserError("没有写草稿编号。用 `fulian-desktop drafts list` 查看编号。")
    everything = store.list_drafts() + store.list_drafts(recycle_bin=True)
    matches = [d for d in everything if d.id == wanted] or [
        d for d in everything if d.id.startswith(wanted)
    ]
    if not matches:
        raise UserError(
            f"没有找到文件或草稿“{text}”：既不是文件，也不是本机草稿的编号。"
            "用 `fulian-desktop drafts list` 查看编号。"
        )
    if len(matches) > 1:
        shown = "、".join(f"{d.id[:12]}（{d.title}）" for d in matches[:5])
        more = f" 等 {len(matches)} 份" if len(matches) > 5 else ""
        raise UserError(f"编号“{text}”对应多份草稿：{shown}{more}。请多写几位。")
    return matches[0]


def _read_store(draft_id: str) -> Draft:
    from fulian_desktop.paths import app_paths

    paths = app_paths()
    if not paths.database.exists():
        raise UserError(f"没有找到文件或草稿“{draft_id}”（草稿库还是空的）")
    with checked_store() as store:
        return open_current(store, resolve(store, draft_id), use_older=True)


def open_current(store: Store, info: DraftInfo, *, use_older: bool) -> Draft:
    """The draft's current revision; when that one is damaged it is named and skipped,
    and the newest good revision is used (use_older) or offered in the error."""
    from fulian_desktop.storage.records import StoreError

    try:
        return store.open(info.id)
    except StoreError as exc:
        damage = str(exc)
    for rev in store.history(info.id):
        if rev.id == info.current_revision:
            continue
        try:
            draft = store.load_revision(rev.id)
        except StoreError:
            continue
        when = _local_time(rev.created)
        if use_older:
            _warn(f"{damage.rstrip('。')}，已跳过；改用最近一个完好的修订 #{rev.id}（{when}）。")
            return draft
        raise UserError(
            f"“{info.title}”的当前修订已损坏：{damage.rstrip('。')}。"
            f"最近一个完好的修订是 #{rev.id}（{when}）：请在程序窗口的“历史版本”中恢复它，再重试。"
        )
    raise UserError(f"“{info.title}”没有完好的修订：{damage}")


def _local_time(stamp: str) -> str:
    from datetime import datetime

    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")
