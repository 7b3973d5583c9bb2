"""``fulian-desktop import-report FILE [--template ID] [-o DRAFT.json] [--as-last-year]``.

Turns last year's report (a .docx, a PDF with a text layer, or plain text)
into a draft: headings found, texts placed, figures read and marked
已导入，请核对. Without ``-o`` the draft goes into the store and its id is
printed. Without ``--template`` the template is guessed from the headings
when one clearly fits best. Bad input is one line on stderr, exit 1, and
nothing is stored.

``-o`` is checked before the report is read (reading a long report takes a
while; a typo in the folder should not be found out after it):

- a folder that does not exist is refused, not created: ``export -o`` does
  the same, and a mistyped folder name would otherwise hide the draft in a
  new folder the clerk never looks in;
- an existing folder gets ``<report name>.draft.json`` inside it (``(2)``,
  ``(3)`` … when taken: a name the clerk did not type never overwrites);
- the report file itself is refused: writing would destroy the report;
- a failed write (no permission, disk full, read-only disk) is one Chinese
  sentence; the write is atomic, so an existing file keeps its old content.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from fulian_desktop.errors import UserError
from fulian_desktop.importing.source import shown_name
from fulian_desktop.output_paths import write_failure

NAME = "import-report"
HELP = "导入往年报告（Word、PDF 或纯文本）为草稿：找出各节、填入文字、读出数字"
ORDER = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="文件", help="报告文件：.docx、带文字的 PDF 或 .txt")
    parser.add_argument(
        "--template", metavar="模板编号", help="报告模板的编号（见 templates list）；不给则按标题猜"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="草稿.json",
        help="把草稿写到这个文件（或这个文件夹里），而不是本机草稿库",
    )
    parser.add_argument(
        "--as-last-year",
        action="store_true",
        help="作为往年报告：文字作为今年的起点，数字作为上年数，今年的数字留空",
    )


def output_target(output: str, source: Path) -> Path:
    """Where ``-o`` writes; UserError when it cannot or must not be written."""
    if not output.strip():
        raise UserError("-o 后面要写草稿文件的名字（例如 -o 草稿.json）。")
    target = Path(output)
    if target.is_dir():
        target = _free_name(target, f"{source.stem}.draft.json")
    elif output.endswith(("/", os.sep)) or not target.parent.is_dir():
        # "-o 草稿/" means a folder even though Path drops the slash
        where = target if output.endswith(("/", os.sep)) else target.parent
        if where.exists():
            raise UserError(f"“{shown_name(where)}”不是文件夹，无法在里面保存草稿。")
        raise UserError(
            f"保存草稿的文件夹“{shown_name(where)}”不存在，请先建好这个文件夹或换一个位置。"
        )
    if _same_file(target, source):
        raise UserError(
            f"不能把草稿写到“{shown_name(target.name)}”：它就是要导入的报告，写入会覆盖报告原文。"
            "请换一个文件名（例如 草稿.json）。"
        )
    return target


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``name (2)`` … when that is taken (as Windows names copies)."""
    stem, suffix = name.removesuffix(".draft.json"), ".draft.json"
    candidate = folder / name
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem} ({n}){suffix}"
        n += 1
    return candidate


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)  # hard links and symlinks too
    except OSError:
        return False  # the target does not exist yet


def check_readable(draft_dict: dict) -> None:
    """Refuse a draft the program would refuse to read back (a field over
    MAX_FIELD_CHARS, …): same check as reading a draft file, before storing."""
    from fulian_desktop.core.draft.bounds import DraftDataError, check_and_clean

    try:
        check_and_clean(json.loads(json.dumps(draft_dict)), clean=False)
    except DraftDataError as exc:
        raise UserError(f"导入的内容超出了草稿的容量，没有保存：{exc}。") from None


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.importing.cleanup import clean_blocks
    from fulian_desktop.importing.importer import as_last_year, guess_template, import_blocks
    from fulian_desktop.importing.readers import read_source

    source_path = Path(args.file)
    target = output_target(args.output, source_path) if args.output is not None else None
    registry = default_registry()
    if args.template and args.template not in registry:
        raise UserError(f"没有编号为“{args.template}”的报告模板（可用 templates list 查看）")
    # read_source, not importer.read_blocks: the reader's warnings (characters
    # that could not be read) are needed for the clerk
    source = read_source(source_path)
    name = shown_name(source.name)
    blocks = clean_blocks(source)
    if args.template:
        template = registry.get(args.template)
    else:
        template, ranked = guess_template(blocks, registry.templates())
        if template is None:
            fits = "，".join(f"{t.id} {score:.0%}" for score, t in ranked[:3])
            raise UserError(
                f"看不出“{name}”用的是哪个模板（各模板的吻合度：{fits}），请用 --template 指定"
            )
        print(f"按标题判断，使用模板 {template.id}（{template.name}）")
    result = import_blocks(blocks, template, name)
    if args.as_last_year:
        result = as_last_year(result)
    data = result.draft.to_dict()
    check_readable(data)
    if target is not None:
        from fulian_desktop.storage.atomic import atomic_write_bytes
        from fulian_desktop.storage.files import MAX_FILE_BYTES

        raw = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        if len(raw) > MAX_FILE_BYTES:  # the draft file reader's limit
            raise UserError(
                f"导入的内容太多（{len(raw) // 1024 // 1024} MB），写成的草稿文件将无法再打开，没有保存。"
            )
        try:
            atomic_write_bytes(target, raw)
        except OSError as exc:
            raise UserError(write_failure(target, exc)) from None
        where = f"已写入 {shown_name(target)}"
    else:
        from fulian_desktop.draft_source import print_store_notices
        from fulian_desktop.storage.store import Store

        with Store() as store:
            print_store_notices(store, file=sys.stderr)  # a restore or loss found at open
            if store.read_only:
                raise UserError(f"无法保存：{store.read_only_reason}可用 -o 写到文件。")
            info = store.create(result.draft, kind="import", note=f"从“{name}”导入")
        where = f"已存入草稿库，编号 {info.id}"
    for warning in source.warnings:  # on stderr: stdout ends with the id scripts read
        print(f"注意：{warning}", file=sys.stderr)
    print(result.summary())
    for paragraph in result.unplaced[:5]:
        print(f"  未归类：{paragraph[:40]}{'…' if len(paragraph) > 40 else ''}")
    print(where)
    if target is None:
        print(info.id)
    return 0
