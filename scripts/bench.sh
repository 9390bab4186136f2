#!/usr/bin/env bash
# make bench: GET /api/health through nginx against nginx's own `return 200` of the same body size,
# interleaved, twice, in one run; health during a slow-connection attack (scripts/slow-clients.py);
# then talking to agents (scripts/bench-talk.py); then the store's group commit against one commit per
# write; then the soak (scripts/soak.py,
# BENCH_SOAK_REQUESTS requests, 500,000 by default).
set -euo pipefail
cd "$(dirname "$0")/.."

BIN=.build/release/launchpad
PROBE=.build/release/StoreProbe
DURATION=${BENCH_DURATION:-20}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
ROUNDS=${BENCH_ROUNDS:-2}
WORK=$(mktemp -d /tmp/launchpad-bench.XXXXXX)
# Run as root, nginx's workers (www-data) and the agents (users of their own) pass through it to the
# data directories; they cannot list it.
chmod 711 "$WORK"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 18089)

cleanup() {
    if [ -n "${UP_PID:-}" ] && kill -0 "$UP_PID" 2>/dev/null; then
        kill -TERM "$UP_PID"; wait "$UP_PID" || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Waits until `launchpad up` (UP_PID) answers /api/health; prints its log ($1) and fails if it does not.
wait_serving() {
    for _ in $(seq 1 100); do
        curl -sf "http://127.0.0.1:$PORT/api/health" >/dev/null 2>&1 && return 0
        sleep 0.1
    done
    cat "$1"; exit 1
}

"$BIN" up --data "$WORK/data" --port "$PORT" --log-level "${BENCH_LOG_LEVEL:-info}" --keepalive "${BENCH_KEEPALIVE:-32}" \
    --max-agents-per-user 100000000 --max-replicas-per-user 1000 --instance-rate-limit 1000000000/15m >"$WORK/up.log" 2>&1 &
UP_PID=$!
wait_serving "$WORK/up.log"

health_bytes=$(curl -s "http://127.0.0.1:$PORT/api/health" | wc -c)
yardstick_bytes=$(curl -s "http://127.0.0.1:$PORT/_nginx/yardstick" | wc -c)
echo "bench: wrk -t2 -c$CONNECTIONS -d${DURATION}s, $ROUNDS interleaved rounds; body sizes: /api/health $health_bytes B, nginx return 200 $yardstick_bytes B"
echo "machine: $(nproc) cores; nginx $(awk '/^worker_processes/ { print $2 + 0 }' "$WORK/data/nginx/nginx.conf") workers; launchpad 64 threads, upstream keepalive ${BENCH_KEEPALIVE:-32}; log level ${BENCH_LOG_LEVEL:-info}"

# The bench's own key: a USER key whose limit is raised far above the load (seed 001's 100 per
# 15 minutes would refuse nearly every request).
BENCH_KEY=$("$BIN" keys create --data "$WORK/data" --username bench --email bench@launchpad.local --role USER \
    --rate-limit 1000000000/15m 2>/dev/null)
curl -sf -H "X-API-Key: $BENCH_KEY" "http://127.0.0.1:$PORT/api/users/profile" >/dev/null || { echo "bench key refused"; exit 1; }

api() {
    curl -s -H "X-API-Key: $BENCH_KEY" -H 'Content-Type: application/json' "$@"
}
field() {
    python3 -c "import json,sys; print(json.load(sys.stdin).get('$1', ''))"
}
# Polls the path $1 until its answer matches the pattern $2; prints $3 and fails if it never does.
wait_until() {
    for _ in $(seq 1 4000); do
        api "http://127.0.0.1:$PORT$1" | grep -q "$2" && return 0
        sleep 0.005
    done
    echo "$3"; exit 1
}
wait_deployed() {
    wait_until "/api/agents/$1/status" '"status":"DEPLOYED"' "agent $1 did not deploy"
}

# The agent whose status the HTTP rounds read: one replica of the reference agent.
STATUS_AGENT=$(api -X POST -d '{"agentName":"status-bench","personality":{"bio":["A benchmark agent."]},"resources":{"memory":"256Mi","cpu":"100m","replicas":1}}' "http://127.0.0.1:$PORT/api/agents" | field agentId)
wait_deployed "$STATUS_AGENT"
# Its create operation, as AgentMetal polls it.
STATUS_OPERATION=$(api "http://127.0.0.1:$PORT/v1/instances/$STATUS_AGENT" | python3 -c "import json,sys; print(json.load(sys.stdin)['status']['operation_id'])")

# Prints "req/s p50_ms p99_ms non2xx"; extra arguments go to wrk (headers).
measure() {
    local out path=$1
    shift
    out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$@" "http://127.0.0.1:$PORT$path")
    echo "$out" | awk '
        function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
        /Requests\/sec/ { rps = $2 }
        /^ +50%/ { p50 = ms($2) }
        /^ +99%/ { p99 = ms($2) }
        /Non-2xx/ { bad = $NF }
        END { printf "%.0f %.2f %.2f %d\n", rps, p50, p99, bad + 0 }'
}

median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2] + v[NR/2+1]) / 2 }'
}
row() {
    printf '%-7s %-26s %10s %9s %9s %7s\n' "$@"
}

