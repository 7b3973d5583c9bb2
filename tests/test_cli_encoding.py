"""No command crashes on a console that is not UTF-8.

An English-locale Windows console is cp1252, a Chinese one cp936 (GBK), an old
terminal ASCII: the CLI prints Chinese file names and messages, and must write
what the console can show and replace the rest instead of ending with
UnicodeEncodeError. Each case runs the real CLI as a child process with
PYTHONIOENCODING set, exactly as such a console would make Python encode.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "templates" / "gz-dept-overall" / "sample.draft.json"
ENCODINGS = ["cp1252", "cp936", "ascii"]


def run_cli(encoding: str, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONIOENCODING=encoding, FULIAN_HOME=str(home))
    env.pop("PYTHONUTF8", None)
    result = subprocess.run(
        [sys.executable, "-m", "fulian_desktop", *args],
        env=env,
        capture_output=True,
        cwd=home.parent,
    )
    # the child must have written bytes valid in its console's encoding
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode(encoding),
        result.stderr.decode(encoding),
    )


def assert_no_encoding_crash(result: subprocess.CompletedProcess[str]) -> None:
    text = result.stdout + result.stderr
    assert "UnicodeEncodeError" not in text
    assert "内部错误" not in text


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_demo_writes_documents_and_lists_them(encoding, tmp_path):
    out = tmp_path / "演示 文件夹"
    result = run_cli(encoding, tmp_path / "home", "demo", str(out))
    assert_no_encoding_crash(result)
    assert result.returncode == 0, result.stderr
    docs = sorted(out.glob("*.docx"))
    assert len(docs) >= 3
    assert result.stdout.strip(), "demo says what it wrote"
    if encoding == "cp936":  # GBK can show every Chinese character we print
        assert "演示 文件夹" in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_templates_list(encoding, tmp_path):
    result = run_cli(encoding, tmp_path / "home", "templates", "list")
    assert_no_encoding_crash(result)
    assert result.returncode == 0, result.stderr
    for template_id in ("gz-dept-overall", "fs-sanshui-redbook", "hn-ziyang-overall"):
        assert template_id in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_validate_sample(encoding, tmp_path):
    result = run_cli(encoding, tmp_path / "home", "validate", str(SAMPLE))
    assert_no_encoding_crash(result)
    assert result.returncode in (0, 1), result.stderr  # 1: the sample has findings
    summary = result.stdout.strip().splitlines()[-1]
    if encoding == "cp936":
        assert "个错误" in summary
    else:  # the digits survive, the Chinese words become "?"
        assert "?" in summary and any(ch.isdigit() for ch in summary)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_error_path_is_one_line(encoding, tmp_path):
    missing = tmp_path / "不存在的草稿.fldraft"
    result = run_cli(encoding, tmp_path / "home", "validate", str(missing))
    assert_no_encoding_crash(result)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fulian-desktop")
    assert result.stdout == ""
