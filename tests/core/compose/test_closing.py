"""附件说明 (GB/T 9704 7.3.6) and 署名 / 成文日期 (7.3.5) under the body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fulian_desktop.core.compose.composer import (
    ANCHOR_ATTACHMENTS,
    ANCHOR_SIGNOFF,
    BLANK_DATE,
    _Composer,
    attachment_name,
    compose,
)
from fulian_desktop.core.compose.document import Paragraph, SectionStart, Spacer
from fulian_desktop.core.compose.linebreaks import text_width
from fulian_desktop.core.draft.model import Draft, SignOff
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.core.template.registry import SAMPLE_FILE, TEMPLATE_FILE
from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR

OUTLINES = sorted(p for p in BUILTIN_TEMPLATES_DIR.iterdir() if (p / TEMPLATE_FILE).is_file())
SIGNED = date(2024, 3, 1)


def sample(folder: Path, signed: bool):
    template = load_template(folder / TEMPLATE_FILE)
    draft = Draft.from_json((folder / SAMPLE_FILE).read_text(encoding="utf-8"))
    if signed:
        draft.status = "signed_off"
        draft.signoff = SignOff(by="王某", date=SIGNED)
    return template, draft


def before_attachment(doc) -> list:
    """The blocks of the report proper: those before the 自评表's section."""
    blocks = doc.flat_blocks()
    ends = [i for i, b in enumerate(blocks) if isinstance(b, SectionStart)]
    return blocks[: ends[0]] if ends else blocks


def test_outlines_found():
    assert {p.name for p in OUTLINES} >= {
        "gz-dept-overall",
        "hn-ziyang-overall",
        "fs-sanshui-redbook",
    }


@pytest.mark.parametrize("folder", OUTLINES, ids=lambda p: p.name)
def test_final_document_ends_with_the_sign_off_date(folder: Path):
    template, draft = sample(folder, signed=True)
    doc = compose(template, draft, final=True)
    report = before_attachment(doc)
    date_line = report[-1]
    assert isinstance(date_line, Paragraph)
    assert date_line.text == "2024年3月1日"
    assert date_line.role == "signature" and date_line.align == "right"
    right = template.closing.date_right_chars
    assert date_line.indent == (0, right, 0)
    if template.signoff_block is None:
        # 署名 right above the date, centred on it
        name_line = report[-2]
        assert name_line.text == draft.unit.name.strip()
        gap = (text_width("2024年3月1日") - text_width(name_line.text)) / 2
        assert name_line.indent == (0, pytest.approx(right + gap), 0)
        assert isinstance(report[-3], Spacer)
    else:  # the 红皮书's own block carries the date; no second closing
        texts = [getattr(b, "text", "") for b in report[-4:]]
        assert draft.unit.name.strip() not in texts


def test_sanshui_date_two_characters_in_others_four():
    indents = {p.name: load_template(p / TEMPLATE_FILE).closing.date_right_chars for p in OUTLINES}
    assert indents["fs-sanshui-redbook"] == 2
    assert indents["gz-dept-overall"] == 4
    assert indents["hn-ziyang-overall"] == 4


@pytest.mark.parametrize("folder", OUTLINES, ids=lambda p: p.name)
def test_draft_shows_the_closing_with_a_blank_date(folder: Path):
    template, draft = sample(folder, signed=False)
    report = before_attachment(compose(template, draft))
    assert report[-1].text == BLANK_DATE


@pytest.mark.parametrize("folder", OUTLINES, ids=lambda p: p.name)
def test_attachment_note_names_the_scoresheet(folder: Path):
    template, draft = sample(folder, signed=True)
    doc = compose(template, draft, final=True)
    notes = [b for b in doc.flat_blocks() if getattr(b, "anchor", "") == ANCHOR_ATTACHMENTS]
    if not template.scoresheet.print.attach:  # 三水's 红皮书 has no table inside it
        assert notes == []
        return
    assert isinstance(notes[0], Spacer)  # 正文下空一行
    (note,) = notes[1:]
    assert note.text.startswith("附件：") and note.text.endswith("绩效自评表")
    assert "1." not in note.text  # one attachment: no number
    # 左空二字; wrapped lines under the name's first character (附件： is 3 wide)
    assert note.indent == (5, 0, -3)
    signoff = [i for i, b in enumerate(doc.flat_blocks()) if b.anchor == ANCHOR_SIGNOFF]
    assert doc.flat_blocks().index(note) < signoff[0]


def test_no_attachment_note_without_a_scoresheet():
    folder = next(p for p in OUTLINES if p.name == "gz-dept-overall")
    template, draft = sample(folder, signed=True)
    draft.scoresheet = {}
    doc = compose(template, draft, final=True)
    assert not [b for b in doc.flat_blocks() if b.anchor == ANCHOR_ATTACHMENTS]


def test_attachment_note_can_be_switched_off():
    folder = next(p for p in OUTLINES if p.name == "gz-dept-overall")
    template, draft = sample(folder, signed=True)
    template = template.model_copy(update={"attachment_note": False})
    doc = compose(template, draft, final=True)
    assert not [b for b in doc.flat_blocks() if b.anchor == ANCHOR_ATTACHMENTS]


def test_several_attachments_are_numbered_and_aligned():
    folder = next(p for p in OUTLINES if p.name == "gz-dept-overall")
    template, draft = sample(folder, signed=True)
    composer = _Composer(template, draft, final=True)
    composer.attachment_note(["《甲表》", "乙表。"])
    first, second = (b for b in composer.blocks if isinstance(b, Paragraph))
    assert first.text == "附件：1.甲表"
    assert second.text == "2.乙表"
    # both names start at the same place: 2 + 附件：(3) + "1." (two half-width)
    number = text_width("1.")
    assert first.indent == pytest.approx((5 + number, 0, -(3 + number)))
    assert second.indent == pytest.approx((5 + number, 0, -number))


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("《某区妇联2023年度绩效自评表》", "某区妇联2023年度绩效自评表"),
        ("某区妇联绩效自评表。", "某区妇联绩效自评表"),
        ("  某区  妇联自评表：", "某区 妇联自评表"),
    ],
)
def test_attachment_name_drops_book_marks_and_trailing_punctuation(title, name):
    assert attachment_name(title) == name


def test_closing_can_be_switched_off():
    folder = next(p for p in OUTLINES if p.name == "hn-ziyang-overall")
    template, draft = sample(folder, signed=True)
    closing = template.closing.model_copy(update={"enabled": False})
    template = template.model_copy(update={"closing": closing})
    report = before_attachment(compose(template, draft, final=True))
    assert not [b for b in report if b.anchor == ANCHOR_SIGNOFF]
