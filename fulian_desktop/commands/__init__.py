"""Command-line subcommands, one module each.

A module here defines ``NAME``, ``HELP``, ``ORDER`` (position in --help),
``add_arguments(parser)`` and ``run(args) -> int``. cli.py discovers them, so
adding a command touches no other file. Heavy imports belong inside ``run``.
"""
