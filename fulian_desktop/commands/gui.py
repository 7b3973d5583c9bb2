"""``fulian-desktop gui``: open the window (the default without a command)."""

from __future__ import annotations

import argparse

NAME = "gui"
HELP = "open the window (the default when no command is given)"
ORDER = 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sample",
        action="store_true",
        help="open the built-in sample report (gz-dept-overall) straight away",
    )
    parser.add_argument(
        "--open",
        metavar="FILE.fldraft",
        help="import a draft file and open it (what double-clicking a .fldraft does)",
    )


def run(args: argparse.Namespace) -> int:
    from fulian_desktop.ui.app import run_gui

    return run_gui(sample=args.sample, open_path=args.open)
