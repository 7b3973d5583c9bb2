#!/bin/sh
# make deb: a .deb of the Linux one-folder bundle for 信创 desktops (统信UOS,
# 银河麒麟) and Debian/Ubuntu, built with dpkg-deb (no root needed).
#
#   /opt/fulian-desktop/            the bundle (fulian-desktop, fulian-desktop-cli, _internal/)
#   /usr/bin/fulian-desktop         -> /opt/fulian-desktop/fulian-desktop
#   /usr/share/applications/fulian-desktop.desktop   menu entry, opens .fldraft files
#   /usr/share/mime/packages/fulian-desktop.xml      the .fldraft MIME type
#   /usr/share/icons/hicolor/256x256/apps/fulian-desktop.png
#
# The bundle is (re)built with packaging/build.py when any source file is
# newer than it. Result: dist/fulian-desktop_<version>_<arch>.deb
set -eu
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
BUNDLE=dist/fulian-desktop

if [ ! -x "$BUNDLE/fulian-desktop" ] || [ -n "$(find fulian_desktop templates resources packaging \
        pyproject.toml -newer "$BUNDLE/fulian-desktop" -type f ! -name '*.pyc' | head -n 1)" ]; then
    "$PY" packaging/build.py
fi

VERSION=$("$PY" -c "import fulian_desktop; print(fulian_desktop.__version__)")
ARCH=$(dpkg --print-architecture)
# The bundle carries its own Python and Qt but uses the system's C library:
# require the newest glibc symbol version any of its files asks for.
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -perm -u+x \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
[ -n "$GLIBC" ] || { echo "deb: cannot read the bundle's glibc requirement (objdump missing?)" >&2; exit 1; }

ROOT=$(mktemp -d)
trap 'rm -rf "$ROOT"' EXIT
mkdir -p "$ROOT/DEBIAN" "$ROOT/opt" "$ROOT/usr/bin" "$ROOT/usr/share/applications" \
    "$ROOT/usr/share/mime/packages" "$ROOT/usr/share/icons/hicolor/256x256/apps" \
    "$ROOT/usr/share/doc/fulian-desktop"
cp -a "$BUNDLE" "$ROOT/opt/fulian-desktop"
ln -s /opt/fulian-desktop/fulian-desktop "$ROOT/usr/bin/fulian-desktop"
# the file manager passes the draft file; without one the start screen opens
cat >"$ROOT/opt/fulian-desktop/open-draft" <<'EOF'
#!/bin/sh
# Menu entry and double-clicked .fldraft files land here.
if [ $# -gt 0 ]; then exec /opt/fulian-desktop/fulian-desktop gui --open "$1"; fi
exec /opt/fulian-desktop/fulian-desktop gui
EOF
chmod 755 "$ROOT/opt/fulian-desktop/open-draft"
cp resources/fulian-desktop.png "$ROOT/usr/share/icons/hicolor/256x256/apps/fulian-desktop.png"

cat >"$ROOT/usr/share/applications/fulian-desktop.desktop" <<'EOF'
[Desktop Entry]
Type=Application
Name=Performance Self-Evaluation Report Assistant
Name[zh_CN]=绩效自评报告助手
GenericName=Report writer
GenericName[zh_CN]=绩效自评报告
Comment=Write, check and export the 部门整体支出绩效自评报告 offline
Comment[zh_CN]=离线撰写、检查并导出部门整体支出绩效自评报告
Exec=/opt/fulian-desktop/open-draft %f
Icon=fulian-desktop
Terminal=false
Categories=Office;WordProcessor;
MimeType=application/x-fldraft;
StartupWMClass=fulian-desktop
EOF

cat >"$ROOT/usr/share/mime/packages/fulian-desktop.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<mime-info xmlns="http://www.freedesktop.org/standards/shared-mime-info">
  <mime-type type="application/x-fldraft">
    <comment>Performance self-evaluation report draft</comment>
    <comment xml:lang="zh_CN">绩效自评报告草稿</comment>
    <sub-class-of type="application/json"/>
    <glob pattern="*.fldraft"/>
    <icon name="fulian-desktop"/>
  </mime-type>
</mime-info>
EOF

cat >"$ROOT/usr/share/doc/fulian-desktop/copyright" <<'EOF'
fulian-desktop: the application, with the Python runtime, Qt for Python
(PySide6, LGPLv3) and the other libraries listed in the bundle's _internal
folder, each under its own licence.
EOF

# Registering the MIME type, menu entry and icon: the tools may be missing
# on a minimal system, and DPKG_ROOT is set when installing into a folder.
for script in postinst postrm; do
    cat >"$ROOT/DEBIAN/$script" <<'EOF'
#!/bin/sh
set -e
R="${DPKG_ROOT:-}"
if command -v update-mime-database >/dev/null 2>&1 && [ -d "$R/usr/share/mime/packages" ]; then
    update-mime-database "$R/usr/share/mime" || true
fi
if command -v update-desktop-database >/dev/null 2>&1 && [ -d "$R/usr/share/applications" ]; then
    update-desktop-database -q "$R/usr/share/applications" || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$R/usr/share/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$R/usr/share/icons/hicolor" || true
fi
EOF
    chmod 755 "$ROOT/DEBIAN/$script"
done

SIZE=$(du -sk "$ROOT" | cut -f1)
# Qt's system libraries (as in tools/qt-system-libs.sh); Ubuntu 24.04 renamed
# some with a t64 suffix.
cat >"$ROOT/DEBIAN/control" <<EOF
Package: fulian-desktop
Version: $VERSION
Architecture: $ARCH
Maintainer: fulian-desktop developers <fulian-desktop@localhost>
Installed-Size: $SIZE
Section: editors
Priority: optional
Depends: libc6 (>= $GLIBC), libegl1, libgl1, libxkbcommon0, libfontconfig1, libdbus-1-3,
 libglib2.0-0 | libglib2.0-0t64, libxkbcommon-x11-0, libxcb-cursor0, libxcb-icccm4,
 libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0,
 libxcb-xinerama0, libxcb-xkb1
Recommends: fonts-noto-cjk | fonts-wqy-microhei, shared-mime-info, desktop-file-utils
Description: 绩效自评报告助手 — performance self-evaluation report writer
 Offline desktop program for district women's federations: write the yearly
 部门整体支出绩效自评报告, check it, keep drafts locally and export a
 GB/T 9704 DOCX. Installs under /opt/fulian-desktop with its own Python and Qt.
EOF

mkdir -p dist
OUT=dist/fulian-desktop_${VERSION}_${ARCH}.deb
# --root-owner-group: files owned by root in the package without fakeroot;
# gzip: every dpkg reads it, and xz -6 took minutes on a busy 2-core CI machine
dpkg-deb --root-owner-group -Zgzip -z9 --build "$ROOT" "$OUT" >/dev/null
echo "deb: $OUT ($(du -m "$OUT" | cut -f1) MB, needs glibc >= $GLIBC, $ARCH)"
