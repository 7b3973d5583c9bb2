#!/bin/sh
# make screenshots: PNGs of the start screen, the dialogs and every page of
# every template into docs/screenshots/, at 1366x768 under Xvfb.
# Installs Xvfb and a CJK font with apt-get when missing and running as root
# (like tools/qt-system-libs.sh); otherwise prints the command to run.
set -e
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

need=""
command -v xvfb-run >/dev/null 2>&1 || need="$need xvfb xauth"
if command -v fc-list >/dev/null 2>&1; then
    [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ] || need="$need fonts-noto-cjk"
else
    need="$need fontconfig fonts-noto-cjk"
fi
if [ -n "$need" ]; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing for screenshots:$need"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
    else
        echo "Screenshots need:$need. Install them with:" >&2
        echo "    sudo apt-get install$need" >&2
        exit 1
    fi
fi

# -a picks a free display number; the screen matches a common office laptop.
exec xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb "$PY" tools/screenshots.py "$@"
