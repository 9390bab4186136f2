#!/usr/bin/env python3
"""Seeds the keyed read rounds of make bench (issue 19) on a running `launchpad up`.

Creates --keys USER keys (users bench-1, bench-2, ...) with `launchpad keys create` and a rate limit far
above the load, then --agents agents (replicas 0: records only) spread evenly over them through the
API. Writes:

- <out>/pairs: one line "<api key> <agent id>" per agent, which scripts/bench/random-reads.lua picks
  from at random;
- <out>/bare-seed: the lines `bare-responder seed` reads: each key with its user id, and each agent
  with its owner and the very bytes launchpad answers for its status, so that the bare responder's
  bodies are launchpad's.
"""
import argparse
import http.client
import json
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--launchpad", required=True)
    parser.add_argument("--data", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--keys", type=int, default=9)
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    connection = http.client.HTTPConnection("127.0.0.1", args.port)

    def call(method, path, key, body=None):
        headers = {"X-API-Key": key}
        if body is not None:
            headers["Content-Type"] = "application/json"
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        data = response.read()
        if response.status >= 300:
            sys.exit(f"seed-reads: {method} {path} answered {response.status}: {data[:300]!r}")
        return data

    keys = []
    for index in range(1, args.keys + 1):
        key = subprocess.run(
            [args.launchpad, "keys", "create", "--data", args.data, "--username", f"bench-{index}",
             "--email", f"bench-{index}@launchpad.local", "--role", "USER", "--rate-limit", "1000000000/15m"],
            check=True, capture_output=True, text=True).stdout.strip()
        user_id = json.loads(call("GET", "/api/users/profile", key))["userId"]
        keys.append((key, user_id))

    agents = []
    for index in range(args.agents):
        key, user_id = keys[index % len(keys)]
        created = json.loads(call("POST", "/api/agents", key, {
            "agentName": f"read-bench-{index}", "personality": {"bio": ["A benchmark agent."]},
            "resources": {"memory": "256Mi", "cpu": "100m", "replicas": 0}}))
        agents.append((key, user_id, created["agentId"]))

    # The controller moves each new agent on from QUEUED; the bodies are taken once all have settled.
    deadline = time.monotonic() + 60
    while True:
        statuses = [call("GET", f"/api/agents/{agent_id}/status", key).decode() for key, _, agent_id in agents]
        if all(json.loads(status)["status"] not in ("QUEUED", "DEPLOYING") for status in statuses):
            break
        if time.monotonic() > deadline:
            sys.exit("seed-reads: agents still QUEUED or DEPLOYING after 60 s")
        time.sleep(0.5)

    with open(f"{args.out}/pairs", "w") as pairs, open(f"{args.out}/bare-seed", "w") as seed:
        for key, user_id in keys:
            seed.write(f"key {key} {user_id}\n")
        for (key, user_id, agent_id), status in zip(agents, statuses):
            if "\n" in status:
                sys.exit("seed-reads: a status body with a line break cannot be a seed line")
            pairs.write(f"{key} {agent_id}\n")
            seed.write(f"agent {agent_id} {user_id} {status}\n")
    print(f"seeded {len(keys)} keys and {args.agents} agents")


if __name__ == "__main__":
    main()
