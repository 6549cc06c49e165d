#!/usr/bin/env bash
# Regenerate the help's figures (resources/help/<lang>/images/fig-*.png) from the real GUI with
# the screenshot generator, in every language the help is written in. Run it after a change that
# shows in the figures, and commit the PNG files.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN=${VENV_BIN:-$ROOT/.venv/bin}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for lang in en ja; do
    "$BIN/gdsview" docs figures --lang "$lang" --out "$tmp/$lang" >/dev/null
    dest=$ROOT/resources/help/$lang/images
    rm -rf "$dest"
    mkdir -p "$dest"
    cp "$tmp/$lang"/fig-*.png "$dest/"
    echo "$dest: $(ls "$dest" | wc -l) figures, $(du -sh "$dest" | cut -f1)"
done
