"""定稿: the unit head's sign-off, as pure functions on a Draft.

A sign-off freezes the content: the draft's status becomes signed off and
the SHA-256 of its canonical content (Draft.content_hash) is recorded. The
final document carries that hash, the template id and version in its custom
properties, so ``verify`` can tell whether a DOCX is the approved one.
Storing revisions is the caller's job (storage); nothing here writes files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fulian_desktop.core.document import Document
from fulian_desktop.core.draft import Draft, SignOff
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template import Template
from fulian_desktop.errors import UserError

#: Custom document properties of a final document.
PROP_HASH = "content_hash"
PROP_TEMPLATE_ID = "template_id"
PROP_TEMPLATE_VERSION = "template_version"
PROP_SIGNED_BY = "signed_by"
PROP_SIGNED_ON = "signed_on"
PROP_TEXT_HASH = "text_hash"


class SignOffRefused(UserError):
    """Sign-off is not possible yet; the message says why in plain Chinese."""


@dataclass
class Readiness:
    errors: list[Issue]
    warnings: list[Issue]

    @property
    def ready(self) -> bool:
        return not self.errors


def readiness(template: Template, draft: Draft) -> Readiness:
    from fulian_desktop.core.validate import validate

    issues = validate(template, draft)
    return Readiness(
        errors=[i for i in issues if i.severity == "error"],
        warnings=[i for i in issues if i.severity == "warning"],
    )


def sign_off(
    template: Template,
    draft: Draft,
    *,
    by: str,
    on: date,
    acknowledged: set[str] | frozenset[str] = frozenset(),
) -> Draft:
    """A signed-off copy of ``draft``; refuses while errors remain or a warning
    has not been acknowledged (warning keys: Issue.key)."""
    if draft.signed_off:
        raise SignOffRefused("这份报告已经定稿。如需修改，请先撤销定稿。")
    by = by.strip()
    if not by:
        raise SignOffRefused("请填写单位主要领导的姓名。")
    state = readiness(template, draft)
    if state.errors:
        first = "；".join(f"{i.path}：{i.message}" for i in state.errors[:3])
        more = f"等 {len(state.errors)} 个错误" if len(state.errors) > 3 else ""
        raise SignOffRefused(f"还有错误未改正，不能定稿：{first}{more}。")
    missing = [w for w in state.warnings if w.key not in acknowledged]
    if missing:
        raise SignOffRefused(
            f"还有 {len(missing)} 个警告未确认（如：{missing[0].message}）。请逐条确认后再定稿。"
        )
    signed = draft.model_copy(deep=True)
    signed.status = "signed_off"
    signed.signoff = SignOff(
        by=by,
        date=on,
        content_hash=draft.content_hash(),
        acknowledged=sorted(w.key for w in state.warnings),
    )
    return signed


def reopen(draft: Draft) -> Draft:
    """An editable copy of a signed-off draft (the caller stores the reason)."""
    if not draft.signed_off:
        raise UserError("这份报告尚未定稿，无需撤销。")
    opened = draft.model_copy(deep=True)
    opened.status = "draft"
    opened.signoff = None
    return opened


def final_document(template: Template, draft: Draft) -> Document:
    """The document to hand in: no 草稿 marker, signature block filled in,
    content hash and template identity in the custom properties."""
    from fulian_desktop.core.compose import compose
    from fulian_desktop.core.draft import sha256_text

    if not draft.signed_off or draft.signoff is None:
        raise UserError("报告尚未定稿，只能导出带“草稿”标记的文档。")
    document = compose(template, draft, final=True)
    document.custom_properties.update(
        {
            PROP_HASH: draft.signoff.content_hash or draft.content_hash(),
            PROP_TEMPLATE_ID: template.id,
            PROP_TEMPLATE_VERSION: template.version,
            PROP_SIGNED_BY: draft.signoff.by,
            PROP_SIGNED_ON: draft.signoff.date.isoformat(),
            PROP_TEXT_HASH: sha256_text(document.text()),
        }
    )
    return document


def document_for(template: Template, draft: Draft) -> Document:
    """What ``export`` writes: the final document once signed off, else a draft."""
    if draft.signed_off:
        return final_document(template, draft)
    from fulian_desktop.core.compose import compose

    return compose(template, draft)


@dataclass
class Verdict:
    ok: bool
    message: str  # plain Chinese, says which revision matched or what differs
    source: str = ""  # where the matching signed-off draft was found


def verify_document(
    text: str,
    properties: dict[str, str],
    candidates: list[tuple[str, Draft]],
    templates: dict[str, Template],
) -> Verdict:
    """Does a final document (its text and custom properties) match one of the
    signed-off drafts in ``candidates`` ((where, draft) pairs)?

    The document's stated content hash picks the candidate; the document is then
    composed again from that draft and its text compared, so any change to the
    DOCX text, even one character, is found.
    """
    from fulian_desktop.core.draft import sha256_text

    stated = properties.get(PROP_HASH, "")
    if not stated:
        return Verdict(False, "这份文档没有定稿标识（不是本程序导出的定稿文档，或是草稿）。")
    text_hash = properties.get(PROP_TEXT_HASH, "")
    if text_hash and sha256_text(text) != text_hash:
        edited = "文档正文在导出后被修改过，与定稿时的内容不一致。"
    else:
        edited = ""
    for where, draft in candidates:
        if not draft.signed_off or draft.signoff is None:
            continue
        if draft.signoff.content_hash != stated:
            continue
        template = templates.get(draft.template_id)
        if template is None:
            return Verdict(
                False,
                f"找到了对应的定稿（{where}），但本机没有模板“{draft.template_id}”，无法核对正文。",
                where,
            )
        expected = final_document(template, draft).text()
        if expected != text:
            diff = _first_difference(expected, text)
            return Verdict(False, edited or f"文档正文与定稿（{where}）不一致：{diff}", where)
        return Verdict(
            True,
            f"文档与定稿一致：{where}（{draft.signoff.by}，{draft.signoff.date:%Y-%m-%d} 定稿）。",
            where,
        )
    if edited:
        return Verdict(False, edited)
    return Verdict(False, "没有找到与这份文档对应的定稿记录（定稿可能已撤销，或在另一台电脑上）。")


def _first_difference(expected: str, actual: str) -> str:
    for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
        if a != b:
            line = expected.count("\n", 0, i) + 1
            return f"第 {line} 段起不同（定稿为“{expected[i : i + 12]}”，文档为“{actual[i : i + 12]}”）"
    return "长度不同（内容有增删）"
