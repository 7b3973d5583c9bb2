"""``fulian-desktop validate DRAFT``: check a draft the way the window does.

DRAFT is a draft JSON file (Draft.to_dict()), a ``.fldraft`` draft file, or
the id of a draft in the local store. Issues print one per line, then a
summary; the exit code is 1 while any error remains, 2 when the draft's
template is not installed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from fulian_desktop.errors import UserError

NAME = "validate"
HELP = "检查草稿：列出错误、警告和提示（有错误时退出码为 1）"
ORDER = 20

EXIT_UNKNOWN_TEMPLATE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="DRAFT", help="草稿 JSON 文件、.fldraft 草稿文件，或本机草稿的编号"
    )


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core import issues as issue_counts
    from fulian_desktop.core.registry import default_registry
    from fulian_desktop.core.validate import validate

    registry = default_registry()
    draft = load_draft(args.draft)
    if draft.template_id not in registry:
        print(
            f"本机没有草稿所用的模板“{draft.template_id}”，无法检查；请先导入该模板。",
            file=sys.stderr,
        )
        return EXIT_UNKNOWN_TEMPLATE
    template = registry.get(draft.template_id)
    if draft.template_version and draft.template_version != template.version:
        print(
            f"注意：草稿按模板 {template.id} 版本 {draft.template_version} 填写，"
            f"本机的模板是版本 {template.version}。",
            file=sys.stderr,
        )
    found = validate(template, draft)
    for issue in found:
        print(issue.line())
    errors = issue_counts.count(found, "error")
    warnings = issue_counts.count(found, "warning")
    infos = issue_counts.count(found, "info")
    print(f"{errors} 个错误，{warnings} 个警告，{infos} 个提示")
    return 1 if errors else 0


def load_draft(spec: str):  # -> Draft
    """A draft from a JSON file, a .fldraft file, or a draft id in the store."""
    from pydantic import ValidationError

    from fulian_desktop.core.draft import Draft, DraftFormatError

    path = Path(spec)
    if path.is_file():
        if path.suffix.lower() == ".fldraft":
            return _read_fldraft(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"无法读取文件 {path}：{exc}") from None
        except json.JSONDecodeError as exc:
            raise UserError(
                f"文件 {path} 不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）"
            ) from None
        if isinstance(data, dict) and "draft" in data and "format" in data:
            return _read_fldraft(path)
        if not isinstance(data, dict):
            raise UserError(f"文件 {path} 不是草稿文件")
        try:
            return Draft.from_dict(data)
        except DraftFormatError as exc:
            raise UserError(f"文件 {path}：{exc}") from None
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(top level)"
            raise UserError(f"文件 {path} 不符合草稿格式：{where}: {first['msg']}") from None
    if path.exists():
        raise UserError(f"{path} 不是文件")
    draft = _from_store(spec)
    if draft is None:
        raise UserError(f"找不到草稿“{spec}”：既不是文件，也不是本机草稿的编号")
    return draft


def _read_fldraft(path: Path):  # -> Draft
    try:
        from fulian_desktop.storage.files import DraftFileError, read_draft_file
    except ImportError:
        raise UserError(f"本程序不能读取 {path.suffix} 文件") from None

    # Accept any template here: run() reports a template that is not installed
    # with its own exit code, and a version difference as a note.
    try:
        _draft_id, draft = read_draft_file(path, lambda _id, _version: True)
    except DraftFileError as exc:
        raise UserError(str(exc)) from None
    return draft


def _from_store(draft_id: str):  # -> Draft | None
    try:
        from fulian_desktop.storage.store import Store, StoreError
    except ImportError:
        return None
    from fulian_desktop.paths import app_paths

    if not app_paths().database.exists():
        return None
    try:
        with Store(read_only=True) as store:
            if not store.exists(draft_id):
                return None
            return store.open(draft_id)
    except StoreError as exc:
        raise UserError(str(exc)) from None
