#!/usr/bin/env bash
# Add GDS Management View to the desktop's application menu: the .desktop entry, the icon and the
# AppStream metainfo, under PREFIX (default ~/.local; /usr/local for every user, as root).
#   packaging/install-desktop.sh [BUNDLE]   BUNDLE: a built bundle (dist/gdsview) whose gdsview and
#                                          sdx* commands are linked into PREFIX/bin; without it the
#                                          gdsview on PATH (pipx install .) is what the menu starts
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PREFIX=${PREFIX:-$HOME/.local}
bundle=${1:-}

install -Dm644 "$HERE/gdsview.desktop" "$PREFIX/share/applications/gdsview.desktop"
install -Dm644 "$ROOT/resources/icons/gdsview.svg" "$PREFIX/share/icons/hicolor/scalable/apps/gdsview.svg"
install -Dm644 "$HERE/io.github.gdsview.metainfo.xml" "$PREFIX/share/metainfo/io.github.gdsview.metainfo.xml"
if [[ -n $bundle ]]; then
    bundle=$(cd "$bundle" && pwd)
    mkdir -p "$PREFIX/bin"
    for command in gdsview sdxinfo sdxdisk sdxvolume sdxslice sdxcopy sdxswap sdxattr; do
        ln -sfn "$bundle/$command" "$PREFIX/bin/$command"
    done
fi
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
echo "installed under $PREFIX: gdsview.desktop, the icon, the metainfo${bundle:+, the commands of $bundle}"
