"""Headings are headings to other readers too: pandoc (the converter most
tools use) turns a sample's 一、/（一） headings into markdown ``#`` headings,
because the outline styles are based on Word's Heading 1–3."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from fulian_desktop.core.compose.composer import compose
from fulian_desktop.core.compose.document import Paragraph
from fulian_desktop.core.draft.model import Draft
from fulian_desktop.core.template.registry import default_registry
from fulian_desktop.render.docx import write_docx


# make render-check sets FULIAN_REQUIRE_PANDOC=1 (it installs pandoc), so
# there a missing pandoc fails instead of skipping.
@pytest.mark.skipif(
    shutil.which("pandoc") is None and not os.environ.get("FULIAN_REQUIRE_PANDOC"),
    reason="pandoc is not installed (apt-get install pandoc; make render-check needs it)",
)
def test_pandoc_reads_the_outline_headings_as_headings(tmp_path: Path):
    assert shutil.which("pandoc"), "FULIAN_REQUIRE_PANDOC is set but pandoc is not installed"
    entry = default_registry().entries["gz-dept-overall"]
    draft = Draft.from_dict(json.loads(Path(entry.sample_path).read_text(encoding="utf-8")))
    document = compose(entry.template, draft)
    path = tmp_path / "gz.docx"
    write_docx(document, path)
    markdown = subprocess.run(
        ["pandoc", "-f", "docx", "-t", "markdown", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    found = [
        (len(m.group(1)), m.group(2))
        for m in re.finditer(r"^(#+) (\S+?)(?: \{.*\})?$", markdown, re.M)
    ]
    expected = [
        ({"h1": 1, "h2": 2, "h3": 3}[block.role], block.full_text.replace(" ", ""))
        for block in document.flat_blocks()
        if isinstance(block, Paragraph) and block.role in ("h1", "h2", "h3")
    ]
    assert len(expected) >= 10  # the sample has a real outline
    assert found == expected
