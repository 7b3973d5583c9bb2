"""Errors meant for the person at the keyboard.

A ``UserError`` carries a message that can be shown as it is (the command line
prints it as one line; the UI shows it in a dialog). Anything else that
escapes is a bug: it is logged with its traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix; ``str(error)`` is the whole message."""