row round target "req/s" "p50 ms" "p99 ms" non2xx
health_ratios=()
profile_ratios=()
status_ratios=()
logs_ratios=()
operation_ratios=()
instance_ratios=()
for round in $(seq 1 "$ROUNDS"); do
    read -r n_rps n_p50 n_p99 n_bad < <(measure /_nginx/yardstick)
    row "$round" "nginx return 200" "$n_rps" "$n_p50" "$n_p99" "$n_bad"
    read -r h_rps h_p50 h_p99 h_bad < <(measure /api/health)
    row "$round" "GET /api/health" "$h_rps" "$h_p50" "$h_p99" "$h_bad"
    read -r p_rps p_p50 p_p99 p_bad < <(measure /api/users/profile -H "X-API-Key: $BENCH_KEY")
    row "$round" "GET /api/users/profile" "$p_rps" "$p_p50" "$p_p99" "$p_bad"
    read -r s_rps s_p50 s_p99 s_bad < <(measure "/api/agents/$STATUS_AGENT/status" -H "X-API-Key: $BENCH_KEY")
    row "$round" "GET /api/agents/{id}/status" "$s_rps" "$s_p50" "$s_p99" "$s_bad"
    read -r l_rps l_p50 l_p99 l_bad < <(measure "/api/agents/$STATUS_AGENT/logs?lines=100" -H "X-API-Key: $BENCH_KEY")
    row "$round" "GET .../logs?lines=100" "$l_rps" "$l_p50" "$l_p99" "$l_bad"
    read -r o_rps o_p50 o_p99 o_bad < <(measure "/v1/operations/$STATUS_OPERATION" -H "X-API-Key: $BENCH_KEY")
    row "$round" "GET /v1/operations/{id}" "$o_rps" "$o_p50" "$o_p99" "$o_bad"
    read -r i_rps i_p50 i_p99 i_bad < <(measure "/api/instances/$STATUS_AGENT" -H "X-API-Key: $BENCH_KEY")
    row "$round" "GET /api/instances/{id}" "$i_rps" "$i_p50" "$i_p99" "$i_bad"
    operation_ratios+=("$(awk -v a="$o_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    instance_ratios+=("$(awk -v a="$i_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    logs_ratios+=("$(awk -v a="$l_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    health_ratios+=("$(awk -v a="$h_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    profile_ratios+=("$(awk -v a="$p_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    status_ratios+=("$(awk -v a="$s_rps" -v b="$n_rps" 'BEGIN { printf "%.3f", a / b }')")
    echo "        ratios to nginx: health ${health_ratios[-1]}, profile ${profile_ratios[-1]}, agent status ${status_ratios[-1]}"
done
echo "median ratio GET /api/health / nginx return 200: $(printf '%s\n' "${health_ratios[@]}" | median) (target >= 0.20)"
echo "median ratio authenticated GET /api/users/profile / nginx return 200: $(printf '%s\n' "${profile_ratios[@]}" | median) (target >= 0.18)"
echo "median ratio GET /api/agents/{id}/status / nginx return 200: $(printf '%s\n' "${status_ratios[@]}" | median) (target >= 0.18)"
echo "median ratio GET /api/agents/{id}/logs?lines=100 / nginx return 200: $(printf '%s\n' "${logs_ratios[@]}" | median) (reported)"
echo "median ratio GET /v1/operations/{id} / nginx return 200: $(printf '%s\n' "${operation_ratios[@]}" | median) (target >= 0.18)"
echo "median ratio GET /api/instances/{id} / nginx return 200: $(printf '%s\n' "${instance_ratios[@]}" | median) (target >= 0.18)"

echo
echo "agents: create -> DEPLOYED with the reference agent (10 agents, one after another, before the create burst below)"
deploy_times=()
for i in $(seq 1 10); do
    start=$(date +%s%N)
    id=$(api -X POST -d "{\"agentName\":\"deploy-bench-$i\",\"personality\":{\"bio\":[\"A benchmark agent.\"]},\"resources\":{\"memory\":\"256Mi\",\"cpu\":\"100m\",\"replicas\":1}}" "http://127.0.0.1:$PORT/api/agents" | field agentId)
    wait_deployed "$id"
    deploy_times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    api -X DELETE "http://127.0.0.1:$PORT/api/agents/$id" >/dev/null
done
echo "create -> DEPLOYED ms: ${deploy_times[*]}; median $(printf '%s\n' "${deploy_times[@]}" | median) ms (target < 1000)"

echo
echo "instances: pause -> no replica, resume -> all ready, an agent of 3 replicas (5 times)"
# Waits until AgentMetal shows the instance $1 with phase $2, $3 replicas and $4 ready.
wait_phase() {
    wait_until "/v1/instances/$1" "\"phase\":\"$2\",.*\"replicas\":$3,\"ready_replicas\":$4" "instance $1 never $2 with $3 replicas"
}
PAUSE_AGENT=$(api -X POST -d '{"agentName":"pause-bench","personality":{"bio":["A benchmark agent."]},"resources":{"memory":"256Mi","cpu":"100m","replicas":3}}' "http://127.0.0.1:$PORT/api/agents" | field agentId)
wait_deployed "$PAUSE_AGENT"
pause_times=()
resume_times=()
for _ in $(seq 1 5); do
    start=$(date +%s%N)
    api -X POST "http://127.0.0.1:$PORT/api/agents/$PAUSE_AGENT/pause" >/dev/null
    wait_phase "$PAUSE_AGENT" paused 0 0
    pause_times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
    start=$(date +%s%N)
    api -X POST "http://127.0.0.1:$PORT/api/agents/$PAUSE_AGENT/resume" >/dev/null
    wait_phase "$PAUSE_AGENT" running 3 3
    resume_times+=("$(( ($(date +%s%N) - start) / 1000000 ))")
done
api -X DELETE "http://127.0.0.1:$PORT/api/agents/$PAUSE_AGENT" >/dev/null
echo "pause -> no replica ms: ${pause_times[*]}; median $(printf '%s\n' "${pause_times[@]}" | median) ms (target < 1000)"
echo "resume -> 3 of 3 ready ms: ${resume_times[*]}; median $(printf '%s\n' "${resume_times[@]}" | median) ms (target < 1000)"

echo
echo "pipelines: steps of the reference agent (status-bench, one replica) through nginx (issue 16)"
python3 scripts/bench-pipelines.py --port "$PORT" --key "$BENCH_KEY" --agent status-bench

echo
echo "agents: durable creates through nginx (wrk -c$CONNECTIONS, 10 s, replicas 0: records, indexes and counts in one commit)"
BENCH_KEY=$BENCH_KEY wrk -t2 -c"$CONNECTIONS" -d10s --latency -s scripts/create-agents.lua "http://127.0.0.1:$PORT/api/agents" \
    | awk '/Requests\/sec/ { print "creates/s: " $2 } /^ +50%/ { print "p50: " $2 } /^ +99%/ { print "p99: " $2 } /Non-2xx/ { print "non-2xx: " $NF }'

kill -TERM "$UP_PID"; wait "$UP_PID" || true; UP_PID=

echo
echo "logs: ingestion from 10 chatty replicas (each runs yes(1): a line as fast as it can), durable, 10 s"
"$BIN" up --data "$WORK/chatty" --port "$PORT" --max-agents-per-user 100 --max-replicas-per-user 100 \
    --agent-command "/usr/bin/yes INFO chatty line from a replica" >"$WORK/chatty.log" 2>&1 &
UP_PID=$!
wait_serving "$WORK/chatty.log"
BENCH_KEY=$("$BIN" keys create --data "$WORK/chatty" --username bench --email bench@launchpad.local --role USER --rate-limit 1000000000/15m 2>/dev/null)
for i in $(seq 1 10); do
    api -X POST -d "{\"agentName\":\"chatty-$i\",\"personality\":{\"bio\":[\"A benchmark agent.\"]},\"resources\":{\"memory\":\"128Mi\",\"cpu\":\"100m\",\"replicas\":1}}" "http://127.0.0.1:$PORT/api/agents" >/dev/null
done
written() {
    curl -s -H "Authorization: Bearer $(cat "$WORK/chatty/metrics.token")" "http://127.0.0.1:$PORT/metrics" | awk -v name="$1" '$1 == name { print $2 }'
}
sleep 2
w0=$(written launchpad_log_entries_written_total); d0=$(written launchpad_log_entries_dropped_total); t0=$(date +%s%N)
sleep 10
w1=$(written launchpad_log_entries_written_total); d1=$(written launchpad_log_entries_dropped_total); t1=$(date +%s%N)
awk -v w="$((w1 - w0))" -v d="$((d1 - d0))" -v ns="$((t1 - t0))" 'BEGIN { printf "log lines committed/s: %.0f (dropped while the queue was full: %.0f/s) (target >= 100000)\n", w / (ns / 1e9), d / (ns / 1e9) }'
kill -TERM "$UP_PID"; wait "$UP_PID" || true; UP_PID=

echo
SLOW_CONNECTIONS=${BENCH_SLOW_CONNECTIONS:-1100}
SLOW_SECONDS=${BENCH_SLOW_SECONDS:-30}
echo "slow clients: GET /api/health on a new connection every 50 ms, ${SLOW_SECONDS} s without and ${SLOW_SECONDS} s with $SLOW_CONNECTIONS"
echo "connections that send their headers a line a second and never finish them, opened again as nginx drops them"
"$BIN" up --data "$WORK/slow" --port "$PORT" --log-level warning >"$WORK/slow.log" 2>&1 &
UP_PID=$!
wait_serving "$WORK/slow.log"
python3 scripts/slow-clients.py probe --port "$PORT" --seconds "$SLOW_SECONDS" >"$WORK/slow-baseline.json"
python3 scripts/slow-clients.py attack --port "$PORT" --connections "$SLOW_CONNECTIONS" --seconds "$((SLOW_SECONDS + 3))" >"$WORK/slow-attack.json" &
ATTACK_PID=$!
sleep 2
python3 scripts/slow-clients.py probe --port "$PORT" --seconds "$SLOW_SECONDS" >"$WORK/slow-during.json"
wait "$ATTACK_PID"
python3 - "$WORK" <<'REPORT'
import json, sys
work = sys.argv[1]
for name, title in (("slow-baseline", "health without the attack"), ("slow-during", "health during the attack")):
    p = json.load(open(f"{work}/{name}.json"))
    failures = f" {p['failures']}" if p["failures"] else ""
    print(f"{title}: {p['sent']} probes, {p['failed']} failed{failures}; p50 {p['p50Ms']} ms, p99 {p['p99Ms']} ms, max {p['maxMs']} ms")
a = json.load(open(f"{work}/slow-attack.json"))
print(f"attack: {a['held']} of {a['connections']} connections held at the end, {a['opened']} opened in all, "
      f"{a['closedByServer']} dropped by nginx after a median {a['medianLifetimeSeconds']} s, {a['connectFailures']} connects failed")
REPORT
echo "nginx's 'worker_connections are not enough': $(grep -c 'worker_connections are not enough' "$WORK/slow/nginx/error.log" || true)"
kill -TERM "$UP_PID"; wait "$UP_PID" || true; UP_PID=

echo
# Talking to agents (issue 13): invoke through the agent's url against a replica directly, the first
# token, and BENCH_STREAMS slow streams held open while /api/health is probed.
python3 scripts/bench-talk.py --launchpad "$BIN" --streams "${BENCH_STREAMS:-256}"

echo
echo "agents: GET /api/agents?limit=20 in-process with 100,000 agents stored"
"$BIN" bench-list --agents 100000

echo
echo "metrics: resident memory with 1,000 agents' metric windows kept (720 samples each: an hour at 5 s)"
"$BIN" bench-metrics --agents 1000 --samples 720

echo
echo "keys: verification on one thread, in-process (1,001 keys stored)"
"$BIN" bench-auth --seconds 3

echo
echo "advisories: import of 50,000 synthetic OSV records from a zip (durable batches of 1,000), then the scan of an agent"
echo "with a 1,500-package lockfile against them, in-process (target: scan median < 20 ms)"
python3 scripts/generate-advisories.py --records 50000 --out "$WORK/osv.zip" --lockfile "$WORK/lock.json" --lock-packages 1500 >/dev/null
"$BIN" bench-scan --advisories "$WORK/osv.zip" --lockfile "$WORK/lock.json"

echo
echo "store: durable single-record writes from 16 writers, same run"
"$PROBE" bench "$WORK/store-group" --writers 16 --seconds 5
"$PROBE" bench "$WORK/store-single" --writers 16 --seconds 5 --batch 1

echo
echo "soak: mixed requests through nginx, acknowledged writes checked after a restart, the process's resources after warm-up"
soak_args=(--launchpad "$BIN" --work "$WORK/soak" --requests "${BENCH_SOAK_REQUESTS:-500000}" --connections "$CONNECTIONS"
    --log-level "${BENCH_LOG_LEVEL:-info}")
# Until POST /api/security/scan is merged, BENCH_SOAK_ALLOW_MISSING_SCAN=1 counts its 404s instead of failing.
if [ -n "${BENCH_SOAK_ALLOW_MISSING_SCAN:-}" ]; then soak_args+=(--allow-missing-scan); fi
python3 scripts/soak.py "${soak_args[@]}"
