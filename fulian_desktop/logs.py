"""Logging to a rotating file in the log folder.

The log files are private (0600 in a 0700 folder, like the database) and
hold no report text: log calls name drafts by id and revisions by number,
never by content.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
from pathlib import Path
from typing import IO

LOG_FILE_NAME = "fulian-desktop.log"


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A RotatingFileHandler whose files (the first and every rotated one) are 0600."""

    def _open(self) -> IO[str]:
        stream = open(  # noqa: SIM115 - the handler owns and closes the stream
            self.baseFilename,
            self.mode,
            encoding=self.encoding,
            errors=self.errors,
            opener=_private_opener,
        )
        if os.name == "posix":
            os.chmod(self.baseFilename, 0o600)  # a file an older version made 0644
        return stream

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        # A full disk must not print "--- Logging error ---" tracebacks on the
        # clerk's console: the record is dropped, the program goes on.
        pass


#: Longest message (and line of a traceback) the log keeps; report text is longer.
MAX_LOGGED = 200

# pydantic repeats the offending value ("input_value='…'"): a name, a phone, a paragraph.
_INPUT_VALUE = re.compile(r"input_value=.*?(?=, input_type=|\]$|$)", re.MULTILINE)


# A run of Chinese text in an exception's message is the clerk's text, not ours
# (the program's own log messages are written at the call, not raised).
_CJK_RUN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]{8,}")


def redact(text: str) -> str:
    """Drop values quoted by validation errors and cut long lines (report text)."""
    text = _INPUT_VALUE.sub("input_value=…", text)
    lines = []
    for line in text.splitlines():
        if len(line) > MAX_LOGGED:
            line = f"{line[:MAX_LOGGED]}…（截断，共 {len(line)} 字符）"
        lines.append(line)
    return "\n".join(lines)


class RedactingFormatter(logging.Formatter):
    """Formats like logging.Formatter, then keeps report text out (see redact)."""

    def formatException(self, ei) -> str:  # noqa: N802 - logging's name
        text = super().formatException(ei)
        return _CJK_RUN.sub(lambda m: f"〔略去 {len(m.group())} 字〕", text)

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Send the application's log records to a rotating file; return its path.

    Raises OSError when the folder or file cannot be written (the caller goes
    on without a log file)."""
    log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        if log_dir.stat().st_mode & 0o077:
            os.chmod(log_dir, 0o700)
        for old in log_dir.glob(f"{LOG_FILE_NAME}*"):
            if old.is_file() and old.stat().st_mode & 0o077:
                os.chmod(old, 0o600)
    path = log_dir / LOG_FILE_NAME
    root = logging.getLogger("fulian_desktop")
    for handler in list(root.handlers):
        if getattr(handler, "_fulian", False):
            root.removeHandler(handler)
            handler.close()
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler._fulian = True  # type: ignore[attr-defined]
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return path
