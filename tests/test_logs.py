"""The log files: private (0600 in a 0700 folder), and no report text in them."""

from __future__ import annotations

import logging
import os
import stat

from fulian_desktop.logs import LOG_FILE_NAME, MAX_LOGGED, setup_logging


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_log_files_are_private_also_after_rotation(tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    old = folder / LOG_FILE_NAME
    old.write_text("from an older version\n")
    os.chmod(old, 0o644)
    path = setup_logging(folder)
    log = logging.getLogger("fulian_desktop.test")
    for i in range(8000):  # past maxBytes: rotated files appear
        log.warning("line %d %s", i, "x" * 400)
    files = sorted(folder.glob(f"{LOG_FILE_NAME}*"))
    assert len(files) > 1
    assert [_mode(p) for p in files] == [0o600] * len(files)
    assert _mode(folder) == 0o700
    assert path == old


def test_report_text_stays_out_of_the_log(tmp_path):
    from pydantic import BaseModel

    class Unit(BaseModel):
        phone: int

    path = setup_logging(tmp_path / "logs")
    log = logging.getLogger("fulian_desktop.test")
    paragraph = "我单位二〇二三年度认真落实妇女儿童发展规划，" * 40
    typed = {"phone": "李梅 " + "13812345678"}  # as the clerk typed it
    try:
        Unit(**typed)
    except ValueError:
        log.exception("import failed")
    try:
        raise ValueError(f"All strings must be XML compatible: {paragraph}")
    except ValueError:
        log.exception("export failed")
    for handler in logging.getLogger("fulian_desktop").handlers:
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "import failed" in text and "export failed" in text  # the events are there
    assert "13812345678" not in text and "李梅" not in text
    assert "认真落实" not in text  # not even the start of the paragraph
    assert all(len(line) <= MAX_LOGGED + 40 for line in text.splitlines())
