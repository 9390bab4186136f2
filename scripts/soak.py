#!/usr/bin/env python3
"""The soak of `make bench`: mixed API traffic through nginx, then checks.

Starts its own `launchpad up` on a fresh data directory, sends N mixed requests (reads, creates,
scales, deletes, log reads, scans) from C threads, each with its own keep-alive connection, and
fails (exit status 1) on any of:

- a 5xx, a request without an answer, or a status the operation cannot explain (a 404 on an agent
  this soak created and did not delete, say); 429 is counted, not failed;
- an acknowledged write lost: after the reconciler settles, launchpad is stopped with SIGTERM and
  started again on the same data directory, and every agent whose create was acknowledged (and
  whose delete was not) must exist with the replicas of its last acknowledged scale, every
  acknowledged delete must answer 404 and leave no log line in the store (read with mdb_dump), and
  no other agent may exist unless an unanswered create explains it;
- growth of the launchpad process after warm-up (the first 10 % of the requests): anonymous
  resident memory, open file descriptors (less the two pipes each running replica holds), threads.

Python 3 standard library only. Each worker owns the agents it creates, so the operations on an
agent are sequential and what was acknowledged is known exactly.
"""

import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict, deque

MIB = 1024 * 1024

# Anonymous resident memory may grow by this much after warm-up. 30 MiB over the 90 % of requests
# after warm-up is about 70 bytes a request at 500,000: any per-request leak shows, while malloc's
# arenas (one per busy thread, up to 8 per core) still settle their fragmentation.
RSS_GROWTH_MIB = 30
RSS_GROWTH_FRACTION = 0.20
# Descriptors and threads may differ by this much: health-probe sockets and replica pipes in
# flight, libdispatch's worker threads that the reconciler's concurrent probes wake.
FD_SLACK = 8
THREAD_SLACK = 8
# Agents with one replica at a time (each is a real process); the others have none.
REPLICA_SLOTS = 5
SETTLE_SECONDS = 180

# Operation weights per 1,000 requests.
MIX = {
    "health": 60,
    "profile": 70,
    "list": 80,
    "status": 170,
    "details": 130,
    "logs": 110,
    "scan": 100,
    "create": 100,
    "scale": 90,
    "delete": 90,
}
# Statuses an operation on an agent of its own worker may answer without a failure.
EXPECTED = {
    "health": {200},
    "profile": {200},
    "list": {200},
    "status": {200},
    "details": {200},
    "logs": {200},
    "scan": {200},
    "create": {201},
    "scale": {202},
    "delete": {202},
}
SETTLING = ["QUEUED", "DEPLOYING", "SCALING", "RESTARTING", "DELETING"]


