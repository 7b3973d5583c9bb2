#!/bin/sh
# Regenerate the PDF fixtures of tests/fixtures/import/, so the PDF import is
# tested on what clerks have without LibreOffice or Chromium in CI:
#
#   000_panyu_2021.pdf             LibreOffice: the 番禺 sample's noisy text as a
#                                  printed report (running header, "— N —")
#   003_ziyang_2021.chromium.pdf   Chromium's print to PDF of the first 30
#                                  paragraphs of the 资阳 sample (header and page
#                                  numbers in @page margin boxes; Droid Sans
#                                  Fallback, Debian fonts-droid-fallback, with
#                                  headings not bold: a synthetic bold is drawn
#                                  as Type 3 glyphs and triples the size)
#   owner-only-aes128.pdf,         test_read_pdf.tiny_pdf's two-page report with
#   owner-only-aes256.pdf,         an owner password only (opens without one) or
#   open-password-aes256.pdf       an open password, encrypted by pypdf with the
#                                  cryptography package (in a throw-away venv)
#
# Needs soffice, chromium and python3 -m venv; .venv made by `make setup`.
set -eu
cd "$(dirname "$0")/.."
out=$(mktemp -d)
dest=tests/fixtures/import

.venv/bin/python - "$out" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from testkit.import_samples import write_print_docx
write_print_docx("000_panyu_2021", Path(sys.argv[1]), "广州市番禺区妇女联合会2021年部门整体支出绩效自评报告")
PY
soffice -env:UserInstallation="file://$(mktemp -d)" --headless --convert-to pdf --outdir "$out" "$out/000_panyu_2021.docx" >/dev/null
cp "$out/000_panyu_2021.pdf" "$dest/000_panyu_2021.pdf"

# the same page tools/make_import_corpus.py prints for the whole corpus, cut to 30 paragraphs
.venv/bin/python - "$out" "$dest" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "tools")
from make_import_corpus import chromium
out, dest = Path(sys.argv[1]), Path(sys.argv[2])
(dest / "003_ziyang_2021.chromium.pdf").write_bytes(chromium("003_ziyang_2021", out, 30).read_bytes())
PY

PYTHONPATH=tests/importing:tests .venv/bin/python -c "
import sys; from pathlib import Path
from test_read_pdf import PAGES, tiny_pdf
Path(sys.argv[1], 'plain.pdf').write_bytes(tiny_pdf(PAGES))
" "$out"
python3 -m venv "$out/venv"
"$out/venv/bin/pip" install --quiet pypdf cryptography
"$out/venv/bin/python" - "$out" "$dest" <<'PY'
import sys
from pathlib import Path
from pypdf import PdfReader, PdfWriter

out, dest = Path(sys.argv[1]), Path(sys.argv[2])
for name, user, algorithm in [
    ("owner-only-aes128.pdf", "", "AES-128"),
    ("owner-only-aes256.pdf", "", "AES-256"),
    ("open-password-aes256.pdf", "secret", "AES-256"),
]:
    writer = PdfWriter(clone_from=PdfReader(out / "plain.pdf"))
    writer.encrypt(user_password=user, owner_password="owner", algorithm=algorithm)
    with (dest / name).open("wb") as fh:
        writer.write(fh)
PY
rm -rf "$out"
ls -l "$dest"/*.pdf
