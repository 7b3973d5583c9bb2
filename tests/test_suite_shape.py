"""The suite itself: any test module runs alone and with any other.

pytest (in its default import mode) puts each test folder on sys.path and
imports every module by its bare name, so two files of one name in different
folders, or a test importing names from "conftest" (whichever conftest comes
first on sys.path), work in one run and fail in another. Shared helpers live
in the tests/testkit package instead.
"""

from __future__ import annotations

import ast
import collections
import os
import subprocess
import sys

from testkit.paths import REPO_ROOT

TESTS = REPO_ROOT / "tests"


def _python_files() -> list:
    return [p for p in TESTS.rglob("*.py") if "fixtures" not in p.parts]


def test_no_module_imports_from_a_conftest():
    wrong = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            if any(n.split(".")[0] == "conftest" for n in names):
                wrong.append(str(path.relative_to(TESTS)))
    assert wrong == []


def test_module_names_are_unique_outside_testkit():
    seen = collections.defaultdict(list)
    for path in _python_files():
        if path.name in ("conftest.py", "__init__.py") or "testkit" in path.parts:
            continue
        seen[path.stem].append(str(path.relative_to(TESTS)))
    assert {k: v for k, v in seen.items() if len(v) > 1} == {}


def test_two_modules_of_different_folders_collect_together():
    # this pair failed with "cannot import name 'FIXTURES' from 'conftest'"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         "tests/ui/test_app.py", "tests/test_verify_attacks.py", "tests/core/text/test_textstats.py"],
        cwd=REPO_ROOT, capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    # with the suite's own -q, pytest prints "file: count" per module
    counts = dict(line.rsplit(": ", 1) for line in result.stdout.splitlines() if ": " in line)
    assert all(int(n) > 0 for n in counts.values()), counts
    assert set(counts) == {
        "tests/ui/test_app.py",
        "tests/test_verify_attacks.py",
        "tests/core/text/test_textstats.py",
    }
