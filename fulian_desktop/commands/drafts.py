"""``fulian-desktop drafts``: list drafts, show history, export and import draft files.

While the window is open the store is locked for writing; these commands
then read it read-only (list, history and export still work; import says why
it cannot).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from fulian_desktop.errors import UserError

if TYPE_CHECKING:
    from fulian_desktop.storage.store import DraftInfo, Store

NAME = "drafts"
HELP = "草稿：列出、查看历史、导出和导入草稿文件 (list | history | export | import)"
ORDER = 30

STATUS_TEXT = {"draft": "草稿", "signed_off": "已定稿"}
KIND_TEXT = {
    "autosave": "自动保存",
    "manual": "手动保存",
    "import": "导入",
    "export": "导出",
    "sign-off": "定稿",
    "reopen": "重新打开",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作", title="操作", required=True)
    p = sub.add_parser("list", help="列出草稿（最近修改的在前）")
    p.add_argument("--recycle-bin", action="store_true", help="列出回收站中的草稿")
    p = sub.add_parser("history", help="列出一份草稿的全部修订")
    p.add_argument("draft", metavar="草稿编号", help="草稿编号（可只写开头几位）")
    p = sub.add_parser(
        "export",
        help="把草稿导出为草稿文件 (.fldraft，用于换电脑)，或以 .json 结尾时导出纯草稿 JSON",
    )
    p.add_argument("draft", metavar="草稿编号", help="草稿编号（可只写开头几位）")
    p.add_argument("output", metavar="输出", help="要写入的文件，或文件夹（在其中以草稿标题命名）")
    p.add_argument("--revision", type=int, metavar="修订号", help="导出指定修订（默认：最新）")
    p = sub.add_parser("import", help="导入草稿文件：不覆盖任何内容，只新增修订或草稿")
    p.add_argument("file", type=Path, metavar="文件", help="草稿文件 (.fldraft) 或草稿 JSON 文件")


def _local(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    parts = version.replace("-", ".").split(".") if version else []
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def installed_templates() -> Callable[[str, str], bool]:
    """Known templates for import: an installed template of that id, not older than the file's."""
    from fulian_desktop.core.template.registry import default_registry

    registry = default_registry()

    def known(template_id: str, version: str) -> bool:
        if template_id not in registry:
            return False
        return _version_key(registry.get(template_id).version) >= _version_key(version)

    return known


def resolve(store: Store, text: str) -> DraftInfo:
    from fulian_desktop.draft_source import resolve as resolve_draft

    return resolve_draft(store, text)


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.draft_source import print_store_notices
    from fulian_desktop.storage.store import Store

    with Store() as store:
        print_store_notices(store)
        return {"list": _list, "history": _history, "export": _export, "import": _import}[
            args.action
        ](store, args)


def _list(store: Store, args: argparse.Namespace) -> int:
    drafts = store.list_drafts(recycle_bin=args.recycle_bin)
    if not drafts:
        print("回收站是空的。" if args.recycle_bin else "还没有草稿。")
        _mention_moved_aside(store)
        return 0
    for d in drafts:
        status = "回收站" if d.in_recycle_bin else STATUS_TEXT.get(d.status, d.status)
        print(f"{d.id[:8]}  {status:<3}  {_local(d.updated)}  {d.title}")
    return 0


def _mention_moved_aside(store: Store) -> None:
    """An empty list right after a damaged database was moved aside must not look normal."""
    from fulian_desktop.storage.ledger import EVENTS_NAME

    folder = store.paths.data / "damaged"
    moved = sorted(folder.glob("*.sqlite3")) if folder.is_dir() else []
    if moved:
        print(
            f"注意：{folder} 中有 {len(moved)} 个移开的旧草稿库文件（最近的：{moved[-1].name}），"
            f"经过见 {store.paths.data / EVENTS_NAME}。如需找回其中的草稿，请联系技术人员。"
        )


def _history(store: Store, args: argparse.Namespace) -> int:
    info = resolve(store, args.draft)
    print(f"{info.title}（{info.id}）")
    for rev in store.history(info.id):
        note = f"  {rev.note}" if rev.note else ""
        kind = KIND_TEXT.get(rev.kind, rev.kind)
        print(f"#{rev.id:<6} {_local(rev.created)}  {kind:<4} {rev.sha256[:12]}{note}")
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    from fulian_desktop.core.compose.composer import safe_file_name
    from fulian_desktop.output_paths import check_can_write, output_file
    from fulian_desktop.storage.files import export_draft_file

    info = resolve(store, args.draft)
    # a folder is a folder: the file goes inside it, named after the draft
    name = f"{safe_file_name(info.title, '草稿')}.fldraft"
    target = output_file(args.output, name, {".fldraft": "草稿文件", ".json": "草稿 JSON"})
    check_can_write(target, "草稿文件")
    if target.suffix.lower() == ".json":
        path = _export_plain(store, info, target, args.revision)
    else:
        path = export_draft_file(store, target, draft_id=info.id, revision_id=args.revision)
    print(f"已导出“{info.title}”到 {path}")
    return 0


def _export_plain(store: Store, info: DraftInfo, target: Path, revision: int | None) -> Path:
    """The draft alone, without the .fldraft envelope: what a template's
    sample.draft.json is and what validate, export and drafts import read."""
    import json

    from fulian_desktop.output_paths import write_failure
    from fulian_desktop.storage.atomic import atomic_write_text

    revision_id = revision if revision is not None else info.current_revision
    if revision_id is None:
        raise UserError("这份草稿还没有保存过内容，无法导出。")
    if store.revision(revision_id).draft_id != info.id:
        raise UserError(f"修订 #{revision_id} 不属于这份草稿。")
    data = json.loads(store.revision_json(revision_id))
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise UserError(write_failure(target, exc, "草稿文件")) from None
    return target


def _import(store: Store, args: argparse.Namespace) -> int:
    from fulian_desktop.draft_source import is_wrapped_draft_file
    from fulian_desktop.storage.files import import_draft_file

    path = Path(args.file)
    if path.is_dir():
        raise UserError(f"{path} 是文件夹，不是草稿文件")
    if path.is_file() and not is_wrapped_draft_file(path):
        return _import_plain(store, path)
    result = import_draft_file(store, args.file, installed_templates())
    for warning in result.warnings:
        print(f"注意：{warning}", file=sys.stderr)
    d = result.draft
    if result.new_draft:
        print(f"已导入为新草稿：{d.title}（{d.id[:8]}）")
    else:
        extra = "，并已从回收站还原" if result.restored_from_recycle_bin else ""
        print(f"已作为新修订 #{result.revision.id} 加入草稿：{d.title}（{d.id[:8]}）{extra}")
    return 0


def _import_plain(store: Store, path: Path) -> int:
    """A plain draft JSON (what `export` reads, a template's sample.draft.json): it
    carries no draft id, so it always becomes a new draft."""
    from fulian_desktop.draft_source import read_draft_path

    draft = read_draft_path(path)
    if not installed_templates()(draft.template_id, draft.template_version or ""):
        raise UserError(
            f"本机没有文件 {path.name} 所用的模板“{draft.template_id}”"
            f"（版本 {draft.template_version or '未注明'}）。请先导入或更新该模板，再导入草稿。"
        )
    info = store.create(draft, kind="import", note=f"从文件导入：{path.name}")
    print(f"已导入为新草稿：{info.title}（{info.id[:8]}）")
    return 0
