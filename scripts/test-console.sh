#!/bin/sh
# The web console in a real browser: Debian's Chromium driven by Playwright (PyPI) against a real
# `launchpad up` (scripts/launchpad-server.sh), signed in with an ADMIN key of a generous rate limit
# (the tests click faster than a person).
# Screenshots go to .build/console-screenshots/; the server's log to .build/console-launchpad.log
# when a test fails. Usage: scripts/test-console.sh [VENV] (default .venv).
set -eu
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
. scripts/launchpad-server.sh
launchpad_up "$VENV/bin/python" .build/debug/launchpad
rm -rf .build/console-screenshots
status=0
KEY=$(.build/debug/launchpad keys create --data "$DATA" --username console-admin --email console-admin@example.com \
    --role ADMIN --rate-limit 1000000/15m,1000000/1m | grep -o 'alk_[0-9a-f]\{64\}' | head -n 1)
LAUNCHPAD_URL=$BASE LAUNCHPAD_API_KEY=$KEY "$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Console || status=$?
if [ "$status" -ne 0 ]; then
    mkdir -p .build
    cp "$DATA/launchpad.log" .build/console-launchpad.log
    echo "console tests failed; the server's log is in .build/console-launchpad.log" >&2
fi
exit "$status"
