"""定稿: refusal on errors, acknowledged warnings, the final document, verify."""

from __future__ import annotations

from datetime import date

import pytest
from testkit.paths import FIXTURES

from fulian_desktop.core import signoff
from fulian_desktop.core.draft.model import Draft, UnitIdentity
from fulian_desktop.core.template.loading import load_template

TEMPLATE = load_template(FIXTURES / "mini-template.yaml")


def make_draft(summary: str = "全年完成各项任务。", problems: str = "经费使用进度偏慢。") -> Draft:
    return Draft(
        template_id="mini",
        template_version="1",
        unit=UnitIdentity(name="某区妇女联合会", year=2025),
        values={"summary": summary, "problems": problems},
    )


def test_refused_while_errors_remain():
    with pytest.raises(signoff.SignOffRefused, match="错误"):
        signoff.sign_off(TEMPLATE, make_draft(summary=""), by="张三", on=date(2026, 1, 5))


def test_needs_the_heads_name():
    with pytest.raises(signoff.SignOffRefused, match="姓名"):
        signoff.sign_off(TEMPLATE, make_draft(), by="  ", on=date(2026, 1, 5))


def test_warnings_must_be_acknowledged_and_are_kept():
    draft = make_draft(problems="无")
    state = signoff.readiness(TEMPLATE, draft)
    assert not state.errors and len(state.warnings) == 1
    with pytest.raises(signoff.SignOffRefused, match="警告"):
        signoff.sign_off(TEMPLATE, draft, by="张三", on=date(2026, 1, 5))
    keys = {w.key for w in state.warnings}
    signed = signoff.sign_off(TEMPLATE, draft, by="张三", on=date(2026, 1, 5), acknowledged=keys)
    assert signed.signed_off and signed.signoff is not None
    assert signed.signoff.acknowledged == sorted(keys)
    assert signed.signoff.content_hash == draft.content_hash()
    assert not draft.signed_off  # the input is not changed


def test_final_document_has_signature_and_no_marker():
    signed = signoff.sign_off(TEMPLATE, make_draft(), by="张三", on=date(2026, 1, 5))
    document = signoff.final_document(TEMPLATE, signed)
    assert document.draft_marker is False
    text = document.text()
    assert "单位主要领导（签名）：张三" in text
    assert "2026年1月5日" in text
    assert document.custom_properties[signoff.PROP_HASH] == signed.signoff.content_hash
    assert document.custom_properties[signoff.PROP_TEMPLATE_ID] == "mini"
    assert signoff.document_for(TEMPLATE, make_draft()).draft_marker is True


def test_unsigned_draft_has_no_final_document():
    with pytest.raises(Exception, match="尚未定稿"):
        signoff.final_document(TEMPLATE, make_draft())


def test_reopen_and_sign_again_gives_a_new_hash():
    first = signoff.sign_off(TEMPLATE, make_draft(), by="张三", on=date(2026, 1, 5))
    opened = signoff.reopen(first)
    assert not opened.signed_off and opened.signoff is None
    opened.values["summary"] = "全年完成各项任务，并有新进展。"
    second = signoff.sign_off(TEMPLATE, opened, by="张三", on=date(2026, 1, 6))
    assert second.signoff.content_hash != first.signoff.content_hash


def _read(text: str, properties: dict[str, str], findings=()) -> signoff.ReadDocument:
    return signoff.ReadDocument(text, list(findings), properties)


def _text_of(template, draft) -> str:
    """The renderer verify is given; here the composed text stands for the DOCX."""
    return signoff.final_document(template, draft).text()


def test_verify_matches_and_detects_one_changed_character():
    signed = signoff.sign_off(TEMPLATE, make_draft(), by="张三", on=date(2026, 1, 5))
    document = signoff.final_document(TEMPLATE, signed)
    props = document.custom_properties
    assert props[signoff.PROP_VERIFY_FORMAT] == signoff.VERIFY_FORMAT
    candidates = [signoff.Candidate("本机草稿“x”", signed, 1)]
    templates = {"mini": TEMPLATE}
    ok = signoff.verify_document(_read(document.text(), props), candidates, templates, _text_of)
    assert ok.ok and ok.proven and "与本机第 1 号定稿版本一致" in ok.message
    changed = document.text().replace("完成", "完城", 1)
    bad = signoff.verify_document(_read(changed, props), candidates, templates, _text_of)
    assert not bad.ok and "不一致" in bad.message and "完城" in bad.message
    unknown = signoff.verify_document(_read(document.text(), {}), candidates, templates, _text_of)
    assert not unknown.ok
    hidden = signoff.verify_document(
        _read(document.text(), props, ["正文中有隐藏文字：“x”"]), candidates, templates, _text_of
    )
    assert not hidden.ok and "隐藏文字" in hidden.message


def test_verify_recomputes_the_drafts_hash():
    signed = signoff.sign_off(TEMPLATE, make_draft(), by="张三", on=date(2026, 1, 5))
    forged = signed.model_copy(deep=True)
    forged.values["summary"] = "改过的总结。"
    document = signoff.final_document(TEMPLATE, forged)  # carries the old hash
    verdict = signoff.verify_document(
        _read(document.text(), document.custom_properties),
        [signoff.Candidate("草稿文件 forged.json", forged)],
        {"mini": TEMPLATE},
        _text_of,
    )
    assert not verdict.ok and "内容摘要与它的内容不符" in verdict.message
