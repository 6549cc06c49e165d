#!/usr/bin/env bash
# Install the Debian/Ubuntu packages gdsview needs, but only those that are missing.
# Usage: scripts/setup-system.sh [EXTRA_PACKAGE...]   (./run adds "xvfb xauth" when there is no display)
# Silent when everything is already installed. GDSVIEW_SKIP_APT=1 skips this step entirely.
set -euo pipefail

[[ "${GDSVIEW_SKIP_APT:-0}" == 1 ]] && exit 0
PYTHON=${PYTHON:-python3}

if ! command -v dpkg >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    echo "setup-system: no dpkg/apt-get here; install the Qt runtime libraries (glib, EGL, GL, fontconfig," \
         "xkbcommon, dbus, xcb-cursor ...) yourself" >&2
    exit 0
fi

wanted=(
    # Qt (PySide6 wheels) runtime: enough for the offscreen platform the tests use
    libglib2.0-0 libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
    # Qt's xcb platform plugin, for a real (or Xvfb) X display
    libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
    libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xkb1
    # Japanese glyphs: the GUI in Japanese, and the figures of `gdsview docs figures --lang ja`
    fonts-ipafont-gothic
    # the checks of the desktop entry and the AppStream metainfo (tests/packaging)
    appstream desktop-file-utils
    # the device server (FUSE through pyfuse3, which builds against libfuse3) and the programs that
    # use its devices in tests and bench/devices.py: file systems, loop devices, fio, pgbench
    fuse3 libfuse3-dev pkg-config e2fsprogs xfsprogs util-linux mount fio postgresql-client
    # the lab's PostgreSQL service (initdb, pg_ctl, postgres; a fresh Debian's package also makes and
    # starts a "main" cluster of its own, which gdsview never uses)
    postgresql
    # the durability test that reads the order of map syncs and image writes (tests/reliability)
    strace
    "$@"
)
# Debian/Ubuntu ship venv's ensurepip separately, in python3-venv.
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    wanted+=(python3-venv)
fi

installed() {  # installed under its own name, or provided by an installed package (Ubuntu's *t64 libraries)
    dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$' && return 0
    dpkg-query -W -f='${db:Status-Status} ${Provides}\n' 2>/dev/null \
        | awk -v p="$1" '$1 == "installed" { for (i = 2; i <= NF; i++) { sub(/,$/, "", $i); if ($i == p) f = 1 } }
                         END { exit !f }'
}

missing=()
for pkg in "${wanted[@]}"; do
    installed "$pkg" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
    else
        echo "setup-system: missing packages ${missing[*]}, and not root and no sudo to install them" >&2
        exit 1
    fi
fi

echo "setup-system: installing ${missing[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -q \
       && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "setup-system: apt-get failed" >&2
    exit 1
fi
