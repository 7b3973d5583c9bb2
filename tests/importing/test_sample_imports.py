"""The four sample reports import into their templates: every section in place
(≥ 95 % of its characters, measured), the figures read, nothing dropped.

Each sample is imported from three files: the noisy text extracted from the
published PDF, a DOCX with a paragraph per printed line (noise kept), and
the program's own export of the transcribed draft (heading styles). The
番禺 sample is also imported from a real PDF (made once by LibreOffice from
the noisy DOCX with a running header and "— N —" page numbers; see
tools/make-import-pdf.sh).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from testkit.import_samples import (
    PDF_FIXTURE,
    SAMPLES,
    extracted_lines,
    figure_values,
    placed_share,
    section_shares,
    template_of,
    truth,
    write_exported_docx,
    write_noisy_docx,
    write_text,
)

from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.importing.importer import guess_template, import_report, read_blocks

MAKERS = {"text": write_text, "noisy-docx": write_noisy_docx, "exported-docx": write_exported_docx}


def _same(a: object, b: object) -> bool:
    """Figures compare as numbers (the export prints 100.00 for a typed 100)."""
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return a == b


def _check(name: str, path: Path) -> int:
    expected = truth(name)
    template = template_of(expected)
    result = import_report(path, template)
    got = result.draft
    shares = section_shares(template, expected, got)
    assert shares, "the sample has text to compare"
    low = {sid: round(share, 3) for sid, share in shares.items() if share < 0.95}
    assert not low, f"sections below 95 % of their characters: {low}"
    # and by field, group rows included: a task read as a project is lost
    placed, by_field = placed_share(template, expected, got)
    assert placed >= 0.95, {k: round(v, 2) for k, v in by_field.items() if v < 0.95}
    want, have = figure_values(template, expected), figure_values(template, got)
    wrong = {k: (v, have.get(k)) for k, v in want.items() if not _same(v, have.get(k))}
    assert not wrong, f"figures not read as transcribed: {wrong}"
    assert got.unplaced == [], "every paragraph of the sample has a place"
    assert got.unit.name == expected.unit.name
    assert got.unit.year == expected.unit.year
    for key in ("filler", "position", "phone", "fill_date"):  # the 红皮书 cover
        if getattr(expected.unit, key):
            assert getattr(got.unit, key) == getattr(expected.unit, key), key
    # switched-off sections and options as the transcription has them
    for section_id, on in expected.sections.items():
        assert got.sections.get(section_id, True) == on, section_id
    for option_id, value in expected.options.items():
        assert got.options.get(option_id) == value, option_id
    # every figure read is waiting for the clerk's confirmation
    plain = [k for k in have if "[" not in k]
    assert set(plain) <= set(got.unconfirmed)
    return len(shares) + len(want)


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("name", SAMPLES)
def test_sample_imports_into_its_template(name: str, kind: str, tmp_path: Path) -> None:
    checked = _check(name, MAKERS[kind](name, tmp_path))
    assert checked >= 4


def test_panyu_from_a_real_pdf_with_headers_and_page_numbers() -> None:
    assert PDF_FIXTURE.stat().st_size < 400_000
    name, blocks = read_blocks(PDF_FIXTURE)
    texts = [b.text for b in blocks]
    # the running header and the page numbers are gone, the title stays once
    assert sum("自评报告" in t and len(t) < 40 for t in texts) == 1
    assert not any(t.startswith("—") or t.isdigit() for t in texts)
    assert _check("000_panyu_2021", PDF_FIXTURE) > 10


@pytest.mark.parametrize("name", SAMPLES)
def test_template_is_guessed_from_the_headings(name: str, tmp_path: Path) -> None:
    _, blocks = read_blocks(write_text(name, tmp_path))
    registry = default_registry()
    guessed, ranked = guess_template(blocks, registry.templates())
    assert guessed is not None and guessed.id == truth(name).template_id
    assert ranked[0][0] - ranked[1][0] >= 0.2


def test_summary_counts_sections_unplaced_and_figures(tmp_path: Path) -> None:
    name = "003_ziyang_2021"
    result = import_report(write_text(name, tmp_path), template_of(truth(name)))
    assert result.summary() == (
        f"{len(result.sections_filled)} 节已填入，0 段未归类，{len(result.figures)} 个数字已读出"
    )
    assert len(result.draft.items("expense_items")) == 16
    assert len(result.draft.items("duties")) == 10
    assert len(result.figures) >= 30


@pytest.mark.parametrize("name", SAMPLES)
def test_no_paragraph_is_lost(name: str, tmp_path: Path) -> None:
    """Paragraphs planted anywhere in a sample end up in a text field or in
    未归类内容, word for word."""
    lines = extracted_lines(name)
    planted = [
        f"附加说明第{i}段：本段内容由测试插入，用于核对导入不会丢失任何文字。" for i in range(6)
    ]
    step = max(1, len(lines) // len(planted))
    for i, text in enumerate(planted):
        lines.insert(min(len(lines), 3 + i * step + i), f"\n{text}\n")
    path = tmp_path / f"{name}.planted.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    draft = import_report(path, template_of(truth(name))).draft
    texts = [v for v in draft.values.values() if isinstance(v, str)]
    texts += [
        t for v in draft.values.values() if isinstance(v, list) for i in v for t in i.values()
    ]
    texts += draft.unplaced
    everything = "\n".join(texts)
    missing = [t for t in planted if t not in everything]
    assert not missing, missing


def _builtin_samples() -> list[str]:
    registry = default_registry()
    return [t.id for t in registry.templates() if registry.entries[t.id].sample_path is not None]


@pytest.mark.parametrize("template_id", _builtin_samples())
def test_every_builtin_sample_survives_export_and_import(template_id: str, tmp_path: Path) -> None:
    """The generic reading (titles, sentences, item lines, tables, options) needs no
    code per outline: each built-in template's sample, exported as the final DOCX,
    imports back with every text, figure and option."""
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.core.draft.model import Draft
    from fulian_desktop.render.docx import write_docx

    registry = default_registry()
    template = registry.get(template_id)
    sample_path = registry.entries[template_id].sample_path
    assert sample_path is not None
    expected = Draft.from_json(Path(sample_path).read_text("utf-8"))
    path = tmp_path / f"{template_id}.docx"
    write_docx(compose(template, expected), path)
    got = import_report(path, template).draft
    low = {k: v for k, v in section_shares(template, expected, got).items() if v < 0.95}
    assert not low
    want, have = figure_values(template, expected), figure_values(template, got)
    assert {k: have.get(k) for k in want if not _same(want[k], have.get(k))} == {}
    assert got.options == {**template.option_defaults(), **expected.options}
    # the attachment (the 绩效自评表) goes into the table: nothing is left over
    assert got.unplaced == []