class Launchpad:
    """One `launchpad up` process (nginx in front), on a data directory and a port."""

    def __init__(self, binary, data, port, log_path, log_level):
        self.binary = binary
        self.data = data
        self.port = port
        self.log_path = log_path
        self.log_level = log_level
        self.process = None

    def start(self):
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [self.binary, "up", "--data", self.data, "--port", str(self.port), "--log-level", self.log_level,
             "--max-agents-per-user", "100000000", "--max-replicas-per-user", "1000"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"soak: launchpad exited with {self.process.returncode}; see {self.log_path}")
            try:
                status, _ = request_once(self.port, "GET", "/api/health")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise SystemExit(f"soak: launchpad did not answer within 30 s; see {self.log_path}")

    def stop(self):
        """SIGTERM, as an operator would; returns the exit status."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise SystemExit("soak: launchpad did not stop within 60 s of SIGTERM")

    def create_key(self, username, role):
        result = subprocess.run(
            [self.binary, "keys", "create", "--data", self.data, "--username", username,
             "--email", f"{username}@launchpad.local", "--role", role, "--rate-limit", "1000000000/15m"],
            check=True, capture_output=True, text=True)
        return result.stdout.strip()

    def sample(self, label, requests_done):
        """Resident memory, descriptors and threads of the process that serves the API: the
        responder `launchpad up` supervises (its pid is in <data>/launchpad.pid), not the supervisor."""
        with open(os.path.join(self.data, "launchpad.pid")) as file:
            pid = int(file.read().strip())
        status = {}
        with open(f"/proc/{pid}/status") as file:
            for line in file:
                name, _, value = line.partition(":")
                status[name] = value.split()
        fds = Counter()
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            fds[target.split(":")[0] if target.startswith(("pipe:", "socket:", "anon_inode:")) else "file"] += 1
        with open(f"/proc/{pid}/stat") as file:
            fields = file.read().rsplit(")", 1)[1].split()
        database = os.path.join(self.data, "db", "data.mdb")
        return Sample(
            label=label, requests=requests_done,
            rss_kib=int(status["VmRSS"][0]), anon_kib=int(status["RssAnon"][0]), file_kib=int(status["RssFile"][0]),
            fds=sum(fds.values()), fds_by_kind=dict(fds), threads=len(os.listdir(f"/proc/{pid}/task")),
            replicas=replica_children(pid),
            database_bytes=os.path.getsize(database) if os.path.exists(database) else 0,
            # utime and stime (fields 14 and 15 of stat), and this process's own, to tell whether the
            # soak measured launchpad or its own Python client.
            cpu_seconds=(int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"),
            client_cpu_seconds=sum(os.times()[:2]))


class Sample:
    """One reading of the launchpad process."""

    def __init__(self, label, requests, rss_kib, anon_kib, file_kib, fds, fds_by_kind, threads, replicas, database_bytes,
                 cpu_seconds, client_cpu_seconds):
        self.label = label
        self.requests = requests
        self.rss_kib = rss_kib
        self.anon_kib = anon_kib
        self.file_kib = file_kib
        self.fds = fds
        self.fds_by_kind = fds_by_kind
        self.threads = threads
        self.replicas = replicas
        self.database_bytes = database_bytes
        self.cpu_seconds = cpu_seconds
        self.client_cpu_seconds = client_cpu_seconds

    @property
    def fds_without_replicas(self):
        # ProcessLauncher keeps two pipe read ends (stdout, stderr) per replica.
        return self.fds - 2 * self.replicas

    def row(self):
        kinds = " ".join(f"{kind} {count}" for kind, count in sorted(self.fds_by_kind.items()))
        return (f"{self.label:<9} {self.requests:>8} {self.rss_kib / 1024:>8.1f} {self.anon_kib / 1024:>8.1f} "
                f"{self.file_kib / 1024:>8.1f} {self.fds:>5} {self.fds_without_replicas:>5} {self.threads:>5} "
                f"{self.replicas:>4} {self.database_bytes / MIB:>7.1f}  {kinds}")

    @staticmethod
    def header():
        return (f"{'sample':<9} {'requests':>8} {'RSS MiB':>8} {'anon':>8} {'file':>8} {'fds':>5} {'-pipes':>5} "
                f"{'thr':>5} {'repl':>4} {'db MiB':>7}  fds by kind")


def replica_children(pid):
    """Children of launchpad other than nginx: the replicas (exec-limited execs in place)."""
    count = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as file:
                text = file.read()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        if int(fields[1]) == pid and comm != "nginx" and fields[0] != "Z":
            count += 1
    return count


def request_once(port, method, path, key=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        return send(connection, method, path, key)
    finally:
        connection.close()


def send(connection, method, path, key=None, body=None):
    """(status, decoded JSON or None)."""
    headers = {}
    if key:
        headers["X-API-Key"] = key
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    data = response.read()
    try:
        decoded = json.loads(data) if data else None
    except ValueError:
        decoded = None
    return response.status, decoded


class ReplicaSlots:
    """At most `count` agents with a replica at once, so the machine is not flooded with processes."""

    def __init__(self, count):
        self.free = count
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            if self.free == 0:
                return False
            self.free -= 1
            return True

    def give_back(self):
        with self.lock:
            self.free += 1


class OwnedAgent:
    """An agent a worker created: what was acknowledged, and what an unanswered write may have done."""

    def __init__(self, agent_id, name, user, replicas):
        self.agent_id = agent_id
        self.name = name
        self.user = user
        self.replicas = {replicas}
        self.holds_slot = replicas > 0
        self.maybe_deleted = False


class Ledger:
    """Every acknowledged write of every worker, and the writes that got no answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.live = {}  # agentId -> OwnedAgent (created, not acknowledged deleted)
        self.deleted = set()  # acknowledged deletes
        self.unanswered_creates = set()  # (user, name): may or may not exist
        self.refused_creates = set()  # (user, name): answered, not 201: must not exist
        self.unanswered_writes = 0


