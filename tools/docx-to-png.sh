#!/bin/sh
# Look at an exported .docx the way a clerk would: convert it to PDF with
# LibreOffice (headless), then each page to a PNG.
#   sh tools/docx-to-png.sh report.docx [outdir] [dpi]
# Needs soffice and pdftoppm (Debian/Ubuntu: libreoffice-writer-nogui
# poppler-utils, plus fonts-noto-cjk for Chinese glyphs).
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 file.docx [outdir] [dpi]" >&2
    exit 2
fi
docx=$1
out=${2:-/tmp/docx-png}
dpi=${3:-60}
for tool in soffice pdftoppm; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$tool is missing" >&2; exit 1; }
done
mkdir -p "$out"
name=$(basename "$docx" .docx)
# A private LibreOffice profile, so a running office or a user's settings do not interfere.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
pdftoppm -png -r "$dpi" "$out/$name.pdf" "$out/$name"
ls "$out/$name"*.png
