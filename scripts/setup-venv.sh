#!/usr/bin/env bash
# Create .venv (python3 -m venv) and install gdsview editable with its test extra.
# Re-running is a no-op while .venv/.stamp is newer than pyproject.toml.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.stamp

# A venv whose interpreter vanished (python upgraded or moved) is rebuilt from scratch.
if [[ -e $VENV/bin/python ]] && ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    echo "setup-venv: $VENV is broken, recreating it"
    rm -rf "$VENV"
fi

if [[ ! -x $VENV/bin/python ]]; then
    if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        echo "setup-venv: gdsview needs Python >= 3.11; $PYTHON is $("$PYTHON" -V 2>&1)." \
             "Set PYTHON=/path/to/python3.11+ and retry." >&2
        exit 1
    fi
    echo "setup-venv: creating $VENV"
    rm -rf "$VENV"
    "$PYTHON" -m venv "$VENV"
fi

if [[ -f $STAMP && $STAMP -nt pyproject.toml ]]; then
    exit 0
fi

echo "setup-venv: installing Python dependencies (pip install -e '.[test]')"
log=$VENV/pip-install.log
pip=("$VENV/bin/python" -m pip --disable-pip-version-check)
if ! { "${pip[@]}" install --upgrade pip && "${pip[@]}" install -e '.[test]'; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "setup-venv: pip install failed (full log: $log)" >&2
    exit 1
fi
touch "$STAMP"
