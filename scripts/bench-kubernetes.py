#!/usr/bin/env python3
"""make bench: the kubernetes runtime against a real API server (issue 15's figures).

Starts the test control plane (scripts/kubernetes/cluster.py: etcd, kube-apiserver, controller
manager, scheduler and the project's kubelet; the API server logs the user `launchpad`'s requests
in an audit log) and `launchpad up --runtime kubernetes` behind nginx, as that user, then measures:

1. create -> DEPLOYED through the API and the API server: the median of `--creates` agents of one
   replica, created one after another, each polled every 5 ms until DEPLOYED;
2. `--agents` agents of one replica created at once (8 clients), the time until every one is
   DEPLOYED, and launchpad's requests to the API server per agent while it took (from the audit log:
   watches, not polling);
3. GET /api/agents/{id}/status through nginx against nginx's own `return 200` (/_nginx/yardstick),
   wrk -t2 -c`--connections` for `--duration` seconds, `--rounds` interleaved rounds: the ratio of
   the medians.

Usage: bench-kubernetes.py --launchpad .build/release/launchpad
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class API:
    def __init__(self, port, key):
        self.port, self.key = port, key
        self.local = threading.local()

    def call(self, method, path, body=None):
        for attempt in range(3):
            connection = getattr(self.local, "connection", None)
            if connection is None:
                connection = self.local.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            headers = {"X-API-Key": self.key}
            data = None
            if body is not None:
                headers["Content-Type"] = "application/json"
                data = json.dumps(body)
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                text = response.read()
                return response.status, json.loads(text) if text else {}
            except (OSError, http.client.HTTPException):
                self.local.connection = None
                if attempt == 2:
                    raise

    def create(self, name):
        status, answer = self.call("POST", "/api/agents", {
            "agentName": name, "personality": {"bio": ["A benchmark agent."]}, "resources": {"memory": "64Mi", "cpu": "50m", "replicas": 1}})
        assert status == 201, (status, answer)
        return answer["agentId"]

    def status(self, agent):
        status, answer = self.call("GET", "/api/agents/%s/status" % agent)
        assert status == 200, (status, answer)
        return answer["status"]


def wait_deployed(api, agent, limit=120):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        status = api.status(agent)
        if status == "DEPLOYED":
            return
        assert status != "FAILED", "agent %s FAILED" % agent
        time.sleep(0.005)
    raise SystemExit("agent %s not DEPLOYED within %d s" % (agent, limit))


def audit_requests(path):
    """Requests of the user launchpad so far: distinct audit IDs (a watch logs two stages)."""
    seen = set()
    with open(path) as f:
        for line in f:
            event = json.loads(line)
            if event.get("user", {}).get("username") == "launchpad":
                seen.add(event["auditID"])
    return len(seen)


def wrk(url, connections, duration, key=None):
    command = ["wrk", "-t2", "-c%d" % connections, "-d%ds" % duration, url]
    if key:
        command[1:1] = ["-H", "X-API-Key: " + key]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(bad.group(1)) if bad else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--launchpad", default=os.path.join(ROOT, ".build/release/launchpad"))
    parser.add_argument("--creates", type=int, default=15)
    parser.add_argument("--agents", type=int, default=500)
    parser.add_argument("--duration", type=int, default=int(os.environ.get("BENCH_DURATION", "20")))
    parser.add_argument("--connections", type=int, default=int(os.environ.get("BENCH_CONNECTIONS", "32")))
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument("--goal-ratio", type=float, default=0.18)
    args = parser.parse_args()

    version = open(os.path.join(ROOT, "scripts/kubernetes/VERSION")).read().strip()
    subprocess.run([os.path.join(ROOT, "scripts/kubernetes/build.sh")], check=True, stdout=subprocess.DEVNULL)
    work = tempfile.mkdtemp(prefix="launchpad-bench-k8s.")
    os.chmod(work, 0o711)
    cluster = subprocess.Popen(
        [sys.executable, os.path.join(ROOT, "scripts/kubernetes/cluster.py"), "--bin", os.path.join(ROOT, ".build/kubernetes", version, "bin"),
         "--dir", os.path.join(work, "cluster"), "--remove-state", "--audit"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    up = None
    try:
        line = cluster.stdout.readline()
        if not line.startswith("READY "):
            raise SystemExit("the test cluster did not start: " + line)
        ready = json.loads(line[6:])
        admin = ["kubectl", "--kubeconfig", ready["kubeconfigs"]["admin"]]
        kubectl = os.path.join(ROOT, ".build/kubernetes", version, "bin", "kubectl")
        subprocess.run([kubectl] + admin[1:] + ["create", "namespace", "bench"], check=True, stdout=subprocess.DEVNULL)
        # The Role of deploy/kubernetes/role.yaml in the namespace, and the nodes for the health report.
        subprocess.run([kubectl] + admin[1:] + ["apply", "-n", "bench", "-f", os.path.join(ROOT, "deploy/kubernetes/role.yaml")],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([kubectl] + admin[1:] + ["create", "rolebinding", "-n", "bench", "launchpad-bench", "--role=launchpad", "--user=launchpad"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([kubectl] + admin[1:] + ["create", "clusterrole", "launchpad-nodes", "--verb=get,list", "--resource=nodes"],
                       check=True, stdout=subprocess.DEVNULL)
        subprocess.run([kubectl] + admin[1:] + ["create", "clusterrolebinding", "launchpad-nodes", "--clusterrole=launchpad-nodes", "--user=launchpad"],
                       check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        data = os.path.join(work, "data")
        log = open(os.path.join(work, "up.log"), "w")
        up = subprocess.Popen(
            [args.launchpad, "up", "--data", data, "--port", str(port), "--runtime", "kubernetes", "--kubeconfig", ready["kubeconfigs"]["launchpad"],
             "--kubernetes-namespace", "bench", "--max-agents-per-user", "100000000", "--max-replicas-per-user", "100000"],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/api/health")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or up.poll() is not None:
                raise SystemExit("launchpad up did not answer: " + open(os.path.join(work, "up.log")).read()[-3000:])
            time.sleep(0.1)
        key = subprocess.run([args.launchpad, "keys", "create", "--data", data, "--username", "bench", "--email", "bench@launchpad.local",
                              "--role", "ADMIN", "--rate-limit", "1000000000/15m"], capture_output=True, text=True, check=True).stdout.strip()
        api = API(port, key)
        print("kubernetes bench: control plane answered in %.1f s; machine %d cores, load %.1f" % (ready["seconds"], os.cpu_count(), os.getloadavg()[0]))

        # 1. create -> DEPLOYED, one after another.
        times = []
        for index in range(args.creates):
            began = time.monotonic()
            agent = api.create("create-%d" % index)
            wait_deployed(api, agent)
            times.append(time.monotonic() - began)
        print("kubernetes: create -> DEPLOYED through the API server, %d agents one after another: median %.3f s, max %.3f s (goal: median < 2 s)"
              % (len(times), statistics.median(times), max(times)))
        status_agent = agent

        # 2. Many agents at once.
        before = audit_requests(ready["audit"])
        began = time.monotonic()
        agents, failures, lock = [], [], threading.Lock()

        def create_some(indices):
            try:
                for index in indices:
                    created = api.create("many-%d" % index)
                    with lock:
                        agents.append(created)
            except Exception as failure:
                with lock:
                    failures.append(failure)

        threads = [threading.Thread(target=create_some, args=(range(i, args.agents, 8),)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        created = time.monotonic() - began
        if failures or len(agents) != args.agents:
            raise SystemExit("%d of %d agents created: %s" % (len(agents), args.agents, failures[:1]))
        pending = set(agents)
        deadline = time.monotonic() + 600
        while pending and time.monotonic() < deadline:
            for agent in list(pending):
                if api.status(agent) == "DEPLOYED":
                    pending.discard(agent)
                else:
                    break
            time.sleep(0.05)
        if pending:
            raise SystemExit("%d of %d agents not DEPLOYED within 600 s" % (len(pending), args.agents))
        elapsed = time.monotonic() - began
        time.sleep(1)  # the audit log is written asynchronously
        requests = audit_requests(ready["audit"]) - before
        print("kubernetes: %d agents of 1 replica created (8 clients, %.1f s) and all DEPLOYED in %.1f s; %d requests to the API server, %.2f per agent (goal < 10)"
              % (args.agents, created, elapsed, requests, requests / args.agents))

        # 3. Status reads through nginx against nginx's return 200.
        base = "http://127.0.0.1:%d" % port
        statuses, yardsticks = [], []
        for _ in range(args.rounds):
            rate, bad = wrk(base + "/api/agents/%s/status" % status_agent, args.connections, args.duration, key)
            assert bad == 0, "%d non-2xx status answers" % bad
            statuses.append(rate)
            yardsticks.append(wrk(base + "/_nginx/yardstick", args.connections, args.duration)[0])
        ratio = statistics.median(statuses) / statistics.median(yardsticks)
        print("kubernetes: GET /api/agents/{id}/status through nginx with --runtime kubernetes: %.0f req/s (rounds %s) against nginx return 200 %.0f req/s (rounds %s): %.3f (goal >= %.2f)"
              % (statistics.median(statuses), [round(r) for r in statuses], statistics.median(yardsticks), [round(r) for r in yardsticks], ratio, args.goal_ratio))
        failures = []
        if statistics.median(times) >= 2:
            failures.append("create -> DEPLOYED median %.2f s" % statistics.median(times))
        if requests / args.agents >= 10:
            failures.append("%.2f requests per agent" % (requests / args.agents))
        if ratio < args.goal_ratio:
            failures.append("status at %.3f of nginx" % ratio)
        if failures:
            raise SystemExit("kubernetes bench missed its goals: " + "; ".join(failures))
    finally:
        if up is not None and up.poll() is None:
            up.terminate()
            up.wait(30)
        try:
            cluster.stdin.close()
            cluster.wait(60)
        except Exception:
            cluster.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
