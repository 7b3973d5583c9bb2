"""``fulian-desktop export DRAFT [-o OUT.docx]``: a draft as a Word document.

DRAFT is a draft file (.fldraft), a plain draft JSON file (Draft.to_dict(),
like a template's sample.draft.json), or the id of a draft in the draft store.
A signed-off draft exports as the final document (no 草稿 marker).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from fulian_desktop.errors import UserError

if TYPE_CHECKING:
    from fulian_desktop.core.draft import Draft
    from fulian_desktop.core.registry import Registry

NAME = "export"
HELP = "export a draft (file or draft id) as a .docx report"
ORDER = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="DRAFT", help="a .fldraft file, a draft JSON file or a draft id"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.docx",
        help="where to write (a file or a folder; default: {单位}{年度}年{报告名称}.docx here)",
    )


def load_draft(source: str, registry: Registry) -> Draft:
    """Read DRAFT: a file when such a file exists, else a draft id in the store."""
    path = Path(source)
    if path.is_file():
        return _read_file(path, registry)
    if path.suffix.lower() in (".json", ".fldraft") or "/" in source or "\\" in source:
        raise UserError(f"找不到文件 {source}")
    return _read_store(source)


def _read_file(path: Path, registry: Registry) -> Draft:
    from pydantic import ValidationError

    from fulian_desktop.core.draft import Draft, DraftFormatError
    from fulian_desktop.storage import files

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"文件 {path.name} 不是草稿文件（无法识别内容）") from None
    except OSError as exc:
        raise UserError(f"无法读取文件 {path}（{exc.strerror or exc}）") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(f"文件 {path.name} 不是草稿文件（第 {exc.lineno} 行无法识别）") from None
    if isinstance(data, dict) and data.get("format") == files.FILE_FORMAT:
        # The envelope check (checksum, versions); any template version is fine to export.
        return files.read_draft_file(path, lambda tid, _version: tid in registry)[1]
    if not isinstance(data, dict):
        raise UserError(f"文件 {path.name} 不是草稿文件")
    try:
        return Draft.from_dict(data)
    except DraftFormatError as exc:
        raise UserError(f"文件 {path.name}：{exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "?"
        raise UserError(f"文件 {path.name} 的草稿内容不符合格式（{where}：{err['msg']}）") from None


def _read_store(draft_id: str) -> Draft:
    from fulian_desktop.paths import app_paths
    from fulian_desktop.storage.store import Store

    paths = app_paths()
    if not paths.database.exists():
        raise UserError(f"没有找到文件或草稿“{draft_id}”（草稿库还是空的）")
    with Store(paths, read_only=True) as store:
        if not store.exists(draft_id):
            raise UserError(f"没有找到文件或草稿“{draft_id}”")
        return store.open(draft_id)


def output_path(output: str | None, default_name: str) -> Path:
    """-o as given (a folder gets the default name; .docx is added when missing)."""
    if not output:
        return Path.cwd() / default_name
    path = Path(output)
    if path.is_dir():
        return path / default_name
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    if not path.parent.is_dir():
        raise UserError(f"文件夹 {path.parent} 不存在")
    return path


def export(draft: Draft, registry: Registry, output: str | None) -> Path:
    """Compose and write one draft; return where it went."""
    from fulian_desktop.core.compose import default_file_name
    from fulian_desktop.workflow import write_report

    if draft.template_id not in registry:
        raise UserError(f"本机没有草稿所用的模板“{draft.template_id}”，请先导入该模板")
    template = registry.get(draft.template_id)
    path = output_path(output, default_file_name(template, draft))
    # a signed-off draft gets the final document: no marker, content hash stored
    return write_report(registry, draft, path, _font_settings())


def _font_settings() -> dict:
    """The clerk's font replacements from 设置, as the window uses them."""
    from fulian_desktop.paths import app_paths
    from fulian_desktop.settings import load_settings

    return load_settings(app_paths().settings_file).style_overrides()


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core.registry import default_registry

    registry = default_registry()
    draft = load_draft(args.draft, registry)
    path = export(draft, registry, args.output)
    kind = "定稿" if draft.signed_off else "草稿（带“草稿”标记）"
    print(f"已导出{kind}：{path}")
    return 0
