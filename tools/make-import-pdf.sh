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

.venv/bin/python - "$out" <<'PY'
import html
import re
import sys
from pathlib import Path

sys.path.insert(0, "tests")
from testkit.import_samples import extracted

paragraphs = [p.strip() for p in extracted("003_ziyang_2021").split("\n") if p.strip()][:30]
header = paragraphs[0]
font = "Droid Sans Fallback"
body = []
for i, p in enumerate(paragraphs):
    text = html.escape(p, quote=False)
    heading = len(p) <= 40 and re.match(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]", p)
    body.append(f"<h1>{text}</h1>" if i == 0 else f"<h2>{text}</h2>" if heading else f"<p>{text}</p>")
css = f"""
@page {{ size: A4; margin: 30mm 26mm;
  @top-center {{ content: "{header}"; font: 9pt '{font}'; }}
  @bottom-center {{ content: "— " counter(page) " —"; font: 10pt '{font}'; }} }}
body {{ font-family: '{font}'; font-size: 14pt; line-height: 26pt; }}
h1 {{ font-size: 18pt; text-align: center; font-weight: normal; }}
h2 {{ font-size: 14pt; margin: 6pt 0; font-weight: normal; }}
p {{ text-indent: 2em; text-align: justify; margin: 0; }}
"""
Path(sys.argv[1], "003.html").write_text(
    f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{html.escape(header)}"
    f"</title><style>{css}</style></head><body>{''.join(body)}</body></html>",
    encoding="utf-8",
)
PY
chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$out/chromium" \
    --no-pdf-header-footer --print-to-pdf="$dest/003_ziyang_2021.chromium.pdf" \
    "file://$out/003.html" >/dev/null 2>&1

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
