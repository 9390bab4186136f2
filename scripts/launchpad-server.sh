# Sourced by the scripts that test a real server (schemathesis.sh, test-clients.sh): a temporary data
# directory, a free loopback port, and `launchpad up` on them until the script exits.
#
#   . scripts/launchpad-server.sh
#   launchpad_up PYTHON LAUNCHPAD [flags of up...]   # sets DATA, PORT, BASE, SERVER; waits until it serves
#   KEY=$(launchpad_admin_key LAUNCHPAD NAME [flags of keys create...])
#
# The log is $DATA/launchpad.log. On exit the server is stopped (and its nginx, should it have crashed)
# and the data directory removed.

DATA=$(mktemp -d)
SERVER=""
launchpad_down() {
    if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
        kill -TERM "$SERVER"
        wait "$SERVER" || true
    fi
    # After a crash, launchpad could not stop its nginx.
    if [ -f "$DATA/nginx/nginx.pid" ]; then
        kill -TERM "$(cat "$DATA/nginx/nginx.pid")" 2>/dev/null || true
    fi
    rm -rf "$DATA"
}
trap launchpad_down EXIT INT TERM

launchpad_up() {
    python=$1
    binary=$2
    shift 2
    PORT=$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    "$binary" up --data "$DATA" --port "$PORT" "$@" >"$DATA/launchpad.log" 2>&1 &
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
}

# Prints a new ADMIN key of the running server: launchpad_admin_key LAUNCHPAD NAME [flags of keys create...]
launchpad_admin_key() {
    binary=$1
    name=$2
    shift 2
    key=$("$binary" keys create --data "$DATA" --username "$name" --email "$name@example.com" --role ADMIN "$@" \
        | grep -o 'alk_[0-9a-f]\{64\}' | head -n 1)
    [ -n "$key" ] || { echo "launchpad keys create printed no key" >&2; exit 1; }
    echo "$key"
}
