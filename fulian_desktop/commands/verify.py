"""``fulian-desktop verify FILE.docx [--draft-file F]``: is this the approved report?

Looks for the signed-off revision whose content hash the document states, in
the draft store and in any draft files given, recomputes that draft's hash,
renders the final document from it again and compares everything a reader can
see (workflow.verify_file). Against the store a match is proven ("与本机第 N
号定稿版本一致"); against a draft file only consistency is shown, and the
message says so. Exit 0 when it matches, 1 when it does not or cannot be proven.
"""

from __future__ import annotations

import argparse

NAME = "verify"
HELP = "核验定稿 Word 文档：是否与某个定稿版本一致（本机草稿库或草稿文件）"
ORDER = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", metavar="文档.docx", help="导出的定稿 Word 文档 (.docx)")
    parser.add_argument(
        "--draft-file",
        metavar="草稿文件",
        action="append",
        default=[],
        help="同时在这个 .fldraft 或草稿 JSON 文件中查找（可写多次）",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fulian_desktop.core.signoff import Candidate
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.draft_source import checked_store, load_draft
    from fulian_desktop.errors import UserError
    from fulian_desktop.paths import app_paths
    from fulian_desktop.workflow import signed_off_revisions, verify_file

    document = Path(args.document)
    if document.is_dir():
        raise UserError(f"{document} 是文件夹，请给出要核验的 Word 文档 (.docx)")
    if not document.is_file():
        raise UserError(f"找不到文件 {document}")
    if document.suffix.lower() != ".docx":
        # an .xlsx (the 绩效自评表) carries no 定稿标识: say what can be verified
        raise UserError(f"只能核验 Word 文档 (.docx)；{document.name} 不是 Word 文档")
    registry = default_registry()
    candidates = [Candidate(f"草稿文件 {name}", load_draft(name)) for name in args.draft_file]
    paths = app_paths()
    if paths.database.exists():
        with checked_store() as store:
            candidates += signed_off_revisions(store)
    verdict = verify_file(document, registry, candidates)
    if verdict.ok:
        label = "一致：" if verdict.proven else "相互一致（未证明是定稿原件）："
    else:
        label = "无法证明：" if verdict.partial else "不一致："
    print(label + verdict.message)
    return 0 if verdict.ok else 1
