"""The command line: ``fulian-desktop`` (GUI) and its subcommands.

A command-line error is one clear line on stderr and a non-zero exit code;
tracebacks go to the log file only.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import pkgutil
import sys
from types import ModuleType

from fulian_desktop import __version__, commands
from fulian_desktop.errors import UserError, os_error_text

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


#: argparse's own words (usage, group titles, its error messages), in Chinese.
#: argparse looks each one up through its module-level gettext ``_`` at the time
#: it is used, so one lookup table covers them all without copying argparse code.
ARGPARSE_ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示程序版本并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "多余的值 %r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "选项 %(option)s 不明确，可能是：%(matches)s"
    ),
    "unexpected option string: %s": "不应出现的选项：%s",
    "invalid %(type)s value: %(value)r": "无效的值：%(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选择：%(value)r（可选：%(choices)s）",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "没有命令 %(parser_name)r（可用的命令：%(choices)s）"
    ),
    "can't open '%(filename)s': %(error)s": "无法打开 %(filename)s：%(error)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "cannot have multiple subparser arguments": "只能有一组子命令",
}
_english, _english_n = argparse._, argparse.ngettext  # type: ignore[attr-defined]


def _zh(message: str) -> str:
    return ARGPARSE_ZH.get(message) or _english(message)


def _zh_n(singular: str, plural: str, n: int) -> str:
    return ARGPARSE_ZH.get(singular if n == 1 else plural) or _english_n(singular, plural, n)


argparse._, argparse.ngettext = _zh, _zh_n  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit code 2
        self.exit(2, f"{self.prog}：错误：{message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="绩效自评报告助手：离线填写、检查和导出部门整体支出绩效自评报告。"
        "不写命令时打开程序窗口。",
    )
    parser.add_argument(
        "--version", action="version", version=f"{PROG} {__version__}", help="显示程序版本并退出"
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser, title="命令")
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
    home = os.environ.get("FULIAN_HOME")
    if home and os.path.exists(home) and not os.path.isdir(home):
        # every folder of the program lives under it: nothing below could work
        print(
            f"{PROG}：错误：环境变量 FULIAN_HOME 指向的“{home}”是一个文件，不是文件夹。"
            "请把它改为一个文件夹，或删去这个设置。",
            file=sys.stderr,
        )
        return 1
    _setup_logging()
    try:
        return int(args._run(args) or 0)
    except UserError as exc:
        print(f"{PROG}：错误：{exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a disk problem no command foresaw: its cause, in Chinese
        log.exception("command %s failed", args.command)
        where = f"“{exc.filename}”：" if exc.filename else ""
        print(f"{PROG}：错误：{where}{os_error_text(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}：已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: one line for the user, the traceback in the log
        log.exception("command %s failed", args.command)
        print(
            f"{PROG}：内部错误（程序缺陷）：{type(exc).__name__}: {exc}（详情见日志文件）",
            file=sys.stderr,
        )
        return 3


def _setup_logging() -> None:
    from fulian_desktop.logs import setup_logging
    from fulian_desktop.paths import app_paths

    try:
        setup_logging(app_paths().ensure().logs)
    except OSError as exc:  # a read-only or full disk must not stop the program
        print(f"{PROG}：注意：无法写日志文件：{os_error_text(exc)}", file=sys.stderr)
        # Without a file, records must not fall through to stderr (Python's
        # last-resort handler): the clerk gets the notices, not log lines.
        logging.getLogger("fulian_desktop").addHandler(logging.NullHandler())
