"""Draft files (.fldraft): export, import, and refusal of every kind of bad file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta

import pytest
from testkit.storage import make_draft

from fulian_desktop.core.draft.model import canonical_json, sha256_text
from fulian_desktop.storage import files
from fulian_desktop.storage.files import (
    DraftFileError,
    export_draft_file,
    import_draft_file,
)
from fulian_desktop.storage.store import Store


@pytest.fixture
def store() -> Iterator[Store]:
    """An open store in this test's FULIAN_HOME."""
    with Store() as s:
        yield s


KNOWN = {("gz-dept-overall", "1")}


def _snapshot(store: Store) -> list[tuple]:
    """Everything in the store, to prove a refused import changed nothing."""
    drafts = store.db.execute("SELECT * FROM drafts ORDER BY id").fetchall()
    revs = store.db.execute("SELECT id, draft_id, sha256 FROM revisions ORDER BY id").fetchall()
    return drafts + revs


def test_export_writes_a_versioned_checksummed_file(store, tmp_path):
    info = store.create(make_draft())
    path = export_draft_file(store, tmp_path / "番禺2021", draft_id=info.id)
    assert path.name == "番禺2021.fldraft"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == files.FILE_FORMAT and data["file_version"] == files.FILE_VERSION
    assert (data["template_id"], data["template_version"]) == ("gz-dept-overall", "1")
    assert data["draft_id"] == info.id
    assert data["sha256"] == sha256_text(canonical_json(data["draft"]))
    assert data["draft"]["values"]["budget"] == "732.44"


def test_export_an_older_revision(store, tmp_path):
    info = store.create(make_draft(overview="旧"))
    store.save(info.id, make_draft(overview="新"), kind="manual")
    path = export_draft_file(store, tmp_path / "old.fldraft", revision_id=info.current_revision)
    assert json.loads(path.read_text("utf-8"))["draft"]["values"]["overview"] == "旧"


def test_import_into_another_pc_creates_the_draft_then_adds_revisions(tmp_path, monkeypatch):
    with Store() as here:
        info = here.create(make_draft(overview="在单位写的"))
        path = export_draft_file(here, tmp_path / "move.fldraft", draft_id=info.id)
    monkeypatch.setenv("FULIAN_HOME", str(tmp_path / "home-pc"))
    with Store() as there:
        first = import_draft_file(there, path, KNOWN)
        assert first.new_draft and first.draft.id == info.id
        assert first.revision.kind == "import"
        assert there.open(info.id).values["overview"] == "在单位写的"
        there.save(info.id, make_draft(overview="在家改的"), kind="manual")
        second = import_draft_file(there, path, KNOWN)  # never overwrites: a new revision
        assert not second.new_draft
        kinds = [r.kind for r in there.history(info.id)]
        assert kinds == ["import", "manual", "import"]
        assert there.open(info.id).values["overview"] == "在单位写的"
        restored = there.restore(there.history(info.id)[1].id)
        assert there.open(info.id).values["overview"] == "在家改的" and restored.kind == "manual"


def test_import_brings_a_deleted_draft_back(store, tmp_path):
    info = store.create(make_draft())
    path = export_draft_file(store, tmp_path / "d.fldraft", draft_id=info.id)
    store.delete(info.id)
    result = import_draft_file(store, path, lambda tid, ver: True)
    assert result.restored_from_recycle_bin and not store.get(info.id).in_recycle_bin


def _good_file(store: Store, tmp_path) -> dict:
    info = store.create(make_draft())
    path = export_draft_file(store, tmp_path / "good.fldraft", draft_id=info.id)
    return json.loads(path.read_text("utf-8"))


def _write(tmp_path, data: dict | str | bytes, name: str = "bad.fldraft"):
    path = tmp_path / name
    if isinstance(data, dict):
        data = json.dumps(data, ensure_ascii=False)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def _resign(data: dict) -> dict:
    data["sha256"] = sha256_text(canonical_json(data["draft"]))
    return data


BAD_FILES = {
    "not json": (lambda d: "这不是草稿", "无法识别内容"),
    "binary": (lambda d: b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "无法识别内容"),
    "empty": (lambda d: "", "是空的"),
    "truncated": (lambda d: json.dumps(d, ensure_ascii=False)[:200], "不完整"),
    "other json": (lambda d: {"hello": "world"}, "不是“绩效自评报告助手”的草稿文件"),
    "json list": (lambda d: [1, 2], "不是“绩效自评报告助手”的草稿文件"),
    "newer file version": (lambda d: {**d, "file_version": 99}, "更新版本"),
    "bad file version": (lambda d: {**d, "file_version": "1"}, "file_version"),
    "missing draft": (lambda d: {k: v for k, v in d.items() if k != "draft"}, "缺少必要内容"),
    "changed content": (
        lambda d: {**d, "draft": {**d["draft"], "values": {"budget": "9999"}}},
        "校验码不符",
    ),
    "bad checksum": (lambda d: {**d, "sha256": "0" * 64}, "校验码不符"),
    "unknown template": (
        lambda d: _resign(
            {
                **d,
                "template_id": "sz-x",
                "draft": {**d["draft"], "template_id": "sz-x"},
            }
        ),
        "本机没有文件 bad.fldraft 所用的模板“sz-x”",
    ),
    "unknown template version": (
        lambda d: _resign(
            {
                **d,
                "template_version": "7",
                "draft": {**d["draft"], "template_version": "7"},
            }
        ),
        "版本 7",
    ),
    "newer draft format": (
        lambda d: _resign({**d, "draft": {**d["draft"], "format_version": 99}}),
        "草稿格式比本程序新",
    ),
    "invalid draft": (
        lambda d: _resign({**d, "draft": {**d["draft"], "status": "published"}}),
        "不符合格式（status）",
    ),
    "bad draft id": (lambda d: {**d, "draft_id": "../../etc"}, "草稿编号无效"),
    "inconsistent template": (
        lambda d: {**d, "template_id": "other"},
        "前后不一致",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files_are_refused_and_store_unchanged(store, tmp_path, case):
    make, message = BAD_FILES[case]
    good = _good_file(store, tmp_path)
    content = make(json.loads(json.dumps(good)))
    path = _write(tmp_path, content if not isinstance(content, list) else json.dumps(content))
    before = _snapshot(store)
    with pytest.raises(DraftFileError) as err:
        import_draft_file(store, path, KNOWN)
    assert message in str(err.value)
    assert "Traceback" not in str(err.value) and "\n" not in str(err.value)
    assert _snapshot(store) == before


def test_oversized_file_is_refused_without_reading_it_all(store, tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_FILE_BYTES", 1000)
    good = _good_file(store, tmp_path)
    good["padding"] = "x" * 2000
    path = _write(tmp_path, good)
    before = _snapshot(store)
    with pytest.raises(DraftFileError, match="太大"):
        import_draft_file(store, path, KNOWN)
    assert _snapshot(store) == before


def test_missing_file(store, tmp_path):
    with pytest.raises(DraftFileError, match="找不到文件"):
        import_draft_file(store, tmp_path / "nope.fldraft", KNOWN)


def test_file_with_bom_and_pretty_printing_imports(store, tmp_path):
    good = _good_file(store, tmp_path)
    store.delete(good["draft_id"])
    store.purge_deleted(older_than=timedelta(0))
    path = _write(tmp_path, "\ufeff" + json.dumps(good, ensure_ascii=False, indent=4))
    assert import_draft_file(store, path, KNOWN).new_draft
