#!/bin/bash
# Usage: scripts/bench/count-mallocs.sh PATH/TO/launchpad [PORT]
# Starts `launchpad up` on a fresh data directory, creates a USER key and 16 agents (replicas 0),
# then counts libc malloc calls in the `launchpad serve` process per request for health, profile,
# status and the list page (2,000 keep-alive requests each, sequential). Deterministic: it does
# not depend on the machine's load. Needs perf (Debian's linux-perf, not in install-deps.sh) and
# the uprobe `probe_libc:malloc`, added once as root: perf probe -x /lib/x86_64-linux-gnu/libc.so.6 malloc
# About 27 of each request's mallocs are libfcgi's own (its parameters), which the bare
# responder pays as well.
set -eu
BIN=$(realpath "$1"); PORT=${2:-$((20000 + RANDOM % 10000))}
WORK=$(mktemp -d /tmp/count-mallocs.XXXXXX); chmod 711 "$WORK"
"$BIN" up --data "$WORK/data" --port "$PORT" --log-level warning >"$WORK/up.log" 2>&1 &
UP=$!
trap 'kill $UP 2>/dev/null; wait $UP 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$PORT/api/health" && break; sleep 0.1; done
KEY=$("$BIN" keys create --data "$WORK/data" --username counter --email counter@example.com --role USER --rate-limit 1000000000/15m | grep -o 'alk_[^ ]*')
for i in $(seq 1 16); do
  curl -sf -o /dev/null -H "X-API-Key: $KEY" -H 'Content-Type: application/json' \
    -d "{\"agentName\":\"count-$i\",\"personality\":{\"bio\":[\"x\"]},\"resources\":{\"memory\":\"256Mi\",\"cpu\":\"100m\",\"replicas\":0}}" \
    "http://127.0.0.1:$PORT/api/agents" || { echo "create failed"; exit 1; }
done
AGENT=$(curl -s -H "X-API-Key: $KEY" "http://127.0.0.1:$PORT/api/agents?limit=1" | grep -o 'agent-[0-9a-f]*' | head -1)
SERVE=$(pgrep -P "$UP" -f ' serve ')
cat >"$WORK/loop.py" <<'PY'
import http.client, sys
port, key, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("GET", path, headers={"X-API-Key": key} if key != "-" else {}); r = c.getresponse(); r.read()
    assert r.status == 200, (path, r.status)
PY
for spec in "- /api/health" "$KEY /api/users/profile" "$KEY /api/agents/$AGENT/status" "$KEY /api/agents?limit=20"; do
  set -- $spec
  perf stat -e probe_libc:malloc -x, -p "$SERVE" -o "$WORK/stat" -- python3 "$WORK/loop.py" "$PORT" "$1" "$2" 2000
  echo "$2: $(awk -F, '/malloc/ { printf "%.1f", $1 / 2000 }' "$WORK/stat") mallocs per request"
done
# Where they come from: perf record -e probe_libc:malloc -g -p <serve pid> while requests run, then
# perf script | swift demangle --simplified (frames in the launchpad binary name the caller).
