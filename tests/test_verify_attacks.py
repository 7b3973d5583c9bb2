"""``verify`` proves what it says, or says what it cannot prove.

Every edit here was made to a real final document of the 广州 sample and
passed the older check (which read only body paragraphs of some styles and
trusted the draft file's recorded hash). Each must now be refused; an
untouched document, also after a LibreOffice re-save, must pass.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from testkit.paths import FIXTURES

from fulian_desktop.cli import main
from fulian_desktop.core import signoff
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.storage.store import Store
from fulian_desktop.workflow import sign_off_draft, signed_off_revisions, verify_file, write_report

TEMPLATE_ID = "gz-dept-overall"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.fixture(scope="module")
def registry():
    return default_registry()


def signed_sample(store, registry, template_id: str):
    """The template's sample, imported and signed off by 王芳 (its warnings
    acknowledged): (the final draft, the sign-off revision)."""
    entry = registry.entries[template_id]
    draft = Draft.from_dict(json.loads(entry.sample_path.read_text(encoding="utf-8")))
    warnings = signoff.readiness(registry.get(template_id), draft).warnings
    info = store.create(draft, kind="import")
    return sign_off_draft(
        store,
        registry,
        info.id,
        by="王芳",
        on=date(2026, 1, 5),
        acknowledged={w.key for w in warnings},
    )


@pytest.fixture
def signed(registry, tmp_path):
    """(final.docx, the store's sign-off revision id, the signed draft)."""
    with Store() as store:
        final, revision = signed_sample(store, registry, TEMPLATE_ID)
    path = write_report(registry, final, tmp_path / "final.docx")
    return path, revision.id, final


def _verify(registry, path: Path, draft_files: list[Draft] = ()) -> signoff.Verdict:
    with Store(read_only=True) as store:
        candidates = signed_off_revisions(store)
    candidates += [signoff.Candidate(f"草稿文件 f{i}.json", d) for i, d in enumerate(draft_files)]
    return verify_file(path, registry, candidates)


def _rewrite(src: Path, dst: Path, part: str, change: Callable[[str], str]) -> Path:
    """Change one XML part of a .docx, as a hand in Word (or an unzip/zip) would."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        assert part in names, names
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == part:
                changed = change(data.decode("utf-8"))
                assert changed != data.decode("utf-8"), "the edit changed nothing"
                data = changed.encode("utf-8")
            zout.writestr(item, data)
    return dst


def _before_body_end(xml: str, insert: str) -> str:
    """Put ``insert`` just before the body's final section properties."""
    index = xml.rindex("<w:sectPr")
    return xml[:index] + insert + xml[index:]


def _first_body_paragraph_run(xml: str, run: str) -> str:
    """Append ``run`` to the first paragraph that has text."""
    match = re.search(r"<w:r>(<w:rPr>.*?</w:rPr>)?<w:t[ >]", xml)
    assert match
    return xml[: match.start()] + run + xml[match.start() :]


def _para(text: str, style: str | None = None, rpr: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


EDITS: dict[str, tuple[str, Callable[[str], str]]] = {
    "caption 单位：万元 → 单位：元": (
        "word/document.xml",
        lambda x: x.replace("单位：万元", "单位：元", 1),
    ),
    "a paragraph in the spacer style": (
        "word/document.xml",
        lambda x: _before_body_end(x, _para("另：本报告数据未经审计。", "FLSpacer")),
    ),
    "a paragraph in the caption style": (
        "word/document.xml",
        lambda x: _before_body_end(x, _para("以上数据仅供参考", "FLCaption")),
    ),
    "a paragraph in a page-break style": (
        "word/document.xml",
        lambda x: _before_body_end(x, _para("补充说明", "FLPageBreak")),
    ),
    "text in a content control (w:sdt)": (
        "word/document.xml",
        lambda x: _before_body_end(
            x, f"<w:sdt><w:sdtPr/><w:sdtContent>{_para('控件里的一句话')}</w:sdtContent></w:sdt>"
        ),
    ),
    "text in a text box": (
        "word/document.xml",
        lambda x: _before_body_end(
            x,
            '<w:p><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" '
            'style="width:100pt;height:20pt"><v:textbox><w:txbxContent>'
            f"{_para('文本框里的字')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
        ),
    ),
    "text in the footer": (
        "word/footer1.xml",
        lambda x: x.replace("</w:ftr>", _para("内部资料 注意保存") + "</w:ftr>"),
    ),
    "hidden text (w:vanish)": (
        "word/document.xml",
        lambda x: _first_body_paragraph_run(
            x, "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏的字</w:t></w:r>"
        ),
    ),
    "white text": (
        "word/document.xml",
        lambda x: _first_body_paragraph_run(
            x, '<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>白色的字</w:t></w:r>'
        ),
    ),
    "hidden through a style": (
        "word/styles.xml",
        lambda x: re.sub(
            r'(<w:style [^>]*w:styleId="FLBody"[^>]*>.*?<w:rPr>)',
            r"\1<w:vanish/>",
            x,
            count=1,
            flags=re.S,
        ),
    ),
    "a body figure": (
        "word/document.xml",
        lambda x: x.replace("817.15", "871.15", 1),
    ),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_every_visible_or_hidden_edit_is_refused(registry, signed, tmp_path, name, capsys):
    path, revision, _ = signed
    assert _verify(registry, path).ok  # untouched: proven
    part, change = EDITS[name]
    edited = _rewrite(path, tmp_path / "edited.docx", part, change)
    verdict = _verify(registry, edited)
    assert not verdict.ok, (name, verdict.message)
    assert main(["verify", str(edited)]) == 1
    assert capsys.readouterr().out.startswith("不一致")


def test_untouched_document_is_proven_against_the_store(registry, signed, capsys):
    path, revision, _ = signed
    verdict = _verify(registry, path)
    assert verdict.ok and verdict.proven
    assert f"与本机第 {revision} 号定稿版本一致" in verdict.message
    assert main(["verify", str(path)]) == 0
    assert capsys.readouterr().out.startswith(f"一致：与本机第 {revision} 号定稿版本一致")


def test_forged_draft_file_with_the_old_hash_is_refused(registry, signed, tmp_path, capsys):
    """budget_total changed in a signed draft file, its content_hash kept."""
    _, _, final = signed
    forged = final.model_copy(deep=True)
    forged.values["budget_total"] = "917.15"
    forged_json = tmp_path / "forged.json"
    forged_json.write_text(json.dumps(forged.to_dict(), ensure_ascii=False), encoding="utf-8")
    forged_docx = write_report(registry, forged, tmp_path / "forged.docx")
    verdict = verify_file(
        forged_docx, registry, [signoff.Candidate("草稿文件 forged.json", forged)]
    )
    assert not verdict.ok and "内容摘要与它的内容不符" in verdict.message
    assert main(["verify", str(forged_docx), "--draft-file", str(forged_json)]) == 1
    assert "不一致" in capsys.readouterr().out


def test_a_draft_file_shows_consistency_only_and_says_a_file_can_be_made_up(
    registry, signed, tmp_path, monkeypatch, capsys
):
    path, _, final = signed
    copy = tmp_path / "copy.json"
    copy.write_text(json.dumps(final.to_dict(), ensure_ascii=False), encoding="utf-8")
    verdict = verify_file(path, registry, [signoff.Candidate("草稿文件 copy.json", final)])
    assert verdict.ok and not verdict.proven
    assert "相互一致" in verdict.message and "编造" in verdict.message
    assert "本机第" not in verdict.message
    monkeypatch.setenv("FULIAN_HOME", str(tmp_path / "another-pc"))  # no store here
    assert main(["verify", str(path), "--draft-file", str(copy)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("相互一致（未证明是定稿原件）") and "编造" in out


@pytest.mark.parametrize(("prop", "value"), [("signed_by", "李四"), ("signed_on", "2026-02-01")])
def test_changing_who_or_when_alone_does_not_pass(registry, signed, tmp_path, prop, value):
    path, _, _ = signed
    edited = _rewrite(
        path,
        tmp_path / "edited.docx",
        "docProps/custom.xml",
        lambda x: re.sub(rf'(name="{prop}"><vt:lpwstr>)[^<]*', rf"\g<1>{value}", x, count=1),
    )
    verdict = _verify(registry, edited)
    assert not verdict.ok and "不符" in verdict.message


def test_a_re_signed_draft_file_does_not_outvote_the_store(registry, signed, tmp_path):
    """A draft file with another signer, exported again: the store still says no."""
    _, _, final = signed
    other = final.model_copy(deep=True)
    other.signoff.by = "李四"
    forged = write_report(registry, other, tmp_path / "other.docx")
    verdict = _verify(registry, forged, [other])
    assert not verdict.ok and "李四" in verdict.message


def test_older_documents_get_a_clear_answer(registry, signed, tmp_path):
    """A document without the visible-text mark (older version): untouched it
    is proven when it reads the same; otherwise it cannot be proven."""
    path, revision, _ = signed

    def unmark(xml: str) -> str:
        return re.sub(r'<property [^>]*name="verify_format">.*?</property>', "", xml)

    old = _rewrite(path, tmp_path / "old.docx", "docProps/custom.xml", unmark)
    assert _verify(registry, old).ok
    caption = _rewrite(
        old,
        tmp_path / "old-caption.docx",
        "word/document.xml",
        lambda x: x.replace("单位：万元", "单位：元", 1),
    )
    verdict = _verify(registry, caption)
    assert not verdict.ok and verdict.partial and "旧版本" in verdict.message
    assert "校验值相符" in verdict.message and "不能证明" in verdict.message
    body = _rewrite(
        old,
        tmp_path / "old-body.docx",
        "word/document.xml",
        lambda x: x.replace("817.15", "871.15", 1),
    )
    verdict = _verify(registry, body)
    assert not verdict.ok and verdict.partial and "校验值不同" in verdict.message


def test_a_final_document_of_the_previous_version_gets_a_clear_answer(registry, capsys):
    """Exported by the previous release (fixture): this version renders the
    report differently, so it cannot prove it, and says so (exit 1)."""
    folder = FIXTURES / "verify"
    draft = Draft.from_json((folder / "previous-version-signed.json").read_text(encoding="utf-8"))
    document = folder / "previous-version-final.docx"
    verdict = verify_file(document, registry, [signoff.Candidate("草稿文件 x.json", draft)])
    assert not verdict.ok and verdict.partial
    assert "旧版本" in verdict.message and "校验值相符" in verdict.message
    draft_file = str(folder / "previous-version-signed.json")
    assert main(["verify", str(document), "--draft-file", draft_file]) == 1
    assert capsys.readouterr().out.startswith("无法证明：这份文档由旧版本程序导出")


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# make render-check sets FULIAN_REQUIRE_SOFFICE=1 (it installs LibreOffice), so
# there a missing soffice fails instead of skipping.
@pytest.mark.skipif(
    soffice() is None and not os.environ.get("FULIAN_REQUIRE_SOFFICE"),
    reason="LibreOffice (soffice) is not installed",
)
def test_a_libreoffice_re_save_of_an_untouched_final_document_passes(registry, tmp_path):
    """All three built-in outlines, signed off, exported, re-saved by LibreOffice."""
    assert soffice(), "FULIAN_REQUIRE_SOFFICE is set but LibreOffice is not installed"
    finals: dict[str, Path] = {}
    with Store() as store:
        for template_id, entry in sorted(registry.entries.items()):
            if not (entry.builtin and entry.sample_path):
                continue
            final, _ = signed_sample(store, registry, template_id)
            finals[template_id] = write_report(registry, final, tmp_path / f"{template_id}.docx")
    out = tmp_path / "resaved"
    result = subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *(str(p) for p in finals.values()),
        ],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert len(finals) >= 3
    for template_id, path in finals.items():
        resaved = out / path.name
        assert resaved.exists(), result.stderr
        with zipfile.ZipFile(resaved) as archive:  # it really is LibreOffice's file now
            assert b"LibreOffice" in archive.read("docProps/app.xml")
        verdict = _verify(registry, resaved)
        assert verdict.ok and verdict.proven, (template_id, verdict.message)
    edited = _rewrite(
        out / finals["gz-dept-overall"].name,
        tmp_path / "resaved-edited.docx",
        "word/document.xml",
        lambda x: x.replace("单位：万元", "单位：元", 1),
    )
    assert not _verify(registry, edited).ok
