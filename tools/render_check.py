"""Render the built-in samples and the stress draft with LibreOffice and check
what a reviewer would see (render/layout_check.py): 22 lines a page (page 1
too), 28 characters a line, no number or Latin word split, no heading at a
page foot, no title broken inside a word, page numbers on the right side and
7 mm below the block (landscape pages too), and every character of the DOCX
on the pages, in order.

    python tools/render_check.py            # check; exit 1 naming page and line
    python tools/render_check.py --pages docs/pages   # also write page PNGs

It also renders deliberately broken documents (one per fault class: Latin
text tagged zh-CN, a title in one piece, a 31 pt grid, no condensing, a
heading without keep-with-next, swapped page-number footers, LibreOffice's
hanging punctuation left on, a title not padded to the grid, the portrait
footer kept on landscape pages) and fails unless each fault is
found where it should be, so a check that went blind fails too.

It also needs pandoc: a test converts a sample to markdown and finds its
headings (tests/render/test_pandoc.py, skipped by `make test` without it).

One soffice run converts every document (start-up is most of LibreOffice's
time), with a private profile so parallel runs do not collide.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # stress.py

from fulian_desktop.core.compose.composer import compose  # noqa: E402
from fulian_desktop.core.compose.document import (  # noqa: E402
    AttachmentHead,
    Document,
    Paragraph,
    Table,
)
from fulian_desktop.core.draft.model import Draft  # noqa: E402
from fulian_desktop.core.template.registry import default_registry  # noqa: E402
from fulian_desktop.render.docx import docx_bytes  # noqa: E402
from fulian_desktop.render.layout_check import (  # noqa: E402
    Block,
    Layout,
    Page,
    check_pages,
    missing_text,
    parse_bbox,
)
from fulian_desktop.render.styles import load_profile  # noqa: E402

KEEP_ROLES = {"h1", "h2", "h3", "h4", "label"}


@dataclass
class Case:
    name: str  # file stem
    document: Document
    expect: str = ""  # a deliberately broken document: the fault kind it must show
    # where it must show it: "" anywhere, "first" on page 1, "landscape" on a
    # landscape page
    expect_on: str = ""
    docx: bytes = b""
    keep_texts: list[str] = field(default_factory=list)


def keep_texts(document: Document) -> list[str]:
    """Headings, labels and captions: texts that must never end a page."""
    texts: list[str] = []
    for block in document.blocks:
        if isinstance(block, AttachmentHead) and block.label:
            texts.append(block.label)
        elif isinstance(block, Paragraph) and (block.role in KEEP_ROLES or block.keep_next):
            texts.append(block.full_text)
        elif isinstance(block, Table) and block.caption:
            texts.append(block.caption)
    return texts


def samples() -> list[Case]:
    registry = default_registry()
    cases = []
    for template_id, entry in sorted(registry.entries.items()):
        if entry.sample_path is None:
            continue
        draft = Draft.from_dict(json.loads(Path(entry.sample_path).read_text(encoding="utf-8")))
        cases.append(Case(template_id, compose(entry.template, draft)))
    from stress import stress_draft

    template, draft = stress_draft()
    cases.append(Case("stress", compose(template, draft)))
    return cases


def _with_overrides(document: Document, overrides: dict) -> Document:
    merged = {**document.style_overrides, **overrides}
    return replace(document, style_overrides=merged)


def _one_line_title(document: Document) -> Document:
    blocks = []
    for block in document.blocks:
        if isinstance(block, AttachmentHead):
            block = replace(block, title=["".join(block.title)])
        blocks.append(block)
    return replace(document, blocks=blocks)


def _heading_at_foot(keep: bool) -> Document:
    """21 one-line paragraphs, then a heading on line 22 unless it keeps with
    the text after it."""
    line = "本段正好排满一行用于检验标题是否会落在页面的最末一行上"[:26]
    blocks = [Paragraph(line) for _ in range(21)]
    blocks.append(Paragraph("检验标题不得落在页末", "h1", number="二、"))
    blocks.extend(Paragraph(line * 2) for _ in range(6))
    overrides = {} if keep else {"roles": {"h1": {"keep_next": False}}}
    return Document("检验", blocks=blocks, style_overrides=overrides)


def _edit_part(data: bytes, name: str, edit) -> bytes:
    """The same DOCX with one part's text passed through ``edit``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.namelist():
            blob = src.read(item)
            if item == name:
                blob = edit(blob.decode("utf-8")).encode("utf-8")
            dst.writestr(item, blob)
    return out.getvalue()


