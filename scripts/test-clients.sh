#!/bin/sh
# Tests the client SDKs (clients/python with pytest, clients/node with `node --test`) against a real
# `launchpad up` (nginx in front of the debug build) on a free loopback port and a temporary data
# directory. The Python package is installed into .venv from a copy of clients/python, as a user's
# pip would. Usage: scripts/test-clients.sh [VENV] (default .venv, made by scripts/python-env.sh).
#
# The server: a short follow-stream lifetime (so the streams' reconnection with Last-Event-ID is
# exercised), one CRITICAL advisory (so SECURITY_SCAN_FAILED can be caused), generous limits for the
# ADMIN key and failed authentications (the tests make their own tightly limited keys).
set -eu
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
LAUNCHPAD=${LAUNCHPAD:-.build/debug/launchpad}
case "$LAUNCHPAD" in /*) ;; *) LAUNCHPAD="$(pwd)/$LAUNCHPAD" ;; esac
NODE=/usr/bin/node
[ -x "$NODE" ] || NODE=$(command -v node)

. scripts/launchpad-server.sh
launchpad_up "$VENV/bin/python" "$LAUNCHPAD" --threads 16 --keepalive 4 --max-log-followers 6 \
    --max-log-followers-per-key 6 --max-log-followers-per-user 6 --max-stream-seconds 3 \
    --admin-rate-limit 1000000/15m,1000000/1m --auth-failure-limit 1000000/15m,1000000/1m \
    --max-agents-per-user 20 --max-replicas-per-user 40 \
    --advisories fixtures/advisories/GHSA-jf85-cpcp-j695.json

export LAUNCHPAD_TEST_URL="$BASE"
export LAUNCHPAD_TEST_DATA="$DATA"
export LAUNCHPAD_TEST_BINARY="$LAUNCHPAD"
LAUNCHPAD_TEST_ADMIN_KEY=$(cat "$DATA/admin.key")
export LAUNCHPAD_TEST_ADMIN_KEY

# pip builds in the source directory; a copy keeps build/ and *.egg-info out of the checkout.
COPY="$DATA/python-package"
cp -r clients/python "$COPY"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$COPY" </dev/null

status=0
echo "clients/python: mypy --strict"
"$VENV/bin/python" -m mypy --strict --cache-dir .build/mypy-cache clients/python/src/agent_launchpad || status=1
echo "clients/python: pytest against $BASE"
timeout 600 "$VENV/bin/python" -m pytest -q -p no:cacheprovider clients/python/tests || status=1
echo "clients/node: $("$NODE" --version) --test against $BASE"
timeout 600 "$NODE" --test clients/node/test/*.test.js clients/node/test/*.test.mjs || status=1
if [ "$status" -ne 0 ]; then
    mkdir -p .build
    cp "$DATA/launchpad.log" .build/test-clients-launchpad.log
    echo "client tests failed; the server's log is in .build/test-clients-launchpad.log" >&2
fi
exit "$status"
