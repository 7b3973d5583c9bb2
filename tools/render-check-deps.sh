#!/bin/sh
# What `make render-check` needs besides Python: LibreOffice's headless writer
# (DOCX → PDF), poppler (pdftotext for line positions, pdftoppm for page
# pictures), CJK fonts (Noto standing in for 仿宋/黑体/楷体/小标宋) and pandoc
# (a test reads a sample's headings with it).
# Installs the missing ones with apt-get when run as root, otherwise prints the
# exact command (like tools/qt-system-libs.sh). `make test` never needs them.
PACKAGES="libreoffice-writer-nogui poppler-utils fonts-noto-cjk pandoc"

missing=""
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in $PACKAGES; do
        case "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" in
            *"install ok installed"*) ;;
            *) missing="$missing $pkg" ;;
        esac
    done
else
    # not Debian/Ubuntu: only say what is missing
    command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer"
    command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
    command -v pandoc >/dev/null 2>&1 || missing="$missing pandoc"
    if [ -n "$missing" ]; then
        echo "render-check needs:$missing (and CJK fonts such as Noto CJK)" >&2
        exit 1
    fi
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ]; then
    echo "Installing what render-check needs:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
        echo "apt-get could not install:$missing" >&2; exit 1; }
else
    echo "render-check needs LibreOffice, poppler, CJK fonts and pandoc. Install them with:" >&2
    echo "    sudo apt-get install --no-install-recommends$missing" >&2
    exit 1
fi
