"""``fulian-desktop demo [FOLDER]``: every built-in template's sample, as a draft
file, as the Word document it exports to and (where the sample fills one) its
绩效自评表 as an Excel workbook, to look at without typing."""

from __future__ import annotations

import argparse
from pathlib import Path

from fulian_desktop.errors import UserError

NAME = "demo"
HELP = "把每个内置模板的示例草稿及其 .docx、.xlsx 写到一个文件夹"
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder",
        metavar="文件夹",
        nargs="?",
        default="fulian-demo",
        help="写到的文件夹（默认：./fulian-demo）",
    )


def write_demo(folder: Path) -> list[Path]:
    """Write <id>.draft.json, the exported .docx and the 绩效自评表 .xlsx of every built-in sample."""
    from fulian_desktop.commands.export import export
    from fulian_desktop.core.compose.composer import default_file_name
    from fulian_desktop.core.draft.model import Draft
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.storage.atomic import atomic_write_text

    registry = default_registry()
    entries = [
        e for e in sorted(registry.entries.values(), key=lambda e: e.template.id) if e.builtin
    ]
    samples = [(e, e.sample_path) for e in entries if e.sample_path is not None]
    if not samples:
        raise UserError("没有找到内置模板的示例草稿")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建文件夹 {folder}（{exc.strerror or exc}）") from None
    written: list[Path] = []
    names: set[str] = set()
    for entry, sample in samples:
        draft = Draft.from_json(sample.read_text(encoding="utf-8"))
        draft_path = folder / f"{entry.template.id}.draft.json"
        try:
            atomic_write_text(draft_path, sample.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UserError(f"无法写入 {draft_path}（{exc.strerror or exc}）") from None
        written.append(draft_path)
        # Two samples of one unit and year would share a name: keep both.
        name = default_file_name(entry.template, draft)
        name = f"{entry.template.id}-{name}" if name in names else name
        names.add(name)
        written.append(export(draft, registry, str(folder / name)))
        if entry.template.scoresheet is not None and draft.scoresheet:
            sheet = name.removesuffix(".docx") + "（绩效自评表）.xlsx"
            written.append(export(draft, registry, str(folder / sheet), "xlsx"))
    return written


def run(args: argparse.Namespace) -> int:
    for path in write_demo(Path(args.folder)):
        print(path)
    return 0
