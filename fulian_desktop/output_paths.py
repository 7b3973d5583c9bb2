"""Where a command's -o (or OUTPUT argument) writes, and what to say when it cannot.

Shared by export, drafts export and import-report so that a folder is always
treated as a folder (``-o 报告/`` writes inside it with the document's own name),
a suffix the command cannot write is refused instead of doubled, and a failed
write names its cause in Chinese (errors.os_error_text).
"""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path

from fulian_desktop.errors import UserError, os_error_text
from fulian_desktop.importing.source import shown_name

__all__ = ["check_can_write", "output_file", "shown_name", "write_failure"]


def means_folder(output: str) -> bool:
    """``-o 报告/`` is a folder even when it does not exist (Path drops the slash)."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def output_file(output: str | None, default_name: str, suffixes: dict[str, str]) -> Path:
    """The file -o names: ``default_name`` in a folder, the suffix added when the
    name has none; ``suffixes`` maps each suffix the command writes to its label."""
    if output is None:
        return Path.cwd() / default_name
    if not output.strip():
        raise UserError("-o 后面要写文件名或文件夹。")
    path = Path(output)
    if means_folder(output):
        if not path.is_dir():
            what = "不是文件夹" if path.exists() else "不存在"
            raise UserError(f"文件夹“{shown_name(path)}”{what}，请先建好它或换一个位置。")
        return path / default_name
    suffix = path.suffix.lower()
    if not suffix:
        path = path.with_name(path.name + Path(default_name).suffix)
    elif suffix not in suffixes:
        kinds = "、".join(f"{label}（{s}）" for s, label in suffixes.items())
        raise UserError(f"不能写成 {shown_name(path.name)}：这里只能导出 {kinds}。")
    if not path.parent.is_dir():
        raise UserError(f"文件夹“{shown_name(path.parent)}”不存在，请先建好它或换一个位置。")
    return path


def check_can_write(target: Path, what: str = "文件") -> None:
    """Try the folder before writing: a read-only or full folder is then named as
    such, and a later PermissionError can only be the file itself (open in Word)."""
    probe = target.parent / f".fulian-probe-{uuid.uuid4().hex[:8]}"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        raise UserError(write_failure(target, exc, what)) from None
    os.close(fd)
    try:
        os.unlink(probe)
    except OSError:
        pass  # a stray empty probe file is harmless


def write_failure(target: Path, exc: OSError, what: str = "草稿") -> str:
    """The one sentence for a file that could not be written."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        why = "没有写入这个位置的权限（文件夹可能是只读的），请换一个文件夹（例如“文档”）"
    else:
        why = os_error_text(exc)
    return f"无法写入“{shown_name(target)}”：{why}。{what}没有保存，原有文件没有改动。"
