# Sourced by the scripts that need a real server (schemathesis.sh, openai-client.sh):
# `start_launchpad ARGS...` runs `launchpad up` (the debug build, nginx in front) on a temporary
# data directory and a free loopback port, and waits until it serves; BASE is its URL, DATA its
# directory. It is stopped, and DATA removed, when the script exits. `admin_key NAME [ARGS...]`
# prints a new ADMIN key. Expects VENV and LAUNCHPAD to be set.
DATA=$(mktemp -d)
PORT=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
SERVER=""
stop() {
    if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
        kill -TERM "$SERVER"
        wait "$SERVER" || true
    fi
    # After a crash (a finding), launchpad could not stop its nginx.
    if [ -f "$DATA/nginx/nginx.pid" ]; then
        kill -TERM "$(cat "$DATA/nginx/nginx.pid")" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap stop EXIT INT TERM

start_launchpad() {
    "$LAUNCHPAD" up --data "$DATA" --port "$PORT" "$@" >"$DATA/launchpad.log" 2>&1 &
    SERVER=$!
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
}

admin_key() {
    name=$1
    shift
    key=$("$LAUNCHPAD" keys create --data "$DATA" --username "$name" --email "$name@example.com" --role ADMIN "$@" \
        | grep -o 'alk_[0-9a-f]\{64\}' | head -n 1)
    [ -n "$key" ] || { echo "launchpad keys create printed no key" >&2; exit 1; }
    echo "$key"
}
