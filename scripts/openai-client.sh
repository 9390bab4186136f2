#!/bin/sh
# The official `openai` Python package (pinned in scripts/python-requirements.txt) against a real
# `launchpad up` (the debug build, nginx in front) on a temporary data directory, with a Launchpad
# ADMIN key: scripts/openai-client.py completes a chat, streams one, lists models and reads errors.
# Usage: scripts/openai-client.sh [VENV] (default .venv, made by scripts/python-env.sh).
set -eu
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
LAUNCHPAD=.build/debug/launchpad
. scripts/launchpad-server.sh
launchpad_up "$VENV/bin/python" "$LAUNCHPAD"
KEY=$(launchpad_admin_key "$LAUNCHPAD" openai-client)
"$VENV/bin/python" scripts/openai-client.py "$BASE" "$KEY" || { cat "$DATA/launchpad.log" >&2; exit 1; }
