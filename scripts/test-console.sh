#!/bin/sh
# The web console in a real browser: Debian's Chromium driven by Playwright (PyPI) against a real
# `launchpad up` (scripts/with-launchpad.sh). Screenshots go to .build/console-screenshots/.
set -eu
cd "$(dirname "$0")/.."
rm -rf .build/console-screenshots
LAUNCHPAD_RUN_NAME=console exec scripts/with-launchpad.sh .venv/bin/python -m pytest -q -p no:cacheprovider Tests/Console
