#!/usr/bin/env python3
"""A Kubernetes control plane on loopback for the Kubernetes runtime's tests.

    cluster.py --bin DIR --dir STATE [--kubelet fake|none] [--metrics] [--agent-binary PATH [--pod-address IP]]

Starts etcd, kube-apiserver (token authentication, RBAC, --endpoint-reconciler-type=none),
kube-controller-manager and kube-scheduler (leader election off), and the project's own kubelet
(scripts/kubernetes/kubelet.py), all with state under STATE. With --metrics, the project's own
metrics server (scripts/kubernetes/metrics-server.py) serves metrics.k8s.io/v1beta1 through the API
server's aggregation layer (an APIService over an ExternalName Service naming 127.0.0.1). With
--agent-binary, pods whose image names `real` run that binary's reference agent (see kubelet.py). Prints one line `READY <json>` (the
server's address, the CA, the tokens, the kubeconfigs) once the API server answers, then reads
commands on standard input, one a line, answering each with one line:

    restart-apiserver   stops the API server and starts it again on the same port and etcd
    stop                stops everything (as does the end of standard input, or SIGTERM)

Every process it starts dies with it (PR_SET_PDEATHSIG), so a test that crashes leaves nothing.
"""
import argparse
import base64
import ctypes
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
LIBC = ctypes.CDLL("libc.so.6", use_errno=True)

