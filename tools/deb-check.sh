#!/bin/sh
# make deb-check: build the .deb (make deb), install it with dpkg into a clean
# folder root (not the machine: CI runs beside other checkouts), run the
# installed program's --version and a headless demo export, then remove the
# package and check that nothing of it is left.
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
sh packaging/deb.sh
VERSION=$("$PY" -c "import fulian_desktop; print(fulian_desktop.__version__)")
DEB=dist/fulian-desktop_${VERSION}_$(dpkg --print-architecture).deb
fail() { echo "deb-check FAILED: $*" >&2; exit 1; }

R=$(mktemp -d)
trap 'rm -rf "$R"' EXIT
mkdir -p "$R/var/lib/dpkg/info" "$R/var/lib/dpkg/updates"
touch "$R/var/lib/dpkg/status"
# The folder root has no dpkg database of the system's libraries, hence
# --force-depends; the maintainer scripts run outside it with DPKG_ROOT set.
DPKG="dpkg --root=$R --force-not-root --force-script-chrootless --force-depends"

dpkg-deb --info "$DEB" | sed -n '/Package:/,$p'
$DPKG --install "$DEB" >/dev/null 2>&1 || { $DPKG --install "$DEB"; fail "dpkg --install failed"; }
$DPKG --status fulian-desktop | grep -q '^Status: install ok installed' || fail "not installed"
for f in opt/fulian-desktop/fulian-desktop opt/fulian-desktop/open-draft \
         usr/share/applications/fulian-desktop.desktop usr/share/mime/packages/fulian-desktop.xml \
         usr/share/icons/hicolor/256x256/apps/fulian-desktop.png; do
    [ -e "$R/$f" ] || fail "$f is missing after install"
done
[ "$(readlink "$R/usr/bin/fulian-desktop")" = /opt/fulian-desktop/fulian-desktop ] \
    || fail "/usr/bin/fulian-desktop does not point to /opt/fulian-desktop/fulian-desktop"
if command -v desktop-file-validate >/dev/null 2>&1; then
    desktop-file-validate "$R/usr/share/applications/fulian-desktop.desktop"
fi
grep -q '^MimeType=application/x-fldraft;' "$R/usr/share/applications/fulian-desktop.desktop" \
    || fail "the desktop entry does not open .fldraft files"

APP="$R/opt/fulian-desktop/fulian-desktop"
HOME_DIR="$R/home"
out=$(FULIAN_HOME="$HOME_DIR" QT_QPA_PLATFORM=offscreen "$APP" --version) || fail "--version failed"
[ "$out" = "fulian-desktop $VERSION" ] || fail "--version printed '$out'"
echo "installed: $out"
FULIAN_HOME="$HOME_DIR" QT_QPA_PLATFORM=offscreen "$APP" demo "$R/demo" || fail "demo failed"
n=$(find "$R/demo" -name '*.docx' | wc -l)
[ "$n" -ge 3 ] || fail "demo wrote $n DOCX files, expected 3"

$DPKG --remove fulian-desktop >/dev/null || fail "dpkg --remove failed"
[ ! -e "$R/opt/fulian-desktop" ] || fail "/opt/fulian-desktop is left after removal"
[ ! -e "$R/usr/bin/fulian-desktop" ] || fail "/usr/bin/fulian-desktop is left after removal"
[ ! -e "$R/usr/share/applications/fulian-desktop.desktop" ] || fail "the desktop entry is left"
echo "deb-check passed: $DEB installed, ran (--version, demo: $n DOCX), removed"
