#!/bin/sh
# Makes the virtual environment .venv with the pinned packages of scripts/python-requirements.txt,
# when it is missing or its requirements changed. Runs without standard input (CI).
set -eu
cd "$(dirname "$0")/.."
VENV=.venv
STAMP="$VENV/requirements.txt"
if [ -x "$VENV/bin/python" ] && cmp -s scripts/python-requirements.txt "$STAMP"; then
    exit 0
fi
PYTHON=$(command -v python3 || true)
if [ -z "$PYTHON" ] || ! "$PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "installing: python3 python3-venv"
    if [ "$(id -u)" -eq 0 ]; then run=""; else run="sudo -n"; fi
    export DEBIAN_FRONTEND=noninteractive
    $run apt-get update -qq </dev/null
    $run apt-get install -y -qq --no-install-recommends python3 python3-venv </dev/null
    PYTHON=$(command -v python3)
fi
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r scripts/python-requirements.txt </dev/null
cp scripts/python-requirements.txt "$STAMP"
