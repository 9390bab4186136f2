#!/usr/bin/env python3
"""The project's own metrics server for the Kubernetes runtime's tests: metrics.k8s.io/v1beta1 as the
API server's aggregation layer asks for it, measured from the processes of the pods it knows.

    metrics-server.py --port N --cert FILE --key FILE

A pod is measured when a process carries LAUNCHPAD_POD=<namespace>/<name> (and LAUNCHPAD_CONTAINER)
in its environment: the reference agents kubelet.py runs for pods whose image names `real`. Their CPU
(utime + stime from /proc/PID/stat, as a rate over the last sampling window) and resident memory
(VmRSS) are sampled every second. A pod with no such process has no metrics, as a pod a real metrics
server has not scraped yet: nothing is invented. The label selector is not applied (callers match
pods by name); the aggregator's client certificate is not checked (loopback only).
"""
import argparse
import datetime
import http.server
import json
import os
import re
import socketserver
import ssl
import threading
import time
import urllib.parse

TICKS = os.sysconf("SC_CLK_TCK")
LOCK = threading.Lock()
SAMPLES = {}  # pid -> (pod key, container, moment, cpu seconds, rss bytes, cores over the last window, window)
GROUP = "/apis/metrics.k8s.io/v1beta1"


def stamp(moment):
    return datetime.datetime.fromtimestamp(moment, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def pod_processes():
    """pid -> (namespace/name, container) of every process a pod runs."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/environ" % entry, "rb") as f:
                variables = dict(item.split(b"=", 1) for item in f.read().split(b"\0") if b"=" in item)
        except OSError:
            continue
        pod = variables.get(b"LAUNCHPAD_POD")
        if pod:
            found[int(entry)] = (pod.decode(), variables.get(b"LAUNCHPAD_CONTAINER", b"agent").decode())
    return found


def read_usage(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14 and 15)
    with open("/proc/%d/status" % pid) as f:
        rss = int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1)) * 1024
    return cpu, rss


def sample_forever():
    while True:
        processes = pod_processes()
        moment = time.time()
        with LOCK:
            for pid in list(SAMPLES):
                if pid not in processes:
                    del SAMPLES[pid]
        for pid, (pod, container) in processes.items():
            try:
                cpu, rss = read_usage(pid)
            except (OSError, AttributeError, IndexError, ValueError):
                continue
            with LOCK:
                before = SAMPLES.get(pid)
                if before is None:
                    SAMPLES[pid] = (pod, container, moment, cpu, rss, None, None)
                else:
                    window = moment - before[2]
                    SAMPLES[pid] = (pod, container, moment, cpu, rss, max(0.0, cpu - before[3]) / window, window)
        time.sleep(1)


def pod_metrics(namespace=None, name=None):
    """PodMetrics of the measured pods (those with a full window), by namespace and name when given."""
    pods = {}
    with LOCK:
        samples = list(SAMPLES.values())
    for pod, container, moment, _, rss, cores, window in samples:
        if cores is None:
            continue
        pod_namespace, pod_name = pod.split("/", 1)
        if (namespace and pod_namespace != namespace) or (name and pod_name != name):
            continue
        item = pods.setdefault(pod, {
            "metadata": {"name": pod_name, "namespace": pod_namespace, "creationTimestamp": stamp(time.time())},
            "timestamp": stamp(moment), "window": "%ds" % round(window), "containers": [],
        })
        item["containers"].append({"name": container, "usage": {"cpu": "%dn" % round(cores * 1e9), "memory": "%dKi" % (rss // 1024)}})
    return list(pods.values())


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *_):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def not_found(self):
        self.answer(404, {"kind": "Status", "apiVersion": "v1", "status": "Failure", "reason": "NotFound", "code": 404,
                          "message": "not found: " + self.path})

    def do_GET(self):
        path = urllib.parse.urlparse(self.path).path.rstrip("/")
        parts = path[len(GROUP):].strip("/").split("/") if path.startswith(GROUP) else None
        if parts is None:
            self.not_found()
        elif parts == [""]:
            self.answer(200, {"kind": "APIResourceList", "apiVersion": "v1", "groupVersion": "metrics.k8s.io/v1beta1", "resources": [
                {"name": "nodes", "singularName": "", "namespaced": False, "kind": "NodeMetrics", "verbs": ["get", "list"]},
                {"name": "pods", "singularName": "", "namespaced": True, "kind": "PodMetrics", "verbs": ["get", "list"]},
            ]})
        elif parts == ["nodes"]:
            self.answer(200, {"kind": "NodeMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": []})
        elif parts == ["pods"] or (len(parts) == 3 and parts[0] == "namespaces" and parts[2] == "pods"):
            items = pod_metrics(parts[1] if len(parts) == 3 else None)
            self.answer(200, {"kind": "PodMetricsList", "apiVersion": "metrics.k8s.io/v1beta1", "metadata": {}, "items": items})
        elif len(parts) == 4 and parts[0] == "namespaces" and parts[2] == "pods":
            items = pod_metrics(parts[1], parts[3])
            if items:
                self.answer(200, dict(items[0], kind="PodMetrics", apiVersion="metrics.k8s.io/v1beta1"))
            else:
                self.not_found()
        else:
            self.not_found()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    arguments = parser.parse_args()
    threading.Thread(target=sample_forever, daemon=True).start()

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", arguments.port), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(arguments.cert, arguments.key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
