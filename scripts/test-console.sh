#!/bin/sh
# The web console in a real browser: Debian's Chromium driven by Playwright (PyPI) against a real
# `launchpad up` (scripts/launchpad-server.sh), signed in with the first admin key `up` made.
# Screenshots go to .build/console-screenshots/; the server's log to .build/console-launchpad.log
# when a test fails. Usage: scripts/test-console.sh [VENV] (default .venv).
set -eu
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
. scripts/launchpad-server.sh
launchpad_up "$VENV/bin/python" .build/debug/launchpad
rm -rf .build/console-screenshots
status=0
LAUNCHPAD_URL=$BASE LAUNCHPAD_API_KEY=$(cat "$DATA/admin.key") "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Console || status=$?
if [ "$status" -ne 0 ]; then
    mkdir -p .build
    cp "$DATA/launchpad.log" .build/console-launchpad.log
    echo "console tests failed; the server's log is in .build/console-launchpad.log" >&2
fi
exit "$status"
