"""The 绩效自评表 attachment in the exported DOCX: its own landscape section
after the report with page numbers running on, the 附件 label and the
title, header rows repeated, figures right-aligned, the outline's font size,
merged 一级/二级 cells, the 填报 lines; the same rows and total as the
workbook; and sign-off and verify cover it."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from lxml import etree
from openpyxl import load_workbook

from fulian_desktop.core import signoff
from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.compose.document import SectionStart, Table
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.scoresheet.layout import layout
from fulian_desktop.core.scoresheet.scoring import score_draft
from fulian_desktop.core.template.loading import load_template
from fulian_desktop.render.docx import docx_bytes, read_docx_text, write_docx
from fulian_desktop.render.xlsx import write_xlsx

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def a(name: str) -> str:
    return f"{{{W}}}{name}"


def sample(template_id: str = "gz-dept-overall"):
    template = load_template(TEMPLATES / template_id / "template.yaml")
    text = (TEMPLATES / template_id / "sample.draft.json").read_text(encoding="utf-8")
    return template, Draft.from_json(text)


def document_xml(data: bytes):
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))


def test_attachment_blocks_follow_the_report() -> None:
    template, draft = sample()
    blocks = compose(template, draft).flat_blocks()
    start = next(i for i, b in enumerate(blocks) if isinstance(b, SectionStart))
    assert blocks[start].landscape
    after = blocks[start + 1 :]
    texts = [getattr(b, "text", None) for b in after]
    assert texts[0] == "附件" and after[0].role == "label"  # line 1, 黑体 (label role)
    assert after[1].__class__.__name__ == "Spacer"  # line 2 empty
    assert after[2].role == "title" and texts[2].endswith("绩效自评表")  # line 3
    tables = [b for b in after if isinstance(b, Table)]
    assert len(tables) == 2 and all(t.font_size == 10.5 for t in tables)
    indicators = tables[1]
    assert indicators.rows[0][0] == "一级指标" and indicators.rows[-2][0] == "合计"
    assert indicators.rows[-2][8] == "92.50" and indicators.rows[-1] == ["自评等级", "优"]
    # 产出指标 spans its eight rows; 数量指标 its four
    assert (1, 0, 8) in indicators.merges and (1, 1, 4) in indicators.merges
    # the label stays in every row of its group: a page that continues the
    # group starts with it
    assert indicators.rows[2][0] == "产出指标" and indicators.rows[2][1] == "数量指标"
    assert texts[-2].startswith("填报单位（盖章）：广州市青禾区妇女联合会")
    assert "填报日期：2024年1月15日" in texts[-1]


def test_no_table_no_attachment() -> None:
    template, draft = sample()
    draft.scoresheet = {}
    assert not any(isinstance(b, SectionStart) for b in compose(template, draft).blocks)


def test_docx_section_table_and_numbering() -> None:
    template, draft = sample()
    root = document_xml(docx_bytes(compose(template, draft)))
    report, attachment = root.findall(".//w:sectPr", NS)
    assert report.find("w:pgNumType", NS).get(a("start")) == "1"
    assert report.find("w:pgSz", NS).get(a("orient")) is None
    size = attachment.find("w:pgSz", NS)
    assert size.get(a("orient")) == "landscape"
    assert int(size.get(a("w"))) > int(size.get(a("h")))
    assert attachment.find("w:pgNumType", NS).get(a("start")) is None  # numbers run on
    assert attachment.find("w:footerReference", NS) is not None
    tables = root.findall(".//w:body/w:tbl", NS)
    indicators = tables[-1]
    rows = indicators.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None  # repeated on every page
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    first = rows[1].findall("w:tc", NS)
    below = rows[2].findall("w:tc", NS)
    # no vertical merge (its text would print on the first page only): the
    # group's cells drop the rule between them, later rows print the label grey
    assert indicators.find(".//w:vMerge", NS) is None
    assert first[0].find("w:tcPr/w:tcBorders/w:bottom", NS).get(a("val")) == "nil"
    assert first[0].find("w:tcPr/w:tcBorders/w:top", NS) is None
    assert below[0].find("w:tcPr/w:tcBorders/w:top", NS).get(a("val")) == "nil"
    assert "".join(t.text for t in below[0].iter(a("t"))) == "产出指标"
    assert below[0].find(".//w:rPr/w:color", NS).get(a("val")) == "808080"
    assert first[0].find(".//w:rPr/w:color", NS) is None
    jc = [c.find("w:p/w:pPr/w:jc", NS).get(a("val")) for c in first]
    assert jc[4] == jc[6] == jc[7] == jc[8] == "right"  # figures right-aligned
    sizes = {s.get(a("val")) for s in indicators.iter(a("sz"))}
    assert sizes == {"21"}  # 10.5 pt (五号)
    grid = sum(int(c.get(a("w"))) for c in indicators.findall("w:tblGrid/w:gridCol", NS))
    margins = attachment.find("w:pgMar", NS)
    room = int(size.get(a("w"))) - int(margins.get(a("left"))) - int(margins.get(a("right")))
    assert abs(grid - room) <= 10  # as wide as the landscape text block


def test_docx_and_xlsx_hold_the_same_rows_and_total(tmp_path: Path) -> None:
    # the outlines that attach the table (三水's 红皮书 does not)
    for template_id in ("gz-dept-overall", "hn-ziyang-overall"):
        template, draft = sample(template_id)
        path = tmp_path / f"{template_id}.docx"
        write_docx(compose(template, draft), path)
        text = read_docx_text(path)
        sheet = layout(template, draft)
        assert sheet is not None
        write_xlsx(sheet, tmp_path / f"{template_id}.xlsx")
        ws = load_workbook(tmp_path / f"{template_id}.xlsx").active
        names = [c.value for c in ws["C"] if c.value and c.row > 6]
        lines = text.splitlines()
        start = lines.index("绩效指标完成情况") + 2
        docx_names = [line.split("\t")[2] for line in lines[start:] if line.count("\t") >= 9]
        assert docx_names[:-1] == names[1 : len(docx_names)]  # header "三级指标" first in xlsx
        total = score_draft(template, draft).total  # type: ignore[union-attr]
        total_line = [line for line in lines if line.startswith("合计\t")][-1]
        assert total_line.split("\t")[8] == f"{total:.2f}"
        (row,) = [r for r in ws.iter_rows() if r[0].value == "合计"]
        assert Decimal(str(row[8].value)) == total


def test_signoff_freezes_the_table_and_verify_covers_it(tmp_path: Path) -> None:
    from fulian_desktop.core.template.registry import load_registry
    from fulian_desktop.paths import BUILTIN_TEMPLATES_DIR
    from fulian_desktop.workflow import verify_file

    template, draft = sample()
    signed = signoff.sign_off(template, draft, by="王主席", on=date(2024, 1, 20))
    final = signoff.document_for(template, signed)
    assert "绩效自评表" in final.text() and "92.50" in final.text()
    path = tmp_path / "定稿.docx"
    write_docx(final, path)
    registry = load_registry([(BUILTIN_TEMPLATES_DIR, True)])
    candidates = [signoff.Candidate("草稿文件", signed)]
    assert verify_file(path, registry, candidates).ok
    # a table edited after sign-off is other content
    changed = json.loads(signed.canonical_json())
    changed["scoresheet"]["rows"][0]["actual"] = "120"
    assert Draft.from_dict(changed).content_hash() != signed.signoff.content_hash  # type: ignore[union-attr]
    # a figure of the table changed in the document is found
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    body = parts["word/document.xml"].decode("utf-8")
    assert body.count(">126<") == 1
    parts["word/document.xml"] = body.replace(">126<", ">120<").encode("utf-8")
    tampered = tmp_path / "改过.docx"
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert not verify_file(tampered, registry, candidates).ok


def test_sanshui_cover_prints_the_seal_after_the_name() -> None:
    # the 红皮书 form: "单位名称：……（公章）", not "单位名称（公章）：……"
    template, draft = sample("fs-sanshui-redbook")
    texts = [getattr(b, "text", "") for b in compose(template, draft).flat_blocks()]
    name = draft.unit.name
    assert f"单位名称：{name}（公章）" in texts
    assert not any(t.startswith("单位名称（公章）") for t in texts)


def test_redbook_carries_no_table_unless_the_template_asks() -> None:
    # the real 红皮书 has no 自评表 inside it (print.attach: false); the
    # workbook still holds the table, and the other outlines attach it
    template, draft = sample("fs-sanshui-redbook")
    assert template.scoresheet is not None and not template.scoresheet.print.attach
    blocks = compose(template, draft).flat_blocks()
    assert not any(isinstance(b, SectionStart) for b in blocks)
    assert layout(template, draft) is not None
    spec = template.scoresheet
    asked = spec.model_copy(update={"print": spec.print.model_copy(update={"attach": True})})
    template = template.model_copy(update={"scoresheet": asked})
    assert any(isinstance(b, SectionStart) for b in compose(template, draft).flat_blocks())
    for other in ("gz-dept-overall", "hn-ziyang-overall"):
        template, draft = sample(other)
        assert template.scoresheet is not None and template.scoresheet.print.attach
        assert any(isinstance(b, SectionStart) for b in compose(template, draft).flat_blocks())
