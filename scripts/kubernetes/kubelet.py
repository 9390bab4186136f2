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
"""
import argparse
import datetime
import http.client
import http.server
import json
import socketserver
import ssl
import threading
import time
import urllib.parse

LOCK = threading.Lock()
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


class Kubelet:
    def __init__(self, arguments):
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
        capacity = {"cpu": "64", "memory": "256Gi", "pods": "500", "ephemeral-storage": "100Gi"}
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
                if record is None:
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
            if "running" in state:
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
        status, _ = self.api.patch_status(path, {
            "phase": phase, "hostIP": "127.0.0.1", "podIP": self.addresses[uid], "podIPs": [{"ip": self.addresses[uid]}],
            "startTime": stamp, "conditions": conditions, "containerStatuses": statuses,
        })
        return status == 200

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
    arguments = parser.parse_args()
    arguments.port = 0
    kubelet = Kubelet(arguments)
    kubelet.port = serve_logs(kubelet, 0, arguments.cert, arguments.key)
    kubelet.run()


if __name__ == "__main__":
    main()
