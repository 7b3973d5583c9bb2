"""``fulian-desktop export DRAFT [-o OUT.docx|OUT.xlsx] [--format docx|xlsx]``: a draft
as a Word document, or its 绩效自评表 as an Excel workbook.

The format follows the output file's suffix (``.xlsx`` → workbook); ``--format``
chooses it when there is no file name or the name has another suffix.

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
    from fulian_desktop.core.draft.model import Draft
    from fulian_desktop.core.template.registry import Registry

NAME = "export"
HELP = "export a draft (file or draft id) as a .docx report, or its 绩效自评表 as .xlsx"
FORMATS = ("docx", "xlsx")
ORDER = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="DRAFT", help="a .fldraft file, a draft JSON file or a draft id"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT.docx",
        help="where to write (a file or a folder; default: {单位}{年度}年{报告名称}.docx here); "
        "a name ending in .xlsx writes the 绩效自评表 workbook",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="docx (the report) or xlsx (the 绩效自评表); default: from the file suffix, else docx",
    )


def choose_format(output: str | None, chosen: str | None) -> str:
    """--format when given, else the suffix of -o (.xlsx), else docx."""
    if chosen:
        return chosen
    if output and Path(output).suffix.lower() == ".xlsx" and not Path(output).is_dir():
        return "xlsx"
    return "docx"


def output_path(output: str | None, default_name: str, suffix: str = ".docx") -> Path:
    """-o as given (a folder gets the default name; the suffix is added when missing)."""
    if not output:
        return Path.cwd() / default_name
    path = Path(output)
    if path.is_dir():
        return path / default_name
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    if not path.parent.is_dir():
        raise UserError(f"文件夹 {path.parent} 不存在")
    return path


def export(draft: Draft, registry: Registry, output: str | None, fmt: str = "docx") -> Path:
    """Compose and write one draft (or its 绩效自评表); return where it went."""
    from fulian_desktop.core.compose.composer import default_file_name, safe_file_name
    from fulian_desktop.workflow import write_report, write_scoresheet

    if draft.template_id not in registry:
        raise UserError(f"本机没有草稿所用的模板“{draft.template_id}”，请先导入该模板")
    template = registry.get(draft.template_id)
    if fmt == "xlsx":
        unit = " ".join(draft.unit.name.split())
        year = f"{draft.unit.year}年" if draft.unit.year else ""
        name = f"{safe_file_name(f'{unit}{year}绩效自评表', '绩效自评表')}.xlsx"
        return write_scoresheet(registry, draft, output_path(output, name, ".xlsx"))
    path = output_path(output, default_file_name(template, draft))
    # a signed-off draft gets the final document: no marker, content hash stored
    return write_report(registry, draft, path, _font_settings())


def _font_settings() -> dict:
    """The clerk's font replacements from 设置, as the window uses them."""
    from fulian_desktop.paths import app_paths
    from fulian_desktop.settings import load_settings

    return load_settings(app_paths().settings_file).style_overrides()


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.draft_source import load_draft

    registry = default_registry()
    draft = load_draft(args.draft)
    fmt = choose_format(args.output, args.format)
    path = export(draft, registry, args.output, fmt)
    if fmt == "xlsx":
        print(f"已导出绩效自评表：{path}")
        return 0
    kind = "定稿" if draft.signed_off else "草稿（带“草稿”标记）"
    print(f"已导出{kind}：{path}")
    return 0
