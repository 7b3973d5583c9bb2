"""``fulian-desktop gui``: open the window (the default without a command)."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "打开程序窗口（不写命令时的默认做法）"
ORDER = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sample",
        action="store_true",
        help="直接打开内置的示例报告（gz-dept-overall）",
    )
    parser.add_argument(
        "--open",
        metavar="草稿文件.fldraft",
        help="导入一个草稿文件并打开它（双击 .fldraft 文件时就是这样）",
    )


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.ui.app import run_gui

    return run_gui(sample=args.sample, open_path=args.open)
