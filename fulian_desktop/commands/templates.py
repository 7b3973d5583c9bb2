"""``fulian-desktop templates list|check``: the installed outlines, and a check
for people writing a new ``template.yaml``.

``check`` prints every problem one per line with the file and the place in the
YAML (exit 1), or ``OK: <id> <version>``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fulian_desktop.errors import UserError

NAME = "templates"
HELP = "模板：列出本机的模板（list），检查一个模板文件（check 路径）"
ORDER = 40


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="操作", title="操作", required=True)
    sub.add_parser("list", help="列出内置模板和用户模板，以及无法加载的模板")
    check = sub.add_parser("check", help="检查 template.yaml（或含有它的文件夹）")
    check.add_argument("path", metavar="路径", help="template.yaml 或含有它的文件夹")


def run(args: argparse.Namespace) -> int:
    if args.action == "list":
        return _list()
    return _check(Path(args.path))


def _list() -> int:
    from fulian_desktop.core.template.registry import default_registry

    registry = default_registry()
    for template in registry.templates():
        entry = registry.entries[template.id]
        years = "、".join(str(y) for y in template.years) or "不限"
        origin = "内置" if entry.builtin else "用户"
        print(
            f"{template.id}\t{template.version}\t{template.name}\t"
            f"{template.region or '-'}\t年度 {years}\t{origin}"
        )
    for broken in registry.broken:
        first = broken.problems[0] if broken.problems else "无法加载"
        more = f"（另有 {len(broken.problems) - 1} 个问题）" if len(broken.problems) > 1 else ""
        print(f"无法加载\t{broken.path}: {first}{more}")
    if not registry.entries and not registry.broken:
        print("没有找到任何模板")
    return 0


def _check(path: Path) -> int:
    from fulian_desktop.core.template.loading import TemplateError, load_template
    from fulian_desktop.core.template.registry import TEMPLATE_FILE

    if path.is_dir():
        path = path / TEMPLATE_FILE
    if not path.is_file():
        raise UserError(f"找不到模板文件 {path}")
    try:
        template = load_template(path)
    except TemplateError as exc:
        for problem in exc.problems:
            print(f"{exc.path}: {problem}")
        return 1
    print(f"OK: {template.id} {template.version}")
    return 0
