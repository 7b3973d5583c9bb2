"""The four sample reports as files a clerk might have, and how well an import
matches their transcribed drafts.

``*.extracted.txt`` in tests/fixtures/import/ is the text extracted from each
published PDF, noise and all (hard line ends, page breaks inside sentences,
spaces between Chinese and digits, half-width punctuation). From it the tests
build a plain-text file and a DOCX with a paragraph per printed line (what
"save PDF as Word" gives); the exported DOCX of the transcribed draft stands
for a report written in Word with heading styles. The transcribed drafts in
tests/fixtures/samples/ are the truth.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from pathlib import Path

from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.model import FieldSpec, Section, Template
from fulian_desktop.core.template.registry import default_registry
from testkit.paths import FIXTURES  # noqa: E402

SAMPLES = ("000_panyu_2021", "001_sanshui_2021", "002_zengcheng_2022", "003_ziyang_2021")
PDF_FIXTURE = FIXTURES / "import" / "000_panyu_2021.pdf"

_HALF = str.maketrans(",;:?!()", "，；：？！（）")


def truth(name: str) -> Draft:
    return Draft.from_json((FIXTURES / "samples" / f"{name}.draft.json").read_text("utf-8"))


def template_of(draft: Draft) -> Template:
    return default_registry().get(draft.template_id)


def extracted(name: str) -> str:
    return (FIXTURES / "import" / f"{name}.extracted.txt").read_text("utf-8")


def extracted_lines(name: str) -> list[str]:
    return extracted(name).split("\n")


def write_text(name: str, folder: Path) -> Path:
    path = folder / f"{name}.txt"
    path.write_text(extracted(name), encoding="utf-8")
    return path


def write_noisy_docx(name: str, folder: Path) -> Path:
    """A DOCX with a paragraph per printed line of the PDF, spacing noise kept."""
    from docx import Document

    document = Document()
    for line in extracted(name).split("\n"):
        document.add_paragraph(line)
    path = folder / f"{name}.docx"
    document.save(str(path))
    return path


def write_exported_docx(name: str, folder: Path) -> Path:
    """The transcribed draft exported by the program (heading styles, GB/T 9704 layout)."""
    from fulian_desktop.core.compose.composer import compose
    from fulian_desktop.render.docx import write_docx

    draft = truth(name)
    path = folder / f"{name}.exported.docx"
    write_docx(compose(template_of(draft), draft), path)
    return path


def _norm(text: str) -> str:
    return re.sub(r"\s", "", text).translate(_HALF)


def section_text(template: Template, draft: Draft, section: Section) -> str:
    """Every text the clerk wrote in one section: long texts and group items' words."""
    parts: list[str] = []
    for spec in section.fields:
        if spec.kind == "longtext":
            parts.append(draft.text(spec.id))
        elif spec.kind == "group":
            for item in draft.items(spec.id):
                parts += [item.get(s.id, "") for s in spec.fields if s.kind in ("longtext", "text")]
    return _norm("".join(parts))


def kept_share(expected: str, got: str) -> float:
    """Share of ``expected``'s characters found, in order, in ``got`` (1.0 for empty)."""
    if not expected:
        return 1.0
    matcher = SequenceMatcher(None, expected, got, autojunk=False)
    return sum(b.size for b in matcher.get_matching_blocks()) / len(expected)


def section_shares(template: Template, expected: Draft, got: Draft) -> dict[str, float]:
    """Per section with text in the truth: the share of its characters in place."""
    shares: dict[str, float] = {}
    for section, _ in template.walk():
        want = section_text(template, expected, section)
        if want:
            shares[section.id] = kept_share(want, section_text(template, got, section))
    return shares


def _printed_fields(template: Template, draft: Draft) -> list[tuple[Section, FieldSpec]]:
    """Fields of the sections that are on (a switched-off section is not printed,
    its children neither): only what is printed can be read back."""
    found: list[tuple[Section, FieldSpec]] = []

    def visit(sections: list[Section]) -> None:
        for section in sections:
            if not draft.sections.get(section.id, True):
                continue
            found.extend((section, spec) for spec in section.fields)
            visit(section.sections)

    visit(template.sections)
    return found


def field_texts(template: Template, draft: Draft) -> dict[str, str]:
    """Every text the clerk wrote, by the field it belongs in: ``tasks_intro``,
    ``tasks[2].result``. A row in the wrong group, or a text in the wrong field
    of the right section, is not where it belongs."""
    texts: dict[str, str] = {}
    for _section, spec in _printed_fields(template, draft):
        if spec.kind == "longtext":
            texts[spec.id] = _norm(draft.text(spec.id))
        elif spec.kind == "group":
            for i, item in enumerate(draft.items(spec.id)):
                for sub in spec.fields:
                    if sub.kind in ("longtext", "text"):
                        texts[f"{spec.id}[{i}].{sub.id}"] = _norm(item.get(sub.id, ""))
    return {path: text for path, text in texts.items() if text}


def placed_share(template: Template, expected: Draft, got: Draft) -> tuple[float, dict[str, float]]:
    """The share of the truth's characters found in the field they belong in
    (weighted by length), and each field's own share."""
    want, have = field_texts(template, expected), field_texts(template, got)
    shares = {path: kept_share(text, have.get(path, "")) for path, text in want.items()}
    total = sum(len(t) for t in want.values())
    placed = sum(shares[p] * len(t) for p, t in want.items())
    return (placed / total if total else 1.0), shares


def figure_values(template: Template, draft: Draft) -> dict[str, object]:
    """Every figure and short value: plain fields that are not long texts, and
    the non-text sub-fields of group items."""
    result: dict[str, object] = {}
    for _, spec in template.all_fields():
        if spec.kind == "group":
            for i, item in enumerate(draft.items(spec.id)):
                for sub in spec.fields:
                    if sub.kind != "longtext" and item.get(sub.id):
                        result[f"{spec.id}[{i}].{sub.id}"] = item[sub.id]
        elif spec.kind != "longtext" and draft.text(spec.id):
            result[spec.id] = draft.text(spec.id)
    return result


def write_print_docx(name: str, folder: Path, header: str) -> Path:
    """The noisy DOCX with what a printed report adds: a running header on every
    page and a "— N —" page number in the footer. tools/make-import-pdf.sh turns
    it into the committed PDF fixture through LibreOffice."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    path = write_noisy_docx(name, folder)
    from docx import Document

    document = Document(str(path))
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.add_run("— ")
    footer._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
        )
    )
    footer.add_run(" —")
    document.save(str(path))
    return path
