"""The command line: ``fulian-desktop`` (GUI) and its subcommands.

A command-line error is one clear line on stderr and a non-zero exit code;
tracebacks go to the log file only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from types import ModuleType

from fulian_desktop import __version__, commands
from fulian_desktop.errors import UserError

log = logging.getLogger(__name__)

PROG = "fulian-desktop"


def _command_modules() -> list[ModuleType]:
    modules = [
        importlib.import_module(f"{commands.__name__}.{info.name}")
        for info in pkgutil.iter_modules(commands.__path__)
        if not info.name.startswith("_")
    ]
    return sorted(
        (m for m in modules if hasattr(m, "run")), key=lambda m: (getattr(m, "ORDER", 99), m.NAME)
    )


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="绩效自评报告助手 — write, check and export 部门整体支出绩效自评报告 offline. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _command_modules():
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def make_output_safe() -> None:
    """Let stdout/stderr write what the console can show and replace the rest.

    A Windows console in code page 1252 or 936, a pipe read by a cp936 program
    or an ASCII terminal cannot encode every character we print (Chinese file
    names, 全角 punctuation, ✓): without this, printing one of them ends the
    command with UnicodeEncodeError after the work is done. The windowed
    program has no console at all (the streams are None).
    """
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            try:
                reconfigure(errors="replace")
            except (OSError, ValueError):  # a closed or detached stream: nothing to print to
                pass


def main(argv: list[str] | None = None) -> int:
    make_output_safe()
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui", *argv])
    _setup_logging()
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.exception("command %s failed", args.command)
        print(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} (details in the log)",
            file=sys.stderr,
        )
        return 3


def _setup_logging() -> None:
    from fulian_desktop.logs import setup_logging
    from fulian_desktop.paths import app_paths

    try:
        setup_logging(app_paths().ensure().logs)
    except OSError as exc:  # a read-only or full disk must not stop the program
        print(f"{PROG}: warning: cannot write the log file: {exc}", file=sys.stderr)
        # Without a file, records must not fall through to stderr (Python's
        # last-resort handler): the clerk gets the notices, not log lines.
        logging.getLogger("fulian_desktop").addHandler(logging.NullHandler())
