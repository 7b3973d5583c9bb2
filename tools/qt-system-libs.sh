#!/bin/sh
# Checks that Qt's system libraries are present on Debian or Ubuntu; installs
# the missing ones with apt-get when running as root, otherwise prints the
# exact command. Quick when nothing is missing (one dpkg-query call).
# Offscreen needs the first set; a real window also needs the xcb set.
command -v dpkg-query >/dev/null 2>&1 || exit 0   # not Debian/Ubuntu: nothing to check

OFFSCREEN="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
WINDOW="libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1"

missing=""
for pkg in $OFFSCREEN $WINDOW; do
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)
    case "$status" in
        *"install ok installed"*) ;;
        *)
            # Ubuntu 24.04 renamed some libraries with a t64 suffix.
            status=$(dpkg-query -W -f='${Status}' "${pkg}t64" 2>/dev/null)
            case "$status" in *"install ok installed"*) ;; *) missing="$missing $pkg" ;; esac
            ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = "0" ]; then
    echo "Installing Qt system libraries:$missing"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || {
        echo "apt-get could not install:$missing" >&2; exit 1; }
else
    echo "Qt needs these system libraries. Install them with:" >&2
    echo "    sudo apt-get install$missing" >&2
    exit 1
fi
