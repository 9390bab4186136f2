#!/usr/bin/env python3
"""make bench: pipelines of the reference agent through nginx (issue 16's figures).

1. The engine's own cost per step: a 20-step sequential workflow run synchronously; the wall time
   of the request minus the steps' own durations (each an agent's invocation), per step.
2. 100 workflows of 5 steps started at once (asynchronously, then polled), all expected to
   complete, while one more client reads GET /api/health one request after another: its p99.

Usage: bench-pipelines.py --port PORT --key KEY --agent NAME
"""
import argparse
import http.client
import json
import threading
import time


def request(port, key, method, path, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    headers = {"X-API-Key": key}
    data = None
    if body is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(body)
    connection.request(method, path, body=data, headers=headers)
    response = connection.getresponse()
    text = response.read()
    connection.close()
    return response.status, json.loads(text) if text else {}


def workflow(workflow_id, agent, steps):
    return {"id": workflow_id, "name": workflow_id, "steps": [
        {"name": "s%d" % i, "functionId": "agent::" + agent, "promptTemplate": "step %d of {{input}}" % i} for i in range(steps)]}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--agent", required=True)
    parser.add_argument("--concurrent", type=int, default=100)
    args = parser.parse_args()

    status, answer = request(args.port, args.key, "POST", "/api/workflows", workflow("bench-twenty", args.agent, 20))
    assert status == 201, (status, answer)
    costs = []
    for _ in range(5):
        began = time.monotonic()
        status, run = request(args.port, args.key, "POST", "/api/workflows/run", {"workflowId": "bench-twenty", "input": "a bench"})
        wall_ms = (time.monotonic() - began) * 1000
        assert status == 200 and run["status"] == "completed", (status, run)
        agents_ms = sum(result["durationMs"] for result in run["results"])
        costs.append((wall_ms - agents_ms) / 20)
    print("pipelines: engine cost per step of a 20-step sequential workflow (request time minus the steps' own), "
          "median of 5: %.2f ms (target < 1 ms)" % sorted(costs)[2])

    status, answer = request(args.port, args.key, "POST", "/api/workflows", workflow("bench-five", args.agent, 5))
    assert status == 201, (status, answer)
    results = []
    health = []
    done = threading.Event()

    def run_one():
        # Started asynchronously (AgentSpec's run with "async"), then polled: a request thread is
        # not held for the run's length.
        status, accepted = request(args.port, args.key, "POST", "/v1/pipelines/bench-five/run", {"input": "concurrent", "async": True})
        if status != 202:
            results.append("HTTP %d" % status)
            return
        while True:
            status, run = request(args.port, args.key, "GET", "/v1/pipelines/bench-five/status?run_id=" + accepted["run_id"])
            if status != 200 or run["status"] != "running":
                results.append(run.get("status") if status == 200 else "HTTP %d" % status)
                return
            time.sleep(0.1)

    def probe():
        while not done.is_set():
            began = time.monotonic()
            connection = http.client.HTTPConnection("127.0.0.1", args.port, timeout=10)
            connection.request("GET", "/api/health")
            connection.getresponse().read()
            connection.close()
            health.append((time.monotonic() - began) * 1000)

    prober = threading.Thread(target=probe)
    prober.start()
    began = time.monotonic()
    threads = [threading.Thread(target=run_one) for _ in range(args.concurrent)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - began
    done.set()
    prober.join()
    completed = results.count("completed")
    print("pipelines: %d workflows of 5 steps at once: %d completed, %d not (%s) in %.1f s; "
          "GET /api/health meanwhile: %d requests, p50 %.1f ms, p99 %.1f ms (target < 10 ms)" % (
              args.concurrent, completed, len(results) - completed, sorted(set(results) - {"completed"}), elapsed,
              len(health), percentile(health, 0.5), percentile(health, 0.99)))


if __name__ == "__main__":
    main()
