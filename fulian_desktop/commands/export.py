"""``fulian-desktop export DRAFT [-o OUT.docx]``: a draft as a Word document.

DRAFT is a draft file (.fldraft), a plain draft JSON file (Draft.to_dict(),
like a template's sample.draft.json), or the id of a draft in the draft store.
A signed-off draft exports as the final document (no 草稿 marker).
"""

from __future__ import annotations

import argparse
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
    from fulian_desktop.draft_source import load_draft

    registry = default_registry()
    draft = load_draft(args.draft)
    path = export(draft, registry, args.output)
    kind = "定稿" if draft.signed_off else "草稿（带“草稿”标记）"
    print(f"已导出{kind}：{path}")
    return 0
