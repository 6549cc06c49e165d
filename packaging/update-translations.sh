#!/usr/bin/env bash
# Collect the GUI's texts into resources/i18n/gdsview_<lang>.ts (pyside6-lupdate keeps the
# translations already made and adds the new texts as unfinished), then compile each .ts into the
# .qm file the application loads (pyside6-lrelease). Translate the .ts files with Qt Linguist
# (.venv/bin/pyside6-linguist) or any editor, then run this again.
#   packaging/update-translations.sh            update the .ts files and compile them
#   packaging/update-translations.sh --release   only compile (what packaging/build.sh runs)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=${VENV_BIN:-$ROOT/.venv/bin}
I18N=resources/i18n

if [[ ${1:-} != --release ]]; then
    mapfile -t sources < <(find app/gdsview/ui app/gdsview/docs -name '*.py' | sort)
    for ts in "$I18N"/gdsview_*.ts; do
        lang=$(basename "$ts" .ts); lang=${lang#gdsview_}
        "$BIN/pyside6-lupdate" -silent -locations none -no-obsolete -source-language en \
            -target-language "$lang" "${sources[@]}" -ts "$ts"
    done
fi
for ts in "$I18N"/gdsview_*.ts; do
    "$BIN/pyside6-lrelease" -silent -nounfinished -removeidentical "$ts" -qm "${ts%.ts}.qm"
done
