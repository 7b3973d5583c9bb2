"""Layout decisions the composer makes (issue 13): title lines, the clerk's
own title breaks, keep-with-next on heading-like lines and labels."""

from __future__ import annotations

import json

from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.compose.document import AttachmentHead, Paragraph
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.registry import default_registry


def sample(template_id: str) -> tuple:
    entry = default_registry().entries[template_id]
    draft = Draft.from_dict(json.loads(entry.sample_path.read_text(encoding="utf-8")))
    return entry.template, draft


def head(doc) -> AttachmentHead:
    return next(b for b in doc.blocks if isinstance(b, AttachmentHead))


def test_title_breaks_at_sense_boundaries_under_the_attachment_label():
    template, draft = sample("gz-dept-overall")
    doc = compose(template, draft)
    assert head(doc).label == "附件2"
    assert head(doc).title == ["广州市青禾区妇女联合会2023年", "部门整体支出绩效自评报告"]
    assert doc.title == "广州市青禾区妇女联合会2023年部门整体支出绩效自评报告"


def test_the_clerks_title_breaks_are_used_while_they_spell_the_title():
    template, draft = sample("gz-dept-overall")
    draft.title_lines = ["广州市青禾区妇女联合会", "2023年部门整体支出绩效自评报告"]
    assert head(compose(template, draft)).title == draft.title_lines
    draft.unit.name = "广州市青山区妇女联合会"  # renamed: her old breaks no longer fit
    assert "".join(head(compose(template, draft)).title).startswith("广州市青山区")
    assert head(compose(template, draft)).title != draft.title_lines


def test_title_lines_stay_out_of_the_content_hash_while_empty():
    _, draft = sample("gz-dept-overall")
    before = draft.content_hash()
    assert "title_lines" not in json.loads(draft.canonical_json()) or draft.title_lines == []
    draft.title_lines = ["a", "b"]
    assert draft.content_hash() != before
    draft.title_lines = []
    assert draft.content_hash() == before


def test_heading_like_typed_lines_keep_with_next_and_prose_does_not():
    template, draft = sample("fs-sanshui-redbook")
    doc = compose(template, draft)
    body = {b.text: b for b in doc.blocks if isinstance(b, Paragraph) and b.role == "body"}
    assert body["（四）困境妇女儿童关爱更加精准"].keep_next
    prose = [b for b in body.values() if len(b.text) > 40]
    assert prose and not any(b.keep_next for b in prose)


def test_group_labels_keep_with_their_text():
    template, draft = sample("gz-dept-overall")
    doc = compose(template, draft)
    labels = [b for b in doc.blocks if isinstance(b, Paragraph) and b.text.startswith("任务（")]
    assert labels and all(b.keep_next for b in labels)


def test_sanshui_is_printed_double_sided():
    template, draft = sample("fs-sanshui-redbook")
    assert compose(template, draft).style_overrides.get("double_sided") is True