def _hanging_on(data: bytes) -> bytes:
    """LibreOffice's hanging punctuation back on (it reads overflowPunct
    inverted): marks after exactly full justified lines are lost."""
    return _edit_part(
        data,
        "word/styles.xml",
        lambda xml: xml.replace('<w:overflowPunct w:val="1"/>', '<w:overflowPunct w:val="0"/>'),
    )


def _unpadded_title(data: bytes) -> bytes:
    """The blank line after the title without the height that puts the body
    back on the grid: page 1 holds 21 lines."""
    pad = re.compile(r'<w:snapToGrid w:val="0"/><w:spacing w:line="\d+" w:lineRule="exact"/>')
    return _edit_part(data, "word/document.xml", lambda xml: pad.sub("", xml))


def _portrait_footer_on_landscape(data: bytes) -> bytes:
    """Landscape pages numbered like portrait ones, in the page's own footer:
    the number sideways on the sheet (on its long edge), not on its foot."""
    src = zipfile.ZipFile(io.BytesIO(data))
    footers = {n: src.read(n).decode("utf-8") for n in src.namelist() if "/footer" in n}
    plain = [x for x in footers.values() if "w:tblpPr" not in x and "PAGE" in x]

    def portrait(turned: str) -> str:
        odd = '<w:jc w:val="right"/>' in turned
        return next(x for x in plain if ('<w:jc w:val="right"/>' in x) == odd)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.namelist():
            blob = src.read(item)
            if item in footers and "w:tblpPr" in footers[item]:
                blob = portrait(footers[item]).encode("utf-8")
            dst.writestr(item, blob)
    return out.getvalue()


