"""Make the PDF part of the import corpus: each of the four sample reports as a
PDF from LibreOffice and from Chromium, committed under
tests/fixtures/import/corpus/ so `make test` measures PDF import on what clerks
have without either program in CI (tests/importing/test_import_corpus.py).

- ``<sample>.libreoffice.pdf``: the transcribed draft exported by the program,
  with a running header and a "— N —" page number, printed by LibreOffice;
- ``<sample>.chromium.pdf``: the sample's text as a web page (headings, justified
  paragraphs, header and page numbers in @page margin boxes), Chromium's print
  to PDF in Droid Sans Fallback (Debian fonts-droid-fallback), so the PDF has
  the radical code points Chromium writes for 广 门 …
- ``<sample>.reportlab.pdf``: the sample's text as report systems on the web
  write it (ReportLab, like iText, with the standard CID font STSong-Light,
  not embedded), header and "— N —" drawn on every page.

Run from the checkout: .venv/bin/python tools/make_import_corpus.py
(needs soffice and chromium; ReportLab is installed into a throw-away venv).
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from testkit.import_samples import (  # noqa: E402
    SAMPLES,
    extracted,
    template_of,
    truth,
    write_exported_docx,
)

DEST = ROOT / "tests" / "fixtures" / "import" / "corpus"
FONT = "Droid Sans Fallback"
_HEADING = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]")


def _with_header_and_page_numbers(path: Path, header: str) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document(str(path))
    for section in document.sections:
        section.header.is_linked_to_previous = False
        section.header.paragraphs[0].text = header
        footer = section.footer.paragraphs[0]
        for run in list(footer.runs):
            run._r.getparent().remove(run._r)
        footer.add_run("— ")
        footer._p.append(
            parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'
            )
        )
        footer.add_run(" —")
    document.save(str(path))


def libreoffice(name: str, work: Path) -> Path:
    path = write_exported_docx(name, work)
    draft = truth(name)
    header = f"{draft.unit.name}{draft.unit.year}年{template_of(draft).name}"
    _with_header_and_page_numbers(path, header)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{work}/lo", "--headless", "--convert-to", "pdf",
         "--outdir", str(work), str(path)],
        check=True, capture_output=True,
    )  # fmt: skip
    return path.with_suffix(".pdf")


def chromium(name: str, work: Path, limit: int | None = None) -> Path:
    """The sample (its first ``limit`` paragraphs) printed to PDF by Chromium."""
    paragraphs = [p.strip() for p in extracted(name).split("\n") if p.strip()][:limit]
    header = paragraphs[0]
    body = []
    for i, p in enumerate(paragraphs):
        text = html.escape(p, quote=False)
        heading = len(p) <= 40 and _HEADING.match(p)
        body.append(
            f"<h1>{text}</h1>" if i == 0 else f"<h2>{text}</h2>" if heading else f"<p>{text}</p>"
        )
    css = f"""
    @page {{ size: A4; margin: 30mm 26mm;
      @top-center {{ content: "{header}"; font: 9pt '{FONT}'; }}
      @bottom-center {{ content: "— " counter(page) " —"; font: 10pt '{FONT}'; }} }}
    body {{ font-family: '{FONT}'; font-size: 14pt; line-height: 26pt; }}
    h1 {{ font-size: 18pt; text-align: center; font-weight: normal; }}
    h2 {{ font-size: 14pt; margin: 6pt 0; font-weight: normal; }}
    p {{ text-indent: 2em; text-align: justify; margin: 0; }}
    """
    page = work / f"{name}.html"
    page.write_text(
        f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(header)}"
        f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>",
        encoding="utf-8",
    )
    out = work / f"{name}.chromium.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={work}/chromium", "--no-pdf-header-footer", f"--print-to-pdf={out}",
         f"file://{page}"],
        check=True, capture_output=True,
    )  # fmt: skip
    return out


_REPORTLAB = r"""
import html, re, sys
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

source, out = sys.argv[1], sys.argv[2]
paragraphs = [p.strip() for p in open(source, encoding="utf-8").read().split("\n") if p.strip()]
header = paragraphs[0]
pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
body = ParagraphStyle("b", fontName="STSong-Light", fontSize=12, leading=22,
                      firstLineIndent=24, alignment=TA_JUSTIFY, wordWrap="CJK")
h1 = ParagraphStyle("h1", parent=body, fontSize=18, leading=30, alignment=TA_CENTER, firstLineIndent=0)
h2 = ParagraphStyle("h2", parent=body, fontSize=14, leading=24, firstLineIndent=0)
heading = re.compile(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]")

def furniture(canvas, doc):
    canvas.saveState()
    canvas.setFont("STSong-Light", 9)
    canvas.drawCentredString(A4[0] / 2, A4[1] - 18 * mm, header)
    canvas.setFont("STSong-Light", 10)
    canvas.drawCentredString(A4[0] / 2, 15 * mm, f"— {doc.page} —")
    canvas.restoreState()

story = []
for i, p in enumerate(paragraphs):
    style = h1 if i == 0 else h2 if len(p) <= 40 and heading.match(p) else body
    story.append(Paragraph(html.escape(p, quote=False), style))
SimpleDocTemplate(out, pagesize=A4, leftMargin=26 * mm, rightMargin=26 * mm, topMargin=30 * mm,
                  bottomMargin=30 * mm, title=header).build(story, onFirstPage=furniture,
                                                            onLaterPages=furniture)
"""


def reportlab(name: str, work: Path) -> Path:
    venv = work / "reportlab-venv"
    if not venv.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "reportlab"], check=True)
    source = work / f"{name}.txt"
    source.write_text(extracted(name), encoding="utf-8")
    out = work / f"{name}.reportlab.pdf"
    subprocess.run(
        [str(venv / "bin" / "python"), "-c", _REPORTLAB, str(source), str(out)], check=True
    )
    return out


def main() -> None:
    DEST.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in SAMPLES:
            for producer, make in (
                ("libreoffice", libreoffice),
                ("chromium", chromium),
                ("reportlab", reportlab),
            ):
                target = DEST / f"{name}.{producer}.pdf"
                target.write_bytes(make(name, work).read_bytes())
                print(f"{target.relative_to(ROOT)}: {target.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
