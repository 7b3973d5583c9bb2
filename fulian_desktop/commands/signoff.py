"""``fulian-desktop signoff DRAFT --by NAME [--date DATE]``: 定稿 from the command line.

Sign-off is refused while errors remain. Warnings must be acknowledged: the
command lists them, and ``--acknowledge-warnings`` confirms every listed one
(the acknowledgement is kept in the sign-off record). ``--reopen REASON``
undoes a sign-off (撤销定稿) and keeps the reason in the history.
"""

from __future__ import annotations

import argparse
import sys

NAME = "signoff"
HELP = "定稿本机草稿库中的一份草稿，或用 --reopen 原因 撤销定稿"
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="草稿", help="本机草稿的编号（见 drafts list，可只写开头几位）"
    )
    parser.add_argument("--by", metavar="姓名", help="批准报告的单位主要领导姓名")
    parser.add_argument("--date", metavar="日期", help="定稿日期，例如 2026-01-15（默认：今天）")
    parser.add_argument(
        "--acknowledge-warnings",
        action="store_true",
        help="确认所有剩余的警告（会列出并随定稿记录保存）",
    )
    parser.add_argument("--reopen", metavar="原因", help="撤销定稿：说明原因，草稿可以重新修改")


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from fulian_desktop.core.signoff import readiness
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.core.text.numbers import parse_date
    from fulian_desktop.draft_source import open_current, print_store_notices, resolve
    from fulian_desktop.errors import UserError
    from fulian_desktop.paths import app_paths
    from fulian_desktop.storage.store import Store
    from fulian_desktop.workflow import reopen_draft, sign_off_draft

    registry = default_registry()
    with Store(app_paths().ensure()) as store:
        print_store_notices(store, file=sys.stderr)
        if store.read_only:
            raise UserError(f"现在不能定稿：{store.read_only_reason}")
        info = resolve(store, args.draft)  # a unique beginning, as drafts list prints it
        args.draft = info.id
        if args.reopen is not None:
            _, revision = reopen_draft(store, args.draft, args.reopen)
            print(f"已撤销定稿，草稿可以继续修改（第 {revision.id} 号版本）。")
            return 0
        if not args.by:
            raise UserError("定稿需要 --by 单位主要领导姓名")
        try:
            on = parse_date(args.date) if args.date else date.today()
        except ValueError as exc:
            raise UserError(str(exc)) from None
        draft = open_current(store, info, use_older=False)
        acknowledged: set[str] = set()
        if draft.template_id in registry:
            state = readiness(registry.get(draft.template_id), draft)
            for issue in state.errors + state.warnings:
                print(issue.line())
            if args.acknowledge_warnings:
                acknowledged = {w.key for w in state.warnings}
        signed, revision = sign_off_draft(
            store, registry, args.draft, by=args.by, on=on, acknowledged=acknowledged
        )
        assert signed.signoff is not None
        print(
            f"已定稿：{signed.signoff.by}，{on:%Y-%m-%d}，第 {revision.id} 号版本，"
            f"内容摘要 {signed.signoff.content_hash}"
        )
    return 0
