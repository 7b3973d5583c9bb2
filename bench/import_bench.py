"""Import of a 30-page report (issue 18): read, clean, find headings, place, read figures.

Text: the 番禺 sample's noisy text with its 主要工作成效 section lengthened by
the other samples' prose to about 30 printed pages (≈ 20,000 汉字, at the
GB/T 9704 page of 22 lines × 28 characters ≈ 620 per page). The reference is
the editor's paste clean-up (textstats.normalise_pasted) of the same text:
the floor any import must pay.

PDF (issue 23): a 30-page PDF made here from the committed fixture
(tests/fixtures/import/000_panyu_2021.pdf, the 番禺 sample printed through
LibreOffice, 6 pages with running header and page numbers) by copying its
pages five times with PDFium. The reference is PDFium's bare text
extraction of the same pages (open, each page's text layer, close): the
floor any PDF import must pay; the ratio is what reading the pages apart,
cleaning, aligning and placing add.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "import"
PAGE_CHARS = 620


def thirty_page_text() -> str:
    base = (FIXTURES / "000_panyu_2021.extracted.txt").read_text("utf-8")
    others = [
        (FIXTURES / f"{n}.extracted.txt").read_text("utf-8").split("\n", 40)[-1]
        for n in ("001_sanshui_2021", "002_zengcheng_2022", "003_ziyang_2021")
    ]
    # prose without outline headings of its own, so the outline stays 番禺's
    filler = "\n".join(
        line for text in others for line in text.split("\n") if "，" in line and "、" != line[1:2]
    )
    head, sep, tail = base.partition("三、存在的主要问题")
    text = head
    while len(text) + len(tail) < 30 * PAGE_CHARS:
        text += "\n" + filler
    return text + "\n" + sep + tail


def import_rows(row_type, median_time, runs: int) -> list:  # noqa: ANN001
    return [
        bench_import(row_type, median_time, runs),
        bench_import_pdf(row_type, median_time, runs),
    ]


def thirty_page_pdf(target: Path, copies: int = 5) -> int:
    """The fixture's pages ``copies`` times over, as one PDF; its page count."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(FIXTURES / "000_panyu_2021.pdf"))
    made = pdfium.PdfDocument.new()
    try:
        for _ in range(copies):
            made.import_pages(source)
        made.save(str(target))
        return len(made)
    finally:
        made.close()
        source.close()


def pdf_text_layer(path: Path) -> list[str]:
    """The reference: every page's text through PDFium, nothing else."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    texts = []
    try:
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        document.close()
    return texts


def bench_import_pdf(row_type, median_time, runs: int):  # noqa: ANN001, ANN201
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.importing.importer import import_report

    template = default_registry().get("gz-dept-overall")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        pages = thirty_page_pdf(path)
        ours = median_time(lambda: import_report(path, template), runs=runs)
        reference = median_time(lambda: pdf_text_layer(path), runs=runs)
    return row_type(
        f"import of a {pages}-page PDF (the 番禺 fixture ×5)",
        ours,
        reference,
        "PDFium's text extraction of the same pages",
        "≤ 1 s, as the text (progress and 取消 shown meanwhile)",
    )


def bench_import(row_type, median_time, runs: int):  # noqa: ANN001, ANN201
    from fulian_desktop.core.template.registry import default_registry
    from fulian_desktop.core.text.textstats import normalise_pasted
    from fulian_desktop.importing.importer import import_report

    template = default_registry().get("gz-dept-overall")
    text = thirty_page_text()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_text(text, encoding="utf-8")
        ours = median_time(lambda: import_report(path, template), runs=runs)
        reference = median_time(lambda: normalise_pasted(text), runs=runs)
    pages = len(text) / PAGE_CHARS
    return row_type(
        f"import of a {pages:.0f}-page report (text)",
        ours,
        reference,
        "paste clean-up of the same text",
        "≤ 1 s (well under a second)",
    )
