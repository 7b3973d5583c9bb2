"""Row types, errors and messages of the draft store (kept apart to keep store.py short)."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from fulian_desktop.errors import UserError

MSG_SECOND_COPY = (
    "另一个“绩效自评报告助手”窗口正在使用草稿库。本窗口以只读方式打开：可以查看和导出，"
    "不能保存。请关闭另一个窗口后再重新打开本程序。"
)
MSG_READ_ONLY = "草稿库以只读方式打开，不能保存。请关闭另一个程序窗口后再重新打开本程序。"


class StoreError(UserError):
    """A storage problem described for the clerk (plain Chinese)."""


class ReadOnlyError(StoreError):
    """A write was asked of a read-only store."""


@dataclass(frozen=True)
class DraftInfo:
    """One row of the drafts list (no content)."""

    id: str
    template_id: str
    template_version: str
    unit: str
    year: int | None
    title: str
    status: str  # "draft" | "signed_off"
    current_revision: int | None
    created: str  # UTC ISO 8601
    updated: str  # UTC ISO 8601, time of the newest revision
    deleted: str | None = None  # UTC ISO 8601 when moved to the recycle bin
    custom_title: bool = False

    @property
    def in_recycle_bin(self) -> bool:
        return self.deleted is not None


@dataclass(frozen=True)
class RevisionInfo:
    """One saved state of a draft (the content is read with Store.load_revision)."""

    id: int
    draft_id: str
    created: str  # UTC ISO 8601
    kind: str  # one of REVISION_KINDS
    sha256: str
    note: str | None = None


def default_title(unit: str, year: int | None) -> str:
    if unit and year:
        return f"{unit}{year}年度绩效自评报告"
    if unit:
        return f"{unit}绩效自评报告"
    return f"{year}年度绩效自评报告（未填单位）" if year else "未命名草稿"


def explain_failure(action: str, exc: BaseException) -> str:
    """A Chinese one-liner for a failed write; the content is still in the window."""
    text = str(exc).lower()
    kept = "您的内容仍在程序中，没有丢失"
    if "full" in text or getattr(exc, "errno", None) == 28:
        return f"{action}失败：磁盘空间不足。{kept}；请腾出磁盘空间后再保存。"
    if isinstance(exc, PermissionError) or "readonly" in text or "permission" in text:
        return f"{action}失败：没有写入草稿库文件的权限。{kept}；请检查数据文件夹的权限后再保存。"
    if "locked" in text or "busy" in text:
        return f"{action}失败：草稿库暂时被占用。{kept}；请稍后再保存。"
    return f"{action}失败：读写草稿库出错（{exc}）。{kept}；请另存为草稿文件，并重新启动程序。"


def disk_full(folder: Path) -> bool:
    """True when the disk holding ``folder`` has (almost) no room left."""
    try:
        return shutil.disk_usage(folder).free < 512 * 1024
    except OSError:
        return False


def cannot_write(where: Path, problem: object) -> str:
    """The notice for a store opened read-only because ``where`` cannot be written.

    ``problem`` is the error (or its text): a full disk and a missing permission
    get their own words; the drafts are fine in both cases. SQLite often calls
    a full disk "disk I/O error", so the free space is looked at too.
    """
    text = str(problem).lower()
    if "full" in text or getattr(problem, "errno", None) == 28 or disk_full(where.parent):
        why = "磁盘空间不足"
        fix = "请腾出磁盘空间后重新打开程序"
    elif (
        isinstance(problem, PermissionError)
        or getattr(problem, "errno", None) in (1, 13, 30)
        or any(word in text for word in ("readonly", "read-only", "permission", "denied"))
    ):
        why = f"没有写入 {where} 的权限（文件夹可能是只读的）"
        fix = "请检查文件夹的权限后重新打开程序"
    else:
        why = f"无法写入 {where}（{problem}）"
        fix = "请检查磁盘后重新打开程序"
    return f"草稿库以只读方式打开：{why}。草稿没有损坏，可以查看和导出，但不能保存。{fix}。"


DRAFT_COLS = (
    "id, template_id, template_version, unit, year, title, status, current_revision, "
    "created, updated, deleted"
)
REV_COLS = "id, draft_id, created, kind, sha256, note"


def draft_info_from_row(row: sqlite3.Row | tuple) -> DraftInfo:
    id_, tid, tver, unit, year, title, status, cur, created, updated, deleted = row
    return DraftInfo(
        id=id_,
        template_id=tid,
        template_version=tver,
        unit=unit,
        year=year,
        title=title if title else default_title(unit, year),
        status=status,
        current_revision=cur,
        created=created,
        updated=updated,
        deleted=deleted,
        custom_title=bool(title),
    )


def revision_info_from_row(row: sqlite3.Row | tuple) -> RevisionInfo:
    return RevisionInfo(*row)