# name: (user, uid, groups); `launchpad` has no group: the tests bind it a Role of exactly the driver's verbs.
# The controller manager runs every controller with its own credentials (no service-account tokens here),
# so it is a master.
TOKENS = {
    "admin": ("admin", "uid-admin", "system:masters"),
    "controller-manager": ("system:kube-controller-manager", "uid-kcm", "system:masters"),
    "scheduler": ("system:kube-scheduler", "uid-scheduler", ""),
    "kubelet": ("system:node:node-1", "uid-kubelet", "system:nodes,system:masters"),
    "launchpad": ("launchpad", "uid-launchpad", ""),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def global_address():
    """This machine's first global IPv4 address (the API server's pod proxy refuses loopback pod IPs), or None."""
    try:
        output = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global"], capture_output=True, text=True).stdout
    except OSError:
        return None
    for line in output.splitlines():
        fields = line.split()
        if "inet" in fields:
            return fields[fields.index("inet") + 1].split("/")[0]
    return None


def die_with_parent():
    LIBC.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    os.setpgrp()


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_certificates(state):
    """A CA, a serving certificate for 127.0.0.1/localhost/kubernetes.default.svc, a service-account key."""
    pki = os.path.join(state, "pki")
    os.makedirs(pki, exist_ok=True)
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
            "-subj", "/CN=launchpad-test-ca", cwd=pki)
    with open(os.path.join(pki, "server.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default.svc\n"
                "extendedKeyUsage=serverAuth\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=kube-apiserver", cwd=pki)
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "server.crt",
            "-days", "2", "-extfile", "server.ext", cwd=pki)
    # The metrics server's serving certificate (the aggregator checks it against the APIService's
    # caBundle, with the Service's DNS name), and the client certificate the aggregator presents.
    with open(os.path.join(pki, "metrics.ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:metrics-server.kube-system.svc\nextendedKeyUsage=serverAuth\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "metrics.key", "-out", "metrics.csr", "-subj", "/CN=metrics-server", cwd=pki)
    openssl("x509", "-req", "-in", "metrics.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "metrics.crt",
            "-days", "2", "-extfile", "metrics.ext", cwd=pki)
    with open(os.path.join(pki, "front-proxy.ext"), "w") as f:
        f.write("extendedKeyUsage=clientAuth\n")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "front-proxy.key", "-out", "front-proxy.csr", "-subj", "/CN=front-proxy-client", cwd=pki)
    openssl("x509", "-req", "-in", "front-proxy.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", "front-proxy.crt",
            "-days", "2", "-extfile", "front-proxy.ext", cwd=pki)
    openssl("genrsa", "-out", "sa.key", "2048", cwd=pki)
    openssl("rsa", "-in", "sa.key", "-pubout", "-out", "sa.pub", cwd=pki)
    return pki


def write_kubeconfig(path, server, ca, token):
    with open(path, "w") as f:
        f.write(f"""apiVersion: v1
kind: Config
clusters:
- name: test
  cluster:
    server: {server}
    certificate-authority: {ca}
users:
- name: user
  user:
    token: {token}
contexts:
- name: test
  context:
    cluster: test
    user: user
    namespace: default
current-context: test
""")


class Cluster:
    def __init__(self, bin_dir, state, kubelet, metrics=False, agent_binary=None, pod_address=None, audit=False):
        self.metrics = metrics
        self.audit = audit
        self.agent_binary = agent_binary
        self.pod_address = pod_address
        self.bin = bin_dir
        self.state = os.path.abspath(state)
        self.kubelet_kind = kubelet
        self.processes = {}
        self.logs = os.path.join(self.state, "logs")
        os.makedirs(self.logs, exist_ok=True)

    def spawn(self, name, argv):
        log = open(os.path.join(self.logs, name + ".log"), "ab")
        self.processes[name] = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                                preexec_fn=die_with_parent)

    def stop_process(self, name, grace=5):
        process = self.processes.pop(name, None)
        if process is None:
            return
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def start(self):
        self.pki = make_certificates(self.state)
        self.tokens = {name: os.urandom(16).hex() for name in TOKENS}
        with open(os.path.join(self.pki, "tokens.csv"), "w") as f:
            for name, (user, uid, groups) in TOKENS.items():
                f.write(f'{self.tokens[name]},{user},{uid},"{groups}"\n' if groups else f"{self.tokens[name]},{user},{uid}\n")
        self.etcd_port, peer, self.port = free_port(), free_port(), free_port()
        self.server = f"https://127.0.0.1:{self.port}"
        self.ca = os.path.join(self.pki, "ca.crt")
        for name in TOKENS:
            write_kubeconfig(os.path.join(self.state, name + ".kubeconfig"), self.server, self.ca, self.tokens[name])
        self.spawn("etcd", [
            "etcd", "--name", "test", "--data-dir", os.path.join(self.state, "etcd"),
            "--listen-client-urls", f"http://127.0.0.1:{self.etcd_port}", "--advertise-client-urls", f"http://127.0.0.1:{self.etcd_port}",
            "--listen-peer-urls", f"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
            "--initial-cluster", f"test=http://127.0.0.1:{peer}", "--unsafe-no-fsync",
        ])
        self.start_apiserver()
        self.spawn("kube-controller-manager", [
            os.path.join(self.bin, "kube-controller-manager"), "--kubeconfig", os.path.join(self.state, "controller-manager.kubeconfig"),
            "--leader-elect=false", "--port=0", "--secure-port=0", "--root-ca-file", self.ca,
            "--use-service-account-credentials=false", "--controllers=*,-serviceaccount-token,-csrsigning,-csrapproving,-csrcleaner,-nodeipam",
            "--node-monitor-grace-period=40s", "--pod-eviction-timeout=5m",
        ])
        self.spawn("kube-scheduler", [
            os.path.join(self.bin, "kube-scheduler"), "--kubeconfig", os.path.join(self.state, "scheduler.kubeconfig"),
            "--leader-elect=false", "--port=0", "--secure-port=0",
        ])
        if self.kubelet_kind == "fake":
            self.spawn("kubelet", [
                sys.executable, os.path.join(HERE, "kubelet.py"), "--server", self.server, "--ca", self.ca,
                "--token", self.tokens["kubelet"], "--node", "node-1", "--cert", os.path.join(self.pki, "server.crt"),
                "--key", os.path.join(self.pki, "server.key"),
            ] + (["--agent-binary", self.agent_binary, "--state", os.path.join(self.state, "pods")] if self.agent_binary else [])
              + (["--pod-address", self.pod_address] if self.pod_address else []))
        self.wait_for_node()
        if self.metrics:
            self.start_metrics_server()

    def start_metrics_server(self):
        """metrics.k8s.io through the aggregation layer: without kube-proxy a ClusterIP leads nowhere, so the
        APIService's Service is an ExternalName naming 127.0.0.1, which the aggregator dials itself."""
        port = free_port()
        self.spawn("metrics-server", [
            sys.executable, os.path.join(HERE, "metrics-server.py"), "--port", str(port),
            "--cert", os.path.join(self.pki, "metrics.crt"), "--key", os.path.join(self.pki, "metrics.key"),
        ])
        service = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "metrics-server", "namespace": "kube-system"},
                   "spec": {"type": "ExternalName", "externalName": "127.0.0.1", "ports": [{"port": port}]}}
        with open(self.ca, "rb") as f:
            bundle = base64.b64encode(f.read()).decode()
        api_service = {"apiVersion": "apiregistration.k8s.io/v1", "kind": "APIService", "metadata": {"name": "v1beta1.metrics.k8s.io"},
                       "spec": {"group": "metrics.k8s.io", "version": "v1beta1", "groupPriorityMinimum": 100, "versionPriority": 100,
                                "service": {"namespace": "kube-system", "name": "metrics-server", "port": port}, "caBundle": bundle}}
        self.request("/api/v1/namespaces/kube-system/services", body=service)
        self.request("/apis/apiregistration.k8s.io/v1/apiservices", body=api_service)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                self.request("/apis/metrics.k8s.io/v1beta1/nodes")
                return
            except Exception:
                time.sleep(0.2)
        raise SystemExit("metrics.k8s.io not served through the aggregation layer within 30 s; see " + os.path.join(self.logs, "metrics-server.log"))

    def start_apiserver(self):
        self.spawn("kube-apiserver", [
            os.path.join(self.bin, "kube-apiserver"), f"--etcd-servers=http://127.0.0.1:{self.etcd_port}",
            "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", f"--secure-port={self.port}", "--insecure-port=0",
            "--tls-cert-file", os.path.join(self.pki, "server.crt"), "--tls-private-key-file", os.path.join(self.pki, "server.key"),
            "--client-ca-file", self.ca, "--token-auth-file", os.path.join(self.pki, "tokens.csv"),
            "--authorization-mode=RBAC", "--endpoint-reconciler-type=none", "--service-cluster-ip-range=10.96.0.0/16",
            "--service-account-key-file", os.path.join(self.pki, "sa.pub"),
            "--service-account-signing-key-file", os.path.join(self.pki, "sa.key"),
            "--service-account-issuer=https://kubernetes.default.svc", "--api-audiences=https://kubernetes.default.svc",
            "--disable-admission-plugins=ServiceAccount", "--enable-admission-plugins=ResourceQuota",
            "--cert-dir", os.path.join(self.state, "apiserver-certs"), "--profiling=false",
            "--kubelet-preferred-address-types=InternalIP", "--kubelet-certificate-authority", self.ca, "--allow-privileged=false",
            # The aggregation layer (metrics.k8s.io): the client certificate it presents, and whom it vouches for.
            "--requestheader-client-ca-file", self.ca, "--requestheader-allowed-names=front-proxy-client",
            "--requestheader-username-headers=X-Remote-User", "--requestheader-group-headers=X-Remote-Group",
            "--requestheader-extra-headers-prefix=X-Remote-Extra-",
            "--proxy-client-cert-file", os.path.join(self.pki, "front-proxy.crt"), "--proxy-client-key-file", os.path.join(self.pki, "front-proxy.key"),
        ] + self.audit_arguments())
        self.wait_ready()

    def audit_arguments(self):
        """With --audit: every request of the user `launchpad` in STATE/audit.log (one JSON line per stage), for make bench's counts."""
        if not self.audit:
            return []
        policy = os.path.join(self.state, "audit-policy.yaml")
        with open(policy, "w") as f:
            f.write("apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n"
                    "- level: Metadata\n  users: [launchpad]\n- level: None\n")
        return ["--audit-policy-file", policy, "--audit-log-path", os.path.join(self.state, "audit.log"), "--audit-log-maxsize=0"]

    def request(self, path, timeout=2, body=None):
        context = ssl.create_default_context(cafile=self.ca)
        headers = {"Authorization": "Bearer " + self.tokens["admin"]}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(self.server + path, headers=headers, data=None if body is None else json.dumps(body).encode())
        with urllib.request.urlopen(request, context=context, timeout=timeout) as response:
            return response.read()

    def wait_ready(self, limit=60):
        deadline = time.time() + limit
        while time.time() < deadline:
            if self.processes["kube-apiserver"].poll() is not None:
                raise SystemExit("kube-apiserver exited; see " + os.path.join(self.logs, "kube-apiserver.log"))
            try:
                if self.request("/readyz") == b"ok":
                    return
            except Exception:
                pass
            time.sleep(0.1)
        raise SystemExit("kube-apiserver not ready within %d s" % limit)

    def wait_for_node(self, limit=30):
        if self.kubelet_kind != "fake":
            return
        deadline = time.time() + limit
        while time.time() < deadline:
            try:
                node = json.loads(self.request("/api/v1/nodes/node-1"))
                if any(c["type"] == "Ready" and c["status"] == "True" for c in node.get("status", {}).get("conditions", [])):
                    return
            except Exception:
                pass
            time.sleep(0.1)
        raise SystemExit("the kubelet registered no ready node within %d s" % limit)

    def stop(self):
        for name in ["metrics-server", "kubelet", "kube-scheduler", "kube-controller-manager", "kube-apiserver", "etcd"]:
            self.stop_process(name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--kubelet", default="fake", choices=["fake", "none"])
    parser.add_argument("--metrics", action="store_true", help="serve metrics.k8s.io through the aggregation layer")
    parser.add_argument("--agent-binary", help="the launchpad binary whose reference agent runs in pods whose image names `real`")
    parser.add_argument("--pod-address", help="with --agent-binary: the address such pods get (reachable, not loopback), or auto: "
                        "this machine's first global IPv4 address, if it has one")
    parser.add_argument("--audit", action="store_true", help="log the user launchpad's requests in STATE/audit.log")
    parser.add_argument("--remove-state", action="store_true", help="remove --dir once everything has stopped")
    arguments = parser.parse_args()
    address = arguments.pod_address
    if address == "auto":
        address = global_address()
    cluster = Cluster(arguments.bin, arguments.dir, arguments.kubelet, arguments.metrics, arguments.agent_binary, address, arguments.audit)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        started = time.time()
        cluster.start()
        print("READY " + json.dumps({
            "server": cluster.server, "ca": cluster.ca, "tokens": cluster.tokens, "state": cluster.state,
            "kubeconfigs": {name: os.path.join(cluster.state, name + ".kubeconfig") for name in TOKENS},
            "seconds": round(time.time() - started, 2), "podAddress": cluster.pod_address,
            "audit": os.path.join(cluster.state, "audit.log") if arguments.audit else None,
        }), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "restart-apiserver":
                cluster.stop_process("kube-apiserver")
                cluster.start_apiserver()
                print("OK", flush=True)
            elif command == "stop":
                break
            else:
                print("ERROR unknown command " + command, flush=True)
    except SystemExit as failure:
        print("FAILED " + str(failure), flush=True)
    finally:
        cluster.stop()
        if arguments.remove_state:
            shutil.rmtree(arguments.dir, ignore_errors=True)
        print("STOPPED", flush=True)


if __name__ == "__main__":
    main()
