#!/usr/bin/env python3
"""The project's own kubelet for the Kubernetes runtime's tests: no containers, only what the API
server and its controllers need to see of a node.

It registers a node, keeps its lease and its Ready condition fresh, marks the pods bound to it
running and ready, finishes their deletion, and serves their containers' logs (the API server's
pods/log comes here). What an image's name asks for is honoured, so that the tests can cause
the failures a real node shows:

    ...never-ready...   the container runs, its readiness never comes
    ...unpullable...    the image cannot be pulled (ErrImagePull)
    ...crashing...      the container exits again and again (CrashLoopBackOff)

Each running container writes a line when it starts and one every `--log-interval` seconds; a pod
marked with the annotation `test.launchpad/restart` (any new value) has its container restarted:
a new log, restartCount + 1.

With --agent-binary, a pod whose image names `real` runs that launchpad binary's reference agent
for real (`agent-runtime` with the pod's character from its ConfigMap, the Secret's values in its
environment, LAUNCHPAD_POD=<namespace>/<name> for the metrics server), on a free loopback port; its
output is the container's log and its readiness is its own `GET /health`. With --pod-address, such
a pod gets that address as its IP, and the container's port there is forwarded to the agent, so
that the API server's pod proxy (which refuses loopback pod IPs) reaches it.
"""
import base64
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import urllib.request
import argparse
import datetime
import http.client
import http.server
import json
import socketserver
import ssl
import sys
import threading
import time
import urllib.parse

LOCK = threading.Lock()
LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
CHANGED = threading.Condition(LOCK)


def now_text():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def nano_text(moment):
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f000Z")


class API:
    def __init__(self, server, ca, token):
        parsed = urllib.parse.urlparse(server)
        self.host, self.port = parsed.hostname, parsed.port
        self.context = ssl.create_default_context(cafile=ca)
        self.token = token
        self.connection = None

    def call(self, method, path, body=None, content_type="application/json"):
        for attempt in range(2):
            try:
                if self.connection is None:
                    self.connection = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=10)
                headers = {"Authorization": "Bearer " + self.token, "Accept": "application/json"}
                data = None
                if body is not None:
                    data = json.dumps(body).encode()
                    headers["Content-Type"] = content_type
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read()
                return response.status, (json.loads(text) if text else None)
            except (OSError, http.client.HTTPException):
                self.connection = None
                if attempt == 1:
                    return 0, None

    def patch_status(self, path, status):
        return self.call("PATCH", path + "/status", {"status": status}, "application/merge-patch+json")


class Container:
    """A container that is not there: its state and its log."""

    def __init__(self, name):
        self.name = name
        self.lines = []
        self.restarts = 0
        self.started = time.time()

    def restart(self):
        """A new container: a new log (pods/log shows the current container's), followers of the old one end."""
        with CHANGED:
            self.restarts += 1
            self.lines = []
            CHANGED.notify_all()

    def write(self, text):
        with CHANGED:
            self.lines.append((time.time(), text))
            CHANGED.notify_all()


class RealAgent:
    """The reference agent of one pod, as a process on loopback, with a forwarder from the pod's address."""

    def __init__(self, kubelet, pod, record):
        meta, spec = pod["metadata"], pod["spec"]
        container = spec["containers"][0]
        namespace = meta["namespace"]
        self.directory = os.path.join(kubelet.state, meta["uid"])
        os.makedirs(self.directory, exist_ok=True)
        character = os.path.join(self.directory, "character.json")
        for volume in spec.get("volumes", []):
            if "configMap" in volume:
                _, config = kubelet.api.call("GET", "/api/v1/namespaces/%s/configmaps/%s" % (namespace, volume["configMap"]["name"]))
                with open(character, "w") as f:
                    f.write(((config or {}).get("data") or {}).get("character.json", "{}"))
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        for source in container.get("envFrom", []):
            if "secretRef" in source:
                _, secret = kubelet.api.call("GET", "/api/v1/namespaces/%s/secrets/%s" % (namespace, source["secretRef"]["name"]))
                for key, value in ((secret or {}).get("data") or {}).items():
                    environment[key] = base64.b64decode(value).decode()
        for variable in container.get("env", []):
            if "value" in variable:
                environment[variable["name"]] = variable["value"]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        # On a free loopback port; the pod's address and port reach it through the forwarder.
        environment.update({"PORT": str(self.port), "LISTEN_ADDRESS": "127.0.0.1", "LAUNCHPAD_POD": "%s/%s" % (namespace, meta["name"]), "LAUNCHPAD_CONTAINER": container["name"]})
        arguments = [character if argument.endswith("character.json") else argument for argument in container.get("command", [])[1:]]

        def die_with_kubelet():
            LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG

        self.process = subprocess.Popen([kubelet.agent_binary] + arguments, env=environment, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, preexec_fn=die_with_kubelet)
        threading.Thread(target=self.copy_output, args=(record,), daemon=True).start()
        self.forwarder = None
        if kubelet.pod_address:
            ports = container.get("ports") or [{"containerPort": 8080}]
            listen = (kubelet.pod_address, ports[0]["containerPort"])
            try:
                self.forwarder = Forwarder(listen, ("127.0.0.1", self.port))
            except OSError as failure:
                # As a node whose port is taken: the agent runs, its pod IP leads nowhere.
                record.write("cannot forward %s:%d to the agent: %s" % (listen[0], listen[1], failure))

    def copy_output(self, record):
        for line in self.process.stdout:
            record.write(line.decode(errors="replace").rstrip("\n"))

    def ready(self):
        if self.process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/health" % self.port, timeout=1) as answer:
                return answer.status == 200
        except OSError:
            return False

    def stop(self):
        if self.forwarder:
            self.forwarder.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.directory, ignore_errors=True)


