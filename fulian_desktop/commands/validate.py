"""``fulian-desktop validate DRAFT``: check a draft the way the window does.

DRAFT is a draft JSON file (Draft.to_dict()), a ``.fldraft`` draft file, or
the id of a draft in the local store. Issues print one per line, then a
summary; the exit code is 1 while any error remains, 2 when the draft's
template is not installed.
"""

from __future__ import annotations

import argparse
import sys

NAME = "validate"
HELP = "检查草稿：列出错误、警告和提示（有错误时退出码为 1）"
ORDER = 20

EXIT_UNKNOWN_TEMPLATE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "draft", metavar="草稿", help="草稿 JSON 文件、.fldraft 草稿文件，或本机草稿的编号"
    )


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.core import issues as issue_counts
    from fulian_desktop.core.check.validate import validate
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.draft_source import load_draft

    registry = default_registry()
    draft = load_draft(args.draft)
    if draft.template_id not in registry:
        print(
            f"本机没有草稿所用的模板“{draft.template_id}”，无法检查；请先导入该模板。",
            file=sys.stderr,
        )
        return EXIT_UNKNOWN_TEMPLATE
    template = registry.get(draft.template_id)
    if draft.template_version and draft.template_version != template.version:
        print(
            f"注意：草稿按模板 {template.id} 版本 {draft.template_version} 填写，"
            f"本机的模板是版本 {template.version}。",
            file=sys.stderr,
        )
    found = validate(template, draft)
    for issue in found:
        print(issue.line())
    errors = issue_counts.count(found, "error")
    warnings = issue_counts.count(found, "warning")
    infos = issue_counts.count(found, "info")
    print(f"{errors} 个错误，{warnings} 个警告，{infos} 个提示")
    return 1 if errors else 0
