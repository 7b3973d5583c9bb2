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
from fulian_desktop.output_paths import check_can_write, means_folder, output_file

if TYPE_CHECKING:
    from fulian_desktop.core.draft.model import Draft
    from fulian_desktop.core.template.registry import Registry

NAME = "export"
HELP = "导出草稿（文件或草稿编号）为 Word 报告 (.docx)，或其绩效自评表为 Excel (.xlsx)"
FORMATS = ("docx", "xlsx")
ORDER = 30


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="草稿", help=".fldraft 草稿文件、草稿 JSON 文件，或本机草稿的编号"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="输出文件",
        help="写到哪里：文件或文件夹（默认：当前文件夹中的“单位+年度+报告名称.docx”）；"
        "以 .xlsx 结尾时导出绩效自评表",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="docx（报告）或 xlsx（绩效自评表）；默认按文件后缀，否则为 docx",
    )


SUFFIXES = {".docx": "Word 文档", ".xlsx": "Excel 绩效自评表"}


def choose_format(output: str | None, chosen: str | None) -> str:
    """--format when given, else the suffix of -o (.xlsx), else docx."""
    suffix = "" if not output or means_folder(output) else Path(output).suffix.lower()
    if chosen:
        if suffix in SUFFIXES and suffix != f".{chosen}":
            raise UserError(f"--format {chosen} 与文件名 {Path(output or '').name} 的后缀不一致")
        return chosen
    return "xlsx" if suffix == ".xlsx" else "docx"


def output_path(output: str | None, default_name: str, suffix: str = ".docx") -> Path:
    """-o as given: a folder (existing, or written with a trailing slash) gets the
    document's own name; a suffix other than .docx/.xlsx is refused, not doubled."""
    path = output_file(output, default_name, SUFFIXES)
    if path.suffix.lower() != suffix:
        path = path.with_name(path.name + suffix)
    check_can_write(path, "文件")
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
