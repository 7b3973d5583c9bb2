"""The command line, round two (issue 25, items 13-17): ids as `drafts list`
prints them, plain draft JSON into the store, output folders, Chinese help and
system messages, hostile documents and damaged revisions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from testkit.storage import make_draft

from fulian_desktop.cli import main
from fulian_desktop.paths import app_paths
from fulian_desktop.storage.store import Store

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "templates" / "gz-dept-overall" / "sample.draft.json"


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def _stored(**values: str):
    draft = make_draft(**values)
    draft.template_version = "1.0"
    with Store() as store:
        return store.create(draft, title=values.get("title_hint", "测试草稿"))


def _stored_with_ids(*ids: str) -> None:
    with Store() as store:
        for draft_id in ids:
            draft = make_draft()
            draft.template_version = "1.0"
            store.create(draft, title=f"草稿{draft_id[:4]}", draft_id=draft_id)


# 13 -- the ids `drafts list` prints work for every command taking a DRAFT


@pytest.mark.parametrize("command", ["validate", "export", "signoff", "drafts history"])
def test_the_listed_eight_characters_are_accepted(capsys, tmp_path, monkeypatch, command):
    info = _stored()
    code, out, _ = _run(capsys, "drafts", "list")
    short = out.split()[0]
    assert len(short) == 8 and info.id.startswith(short)
    monkeypatch.chdir(tmp_path)
    extra = {"signoff": ["--by", "王主席"], "export": ["-o", str(tmp_path / "r.docx")]}
    code, out, err = _run(capsys, *command.split(), short, *extra.get(command, []))
    assert "没有找到" not in err and "内部错误" not in err
    if command == "export":
        assert code == 0 and (tmp_path / "r.docx").is_file()
    elif command == "drafts history":
        assert code == 0 and info.id in out
    else:
        assert code in (0, 1) and ("错误" in out or "已定稿" in out)


def test_an_ambiguous_prefix_names_the_candidates(capsys):
    _stored_with_ids("abcd1111" + "0" * 24, "abcd2222" + "0" * 24)
    for command in (["validate"], ["export"], ["drafts", "history"], ["signoff", "--by", "王"]):
        code, _, err = _run(
            capsys,
            *command[:1],
            *command[1:2] if command[0] == "drafts" else [],
            "abcd",
            *command[1:] if command[0] == "signoff" else [],
        )
        assert code == 1, command
        assert "对应多份草稿" in err and "abcd1111" in err and "abcd2222" in err
        assert len(err.strip().splitlines()) == 1


def test_an_unknown_prefix_says_so(capsys):
    _stored_with_ids("abcd1111" + "0" * 24)
    for command in (["validate", "ffff"], ["signoff", "ffff", "--by", "王"]):
        code, _, err = _run(capsys, *command)
        assert code == 1 and "没有找到文件或草稿“ffff”" in err and "drafts list" in err


# 14 -- a plain draft JSON goes into the store like a .fldraft


def test_drafts_import_takes_a_plain_draft_json(capsys):
    code, out, err = _run(capsys, "drafts", "import", str(SAMPLE))
    assert code == 0, err
    assert "已导入为新草稿" in out
    with Store(read_only=True) as store:
        (info,) = store.list_drafts()
        assert store.open(info.id).unit.name
        assert [r.kind for r in store.history(info.id)] == ["import"]


# 17 -- a revision whose stored text is not UTF-8 is a damaged revision


def _break_current_revision(draft_id: str) -> int:
    db = sqlite3.connect(app_paths().database)
    with db:
        (rid,) = db.execute(
            "SELECT current_revision FROM drafts WHERE id = ?", (draft_id,)
        ).fetchone()
        (trigger,) = db.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'revisions_append_only'"
        ).fetchone()
        db.execute("DROP TRIGGER revisions_append_only")  # what a disk fault would not ask
        db.execute(
            "UPDATE revisions SET content = CAST(X'7B22E795AAE7A6BAFFFE22' AS TEXT) WHERE id = ?",
            (rid,),
        )
        db.execute(trigger)
    db.close()
    return rid


def _two_revisions():
    info = _stored()
    with Store() as store:
        first = store.history(info.id)[0].id
        draft = make_draft(overview="改过的概况")
        draft.template_version = "1.0"
        store.save(info.id, draft, kind="manual")
    return info, first


@pytest.mark.parametrize("command", ["validate", "export"])
def test_a_not_utf8_revision_is_skipped_for_reading(capsys, tmp_path, monkeypatch, command):
    info, good = _two_revisions()
    bad = _break_current_revision(info.id)
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, command, info.id[:8])
    assert code in (0, 1) and "内部错误" not in err
    assert f"#{bad}" in err and f"#{good}" in err and "已跳过" in err
    assert "decode" not in err and "请重新启动" not in err and "番禺" not in err


def test_a_not_utf8_revision_is_not_signed_off_and_the_good_one_is_offered(capsys):
    info, good = _two_revisions()
    bad = _break_current_revision(info.id)
    code, _, err = _run(capsys, "signoff", info.id[:8], "--by", "王主席")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert f"#{bad}" in err and f"#{good}" in err and "历史版本" in err
    assert "decode" not in err and "请重新启动" not in err and "番禺" not in err


# 17 -- a DOCX with broken or hostile XML: one clear line, never an internal error

_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
    + "".join(
        f'<!ENTITY {n} "{("&" + p + ";") * 10}">' for p, n in zip("abcdef", "bcdefg", strict=True)
    )
    + "]>"
)


def _hostile(document_xml: str, kind: str) -> str:
    start = document_xml.index("<w:document")
    head, body = document_xml[:start], document_xml[start:]
    at = body.index("<w:body>") + len("<w:body>")
    para = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    if kind == "half":
        return document_xml[: len(document_xml) // 2]
    if kind == "laughs":
        return _LAUGHS + body[:at] + "<w:p><w:r><w:t>&g;</w:t></w:r></w:p>" + body[at:]
    depth = {"deep-2048": 2048, "deep-1000": 1000}[kind]
    nest = "<w:sdt><w:sdtContent>" * depth + para + "</w:sdtContent></w:sdt>" * depth
    return head + body[:at] + nest + body[at:]


@pytest.mark.parametrize("kind", ["half", "laughs", "deep-2048", "deep-1000"])
def test_verify_of_hostile_xml_is_one_clear_line(capsys, tmp_path, kind):
    import zipfile

    base = tmp_path / "base.docx"
    assert _run(capsys, "export", str(SAMPLE), "-o", str(base))[0] == 0
    bad = tmp_path / f"{kind}.docx"
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(bad, "w", zipfile.ZIP_DEFLATED) as out:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = _hostile(data.decode("utf-8"), kind).encode("utf-8")
            out.writestr(name, data)
    code, out, err = _run(capsys, "verify", str(bad))
    assert code in (1, 2), err
    assert len(err.strip().splitlines()) == 1 and "内部错误" not in err
    assert "word/document.xml" in err and "Error" not in err and "XML_PARSE" not in err


# 16 -- verify says what the path is


def test_verify_of_a_folder_or_a_workbook_says_what_it_is(capsys, tmp_path):
    code, _, err = _run(capsys, "verify", str(tmp_path))
    assert code == 1 and "是文件夹" in err
    book = tmp_path / "表.xlsx"
    assert _run(capsys, "export", str(SAMPLE), "-o", str(book))[0] == 0
    code, _, err = _run(capsys, "verify", str(book))
    assert code == 1 and "只能核验 Word 文档 (.docx)" in err and "定稿标识" not in err


# 16 -- help and argparse's own messages in Chinese; system text in Chinese

COMMANDS = [
    [],
    ["gui"],
    ["validate"],
    ["export"],
    ["demo"],
    ["signoff"],
    ["verify"],
    ["templates"],
    ["templates", "list"],
    ["templates", "check"],
    ["import-report"],
    ["drafts"],
    ["drafts", "list"],
    ["drafts", "history"],
    ["drafts", "export"],
    ["drafts", "import"],
]
# what is not a word of English prose: names the clerk types or reads on files
ALLOWED = {
    "fulian",
    "desktop",
    "help",
    "version",
    "gui",
    "validate",
    "export",
    "demo",
    "signoff",
    "verify",
    "templates",
    "import",
    "report",
    "drafts",
    "list",
    "history",
    "check",
    "docx",
    "xlsx",
    "fldraft",
    "json",
    "txt",
    "yaml",
    "template",
    "pdf",
    "word",
    "excel",
    "wps",
    "gz",
    "dept",
    "overall",
    "draft",
    "by",
    "date",
    "acknowledge",
    "warnings",
    "reopen",
    "recycle",
    "bin",
    "revision",
    "format",
    "output",
    "file",
    "sample",
    "as",
    "last",
    "year",
}


def _english_words(text: str) -> set[str]:
    import re

    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", "", text)  # option names are typed as is
    return {w for w in re.findall(r"[A-Za-z]{2,}", text) if w.lower() not in ALLOWED}


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "top")
def test_help_and_argparse_messages_are_chinese(capsys, command):
    code, out, _ = _run(capsys, *command, "--help")
    assert code == 0 and "用法：" in out
    assert not _english_words(out), out
    code, _, err = _run(capsys, *command, "--no-such-option")
    assert code == 2 and "错误" in err
    assert not _english_words(err), err


def test_os_errors_are_named_in_chinese():
    import errno

    from fulian_desktop.errors import os_error_text

    expected = {
        errno.ENOSPC: "磁盘空间不足",
        errno.EEXIST: "已经存在",
        errno.EACCES: "没有权限",
        errno.EROFS: "只读",
        errno.ENAMETOOLONG: "太长",
    }
    for code, words in expected.items():
        text = os_error_text(OSError(code, "English system text"))
        assert words in text and not _english_words(text)


def test_fulian_home_that_is_a_file_says_so(capsys, tmp_path, monkeypatch):
    home = tmp_path / "home-file"
    home.write_text("x", "utf-8")
    monkeypatch.setenv("FULIAN_HOME", str(home))
    code, _, err = _run(capsys, "drafts", "list")
    assert code == 1 and "FULIAN_HOME" in err and "是一个文件，不是文件夹" in err
    assert "请先正常打开一次程序" not in err


# 15 -- output folders are folders; formats that do not exist are refused


def _refuse_writes_in(monkeypatch, folder: Path, code: int) -> None:
    import os

    real_open = os.open

    def fake_open(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if Path(path).parent == folder:
            raise OSError(code, os.strerror(code), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)


@pytest.mark.parametrize("code", ["EROFS", "EACCES"])
def test_a_read_only_output_folder_is_reported_as_such(capsys, tmp_path, monkeypatch, code):
    import errno

    folder = tmp_path / "只读"
    folder.mkdir()
    _refuse_writes_in(monkeypatch, folder, getattr(errno, code))
    rc, _, err = _run(capsys, "export", str(SAMPLE), "-o", str(folder / "报告.docx"))
    assert rc == 1 and "WPS" not in err and ("只读" in err or "权限" in err)
    said = err.replace("fulian-desktop", "").replace(str(folder / "报告.docx"), "")
    assert not _english_words(said), err
    assert list(folder.iterdir()) == []


def test_export_into_a_folder_uses_the_documents_own_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    assert _run(capsys, "export", str(SAMPLE), "-o", "out")[0] == 0
    assert _run(capsys, "export", str(SAMPLE), "-o", "new/")[0] == 1  # not there: said
    (tmp_path / "sub").mkdir()
    code, out, err = _run(capsys, "export", str(SAMPLE), "-o", "sub/")
    assert code == 0, err
    (written,) = (tmp_path / "sub").iterdir()
    assert written.suffix == ".docx" and written.name != "sub.docx"
    assert not (tmp_path / "sub.docx").exists()
    assert [p.name for p in (tmp_path / "out").iterdir()] == [written.name]


def test_export_refuses_a_format_that_does_not_exist(capsys, tmp_path):
    code, _, err = _run(capsys, "export", str(SAMPLE), "-o", str(tmp_path / "out.pdf"))
    assert code == 1 and ".docx" in err and ".xlsx" in err
    assert list(tmp_path.glob("out.pdf*")) == []


def test_drafts_export_into_a_folder_writes_inside_it(capsys, tmp_path):
    info = _stored()
    folder = tmp_path / "换电脑"
    folder.mkdir()
    code, out, err = _run(capsys, "drafts", "export", info.id[:8], str(folder))
    assert code == 0, err
    (written,) = folder.iterdir()
    assert written.suffix == ".fldraft" and "测试草稿" in written.name
    assert not (tmp_path / "换电脑.fldraft").exists()


# 18 -- the plain draft JSON templates/README.md §10 tells authors to make


def test_drafts_export_to_json_writes_a_plain_draft_that_reads_back(capsys, tmp_path):
    import json

    info = _stored()
    target = tmp_path / "sample.draft.json"
    code, _, err = _run(capsys, "drafts", "export", info.id[:8], str(target))
    assert code == 0, err
    data = json.loads(target.read_text("utf-8"))
    assert data["template_id"] == "gz-dept-overall" and "format" not in data
    code, out, _ = _run(capsys, "validate", str(target))
    assert code in (0, 1) and "个错误" in out
