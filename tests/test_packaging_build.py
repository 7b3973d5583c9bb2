"""packaging/build.py reads the bundled program's output in the program's encoding."""

from __future__ import annotations

import importlib.util
import locale
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def load_build():
    spec = importlib.util.spec_from_file_location(
        "packaging_build", ROOT / "packaging" / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_child_encoding_follows_pythonioencoding():
    build = load_build()
    assert build.child_encoding({"PYTHONIOENCODING": "cp936"}) == "cp936"
    assert build.child_encoding({"PYTHONIOENCODING": "cp1252:replace"}) == "cp1252"


def test_child_encoding_is_the_locale_encoding_otherwise():
    build = load_build()
    expected = locale.getencoding() if sys.version_info >= (3, 11) else None
    got = build.child_encoding({})
    if expected is not None:
        assert got == expected
    assert "".encode(got) == b""  # a codec Python knows


def test_run_child_decodes_gbk_output(tmp_path):
    build = load_build()
    script = "import sys; sys.stdout.buffer.write('演示：已写入 3 个文件'.encode('cp936'))"
    result = build.run_child([sys.executable, "-c", script], {"PYTHONIOENCODING": "cp936"})
    assert result.returncode == 0
    assert result.stdout == "演示：已写入 3 个文件"
