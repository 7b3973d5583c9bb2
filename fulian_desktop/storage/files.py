"""Draft files (``.fldraft``) for moving a draft between PCs.

A draft file is UTF-8 JSON: an envelope with a file version, the draft's id,
template id and version, where it came from, and the SHA-256 of the draft's
canonical JSON, plus the draft itself. Import checks, in order: a regular
file (a named pipe would block), size, JSON within the bounds of
core/draft/bounds.py (digits, depth, 1 MB per text; characters UTF-8 cannot hold
become � with a warning), envelope and file version, checksum, template,
draft format; every problem has its own plain message and leaves the store
untouched. An import never
overwrites: it adds a revision (kind ``import``) to the draft with the same id
if there is one here, or creates a new draft.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fulian_desktop import __version__
from fulian_desktop.core.draft.bounds import (
    DraftDataError,
    check_and_clean,
    read_json,
    replaced_warning,
)
from fulian_desktop.core.draft.model import Draft, DraftFormatError, canonical_json, sha256_text
from fulian_desktop.storage.atomic import atomic_write_text
from fulian_desktop.storage.store import DraftInfo, RevisionInfo, Store, StoreError

SUFFIX = ".fldraft"
FILE_FORMAT = "fulian-desktop-draft"
FILE_VERSION = 1
MAX_FILE_BYTES = 20 * 1024 * 1024

_DRAFT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

KnownTemplates = Collection[tuple[str, str]] | Callable[[str, str], bool]


class DraftFileError(StoreError):
    """A draft file that cannot be imported; the message says why, in plain Chinese."""


@dataclass(frozen=True)
class ImportResult:
    draft: DraftInfo
    revision: RevisionInfo
    new_draft: bool  # False: added as a revision of a draft already here
    restored_from_recycle_bin: bool = False
    warnings: tuple[str, ...] = ()  # e.g. characters replaced by �


def _size_text(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def export_draft_file(
    store: Store, path: str | Path, *, draft_id: str | None = None, revision_id: int | None = None
) -> Path:
    """Write a draft (its current revision, or ``revision_id``) to a draft file."""
    if revision_id is None:
        if draft_id is None:
            raise ValueError("give draft_id or revision_id")
        revision_id = store.get(draft_id).current_revision
        if revision_id is None:
            raise StoreError("这份草稿还没有保存过内容，无法导出。")
    rev = store.revision(revision_id)
    if draft_id is not None and rev.draft_id != draft_id:
        raise StoreError(f"修订 #{revision_id} 不属于这份草稿。")
    draft_data = json.loads(store.revision_json(revision_id))
    target = Path(path)
    if target.suffix.lower() != SUFFIX:
        target = target.with_name(target.name + SUFFIX)
    envelope = {
        "format": FILE_FORMAT,
        "file_version": FILE_VERSION,
        "draft_id": rev.draft_id,
        "template_id": draft_data.get("template_id", ""),
        "template_version": draft_data.get("template_version", ""),
        "revision": {"id": rev.id, "kind": rev.kind, "created": rev.created, "note": rev.note},
        "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        "sha256": rev.sha256,
        "draft": draft_data,
    }
    text = json.dumps(envelope, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    try:
        return atomic_write_text(target, text)
    except OSError as exc:
        raise StoreError(f"无法写入文件 {target}（{exc.strerror or exc}）。") from exc


def read_draft_file(
    path: str | Path, known_templates: KnownTemplates, warnings: list[str] | None = None
) -> tuple[str, Draft]:
    """Check a draft file and return (draft id, draft); raise DraftFileError otherwise.

    What the clerk should know about an accepted file (characters replaced)
    is appended to ``warnings``.
    """
    path = Path(path)
    name = path.name
    envelope = _parse(path)

    def need(key: str, kind: type) -> Any:
        value = envelope.get(key)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise DraftFileError(f"文件 {name} 缺少必要内容（{key}），可能已损坏。")
        return value

    if envelope.get("format") != FILE_FORMAT:
        raise DraftFileError(f"文件 {name} 不是“绩效自评报告助手”的草稿文件。")
    version = need("file_version", int)
    if version > FILE_VERSION:
        raise DraftFileError(
            f"文件 {name} 是由更新版本的程序导出的（文件版本 {version}），请先升级本程序再导入。"
        )
    if version < 1:
        raise DraftFileError(f"文件 {name} 的文件版本（{version}）无法识别，可能已损坏。")
    draft_id = need("draft_id", str)
    if not _DRAFT_ID.match(draft_id):
        raise DraftFileError(f"文件 {name} 中的草稿编号无效，可能已损坏。")
    digest = need("sha256", str)
    data = need("draft", dict)
    if _checksum(data) != digest.lower():
        raise DraftFileError(
            f"文件 {name} 的校验码不符：文件在导出后被改动过或已损坏，为安全起见不予导入。"
            "请重新导出后再试。"
        )
    data, replaced = check_and_clean(data)  # after the checksum, which covers the original
    if replaced and warnings is not None:
        warnings.append(f"文件 {name}：{replaced_warning(replaced)}")
    template_id = need("template_id", str)
    template_version = need("template_version", str)
    if (data.get("template_id"), data.get("template_version", "")) != (
        template_id,
        template_version,
    ):
        raise DraftFileError(f"文件 {name} 的模板信息前后不一致，可能已损坏。")
    known = (
        known_templates(template_id, template_version)
        if callable(known_templates)
        else (template_id, template_version) in known_templates
    )
    if not known:
        raise DraftFileError(
            f"本机没有文件 {name} 所用的模板“{template_id}”（版本 {template_version or '未注明'}）。"
            "请先导入或更新该模板，再导入草稿。"
        )
    try:
        draft = Draft.from_dict(data)
    except DraftFormatError as exc:
        raise DraftFileError(f"文件 {name} 中的草稿格式比本程序新，请先升级本程序再导入。") from exc
    except ValidationError as exc:
        where = ".".join(str(p) for p in exc.errors()[0]["loc"]) if exc.errors() else "?"
        raise DraftFileError(f"文件 {name} 中的草稿内容不符合格式（{where}），无法导入。") from exc
    return draft_id, draft


def _checksum(data: dict[str, Any]) -> str:
    """sha256_text of the canonical JSON; text with a lone surrogate (never
    written by this program, but JSON can escape one) hashes its raw code
    units instead of failing."""
    text = canonical_json(data)
    try:
        return sha256_text(text)
    except UnicodeEncodeError:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def read_file_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (MAX_FILE_BYTES).

    Checked with stat before opening: opening a named pipe (FIFO) for
    reading blocks until someone writes, and a device never ends.
    """
    limit = MAX_FILE_BYTES if limit is None else limit
    name = path.name
    try:
        info = path.stat()
    except FileNotFoundError as exc:
        raise DraftFileError(f"找不到文件 {path}。") from exc
    except OSError as exc:
        raise DraftFileError(f"无法读取文件 {name}（{exc.strerror or exc}）。") from exc
    if not stat.S_ISREG(info.st_mode):
        raise DraftFileError(f"{name} 不是普通文件（是文件夹、管道或设备），不予读取。")
    if info.st_size > limit:
        raise DraftFileError(
            f"文件 {name} 太大（超过 {_size_text(limit)}），不是草稿文件，不予导入。"
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except FileNotFoundError as exc:
        raise DraftFileError(f"找不到文件 {path}。") from exc
    except OSError as exc:
        raise DraftFileError(f"无法读取文件 {name}（{exc.strerror or exc}）。") from exc
    if len(raw) > limit:  # grew since stat
        raise DraftFileError(
            f"文件 {name} 太大（超过 {_size_text(limit)}），不是草稿文件，不予导入。"
        )
    return raw


def _parse(path: Path) -> dict[str, Any]:
    name = path.name
    raw = read_file_bytes(path)
    if not raw.strip():
        raise DraftFileError(f"文件 {name} 是空的（可能复制或下载时中断），请重新导出后再导入。")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DraftFileError(f"文件 {name} 不是草稿文件，或已损坏（无法识别内容）。") from exc
    try:
        read = read_json(text, clean=False)
    except DraftDataError as exc:
        raise DraftFileError(f"文件 {name} 无法导入：{exc}。") from None
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith("{") and not text.rstrip().endswith("}"):
            raise DraftFileError(
                f"文件 {name} 不完整（可能复制或下载时中断），请重新导出后再导入。"
            ) from exc
        raise DraftFileError(f"文件 {name} 不是草稿文件，或已损坏（无法识别内容）。") from exc
    if not isinstance(read.data, dict):
        raise DraftFileError(f"文件 {name} 不是“绩效自评报告助手”的草稿文件。")
    return read.data


def import_draft_file(
    store: Store, path: str | Path, known_templates: KnownTemplates
) -> ImportResult:
    """Check and import a draft file; never overwrites anything (see module doc)."""
    warnings: list[str] = []
    draft_id, draft = read_draft_file(path, known_templates, warnings)
    note = f"从文件导入：{Path(path).name}"
    if store.exists(draft_id):
        restored = store.get(draft_id).in_recycle_bin
        if restored:
            store.undelete(draft_id)
        rev = store.save(draft_id, draft, kind="import", note=note)
        return ImportResult(store.get(draft_id), rev, False, restored, tuple(warnings))
    info = store.create(draft, kind="import", note=note, draft_id=draft_id)
    assert info.current_revision is not None
    return ImportResult(info, store.revision(info.current_revision), True, False, tuple(warnings))
