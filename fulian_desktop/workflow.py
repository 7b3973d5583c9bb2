"""Steps that tie core, render and storage together, shared by the window and
the command line so neither re-implements them: sign-off, reopen, final
export and verification of a handed-in document.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fulian_desktop.core import signoff
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import Template
from fulian_desktop.core.template.registry import Registry
from fulian_desktop.errors import UserError
from fulian_desktop.storage.records import RevisionInfo
from fulian_desktop.storage.store import Store


def sign_off_draft(
    store: Store,
    registry: Registry,
    draft_id: str,
    *,
    by: str,
    on: date,
    acknowledged: set[str] | frozenset[str] = frozenset(),
) -> tuple[Draft, RevisionInfo]:
    """Sign off the draft's current content and store a sign-off revision."""
    draft = store.open(draft_id)
    template = _template(registry, draft)
    signed = signoff.sign_off(template, draft, by=by, on=on, acknowledged=acknowledged)
    assert signed.signoff is not None
    note = (
        f"定稿：{signed.signoff.by}，{on.isoformat()}，内容摘要 {signed.signoff.content_hash[:12]}"
    )
    if signed.signoff.acknowledged:
        note += f"；已确认 {len(signed.signoff.acknowledged)} 个警告"
    return signed, store.save(draft_id, signed, kind="sign-off", note=note)


def reopen_draft(store: Store, draft_id: str, reason: str) -> tuple[Draft, RevisionInfo]:
    """Make a signed-off draft editable again; the reason is kept in the history."""
    reason = reason.strip()
    if not reason:
        raise UserError("撤销定稿需要填写原因。")
    opened = signoff.reopen(store.open(draft_id))
    return opened, store.save(draft_id, opened, kind="reopen", note=f"撤销定稿：{reason}")


def write_report(
    registry: Registry, draft: Draft, path: Path, style_overrides: dict | None = None
) -> Path:
    """Compose and write the DOCX: the final document once signed off.

    ``style_overrides`` (the clerk's font settings) are laid over the template's.
    """
    from fulian_desktop.render.docx import write_docx

    document = signoff.document_for(_template(registry, draft), draft)
    if style_overrides:
        document.style_overrides = merge_overrides(document.style_overrides, style_overrides)
    write_docx(document, path)
    return path


def write_scoresheet(registry: Registry, draft: Draft, path: Path) -> Path:
    """Write the 绩效自评表 as an Excel workbook (values only, ready to print)."""
    from fulian_desktop.core.scoresheet.layout import layout
    from fulian_desktop.render.xlsx import write_xlsx

    template = _template(registry, draft)
    if template.scoresheet is None:
        raise UserError(f"模板“{template.name}”没有绩效自评表，无法导出 Excel 文件。")
    sheet = layout(template, draft)
    if sheet is None:
        raise UserError("绩效自评表还是空的：请先在“绩效自评表”页填写各项指标。")
    properties = {"template_id": template.id, "template_version": template.version}
    if draft.signed_off and draft.signoff is not None:
        properties["content_hash"] = draft.signoff.content_hash
    write_xlsx(sheet, path, properties)
    return path


def merge_overrides(base: dict, extra: dict) -> dict:
    """``extra`` over ``base``, key by key inside nested tables (fonts, margins_mm)."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge_overrides(merged[key], value)
        else:
            merged[key] = value
    return merged


def signed_off_revisions(store: Store) -> list[signoff.Candidate]:
    """Every sign-off revision in the store, newest first."""
    found: list[signoff.Candidate] = []
    for info in store.list_drafts() + store.list_drafts(recycle_bin=True):
        for revision in reversed(store.history(info.id)):
            if revision.kind == "sign-off":
                when = revision.created[:16].replace("T", " ")
                where = f"本机草稿“{info.title}”，保存于 {when}"
                found.append(
                    signoff.Candidate(where, store.load_revision(revision.id), revision.id)
                )
    return found


def verify_file(
    docx_path: Path, registry: Registry, candidates: list[signoff.Candidate]
) -> signoff.Verdict:
    """Check a final DOCX against signed-off drafts (from the store or draft files)."""
    from zipfile import BadZipFile

    from fulian_desktop.render.docx import docx_bytes, read_custom_properties, read_docx_text
    from fulian_desktop.render.visible import read_visible

    try:
        properties = read_custom_properties(docx_path)  # also refuses zip bombs
        visible = read_visible(docx_path)
        legacy = read_docx_text(docx_path)
    except (OSError, ValueError, KeyError, BadZipFile) as exc:
        raise UserError(f"无法读取文档 {docx_path.name}：{exc}") from None
    document = signoff.ReadDocument(visible.text, visible.findings, properties, legacy)

    def render_visible(template: Template, draft: Draft) -> str:
        return read_visible(docx_bytes(signoff.final_document(template, draft))).text

    templates = {t.id: t for t in registry.templates()}
    return signoff.verify_document(document, candidates, templates, render_visible)


def _template(registry: Registry, draft: Draft):
    if draft.template_id not in registry:
        raise UserError(f"本机没有草稿所用的模板“{draft.template_id}”。")
    return registry.get(draft.template_id)