class Forwarder:
    """Accepts on `listen` and relays each connection to `target`, both ways."""

    def __init__(self, listen, target):
        self.target = target
        self.server = socket.socket(socket.AF_INET6 if ":" in listen[0] else socket.AF_INET)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(listen)
        self.server.listen(64)
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.relay, args=(source, sink), daemon=True).start()

    @staticmethod
    def relay(source, sink):
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (sink, source):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        try:
            self.server.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        self.server.close()


class Kubelet:
    def __init__(self, arguments):
        self.agent_binary = arguments.agent_binary
        self.pod_address = arguments.pod_address
        self.state = arguments.state
        self.agents = {}  # pod uid -> RealAgent
        self.api = API(arguments.server, arguments.ca, arguments.token)
        self.node = arguments.node
        self.port = arguments.port
        self.log_interval = arguments.log_interval
        self.containers = {}  # (namespace, pod, container) -> Container
        self.seen = {}  # pod uid -> (restart annotation, status written)
        self.addresses = {}
        self.next_address = 2

    def register(self):
        node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": self.node, "labels": {"kubernetes.io/hostname": self.node}}}
        status, _ = self.api.call("POST", "/api/v1/nodes", node)
        if status not in (201, 409):
            raise SystemExit("cannot register node: HTTP %d" % status)
        self.heartbeat()

    def heartbeat(self):
        stamp = now_text()
        capacity = {"cpu": "64", "memory": "256Gi", "pods": "1000", "ephemeral-storage": "100Gi"}
        self.api.patch_status("/api/v1/nodes/" + self.node, {
            "capacity": capacity, "allocatable": capacity,
            "addresses": [{"type": "InternalIP", "address": "127.0.0.1"}, {"type": "Hostname", "address": self.node}],
            "daemonEndpoints": {"kubeletEndpoint": {"Port": self.port}},
            "nodeInfo": {"kubeletVersion": "v1.20.2", "kubeProxyVersion": "v1.20.2", "operatingSystem": "linux", "architecture": "amd64",
                         "containerRuntimeVersion": "none://0", "kernelVersion": "", "osImage": "", "machineID": "", "systemUUID": "", "bootID": ""},
            "conditions": [
                {"type": "Ready", "status": "True", "reason": "KubeletReady", "message": "the project's test kubelet",
                 "lastHeartbeatTime": stamp, "lastTransitionTime": stamp},
            ],
        })
        lease = {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": {"name": self.node, "namespace": "kube-node-lease"},
                 "spec": {"holderIdentity": self.node, "leaseDurationSeconds": 40,
                          "renewTime": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")}}
        path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + self.node
        status, current = self.api.call("GET", path)
        if status == 200:
            current["spec"] = lease["spec"]
            self.api.call("PUT", path, current)
        else:
            self.api.call("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease)

    def sync(self):
        status, pods = self.api.call("GET", "/api/v1/pods?fieldSelector=" + urllib.parse.quote("spec.nodeName=" + self.node))
        if status != 200:
            return
        live = set()
        for pod in pods["items"]:
            meta = pod["metadata"]
            live.add(meta["uid"])
            path = "/api/v1/namespaces/%s/pods/%s" % (meta["namespace"], meta["name"])
            if meta.get("deletionTimestamp"):
                self.stop_agent(meta["uid"])
                self.api.call("DELETE", path, {"gracePeriodSeconds": 0, "preconditions": {"uid": meta["uid"]}})
                continue
            restart = (meta.get("annotations") or {}).get("test.launchpad/restart", "")
            seen = self.seen.get(meta["uid"])
            if seen is not None and seen[0] == restart and seen[1]:
                continue
            restarted = seen is not None and seen[0] != restart
            if self.patch_pod(pod, path, restarted):
                self.seen[meta["uid"]] = (restart, True)
        for uid in list(self.seen):
            if uid not in live:
                del self.seen[uid]
        for uid in list(self.agents):
            if uid not in live:
                self.stop_agent(uid)

    def stop_agent(self, uid):
        agent = self.agents.pop(uid, None)
        if agent:
            agent.stop()

    def stop_all(self):
        for uid in list(self.agents):
            self.stop_agent(uid)

    def patch_pod(self, pod, path, restarted):
        meta, spec = pod["metadata"], pod["spec"]
        uid = meta["uid"]
        if uid not in self.addresses:
            self.addresses[uid] = "10.244.%d.%d" % (self.next_address // 250, self.next_address % 250 + 2)
            self.next_address += 1
        stamp = now_text()
        statuses, all_ready, phase = [], True, "Running"
        for container in spec["containers"]:
            image = container["image"]
            key = (meta["namespace"], meta["name"], container["name"])
            with LOCK:
                record = self.containers.get(key)
                fresh = record is None
                if fresh:
                    record = self.containers[key] = Container(container["name"])
            if restarted:
                record.restart()
            state, ready = {"running": {"startedAt": stamp}}, True
            if "unpullable" in image:
                state, ready, phase = {"waiting": {"reason": "ErrImagePull", "message": 'rpc error: code = NotFound desc = failed to pull and unpack image "%s": not found' % image}}, False, "Pending"
            elif "crashing" in image:
                record.restarts = max(record.restarts, 3)
                state, ready = {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 40s restarting failed container=%s pod=%s" % (container["name"], meta["name"])}}, False
            elif "never-ready" in image:
                ready = False
            elif "real" in image and self.agent_binary:
                agent = self.agents.get(uid)
                if agent is None:
                    try:
                        agent = self.agents[uid] = RealAgent(self, pod, record)
                    except OSError as failure:
                        state = {"waiting": {"reason": "CreateContainerError", "message": str(failure)}}
                ready = agent is not None and agent.ready()
            if "running" in state and (fresh or restarted):
                record.write("container %s of pod %s started (restart %d)" % (container["name"], meta["name"], record.restarts))
            all_ready = all_ready and ready
            statuses.append({"name": container["name"], "image": image, "imageID": "", "ready": ready, "started": "running" in state,
                             "restartCount": record.restarts, "state": state, "containerID": "test://%s-%d" % (uid, record.restarts)})
        readiness = "True" if all_ready else "False"
        conditions = [
            {"type": "Initialized", "status": "True", "lastTransitionTime": stamp},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": stamp},
            {"type": "ContainersReady", "status": readiness, "lastTransitionTime": stamp},
            {"type": "Ready", "status": readiness, "lastTransitionTime": stamp},
        ]
        if not all_ready:
            conditions[3]["reason"] = "ContainersNotReady"
            conditions[3]["message"] = "containers with unready status: [%s]" % ",".join(s["name"] for s in statuses if not s["ready"])
        address = self.pod_address if uid in self.agents and self.pod_address else self.addresses[uid]
        status, _ = self.api.patch_status(path, {
            "phase": phase, "hostIP": "127.0.0.1", "podIP": address, "podIPs": [{"ip": address}],
            "startTime": stamp, "conditions": conditions, "containerStatuses": statuses,
        })
        # A real agent not ready yet is looked at again on the next pass.
        return status == 200 and (uid not in self.agents or all_ready)

    def tick_logs(self):
        with LOCK:
            containers = list(self.containers.values())
        for container in containers:
            container.write("tick %d (restart %d)" % (len(container.lines), container.restarts))

    def run(self):
        self.register()
        last_beat = last_log = time.time()
        while True:
            self.sync()
            moment = time.time()
            if moment - last_beat >= 10:
                self.heartbeat()
                last_beat = moment
            if moment - last_log >= self.log_interval:
                self.tick_logs()
                last_log = moment
            time.sleep(0.1)


def serve_logs(kubelet, port, cert, key):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            parts = url.path.strip("/").split("/")
            query = urllib.parse.parse_qs(url.query)
            if len(parts) != 4 or parts[0] != "containerLogs":
                self.send_error(404)
                return
            with LOCK:
                container = kubelet.containers.get(tuple(parts[1:]))
            if container is None:
                self.send_error(404)
                return
            follow = query.get("follow", ["false"])[0] == "true"
            timestamps = query.get("timestamps", ["false"])[0] == "true"
            since = query.get("sinceTime", [None])[0]
            since_moment = datetime.datetime.strptime(since[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc).timestamp() if since else 0
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            index, epoch = 0, container.restarts
            try:
                while True:
                    with CHANGED:
                        while follow and index >= len(container.lines) and epoch == container.restarts:
                            CHANGED.wait(1)
                        if epoch != container.restarts:
                            break
                        lines = container.lines[index:]
                        index += len(lines)
                    chunk = "".join((nano_text(moment) + " " if timestamps else "") + text + "\n" for moment, text in lines if moment >= since_moment)
                    if chunk:
                        data = chunk.encode()
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                        self.wfile.flush()
                    if not follow:
                        break
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--ca", required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--node", default="node-1")
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--log-interval", type=float, default=2)
    parser.add_argument("--agent-binary", help="run this launchpad's reference agent in pods whose image names `real`")
    parser.add_argument("--state", default="/tmp", help="with --agent-binary: where the pods' character files go")
    parser.add_argument("--pod-address", help="with --agent-binary: the address such pods get, forwarded to their agent")
    arguments = parser.parse_args()
    arguments.port = 0
    kubelet = Kubelet(arguments)
    kubelet.port = serve_logs(kubelet, 0, arguments.cert, arguments.key)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        kubelet.run()
    finally:
        kubelet.stop_all()


if __name__ == "__main__":
    main()