class Stats:
    """Counts by kind and status, latencies by kind, and failures."""

    def __init__(self):
        self.lock = threading.Lock()
        self.counts = Counter()  # (kind, status) ; status "error" for no answer
        self.latencies = defaultdict(list)
        self.failures = []
        self.route_missing = Counter()

    def record(self, kind, status, seconds):
        with self.lock:
            self.counts[(kind, status)] += 1
            self.latencies[kind].append(seconds)

    def fail(self, message):
        with self.lock:
            if len(self.failures) < 1000:
                self.failures.append(message)


class Soak:
    def __init__(self, launchpad, keys, admin_key, requests, connections, allow_missing_scan, seed):
        self.launchpad = launchpad
        self.keys = keys
        self.admin_key = admin_key
        self.total = requests
        self.connections = connections
        self.allow_missing_scan = allow_missing_scan
        self.seed = seed
        self.slots = ReplicaSlots(REPLICA_SLOTS)
        self.ledger = Ledger()
        self.stats = Stats()
        self.samples = []
        self.issued = 0
        self.done = 0
        self.warm_up = max(1, requests // 10)
        self.warmed_up = False
        self.progress = threading.Condition()
        self.kinds = list(MIX)
        self.weights = [MIX[kind] for kind in self.kinds]

    # Load

    def run(self):
        """Sends the requests; pauses after the warm-up until the reconciler settles, to take the
        reference sample at rest (the reconciler's pass threads and in-flight pipes come and go)."""
        self.samples.append(self.launchpad.sample("start", 0))
        started = time.monotonic()
        workers = [threading.Thread(target=self.worker, args=(index,), name=f"soak-{index}") for index in range(self.connections)]
        for worker in workers:
            worker.start()
        with self.progress:
            self.progress.wait_for(lambda: self.done >= self.warm_up)
        paused = time.monotonic()
        self.settle()
        self.samples.append(self.launchpad.sample("warm-up", self.done))
        self.paused_seconds = time.monotonic() - paused
        with self.progress:
            self.warmed_up = True
            self.progress.notify_all()
        for worker in workers:
            worker.join()
        self.seconds = time.monotonic() - started - self.paused_seconds
        self.samples.append(self.launchpad.sample("end", self.done))

    def next_ticket(self):
        with self.progress:
            if self.issued == self.warm_up:
                self.progress.wait_for(lambda: self.warmed_up)
            if self.issued >= self.total:
                return False
            self.issued += 1
            return True

    def finished_one(self):
        with self.progress:
            self.done += 1
            done = self.done
            if done == self.warm_up:
                self.progress.notify_all()
        step = max(1, self.total // 10)
        if done % step == 0 and self.warm_up < done < self.total:
            sample = self.launchpad.sample(f"{100 * done // self.total}%", done)
            with self.progress:
                self.samples.append(sample)

    def worker(self, index):
        random_source = random.Random(self.seed * 1000 + index)
        user = index % len(self.keys)
        key = self.keys[user]
        connection = http.client.HTTPConnection("127.0.0.1", self.launchpad.port, timeout=30)
        agents = []  # OwnedAgent, usable (no unanswered write pending on them)
        serial = 0
        while self.next_ticket():
            kind = random_source.choices(self.kinds, self.weights)[0]
            if kind in ("status", "details", "logs", "scan", "scale", "delete") and not agents:
                kind = "create"
            try:
                if kind == "create":
                    serial += 1
                    connection = self.create(connection, random_source, user, key, f"soak-w{index}-{serial}", agents)
                else:
                    connection = self.operate(connection, random_source, kind, user, key, agents)
            finally:
                self.finished_one()
        connection.close()

    def timed(self, connection, kind, method, path, key, body=None):
        """(connection, status, body); status None when no answer came (the connection is renewed)."""
        started = time.perf_counter()
        try:
            status, decoded = send(connection, method, path, key, body)
        except (OSError, http.client.HTTPException) as error:
            self.stats.record(kind, "error", time.perf_counter() - started)
            self.stats.fail(f"{method} {path}: no answer ({error!r})")
            connection.close()
            return http.client.HTTPConnection("127.0.0.1", self.launchpad.port, timeout=30), None, None
        self.stats.record(kind, status, time.perf_counter() - started)
        if status >= 500:
            self.stats.fail(f"{method} {path}: {status} {decoded}")
        return connection, status, decoded

    def check(self, kind, method, path, status, decoded):
        """Fails a status this operation cannot explain (429 is load, not a failure)."""
        if status is None or status >= 500 or status == 429 or status in EXPECTED[kind]:
            return
        code = (decoded or {}).get("error", {}).get("code") if isinstance(decoded, dict) else None
        if kind == "scan" and status == 404 and code == "NOT_FOUND":
            # The route itself is missing (an unknown agent is AGENT_NOT_FOUND).
            self.stats.route_missing[kind] += 1
            if self.allow_missing_scan:
                return
        self.stats.fail(f"{method} {path}: unexpected {status} {code}")

    def create(self, connection, random_source, user, key, name, agents):
        replicas = 1 if random_source.random() < 0.1 and self.slots.take() else 0
        body = {"agentName": name, "personality": {"bio": ["A soak test agent."]}, "resources": {"memory": "128Mi", "cpu": "100m", "replicas": replicas}}
        connection, status, decoded = self.timed(connection, "create", "POST", "/api/agents", key, body)
        self.check("create", "POST", "/api/agents", status, decoded)
        with self.ledger.lock:
            if status == 201:
                agent = OwnedAgent(decoded["agentId"], name, user, replicas)
                self.ledger.live[agent.agent_id] = agent
                agents.append(agent)
                return connection
            if status is None:
                self.ledger.unanswered_creates.add((user, name))
                self.ledger.unanswered_writes += 1
            else:
                self.ledger.refused_creates.add((user, name))
        if replicas and status is not None:
            self.slots.give_back()  # refused: no replica; unanswered: the slot stays taken
        return connection

    def operate(self, connection, random_source, kind, user, key, agents):
        agent = random_source.choice(agents) if agents else None
        if kind == "health":
            method, path, body = "GET", "/api/health", None
        elif kind == "profile":
            method, path, body = "GET", "/api/users/profile", None
        elif kind == "list":
            method, path, body = "GET", f"/api/agents?limit=20&offset={random_source.randrange(0, 100)}", None
        elif kind == "status":
            method, path, body = "GET", f"/api/agents/{agent.agent_id}/status", None
        elif kind == "details":
            method, path, body = "GET", f"/api/agents/{agent.agent_id}", None
        elif kind == "logs":
            method, path, body = "GET", f"/api/agents/{agent.agent_id}/logs?lines=50", None
        elif kind == "scan":
            method, path, body = "POST", f"/api/security/scan/{agent.agent_id}", None
        elif kind == "delete":
            method, path, body = "DELETE", f"/api/agents/{agent.agent_id}", None
        else:
            return self.scale(connection, key, agent, agents)
        connection, status, decoded = self.timed(connection, kind, method, path, key, body)
        self.check(kind, method, path, status, decoded)
        if kind == "delete":
            self.settle_delete(agent, agents, status)
        return connection

    def scale(self, connection, key, agent, agents):
        current = next(iter(agent.replicas))
        if current == 1:
            target = 0
        else:
            target = 1 if self.slots.take() else 0
        path = f"/api/agents/{agent.agent_id}/scale"
        connection, status, decoded = self.timed(connection, "scale", "POST", path, key, {"replicas": target})
        self.check("scale", "POST", path, status, decoded)
        with self.ledger.lock:
            if status == 202:
                agent.replicas = {target}
            elif status is None:
                agent.replicas.add(target)
                self.ledger.unanswered_writes += 1
                agents.remove(agent)  # no further operations on an agent whose state is uncertain
        if status == 202:
            if current == 1 and target == 0:
                self.slots.give_back()
                agent.holds_slot = False
            elif target == 1:
                agent.holds_slot = True
        elif status is not None and current == 0 and target == 1:
            self.slots.give_back()
        return connection

    def settle_delete(self, agent, agents, status):
        with self.ledger.lock:
            if status == 202:
                del self.ledger.live[agent.agent_id]
                self.ledger.deleted.add(agent.agent_id)
                agents.remove(agent)
            elif status is None:
                agent.maybe_deleted = True
                self.ledger.unanswered_writes += 1
                agents.remove(agent)
        if status == 202 and agent.holds_slot:
            agent.holds_slot = False
            self.slots.give_back()

    # Checks

    def admin_get(self, path):
        return request_once(self.launchpad.port, "GET", path, self.admin_key)

    def status_counts(self):
        counts = {}
        for status in SETTLING + ["DEPLOYED", "FAILED"]:
            code, body = self.admin_get(f"/api/agents?status={status}&limit=1")
            if code != 200:
                raise SystemExit(f"soak: listing {status} agents answered {code} {body}")
            counts[status] = body["total"]
        return counts

    def settle(self):
        """Waits until the reconciler has nothing left to do; returns the counts by status and the seconds."""
        started = time.monotonic()
        while True:
            counts = self.status_counts()
            if all(counts[status] == 0 for status in SETTLING):
                return counts, time.monotonic() - started
            if time.monotonic() - started > SETTLE_SECONDS:
                self.stats.fail(f"the reconciler did not settle within {SETTLE_SECONDS} s: {counts}")
                return counts, time.monotonic() - started
            time.sleep(0.5)

    def all_agents(self):
        agents = {}
        offset = 0
        while True:
            code, body = self.admin_get(f"/api/agents?limit=100&offset={offset}")
            if code != 200:
                raise SystemExit(f"soak: listing agents answered {code} {body}")
            for summary in body["agents"]:
                agents[summary["agentId"]] = summary
            offset += len(body["agents"])
            if not body["agents"] or offset >= body["total"]:
                return agents

    def verify(self):
        """After a restart: every acknowledged write is there, and nothing else is."""
        ledger = self.ledger
        lost = []
        for agent in ledger.live.values():
            code, body = self.admin_get(f"/api/agents/{agent.agent_id}")
            if code == 404 and agent.maybe_deleted:
                continue
            if code != 200:
                lost.append(f"{agent.agent_id} ({agent.name}): created, answered {code}")
            elif body["name"] != agent.name or body["resources"]["replicas"] not in agent.replicas:
                lost.append(f"{agent.agent_id}: expected {agent.name} with replicas {sorted(agent.replicas)}, "
                            f"found {body['name']} with {body['resources']['replicas']}")
        for agent_id in ledger.deleted:
            code, _ = self.admin_get(f"/api/agents/{agent_id}")
            if code != 404:
                lost.append(f"{agent_id}: deleted (202), answered {code}")
        users = {}
        for user, key in enumerate(self.keys):
            _, profile = request_once(self.launchpad.port, "GET", "/api/users/profile", key)
            users[profile["userId"]] = user
        explained, unexplained = 0, []
        for agent_id, summary in self.all_agents().items():
            if agent_id in ledger.live:
                continue
            origin = (users.get(summary["owner"]), summary["name"])
            if origin in ledger.unanswered_creates:
                explained += 1
            else:
                unexplained.append(f"{agent_id} ({summary['name']}, {summary['status']})")
        for message in lost:
            self.stats.fail(f"lost acknowledged write: {message}")
        for message in unexplained:
            self.stats.fail(f"agent nobody acknowledged: {message}")
        return len(lost), explained, len(unexplained)

    def store_leftovers(self):
        """Deleted agents that still have log lines in the store (read with mdb_dump once launchpad
        has stopped); None when mdb_dump (lmdb-utils) is not installed."""
        try:
            dump = subprocess.Popen(["mdb_dump", "-s", "agent_logs", os.path.join(self.launchpad.data, "db")],
                                    stdout=subprocess.PIPE, text=True)
        except FileNotFoundError:
            return None
        owners = set()
        with dump.stdout:
            lines = iter(dump.stdout)
            for line in lines:
                if line.startswith("HEADER=END"):
                    break
            for key in lines:
                if not key.startswith(" "):
                    break
                next(lines, None)  # the value
                owners.add(bytes.fromhex(key.strip()).split(b"\0")[0].decode())
        if dump.wait() != 0:
            raise SystemExit("soak: mdb_dump of agent_logs failed")
        leftovers = sorted(owners & self.ledger.deleted)
        for agent_id in leftovers[:20]:
            self.stats.fail(f"log lines of deleted agent {agent_id} left in the store")
        if len(leftovers) > 20:
            self.stats.fail(f"... and {len(leftovers) - 20} more deleted agents with log lines left")
        return len(leftovers)

    def growth_failures(self):
        """Compares the two samples taken at rest: after the warm-up, and settled after the load."""
        warm = next((sample for sample in self.samples if sample.label == "warm-up"), self.samples[0])
        end = self.samples[-1]
        limit_kib = max(RSS_GROWTH_MIB * 1024, RSS_GROWTH_FRACTION * warm.anon_kib)
        failures = []
        if end.anon_kib - warm.anon_kib > limit_kib:
            failures.append(f"anonymous resident memory grew {(end.anon_kib - warm.anon_kib) / 1024:.1f} MiB after warm-up "
                            f"(limit {limit_kib / 1024:.1f} MiB)")
        if end.fds_without_replicas - warm.fds_without_replicas > FD_SLACK:
            failures.append(f"open descriptors (less replica pipes) grew from {warm.fds_without_replicas} to {end.fds_without_replicas}")
        if end.threads - warm.threads > THREAD_SLACK:
            failures.append(f"threads grew from {warm.threads} to {end.threads}")
        return failures, limit_kib


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launchpad", default=".build/release/launchpad", help="the launchpad binary")
    parser.add_argument("--work", required=True, help="an empty directory for the data directory and logs")
    parser.add_argument("--requests", type=int, default=500_000)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--users", type=int, default=4, help="USER keys, each shared by connections/users workers")
    parser.add_argument("--log-level", default="info")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--allow-missing-scan", action="store_true",
                        help="count a 404 NOT_FOUND from POST /api/security/scan (route not there yet) instead of failing")
    arguments = parser.parse_args()

    os.makedirs(arguments.work, exist_ok=True)
    data = os.path.join(arguments.work, "data")
    log_path = os.path.join(arguments.work, "launchpad.log")
    launchpad = Launchpad(os.path.abspath(arguments.launchpad), data, free_port(), log_path, arguments.log_level)
    launchpad.start()
    try:
        keys = [launchpad.create_key(f"soak{user}", "USER") for user in range(arguments.users)]
        admin_key = launchpad.create_key("soakadmin", "ADMIN")
        soak = Soak(launchpad, keys, admin_key, arguments.requests, arguments.connections, arguments.allow_missing_scan, arguments.seed)
        print(f"soak: {arguments.requests} requests, {arguments.connections} keep-alive connections through nginx, "
              f"{arguments.users} USER keys, at most {REPLICA_SLOTS} agents with a replica", flush=True)
        soak.run()
        counts, settle_seconds = soak.settle()
        soak.samples.append(launchpad.sample("settled", soak.done))
        stopped = launchpad.stop()
        launchpad.start()
        lost, explained, unexplained = soak.verify()
        launchpad.stop()
        leftovers = soak.store_leftovers()
    finally:
        if launchpad.process and launchpad.process.poll() is None:
            launchpad.stop()

    report(soak, counts, settle_seconds, stopped, lost, explained, unexplained, leftovers)
    growth, limit_kib = soak.growth_failures()
    for message in growth:
        soak.stats.fail(message)
    print(f"growth at rest, warm-up -> settled: anon RSS limit {limit_kib / 1024:.1f} MiB, fds (less replica pipes) "
          f"+{FD_SLACK}, threads +{THREAD_SLACK}: {'exceeded' if growth else 'within'}")
    if soak.stats.failures:
        print(f"soak FAILED ({len(soak.stats.failures)} failures; first 20):")
        for message in soak.stats.failures[:20]:
            print(f"  {message}")
        with open(log_path, errors="replace") as log:
            tail = deque(log, maxlen=20)
        print(f"the end of launchpad's log ({log_path}):")
        print("".join(tail), end="")
        return 1
    print("soak passed")
    return 0


def report(soak, counts, settle_seconds, stopped, lost, explained, unexplained, leftovers):
    stats = soak.stats
    print(f"requests: {soak.done} in {soak.seconds:.1f} s, {soak.done / soak.seconds:.0f} req/s")
    by_label = {sample.label: sample for sample in soak.samples}
    warm, end = by_label["warm-up"], by_label["end"]
    measured = max(1, end.requests - warm.requests)
    print(f"CPU per request after warm-up: launchpad {(end.cpu_seconds - warm.cpu_seconds) / measured * 1e6:.0f} µs, "
          f"this soak's client {(end.client_cpu_seconds - warm.client_cpu_seconds) / measured * 1e6:.0f} µs")
    print(f"{'kind':<8} {'count':>8} {'p50 ms':>8} {'p99 ms':>8}  statuses")
    for kind in soak.kinds:
        statuses = sorted(((status, count) for (k, status), count in stats.counts.items() if k == kind), key=lambda item: str(item[0]))
        latencies = stats.latencies.get(kind, [])
        print(f"{kind:<8} {len(latencies):>8} {percentile(latencies, 0.5) * 1000:>8.2f} {percentile(latencies, 0.99) * 1000:>8.2f}  "
              + " ".join(f"{status}:{count}" for status, count in statuses))
    by_status = Counter()
    for (_, status), count in stats.counts.items():
        by_status[status] += count
    print("all statuses: " + " ".join(f"{status}:{count}" for status, count in sorted(by_status.items(), key=lambda item: str(item[0]))))
    if stats.route_missing:
        print(f"scan route missing (404 NOT_FOUND): {stats.route_missing['scan']}")
    ledger = soak.ledger
    print(f"writes acknowledged: {sum(1 for _ in ledger.live)} agents live, {len(ledger.deleted)} deleted; "
          f"unanswered writes: {ledger.unanswered_writes}")
    print(f"reconciler settled in {settle_seconds:.1f} s: " + " ".join(f"{status} {count}" for status, count in counts.items()))
    print(f"SIGTERM: launchpad exited with {stopped}; restarted on the same data directory")
    print(f"after restart: lost acknowledged writes {lost}; agents explained by unanswered creates {explained}; unexplained {unexplained}")
    print("in the store (mdb_dump): " + ("not checked, mdb_dump missing" if leftovers is None
                                         else f"deleted agents with log lines left {leftovers}"))
    print(Sample.header())
    for sample in soak.samples:
        print(sample.row())


if __name__ == "__main__":
    sys.exit(main())
