#!/bin/sh
# Runs a command against a real `launchpad up` (nginx in front of the debug build) on a free
# loopback port and a temporary data directory, then stops everything, even when the command fails.
# The command sees LAUNCHPAD_URL, LAUNCHPAD_API_KEY (an ADMIN key made for the run), LAUNCHPAD_DATA
# and LAUNCHPAD_BINARY. Extra flags for `launchpad up` come from LAUNCHPAD_UP_FLAGS; the server's
# log is kept in .build/<LAUNCHPAD_RUN_NAME>-launchpad.log when the command fails.
# Usage: scripts/with-launchpad.sh COMMAND [ARGUMENTS...]
set -eu
cd "$(dirname "$0")/.."
LAUNCHPAD=${LAUNCHPAD_BINARY:-.build/debug/launchpad}
NAME=${LAUNCHPAD_RUN_NAME:-run}
DATA=$(mktemp -d)
chmod 755 "$DATA"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
SERVER=""
stop() {
    if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
        kill -TERM "$SERVER"
        wait "$SERVER" || true
    fi
    if [ -f "$DATA/nginx/nginx.pid" ]; then
        kill -TERM "$(cat "$DATA/nginx/nginx.pid")" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap stop EXIT INT TERM

# shellcheck disable=SC2086
"$LAUNCHPAD" up --data "$DATA" --port "$PORT" ${LAUNCHPAD_UP_FLAGS:-} >"$DATA/launchpad.log" 2>&1 &
SERVER=$!
BASE="http://127.0.0.1:$PORT"
tries=0
until curl -fs -o /dev/null "$BASE/api/health"; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ] || ! kill -0 "$SERVER" 2>/dev/null; then
        echo "launchpad up did not serve on $BASE:" >&2
        cat "$DATA/launchpad.log" >&2
        exit 1
    fi
    sleep 0.1
done
KEY=$("$LAUNCHPAD" keys create --data "$DATA" --username "$NAME-admin" --email "$NAME-admin@example.com" \
    --role ADMIN --rate-limit 1000000/15m,1000000/1m | grep -o 'alk_[0-9a-f]\{64\}' | head -n 1)
[ -n "$KEY" ] || { echo "launchpad keys create printed no key" >&2; exit 1; }

status=0
LAUNCHPAD_URL=$BASE LAUNCHPAD_API_KEY=$KEY LAUNCHPAD_DATA=$DATA LAUNCHPAD_BINARY=$LAUNCHPAD "$@" || status=$?
if [ "$status" -ne 0 ]; then
    mkdir -p .build
    cp "$DATA/launchpad.log" ".build/$NAME-launchpad.log"
    echo "$NAME failed (exit $status); the server's log is in .build/$NAME-launchpad.log" >&2
fi
exit "$status"
