"""定稿: the unit head's sign-off, as pure functions on a Draft.

A sign-off freezes the content: the draft's status becomes signed off and
the SHA-256 of its canonical content (Draft.content_hash) is recorded. The
final document carries that hash, the template id and version in its custom
properties, so ``verify`` can tell whether a DOCX is the approved one.
Storing revisions is the caller's job (storage); nothing here writes files.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from fulian_desktop.core.compose.document import Document
from fulian_desktop.core.draft.model import Draft, SignOff
from fulian_desktop.core.issues import Issue
from fulian_desktop.core.template.model import Template
from fulian_desktop.errors import UserError

#: Custom document properties of a final document.
PROP_HASH = "content_hash"
PROP_TEMPLATE_ID = "template_id"
PROP_TEMPLATE_VERSION = "template_version"
PROP_SIGNED_BY = "signed_by"
PROP_SIGNED_ON = "signed_on"
PROP_TEXT_HASH = "text_hash"
#: Marks a final document that verify reads whole (render/visible.py); older
#: versions' documents lack it and are checked the older way, with a note.
PROP_VERIFY_FORMAT = "verify_format"
VERIFY_FORMAT = "visible-1"


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
    from fulian_desktop.core.check.validate import validate

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
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.core.draft.model import sha256_text

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
            PROP_VERIFY_FORMAT: VERIFY_FORMAT,
        }
    )
    return document


def document_for(template: Template, draft: Draft) -> Document:
    """What ``export`` writes: the final document once signed off, else a draft."""
    if draft.signed_off:
        return final_document(template, draft)
    from fulian_desktop.core.compose.composer import compose

    return compose(template, draft)


@dataclass
class Verdict:
    ok: bool
    message: str  # plain Chinese: what was proven, or what differs
    source: str = ""  # where the matching signed-off draft was found
    #: True only when matched against this PC's store (a revision nobody can
    #: make up); a draft file only shows that the two agree.
    proven: bool = False
    #: Not ok, but only because what matched (the body text) proves too little.
    partial: bool = False


@dataclass(frozen=True)
class Candidate:
    """A signed-off draft to verify against: a store revision or a draft file."""

    where: str  # 本机草稿“…” / 草稿文件 x.fldraft
    draft: Draft
    revision: int | None = None  # the store's revision id; None for a draft file


@dataclass(frozen=True)
class ReadDocument:
    """What verify reads from a DOCX (render/visible.py and render/docx.py)."""

    visible: str  # everything a reader sees, normalised
    findings: list[str]  # hidden or invisible text, tracked changes, comments
    properties: dict[str, str]
    legacy_text: str = ""  # body text read the older way (documents of older versions)


#: Renders a signed-off draft's final document and reads it back as ``visible``.
Renderer = Callable[[Template, Draft], str]


def verify_document(
    document: ReadDocument,
    candidates: list[Candidate],
    templates: dict[str, Template],
    render_visible: Renderer,
) -> Verdict:
    """Is ``document`` the final document of one of the signed-off ``candidates``?

    The document's stated content hash picks the candidates. Each one's own hash
    is recomputed first (a draft file with changed figures and the old hash is
    refused), its sign-off record must match the document's properties, and
    the final document is rendered again from it: everything a reader can see
    must be the same. Hidden or invisible text is a finding on its own.
    """
    properties = document.properties
    stated = properties.get(PROP_HASH, "")
    if not stated:
        return Verdict(False, "这份文档没有定稿标识（不是本程序导出的定稿文档，或是草稿）。")
    if document.findings:
        shown = "；".join(document.findings[:3])
        more = f"等 {len(document.findings)} 处" if len(document.findings) > 3 else ""
        return Verdict(
            False,
            f"文档中有读者看不到或未定的内容：{shown}{more}。定稿文档不应有隐藏文字、"
            "白色文字、修订标记或批注，这份文档在导出后被改动过。",
        )
    matching = [c for c in candidates if c.draft.signoff and c.draft.signoff.content_hash == stated]
    # The store's own revisions decide when they know this hash: a draft file
    # that agrees with an altered document does not outvote them.
    for group in (
        [c for c in matching if c.revision is not None],
        [c for c in matching if c.revision is None],
    ):
        problems: list[Verdict] = []
        for candidate in group:
            verdict = _verify_one(document, candidate, templates, render_visible)
            if verdict.ok:
                return verdict
            problems.append(verdict)
        if problems:
            return problems[0]
    return Verdict(False, "没有找到与这份文档对应的定稿记录（定稿可能已撤销，或在另一台电脑上）。")


def _verify_one(
    document: ReadDocument,
    candidate: Candidate,
    templates: dict[str, Template],
    render_visible: Renderer,
) -> Verdict:
    draft, where = candidate.draft, candidate.where
    assert draft.signoff is not None
    if not draft.signed_off or draft.content_hash() != draft.signoff.content_hash:
        return Verdict(
            False,
            f"定稿记录（{where}）中的内容摘要与它的内容不符：定稿之后内容被改动过，"
            "这份定稿记录不可信，不能用来核验。",
            where,
        )
    template = templates.get(draft.template_id)
    if template is None:
        return Verdict(
            False,
            f"找到了对应的定稿（{where}），但本机没有模板“{draft.template_id}”，无法核对正文。",
            where,
        )
    record = {
        PROP_SIGNED_BY: ("定稿人", draft.signoff.by),
        PROP_SIGNED_ON: ("定稿日期", draft.signoff.date.isoformat()),
        PROP_TEMPLATE_ID: ("模板", template.id),
        PROP_TEMPLATE_VERSION: ("模板版本", template.version),
    }
    for key, (label, expected) in record.items():
        stated = document.properties.get(key)
        if stated is not None and stated != expected:
            return Verdict(
                False,
                f"文档属性中的{label}（{stated}）与定稿记录（{expected}，{where}）不符。",
                where,
            )
    expected = render_visible(template, draft)
    if expected != document.visible:
        if document.properties.get(PROP_VERIFY_FORMAT):
            diff = visible_difference(expected, document.visible)
            return Verdict(False, f"文档内容与定稿（{where}）不一致：{diff}。", where)
        return _older_version(document, where)
    signed = f"{draft.signoff.by}，{draft.signoff.date:%Y-%m-%d} 定稿"
    if candidate.revision is not None:
        message = f"与本机第 {candidate.revision} 号定稿版本一致（{where}，{signed}）。"
        return Verdict(True, message, where, proven=True)
    message = (
        f"文档与{where} 中的定稿内容相互一致（{signed}）。注意：这只说明二者一致，"
        "不能证明这就是单位定稿的版本，因为草稿文件可以被人编造；"
        "要证明，请在保存定稿的电脑上核验（不带 --draft-file）。"
    )
    return Verdict(True, message, where)


def _older_version(document: ReadDocument, where: str) -> Verdict:
    """A final document of an older version (no visible-text mark, or the mark
    removed): this version cannot render it again character for character, and
    the older version recorded only a hash of the body text. That is not enough
    to say 一致, so the answer is "cannot be proven", with what is known."""
    from fulian_desktop.core.draft.model import sha256_text

    recorded = document.properties.get(PROP_TEXT_HASH, "")
    if recorded and sha256_text(document.legacy_text) == recorded:
        known = (
            f"正文与导出时记录的校验值相符，对应定稿（{where}），但页眉页脚、"
            "表格上方的单位说明等旧版本没有记录，不能证明整份文档未被改动。"
        )
    else:
        known = (
            "而且正文与导出时记录的校验值不同：可能在导出后被修改过，或被其他软件另存过，"
            f"不能证明它就是定稿（{where}）。"
        )
    return Verdict(
        False,
        f"这份文档由旧版本程序导出，本版本无法逐字核对；{known}"
        "如需证明，请用本版本程序重新导出定稿文档再核验。",
        where,
        partial=True,
    )


def visible_difference(expected: str, actual: str) -> str:
    """Where two visible texts (a line per paragraph) part, in words for the clerk."""
    want, got = expected.split("\n"), actual.split("\n")
    for a, b in zip(want, got, strict=False):
        if a != b:
            return f"定稿为“{a[:30]}”，文档为“{b[:30]}”"
    if len(got) > len(want):
        return f"文档多出了“{got[len(want)][:30]}”"
    if len(want) > len(got):
        return f"文档少了“{want[len(got)][:30]}”"
    return "内容不同"


def _first_difference(expected: str, actual: str) -> str:
    for i, (a, b) in enumerate(zip(expected, actual, strict=False)):
        if a != b:
            line = expected.count("\n", 0, i) + 1
            return f"第 {line} 段起不同（定稿为“{expected[i : i + 12]}”，文档为“{actual[i : i + 12]}”）"
    return "长度不同（内容有增删）"
