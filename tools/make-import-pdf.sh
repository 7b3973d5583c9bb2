#!/bin/sh
# Regenerate tests/fixtures/import/000_panyu_2021.pdf: the 番禺 sample's noisy
# text as a printed report (running header, "— N —" page numbers) through
# LibreOffice, so the PDF import is tested on a real PDF without LibreOffice.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
.venv/bin/python - "$out" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from testkit.import_samples import write_print_docx
write_print_docx("000_panyu_2021", Path(sys.argv[1]), "广州市番禺区妇女联合会2021年部门整体支出绩效自评报告")
PY
soffice -env:UserInstallation="file://$(mktemp -d)" --headless --convert-to pdf --outdir "$out" "$out/000_panyu_2021.docx" >/dev/null
cp "$out/000_panyu_2021.pdf" tests/fixtures/import/000_panyu_2021.pdf
ls -l tests/fixtures/import/000_panyu_2021.pdf