def _swap_footers(data: bytes) -> bytes:
    """The same DOCX with the odd and even page footers exchanged."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = {n: n for n in src.namelist()}
    names["word/footer1.xml"], names["word/footer2.xml"] = "word/footer2.xml", "word/footer1.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            dst.writestr(name, src.read(names[name]))
    return out.getvalue()


def broken(cases: list[Case]) -> list[Case]:
    """One document per fault class, each made from a sample by one change."""
    gz = next(c.document for c in cases if c.name == "gz-dept-overall")
    out = [
        Case("broken-split", _with_overrides(gz, {"latin_language": "zh-CN"}), "split"),
        Case("broken-title", _one_line_title(gz), "title"),
        Case("broken-lines", _with_overrides(gz, {"line_pitch_twips": 620}), "lines"),
        Case("broken-chars", _with_overrides(gz, {"char_spacing_twips": 0}), "chars"),
        Case("broken-stranded", _heading_at_foot(keep=False), "stranded"),
        Case("kept-heading", _heading_at_foot(keep=True)),  # the same, kept: no fault
    ]
    footers = Case("broken-page-number", gz, "page_number")
    footers.docx = _swap_footers(docx_bytes(gz))
    out.append(footers)
    for name, kind, on, edit in (
        ("broken-text", "text", "", _hanging_on),
        ("broken-first-page", "lines", "first", _unpadded_title),
        ("broken-landscape-number", "page_number", "landscape", _portrait_footer_on_landscape),
    ):
        case = Case(name, gz, kind, on)
        case.docx = edit(docx_bytes(gz))
        out.append(case)
    return out


W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_blocks(data: bytes) -> list[Block]:
    """What the DOCX prints in its body, in order: each paragraph, and each
    table as one block (headers and footers are not compared)."""
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))

    def text(node) -> str:
        return "".join(t.text or "" for t in node.iter(f"{W_NS}t"))

    blocks = []
    for child in root.find(f"{W_NS}body"):
        if child.tag == f"{W_NS}p":
            blocks.append(Block(text(child)))
        elif child.tag == f"{W_NS}tbl":
            blocks.append(Block(text(child), table=True))
    return blocks


def soffice_command() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render(cases: list[Case], folder: Path) -> None:
    """All DOCX to PDF in one soffice run."""
    soffice = soffice_command()
    if soffice is None:
        raise SystemExit("render-check: soffice (LibreOffice) is missing")
    paths = []
    for case in cases:
        path = folder / f"{case.name}.docx"
        case.docx = case.docx or docx_bytes(case.document)
        path.write_bytes(case.docx)
        paths.append(str(path))
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *paths,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=600,
        )


def check(case: Case, folder: Path, stats: dict[str, int] | None = None) -> tuple[list, list[Page]]:
    """The faults on the rendered pages, and the pages."""
    pdf = folder / f"{case.name}.pdf"
    if not pdf.is_file():
        raise SystemExit(f"render-check: LibreOffice wrote no PDF for {case.name}")
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    profile = load_profile(case.document.style_profile, case.document.style_overrides)
    if case.expect:  # judge a broken document by the layout it should have had
        honest = {k: v for k, v in case.document.style_overrides.items() if k == "double_sided"}
        profile = load_profile(case.document.style_profile, honest)
    layout = Layout.from_profile(profile)
    pages = parse_bbox(xhtml)
    faults = check_pages(pages, layout, keep_texts(case.document), stats)
    lost = missing_text(pages, layout, docx_blocks(case.docx))
    if stats is not None:
        stats["lost"] = sum(int(re.search(r"(\d+) 个字", f.message).group(1)) for f in lost)
    return faults + lost, pages


def _where_expected(case: Case, faults: list, pages: list[Page]) -> bool:
    """Whether the broken document shows its fault where it must."""
    found = [f for f in faults if f.kind == case.expect]
    if case.expect_on == "first":
        found = [f for f in found if f.page == 1]
    elif case.expect_on == "landscape":
        turned = {p.number for p in pages if p.width > p.height}
        found = [f for f in found if f.page in turned]
    return bool(found)


def write_pages(cases: list[Case], folder: Path, target: Path, dpi: int) -> None:
    """Every page of each sample as a small grey PNG (docs/pages/)."""
    target.mkdir(parents=True, exist_ok=True)
    for old in target.glob("*.png"):
        old.unlink()
    for case in cases:
        if case.expect or case.name == "stress":
            continue
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-gray",
                "-r",
                str(dpi),
                str(folder / f"{case.name}.pdf"),
                str(target / case.name),
            ],
            check=True,
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, help="also write page PNGs of the samples here")
    parser.add_argument("--dpi", type=int, default=36)
    parser.add_argument("--keep", type=Path, help="keep the DOCX and PDF files in this folder")
    args = parser.parse_args(argv)
    if shutil.which("pdftotext") is None:
        print("render-check: pdftotext (poppler-utils) is missing", file=sys.stderr)
        return 2
    if shutil.which("pandoc") is None:
        print("render-check: pandoc is missing (apt-get install pandoc)", file=sys.stderr)
        return 2
    started = time.monotonic()
    cases = samples()
    checks = broken(cases)
    with tempfile.TemporaryDirectory(prefix="render-check-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        render(cases + checks, folder)
        failed = False
        for case in cases:
            stats: dict[str, int] = {}
            faults, _ = check(case, folder, stats)
            status = "OK" if not faults else f"{len(faults)} fault(s)"
            judged = (
                f"{stats['pages']} pages, {stats['full_pages']} full pages and "
                f"{stats['full_lines']} full lines counted ({stats['pushed_lines']} of 27 "
                f"before a pushed mark), {stats['titles']} title breaks, "
                f"{stats['landscape_numbers']} landscape page numbers, "
                f"{stats['lost']} characters lost"
            )
            print(f"{case.name}: {status} ({judged})")
            for fault in faults:
                print(f"  {case.name}.docx {fault}")
            failed = failed or bool(faults)
        for case in checks:
            faults, pages = check(case, folder)
            kinds = {f.kind for f in faults}
            if case.expect and not _where_expected(case, faults, pages):
                where = {"first": " on page 1", "landscape": " on a landscape page"}
                print(
                    f"{case.name}: the check did not find its {case.expect} fault"
                    f"{where.get(case.expect_on, '')}"
                )
                failed = True
            elif not case.expect and kinds:
                print(f"{case.name}: faults where none are: {', '.join(sorted(kinds))}")
                failed = True
            else:
                print(f"{case.name}: {'found ' + case.expect if case.expect else 'OK'}")
        if args.pages:
            write_pages(cases, folder, args.pages, args.dpi)
    print(f"render-check: {'FAILED' if failed else 'passed'} in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
