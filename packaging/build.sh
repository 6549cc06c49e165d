#!/usr/bin/env bash
# Build the one-folder bundle dist/gdsview/ (the GUI and the sdx* commands) with PyInstaller:
#   packaging/build.sh            from a fresh clone: sets up .venv first, installs PyInstaller if missing
# Then: dist/gdsview/gdsview (the GUI), dist/gdsview/sdxinfo ... ; packaging/install-desktop.sh adds
# the menu entry and the icon. Environment: PYTHON (for a new .venv), DIST (default ./dist),
# BUILD (default ./build).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
DIST=${DIST:-$ROOT/dist}
BUILD=${BUILD:-$ROOT/build}

scripts/setup-system.sh
scripts/setup-venv.sh
PY=$ROOT/.venv/bin/python
if ! "$PY" -c 'import PyInstaller' >/dev/null 2>&1; then
    echo "build: installing PyInstaller into .venv"
    "$PY" -m pip install --disable-pip-version-check -q 'pyinstaller>=6.10'
fi

# the translations the bundle loads, compiled from the .ts sources
VENV_BIN=$ROOT/.venv/bin packaging/update-translations.sh --release

start=$(date +%s)
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$BUILD" \
    packaging/gdsview.spec
"$DIST/gdsview/gdsview" --smoke-test >/dev/null
echo "build: $DIST/gdsview ($(du -sh "$DIST/gdsview" | cut -f1), $(( $(date +%s) - start )) s); smoke test passed"
