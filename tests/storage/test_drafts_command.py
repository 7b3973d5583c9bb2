"""`fulian-desktop drafts list | history | export | import`."""

from __future__ import annotations

import json

from testkit.storage import make_draft

from fulian_desktop.cli import main
from fulian_desktop.commands.drafts import _version_key
from fulian_desktop.storage.store import Store


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["drafts", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _installed_draft():
    draft = make_draft()
    draft.template_version = "1.0"  # the built-in gz-dept-overall template's version
    return draft


def test_list_empty_and_full(capsys):
    assert _run(capsys, "list")[1] == "还没有草稿。\n"
    with Store() as store:
        info = store.create(_installed_draft())
        store.delete(store.create(_installed_draft(), title="旧的").id)
    code, out, _ = _run(capsys, "list")
    assert code == 0 and info.id[:8] in out and "草稿" in out and "旧的" not in out
    assert "旧的" in _run(capsys, "list", "--recycle-bin")[1]


def test_history_by_id_prefix(capsys):
    with Store() as store:
        info = store.create(_installed_draft())
        store.save(info.id, make_draft(overview="x"), kind="manual", note="改了概况")
    code, out, _ = _run(capsys, "history", info.id[:6])
    assert code == 0 and "手动保存" in out and "改了概况" in out and out.count("#") == 2


def test_unknown_draft_is_one_clear_line(capsys):
    code, _, err = _run(capsys, "history", "ffff")
    assert code == 1 and "没有找到文件或草稿“ffff”" in err and len(err.splitlines()) == 1


def test_export_then_import_adds_a_revision(capsys, tmp_path):
    with Store() as store:
        info = store.create(_installed_draft())
    target = tmp_path / "move"
    code, out, _ = _run(capsys, "export", info.id, str(target))
    assert code == 0 and "已导出" in out
    exported = tmp_path / "move.fldraft"
    assert json.loads(exported.read_text("utf-8"))["draft_id"] == info.id
    code, out, _ = _run(capsys, "import", str(exported))
    assert code == 0 and "已作为新修订" in out
    with Store() as store:
        assert [r.kind for r in store.history(info.id)] == ["import", "manual"]


def test_import_of_unknown_template_is_refused(capsys, tmp_path):
    draft = make_draft()
    draft.template_id = "nowhere-template"
    with Store() as store:
        info = store.create(draft)
    _run(capsys, "export", info.id, str(tmp_path / "x.fldraft"))
    code, _, err = _run(capsys, "import", str(tmp_path / "x.fldraft"))
    assert code == 1 and "本机没有" in err and "nowhere-template" in err


def test_import_while_the_window_holds_the_store(capsys, tmp_path):
    with Store() as store:
        info = store.create(_installed_draft())
        _run(capsys, "export", info.id, str(tmp_path / "y.fldraft"))  # read-only is enough
        code, _, err = _run(capsys, "import", str(tmp_path / "y.fldraft"))
        assert code == 1 and "只读" in err


def test_version_order():
    assert _version_key("1.10") > _version_key("1.9") > _version_key("1.0") > _version_key("")
