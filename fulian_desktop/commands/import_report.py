"""``fulian-desktop import-report FILE [--template ID] [-o DRAFT.json] [--as-last-year]``.

Turns last year's report (a .docx, a PDF with a text layer, or plain text)
into a draft: headings found, texts placed, figures read and marked
已导入，请核对. Without ``-o`` the draft goes into the store and its id is
printed. Without ``--template`` the template is guessed from the headings
when one clearly fits best. Bad input is one line on stderr, exit 1, and
nothing is stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

NAME = "import-report"
HELP = "导入往年报告（Word、PDF 或纯文本）为草稿：找出各节、填入文字、读出数字"
ORDER = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="报告文件：.docx、带文字的 PDF 或 .txt")
    parser.add_argument(
        "--template", metavar="ID", help="报告模板的编号（见 templates list）；不给则按标题猜"
    )
    parser.add_argument(
        "-o", "--output", metavar="DRAFT.json", help="把草稿写到这个文件，而不是本机草稿库"
    )
    parser.add_argument(
        "--as-last-year",
        action="store_true",
        help="作为往年报告：文字作为今年的起点，数字作为上年数，今年的数字留空",
    )


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.errors import UserError
    from fulian_desktop.importing.importer import (
        as_last_year,
        guess_template,
        import_blocks,
        read_blocks,
    )

    registry = default_registry()
    name, blocks = read_blocks(args.file)
    if args.template:
        if args.template not in registry:
            raise UserError(f"没有编号为“{args.template}”的报告模板（可用 templates list 查看）")
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
    if args.output:
        from fulian_desktop.storage.atomic import atomic_write_bytes

        text = json.dumps(result.draft.to_dict(), ensure_ascii=False, indent=2) + "\n"
        atomic_write_bytes(Path(args.output), text.encode("utf-8"))
        where = f"已写入 {args.output}"
    else:
        from fulian_desktop.draft_source import print_store_notices
        from fulian_desktop.storage.store import Store

        with Store() as store:
            print_store_notices(store, file=sys.stderr)  # a restore or loss found at open
            if store.read_only:
                raise UserError(f"无法保存：{store.read_only_reason}可用 -o 写到文件。")
            info = store.create(result.draft, kind="import", note=f"从“{name}”导入")
        where = f"已存入草稿库，编号 {info.id}"
    print(result.summary())
    for paragraph in result.unplaced[:5]:
        print(f"  未归类：{paragraph[:40]}{'…' if len(paragraph) > 40 else ''}")
    print(where)
    if not args.output:
        print(info.id)
    return 0
