"""``import-report -o`` and its failures (issue #23 item 12): each ends with one
Chinese line on stderr and exit code 1 (not 3, the internal-error code),
nothing half-written, and the store unchanged."""

from __future__ import annotations

import errno
import json
import os
import sys
from pathlib import Path

import pytest
from testkit.import_samples import write_text

from fulian_desktop import cli
from fulian_desktop.core.draft import bounds
from fulian_desktop.storage import atomic

TEMPLATE = "gz-dept-overall"
linux_only = pytest.mark.skipif(
    sys.platform != "linux", reason="only Linux file systems take names that are not UTF-8"
)


@pytest.fixture
def report(tmp_path: Path) -> Path:
    return write_text("000_panyu_2021", tmp_path)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(["import-report", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """The one stderr line of a refused import (exit 1), after checking the store is empty."""
    code, _, err = _run(capsys, *argv)
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "内部错误" not in err and "Traceback" not in err
    assert cli.main(["drafts", "list"]) == 0
    assert "还没有草稿" in capsys.readouterr().out
    return lines[0]


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_writes_a_draft_that_reads_back(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "草稿.json"
    code, stdout, _ = _run(capsys, str(report), "--template", TEMPLATE, "-o", str(out))
    assert code == 0 and f"已写入 {out}" in stdout
    assert json.loads(out.read_text("utf-8"))["template_id"] == TEMPLATE
    assert cli.main(["validate", str(out)]) in (0, 1)  # read back: findings, not a refusal


def test_missing_folder_is_refused_not_created(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "没有的文件夹" / "草稿.json"
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(out))
    assert "没有的文件夹" in line and "不存在" in line
    assert not out.parent.exists()
    # a trailing slash names a folder, not a file called 没有的文件夹
    line = _refused(capsys, str(report), "-o", f"{out.parent}/")
    assert "不存在" in line and not out.parent.exists()


def test_a_file_in_place_of_the_folder_is_refused(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _refused(capsys, str(report), "-o", str(report / "草稿.json"))
    assert "不是文件夹" in line


def test_an_existing_folder_gets_a_file_named_after_the_report(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "草稿"
    folder.mkdir()
    assert _run(capsys, str(report), "--template", TEMPLATE, "-o", str(folder))[0] == 0
    first = folder / "000_panyu_2021.draft.json"
    before = first.read_bytes()
    # a second import never overwrites a name the clerk did not type
    code, stdout, _ = _run(capsys, str(report), "--template", TEMPLATE, "-o", str(folder))
    assert code == 0 and "000_panyu_2021 (2).draft.json" in stdout
    assert _files(folder) == ["000_panyu_2021 (2).draft.json", "000_panyu_2021.draft.json"]
    assert first.read_bytes() == before


def test_the_report_itself_is_refused_as_output(
    tmp_path: Path,
    report: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = report.read_bytes()
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(report))
    assert "就是要导入的报告" in line and "覆盖" in line
    # the same file by another name: a symlink, or a relative path
    link = tmp_path / "链接.txt"
    link.symlink_to(report)
    assert "就是要导入的报告" in _refused(capsys, str(link), "-o", str(report))
    monkeypatch.chdir(tmp_path)
    assert "就是要导入的报告" in _refused(capsys, str(report), "-o", report.name)
    assert report.read_bytes() == original


def _fail_writes_in(monkeypatch: pytest.MonkeyPatch, folder: Path, at: str, error: OSError) -> None:
    """Make ``os.open`` (at="open") or ``os.write`` (at="write") fail for files
    in ``folder`` only: the rest of the process (logs, pytest) writes as usual."""
    real_open, real_write = os.open, os.write
    ours: set[int] = set()

    def fake_open(path: str | os.PathLike[str], flags: int, *args: int, **kwargs: object) -> int:
        inside = Path(path).parent == folder
        if inside and at == "open" and flags & os.O_CREAT:
            raise error
        fd = real_open(path, flags, *args, **kwargs)
        if inside:
            ours.add(fd)
        return fd

    def fake_write(fd: int, data: bytes) -> int:
        if fd in ours and at == "write":
            raise error
        return real_write(fd, data)

    monkeypatch.setattr(atomic.os, "open", fake_open)
    monkeypatch.setattr(atomic.os, "write", fake_write)


def test_full_disk_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path,
    report: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "U盘"
    folder.mkdir()
    out = folder / "草稿.json"
    out.write_text("去年的草稿", "utf-8")
    _fail_writes_in(monkeypatch, folder, "write", OSError(errno.ENOSPC, "No space left on device"))
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(out))
    assert "磁盘空间不足" in line and "没有保存" in line
    assert out.read_text("utf-8") == "去年的草稿" and _files(folder) == ["草稿.json"]


def test_unwritable_folder_is_one_sentence(
    tmp_path: Path,
    report: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # simulated: the tests may run as root, who may write anywhere
    folder = tmp_path / "只读"
    folder.mkdir()
    _fail_writes_in(monkeypatch, folder, "open", PermissionError(errno.EACCES, "Permission denied"))
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(folder / "草稿.json"))
    assert "没有写入这个位置的权限" in line and _files(folder) == []


def test_read_only_disk_is_one_sentence(
    tmp_path: Path,
    report: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "光盘"
    folder.mkdir()
    _fail_writes_in(monkeypatch, folder, "open", OSError(errno.EROFS, "Read-only file system"))
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(folder / "草稿.json"))
    assert "只读" in line and _files(folder) == []


def test_a_draft_that_could_not_be_read_back_is_not_written(
    tmp_path: Path,
    report: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a field over the reader's bound (made small here instead of a 1 MB text)
    monkeypatch.setattr(bounds, "MAX_FIELD_CHARS", 200)
    out = tmp_path / "草稿.json"
    line = _refused(capsys, str(report), "--template", TEMPLATE, "-o", str(out))
    assert "超出了草稿的容量" in line and not out.exists()
    assert "超出了草稿的容量" in _refused(capsys, str(report), "--template", TEMPLATE)


@linux_only
def test_names_that_are_not_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 报告.txt in GBK bytes, as an old Samba share or a zip from Windows leaves it
    name = os.fsdecode("报告".encode("gbk") + b".txt")
    source = tmp_path / name
    source.write_bytes(write_text("000_panyu_2021", tmp_path).read_bytes())
    # into the store: the note "从“…”导入" must not break SQLite
    code, stdout, err = _run(capsys, str(source), "--template", TEMPLATE)
    assert code == 0, err
    assert cli.main(["drafts", "list"]) == 0 and "番禺区" in capsys.readouterr().out
    # into a file whose name is not UTF-8 either: written under those bytes
    out = tmp_path / os.fsdecode("草稿".encode("gbk") + b".json")
    code, stdout, err = _run(capsys, str(source), "--template", TEMPLATE, "-o", str(out))
    assert code == 0, err
    assert os.fsencode(out.name) in os.listdir(os.fsencode(tmp_path))
    assert "\ufffd" in stdout  # the printed name shows what it could not print
    # a refusal naming such a file is one line too
    code, _, err = _run(capsys, str(source), "-o", str(tmp_path / name / "x.json"))
    assert code == 1 and len(err.strip().splitlines()) == 1 and "不是文件夹" in err


def test_characters_that_could_not_be_read_are_reported_on_stderr(
    tmp_path: Path, report: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = report.read_bytes()
    cut = data.index("妇女".encode())
    report.write_bytes(data[:cut] + b"\xff" + data[cut:])
    code, stdout, err = _run(capsys, str(report), "--template", TEMPLATE)
    assert code == 0
    assert "注意：" in err and "1 个字符无法识别" in err
    assert stdout.strip().splitlines()[-1].isalnum()  # the id stays the last line


def test_a_pathological_text_is_refused_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "列表.txt"
    path.write_text("\n".join("字" for _ in range(200_000)), "utf-8")
    out = tmp_path / "草稿.json"
    assert "不像一份报告" in _refused(capsys, str(path), "--template", TEMPLATE, "-o", str(out))
    assert not out.exists()
