"""``fulian-desktop verify FILE.docx [--draft-file F]``: is this the approved report?

Looks for the signed-off revision whose content hash the document states, in
the draft store and in any draft files given, composes the final document from
it again and compares the text. Exit 0 when it matches, 1 when it does not.
"""

from __future__ import annotations

import argparse

NAME = "verify"
HELP = "check that a final .docx matches a signed-off revision (store or draft file)"
ORDER = 45


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("document", metavar="FILE.docx", help="the exported final document")
    parser.add_argument(
        "--draft-file",
        metavar="F",
        action="append",
        default=[],
        help="also look in this .fldraft or draft JSON file (may be given more than once)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fulian_desktop.core.registry import default_registry
    from fulian_desktop.draft_source import checked_store, load_draft
    from fulian_desktop.errors import UserError
    from fulian_desktop.paths import app_paths
    from fulian_desktop.workflow import signed_off_revisions, verify_file

    document = Path(args.document)
    if not document.is_file():
        raise UserError(f"找不到文件 {document}")
    registry = default_registry()
    candidates = [(f"草稿文件 {name}", load_draft(name)) for name in args.draft_file]
    paths = app_paths()
    if paths.database.exists():
        with checked_store() as store:
            candidates += signed_off_revisions(store)
    verdict = verify_file(document, registry, candidates)
    print(("一致：" if verdict.ok else "不一致：") + verdict.message)
    return 0 if verdict.ok else 1
