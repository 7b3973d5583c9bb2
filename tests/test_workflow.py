"""Sign-off through the store, the final DOCX, verify, reopen: the whole chain."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from core.test_signoff import TEMPLATE, make_draft
from testkit.paths import FIXTURES

from fulian_desktop.cli import main
from fulian_desktop.core.template.registry import Registry, TemplateEntry
from fulian_desktop.render.docx import read_custom_properties, read_docx_text
from fulian_desktop.storage.store import Store
from fulian_desktop.workflow import (
    reopen_draft,
    sign_off_draft,
    signed_off_revisions,
    verify_file,
    write_report,
)


@pytest.fixture
def registry(tmp_path) -> Registry:
    return Registry(entries={"mini": TemplateEntry(TEMPLATE, tmp_path, builtin=True)})


@pytest.fixture
def store():
    with Store() as store:
        yield store


def _edit_docx(src: Path, dst: Path, old: str, new: str) -> None:
    """Change one piece of text inside word/document.xml, as someone editing in Word would."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.decode("utf-8").replace(old, new, 1).encode("utf-8")
            zout.writestr(item, data)


def test_sign_off_export_verify_reopen(store, registry, tmp_path):
    info = store.create(make_draft())
    signed, revision = sign_off_draft(store, registry, info.id, by="张三", on=date(2026, 1, 5))
    assert revision.kind == "sign-off"
    assert store.get(info.id).status == "signed_off"

    final = write_report(registry, store.open(info.id), tmp_path / "final.docx")
    props = read_custom_properties(final)
    assert props["content_hash"] == signed.signoff.content_hash
    assert props["template_id"] == "mini" and props["template_version"] == "1"
    text = read_docx_text(final)
    assert "单位主要领导（签名）：张三" in text and "草稿" not in text

    verdict = verify_file(final, registry, signed_off_revisions(store))
    assert verdict.ok, verdict.message

    edited = tmp_path / "edited.docx"
    _edit_docx(final, edited, "完成", "完城")
    verdict = verify_file(edited, registry, signed_off_revisions(store))
    assert not verdict.ok

    opened, reopen_rev = reopen_draft(store, info.id, "数据需要更正")
    assert reopen_rev.kind == "reopen" and "数据需要更正" in (reopen_rev.note or "")
    assert store.get(info.id).status == "draft"
    opened.values["summary"] = "全年完成各项任务，数据已更正。"
    store.save(info.id, opened, kind="manual")
    again, _ = sign_off_draft(store, registry, info.id, by="张三", on=date(2026, 1, 8))
    assert again.signoff.content_hash != signed.signoff.content_hash
    kinds = [r.kind for r in store.history(info.id)]
    assert kinds[-4:] == ["sign-off", "reopen", "manual", "sign-off"] or kinds[:4] == [
        "sign-off",
        "manual",
        "reopen",
        "sign-off",
    ]
    # the first final document still verifies against the first sign-off
    assert verify_file(final, registry, signed_off_revisions(store)).ok


def test_reopen_needs_a_reason(store):
    info = store.create(make_draft())
    with pytest.raises(Exception, match="原因"):
        reopen_draft(store, info.id, " ")


def test_cli_signoff_and_verify(store, registry, tmp_path, monkeypatch, capsys):
    # The command line uses the built-in registry; put the mini template where it looks.
    user_templates = store.paths.user_templates / "mini"
    user_templates.mkdir(parents=True)
    shutil.copy(FIXTURES / "mini-template.yaml", user_templates / "template.yaml")
    info = store.create(make_draft(summary=""))
    store.close()

    assert main(["signoff", info.id, "--by", "张三"]) == 1  # refused: an error remains
    assert "不能定稿" in capsys.readouterr().err
    with Store() as again:
        draft = again.open(info.id)
        draft.values["summary"] = "全年完成各项任务。"
        again.save(info.id, draft, kind="manual")
    assert main(["signoff", info.id, "--by", "张三", "--date", "2026-01-05"]) == 0
    out = tmp_path / "final.docx"
    assert main(["export", info.id, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["verify", str(out)]) == 0
    assert "一致" in capsys.readouterr().out
    edited = tmp_path / "edited.docx"
    _edit_docx(out, edited, "完成", "完城")
    assert main(["verify", str(edited)]) == 1


def test_font_settings_reach_the_exported_document(registry, tmp_path):
    def styles(overrides):
        path = write_report(registry, make_draft(), tmp_path / "r.docx", overrides)
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/styles.xml").decode("utf-8")

    plain, replaced = styles(None), styles({"fonts": {"body": "仿宋"}})
    assert 'w:eastAsia="仿宋"' not in plain
    assert 'w:eastAsia="仿宋"' in replaced
    assert replaced.count("仿宋_GB2312") < plain.count("仿宋_GB2312")


def test_merge_overrides_is_key_by_key():
    from fulian_desktop.workflow import merge_overrides

    base = {"fonts": {"body": "A", "title": "B"}, "margins_mm": {"top": 37}}
    merged = merge_overrides(base, {"fonts": {"body": "C"}})
    assert merged == {"fonts": {"body": "C", "title": "B"}, "margins_mm": {"top": 37}}
    assert base["fonts"]["body"] == "A"
