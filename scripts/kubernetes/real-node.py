#!/usr/bin/env python3
"""A real Kubernetes node for the Kubernetes runtime's end-to-end test: the control plane of
cluster.py, Debian's containerd and runc, and the kubelet built from the same tree, all inside a
network namespace this script creates, so that none of their traffic leaves it.

    real-node.py --bin DIR --agent-binary PATH --source DIR --dir STATE

It needs root (a network namespace, cgroups, mounts) and says why it cannot run where it cannot:
`FAILED <reason>` is then its only line. Otherwise, once the node is Ready, it prints one line
`READY <json>` (the namespace's name, the API server, the kubeconfigs, the agent's image) and reads
commands on standard input, one a line:

    stop    stops everything (as does the end of standard input, or SIGTERM)

What it starts and writes:
- netns `launchpad-e2e-<pid>` (loopback, which also has the node's address 10.250.0.1, and the
  CNI bridge `lp-cni0` with the pods on 10.89.0.0/24; no route out, no masquerade);
- under STATE: the control plane (cluster.py's Cluster, run in this process, without a kubelet), containerd's root, state, socket and
  runc's root, the CNI configuration and host-local's leases, the kubelet's root directory;
- two images imported from tar files it writes (no registry): `launchpad/agent-runtime:latest`
  (the agent binary and the shared libraries ldd finds, its entrypoint `launchpad`) and
  `launchpad/pause:e2e` (the tree's build/pause/linux/pause.c, built static), the sandbox image.

Outside STATE the kubelet and containerd also write, and this script removes when it stops (what
was there before it started is left): /var/log/pods and /var/log/containers entries, the device
plugins' socket under /var/lib/kubelet, libcni's cache under /var/lib/cni, the pods' namespaces
under /run/netns, the shims' sockets under /run/containerd, the pods' cgroups (/k8s.io/<id>), and
the kernel settings the kubelet sets (restored). So that one node's removal never takes another's,
one real node runs at a time on a machine: a second waits (up to 10 minutes) for the first to stop.
"""
import argparse
import ctypes
import hashlib
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from cluster import TOKENS, Cluster  # noqa: E402 - the control plane, run in this process (and so in the namespace)

LIBC = ctypes.CDLL("libc.so.6", use_errno=True)
CLONE_NEWNET = 0x40000000
MNT_DETACH = 2
NODE_ADDRESS = "10.250.0.1"
POD_SUBNET = "10.89.0.0/24"
BRIDGE = "lp-cni0"
AGENT_IMAGE = "launchpad/agent-runtime:latest"
PAUSE_IMAGE = "launchpad/pause:e2e"
# What the kubelet's container manager sets (pkg/kubelet/cm: setupKernelTunables); restored on stop.
KERNEL_SETTINGS = ["vm/overcommit_memory", "vm/panic_on_oom", "kernel/panic", "kernel/panic_on_oops",
                   "kernel/keys/root_maxkeys", "kernel/keys/root_maxbytes"]
CGROUP_ROOT = "/sys/fs/cgroup"
CONTAINERD_NAMESPACE = "k8s.io"  # the CRI plugin's
# Written by the kubelet and containerd outside STATE, at paths they do not let us choose.
# (the kubelet's device plugin socket is at /var/lib/kubelet/device-plugins whatever its --root-dir.)
SHARED_DIRECTORIES = ["/var/log/pods", "/var/log/containers", "/var/lib/kubelet", "/var/lib/cni", "/run/containerd", "/run/netns"]


class CannotRun(Exception):
    pass


def run(*argv, check=True, **options):
    result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, **options)
    if check and result.returncode != 0:
        raise CannotRun(f"{' '.join(argv)} exited {result.returncode}: {result.stdout.decode(errors='replace').strip()}")
    return result.stdout.decode(errors="replace")


def check_machine(arguments):
    """Why this machine cannot run a real node, if it cannot."""
    if os.geteuid() != 0:
        raise CannotRun("a real kubelet needs root (network namespaces, cgroups, mounts); this runs as uid %d" % os.geteuid())
    needed = {
        "kubelet": os.path.join(arguments.bin, "kubelet"),
        "containerd": shutil.which("containerd"), "ctr": shutil.which("ctr"), "runc": shutil.which("runc"),
        "ip": shutil.which("ip"), "cc": shutil.which("cc"),
        "CNI bridge": "/usr/lib/cni/bridge", "CNI host-local": "/usr/lib/cni/host-local", "CNI loopback": "/usr/lib/cni/loopback",
    }
    missing = [name for name, path in needed.items() if not path or not os.access(path, os.X_OK)]
    if missing:
        raise CannotRun("missing: %s (scripts/install-deps.sh installs containerd, runc and containernetworking-plugins; "
                        "scripts/kubernetes/build.sh kubelet builds the kubelet)" % ", ".join(missing))
    if not os.path.exists(os.path.join(CGROUP_ROOT, "memory")):
        raise CannotRun("no cgroup v1 memory hierarchy at %s/memory (this node runs the kubelet with the cgroupfs driver on "
                        "cgroup v1, as the machine it was written on has)" % CGROUP_ROOT)
    probe = os.path.join(CGROUP_ROOT, "memory", "launchpad-e2e-probe-%d" % os.getpid())
    try:
        os.mkdir(probe)
        os.rmdir(probe)
    except OSError as error:
        raise CannotRun("cgroups are not writable here (mkdir %s: %s)" % (probe, error))
    if "overlay" not in open("/proc/filesystems").read():
        raise CannotRun("the kernel has no overlay file system, which containerd's snapshotter needs")


def hold_machine_lock(limit=600):
    """One real node at a time on a machine: nodes share /var/log/pods, /run/netns, the cgroup
    hierarchies…, where each removes at the end what appeared there while it ran. The lock is an
    abstract socket's name in the machine's network namespace: nothing on disk, and it is released
    when this process ends, however it ends."""
    lock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    deadline = time.time() + limit
    while True:
        try:
            lock.bind("\0launchpad-real-node")
            return lock
        except OSError:
            if time.time() > deadline:
                raise CannotRun("another real node has been running on this machine for %d s" % limit)
            time.sleep(1)


def snapshot_shared():
    """The entries of the directories the node writes outside STATE, and the kernel settings."""
    entries = {path: set(os.listdir(path)) if os.path.isdir(path) else None for path in SHARED_DIRECTORIES}
    settings = {name: open("/proc/sys/" + name).read() for name in KERNEL_SETTINGS if os.path.exists("/proc/sys/" + name)}
    cgroups = {}
    for controller in os.listdir(CGROUP_ROOT):
        path = os.path.join(CGROUP_ROOT, controller)
        if os.path.isdir(path) and not os.path.islink(path):
            cgroups[path] = set(os.listdir(path))
    return entries, settings, cgroups


def remove_cgroup(path):
    """rmdir a cgroup and the ones below it, deepest first (a cgroup's files cannot be removed, only the directory)."""
    for below in sorted((os.path.join(path, name) for name in os.listdir(path)), reverse=True):
        if os.path.isdir(below) and not os.path.islink(below):
            remove_cgroup(below)
    try:
        os.rmdir(path)
    except OSError as error:
        print("real-node: cannot remove cgroup %s: %s" % (path, error), file=sys.stderr)


def unmount_below(prefixes):
    """Lazily unmounts every mount point under the given paths, deepest first."""
    points = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            point = line.split()[4].replace("\\040", " ")
            if any(point == prefix or point.startswith(prefix.rstrip("/") + "/") for prefix in prefixes):
                points.append(point)
    for point in sorted(set(points), key=len, reverse=True):
        if LIBC.umount2(point.encode(), MNT_DETACH) != 0:
            print("real-node: umount %s: errno %d" % (point, ctypes.get_errno()), file=sys.stderr)


def restore_shared(before, netns):
    """Removes what the node added to the shared directories, restores the kernel settings, and removes
    the cgroups runc made for the pods' containers (/k8s.io/<container id> in every hierarchy: the
    kubelet, without QoS cgroups, gives no parent, so containerd's namespace is one), new ones alone:
    another program's additions there, made while the node ran, are left alone."""
    entries, settings, cgroups = before
    for path, old in entries.items():
        if not os.path.isdir(path):
            continue
        new = set(os.listdir(path)) - (old or set())
        if path == "/run/netns":
            # The pods' namespaces (containerd's cni-…) and ours.
            new = {name for name in new if name.startswith("cni-") or name == netns}
            unmount_below([os.path.join(path, name) for name in new])
        for name in new:
            target = os.path.join(path, name)
            if os.path.isdir(target) and not os.path.islink(target):
                shutil.rmtree(target, ignore_errors=True)
            else:
                try:
                    os.unlink(target)
                except OSError:
                    pass
        if old is None and not os.listdir(path):
            unmount_below([path])  # `ip netns add` bind-mounts /run/netns on itself
            shutil.rmtree(path, ignore_errors=True)
    for name, value in settings.items():
        try:
            with open("/proc/sys/" + name, "w") as f:
                f.write(value)
        except OSError as error:
            print("real-node: cannot restore %s: %s" % (name, error), file=sys.stderr)
    for path, old in cgroups.items():
        if os.path.isdir(path):
            for name in set(os.listdir(path)) - old:
                target = os.path.join(path, name)
                if (name == CONTAINERD_NAMESPACE or re.fullmatch(r"[0-9a-f]{64}", name)) and os.path.isdir(target):
                    remove_cgroup(target)


class ImageWriter:
    """An image as `docker save` writes it (manifest.json, the config, one layer), which ctr imports."""

    def __init__(self, directory):
        self.directory = directory

    def write(self, name, files, entrypoint):
        """`files` maps a path in the image to the host file whose content it gets (symlinks followed)."""
        layer = io.BytesIO()
        with tarfile.open(fileobj=layer, mode="w", format=tarfile.GNU_FORMAT) as tar:
            directories = {"tmp"}
            for target in files:
                parts = target.strip("/").split("/")[:-1]
                directories.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
            for directory in sorted(directories):
                info = tarfile.TarInfo(directory)
                info.type, info.mode = tarfile.DIRTYPE, 0o1777 if directory == "tmp" else 0o755
                tar.addfile(info)
            for target, source in sorted(files.items()):
                info = tar.gettarinfo(os.path.realpath(source), arcname=target.strip("/"))
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with open(os.path.realpath(source), "rb") as content:
                    tar.addfile(info, content)
        layer_bytes = layer.getvalue()
        layer_digest = hashlib.sha256(layer_bytes).hexdigest()
        config = json.dumps({
            "architecture": "amd64", "os": "linux",
            "config": {"Entrypoint": entrypoint, "Env": ["PATH=/usr/local/bin:/usr/bin:/bin"], "WorkingDir": "/"},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + layer_digest]},
            "history": [{"created_by": "scripts/kubernetes/real-node.py"}],
        }, sort_keys=True).encode()
        config_digest = hashlib.sha256(config).hexdigest()
        manifest = json.dumps([{"Config": config_digest + ".json", "RepoTags": [name], "Layers": [layer_digest + "/layer.tar"]}]).encode()
        path = os.path.join(self.directory, name.replace("/", "_").replace(":", "_") + ".tar")
        with tarfile.open(path, "w") as archive:
            for member, data in [(layer_digest + "/layer.tar", layer_bytes), (config_digest + ".json", config), ("manifest.json", manifest)]:
                info = tarfile.TarInfo(member)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        return path


def shared_libraries(binary):
    """The libraries ldd finds for `binary`, and its dynamic loader, by the paths they are loaded from."""
    libraries = {}
    for line in run("ldd", binary).splitlines():
        match = re.search(r"(/\S+) \(0x", line)
        if match:
            libraries[match.group(1)] = match.group(1)
        elif "not found" in line:
            raise CannotRun("ldd %s: %s" % (binary, line.strip()))
    return libraries


class Node:
    def __init__(self, arguments):
        self.arguments = arguments
        self.state = os.path.abspath(arguments.dir)
        self.netns = "launchpad-e2e-%d" % os.getpid()
        # The control plane's process table holds containerd and the kubelet too; their logs are beside its.
        self.cluster = Cluster(arguments.bin, os.path.join(self.state, "cluster"), "none")
        self.processes = self.cluster.processes
        self.logs = self.cluster.logs
        self.before = None
        self.netns_made = False
        self.socket = os.path.join(self.state, "containerd", "containerd.sock")
        # kubectl's discovery cache, which is ~/.kube/cache otherwise.
        self.kubectl_cache = os.path.join(self.state, "kubectl-cache")

    # Starting.

    def start(self):
        check_machine(self.arguments)
        self.lock = hold_machine_lock()
        self.before = snapshot_shared()
        self.enter_namespace()
        self.cluster.start()
        self.write_kubelet_certificate()
        self.write_cni_configuration()
        self.start_containerd()
        self.import_images()
        self.start_kubelet()
        self.wait_for_node()

    def enter_namespace(self):
        run("ip", "netns", "add", self.netns)
        self.netns_made = True
        descriptor = os.open("/run/netns/" + self.netns, os.O_RDONLY)
        try:
            if LIBC.setns(descriptor, CLONE_NEWNET) != 0:
                raise CannotRun("setns into %s: errno %d" % (self.netns, ctypes.get_errno()))
        finally:
            os.close(descriptor)
        # The node's address: on loopback (the kubelet refuses 127.0.0.1 as a node's address, not another one there).
        run("ip", "addr", "add", NODE_ADDRESS + "/32", "dev", "lo")
        run("ip", "link", "set", "lo", "up")

    def write_kubelet_certificate(self):
        """The kubelet's serving certificate, from the cluster's CA, for the node's address (the API server verifies it)."""
        pki = os.path.dirname(self.cluster.ca)
        self.kubelet_dir = os.path.join(self.state, "kubelet")
        os.makedirs(self.kubelet_dir, exist_ok=True)
        self.kubelet_cert = os.path.join(self.kubelet_dir, "serving.crt")
        self.kubelet_key = os.path.join(self.kubelet_dir, "serving.key")
        extensions = os.path.join(self.kubelet_dir, "serving.ext")
        with open(extensions, "w") as f:
            f.write("subjectAltName=IP:%s,DNS:localhost\nextendedKeyUsage=serverAuth\n" % NODE_ADDRESS)
        request = os.path.join(self.kubelet_dir, "serving.csr")
        run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", self.kubelet_key, "-out", request, "-subj", "/CN=localhost")
        run("openssl", "x509", "-req", "-in", request, "-CA", self.cluster.ca, "-CAkey", os.path.join(pki, "ca.key"),
            "-CAcreateserial", "-out", self.kubelet_cert, "-days", "2", "-extfile", extensions)

    def write_cni_configuration(self):
        self.cni_conf = os.path.join(self.state, "cni", "net.d")
        os.makedirs(self.cni_conf, exist_ok=True)
        with open(os.path.join(self.cni_conf, "10-launchpad-e2e.conflist"), "w") as f:
            json.dump({"cniVersion": "0.4.0", "name": "launchpad-e2e", "plugins": [{
                "type": "bridge", "bridge": BRIDGE, "isGateway": True, "ipMasq": False, "hairpinMode": True,
                "ipam": {"type": "host-local", "ranges": [[{"subnet": POD_SUBNET}]], "dataDir": os.path.join(self.state, "cni", "ipam")},
            }]}, f)

    def start_containerd(self):
        root = os.path.join(self.state, "containerd")
        os.makedirs(root, exist_ok=True)
        config = os.path.join(root, "config.toml")
        cri = 'plugins."io.containerd.grpc.v1.cri"'
        with open(config, "w") as f:
            f.write(f"""version = 2
root = "{root}/root"
state = "{root}/state"
disabled_plugins = ["io.containerd.internal.v1.opt", "io.containerd.snapshotter.v1.aufs", "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs", "io.containerd.snapshotter.v1.devmapper", "io.containerd.tracing.processor.v1.otlp"]
[grpc]
  address = "{self.socket}"
[{cri}]
  sandbox_image = "docker.io/{PAUSE_IMAGE}"
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  [{cri}.containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [{cri}.containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [{cri}.containerd.runtimes.runc.options]
        SystemdCgroup = false
        BinaryName = "{shutil.which('runc')}"
        Root = "{self.state}/runc"
  [{cri}.cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "{self.cni_conf}"
    max_conf_num = 1
""")
        self.cluster.spawn("containerd", [shutil.which("containerd"), "--config", config])
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.processes["containerd"].poll() is not None:
                raise CannotRun("containerd exited: " + self.tail("containerd"))
            if run(shutil.which("ctr"), "--address", self.socket, "version", check=False).count("Version:") == 2:
                return
            time.sleep(0.2)
        raise CannotRun("containerd did not answer within 30 s: " + self.tail("containerd"))

    def import_images(self):
        images = os.path.join(self.state, "images")
        os.makedirs(images, exist_ok=True)
        writer = ImageWriter(images)
        agent = {"/usr/local/bin/launchpad": self.arguments.agent_binary, **shared_libraries(self.arguments.agent_binary)}
        pause_binary = os.path.join(images, "pause")
        run("cc", "-Os", "-static", "-o", pause_binary, os.path.join(self.arguments.source, "build", "pause", "linux", "pause.c"))
        for name, files, entrypoint in [(AGENT_IMAGE, agent, ["launchpad"]), (PAUSE_IMAGE, {"/pause": pause_binary}, ["/pause"])]:
            started = time.time()
            path = writer.write(name, files, entrypoint)
            run(shutil.which("ctr"), "--address", self.socket, "-n", CONTAINERD_NAMESPACE, "images", "import", path)
            os.unlink(path)
            print("real-node: %s imported in %.1f s" % (name, time.time() - started), file=sys.stderr)

    def start_kubelet(self):
        endpoint = "unix://" + self.socket
        self.cluster.spawn("kubelet", [
            os.path.join(self.arguments.bin, "kubelet"), "--kubeconfig", os.path.join(self.cluster.state, "kubelet.kubeconfig"),
            "--container-runtime=remote", "--container-runtime-endpoint=" + endpoint, "--image-service-endpoint=" + endpoint,
            "--hostname-override=localhost", "--node-ip=" + NODE_ADDRESS,
            "--root-dir=" + self.kubelet_dir, "--cert-dir=" + os.path.join(self.kubelet_dir, "pki"),
            "--volume-plugin-dir=" + os.path.join(self.kubelet_dir, "volume-plugins"),
            "--tls-cert-file=" + self.kubelet_cert, "--tls-private-key-file=" + self.kubelet_key,
            "--cgroup-driver=cgroupfs", "--cgroups-per-qos=false", "--enforce-node-allocatable=",
            "--fail-swap-on=false", "--read-only-port=0", "--healthz-port=0",
            "--anonymous-auth=true", "--authorization-mode=AlwaysAllow",
            "--pod-infra-container-image=docker.io/" + PAUSE_IMAGE, "--serialize-image-pulls=false",
            "--eviction-hard=memory.available<1Mi,nodefs.available<1%,imagefs.available<1%",
            "--image-gc-high-threshold=100", "--image-gc-low-threshold=99",
            "--node-status-update-frequency=2s", "--v=2",
        ])

    def wait_for_node(self, limit=120):
        admin = os.path.join(self.cluster.state, "admin.kubeconfig")
        kubectl = os.path.join(self.arguments.bin, "kubectl")
        deadline = time.time() + limit
        while time.time() < deadline:
            if self.processes["kubelet"].poll() is not None:
                raise CannotRun("the kubelet exited: " + self.tail("kubelet"))
            ready = run(kubectl, "--kubeconfig", admin, "--cache-dir", self.kubectl_cache, "get", "node", "localhost", "-o",
                        "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}", check=False)
            if ready.strip() == "True":
                return
            time.sleep(0.5)
        raise CannotRun("the node did not become Ready within %d s: %s" % (limit, self.tail("kubelet")))

    def tail(self, name, characters=3000):
        try:
            with open(os.path.join(self.logs, name + ".log"), errors="replace") as log:
                return log.read()[-characters:]
        except OSError:
            return ""

    # Stopping: everything, whatever failed.

    def remove_containers(self):
        """Kills and removes every container containerd runs for the node, so that the shims and runc's cgroups go."""
        if "containerd" not in self.processes:
            return
        ctr = [shutil.which("ctr"), "--address", self.socket, "-n", CONTAINERD_NAMESPACE]
        for task in run(*ctr, "tasks", "ls", "-q", check=False).split():
            run(*ctr, "tasks", "kill", "-s", "SIGKILL", task, check=False)
        time.sleep(0.5)
        for task in run(*ctr, "tasks", "ls", "-q", check=False).split():
            run(*ctr, "tasks", "delete", "-f", task, check=False)
        for container in run(*ctr, "containers", "ls", "-q", check=False).split():
            run(*ctr, "containers", "delete", container, check=False)

    def kill_leftover_shims(self):
        """Shims detach from containerd; any still serving this node's containerd is ended by its pid."""
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open("/proc/%s/cmdline" % pid, "rb") as f:
                    argv = f.read().split(b"\0")
            except OSError:
                continue
            if argv and argv[0].endswith(b"containerd-shim-runc-v2") and self.socket.encode() in argv:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass

    def stop(self):
        self.cluster.stop_process("kubelet", grace=10)
        self.remove_containers()
        self.cluster.stop_process("containerd", grace=10)
        self.kill_leftover_shims()
        self.cluster.stop()
        unmount_below([self.state])
        if self.netns_made:
            run("ip", "netns", "delete", self.netns, check=False)
        if self.before is not None:
            restore_shared(self.before, self.netns)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True, help="the kubelet, kubectl and the control plane (scripts/kubernetes/build.sh)")
    parser.add_argument("--agent-binary", required=True, help="the launchpad binary the agent's image runs")
    parser.add_argument("--source", required=True, help="the kubernetes source tree (its build/pause/linux/pause.c)")
    parser.add_argument("--dir", required=True)
    arguments = parser.parse_args()
    node = Node(arguments)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        started = time.time()
        node.start()
        print("READY " + json.dumps({
            "netns": node.netns, "server": node.cluster.server, "ca": node.cluster.ca,
            "kubeconfigs": {name: os.path.join(node.cluster.state, name + ".kubeconfig") for name in TOKENS}, "image": AGENT_IMAGE, "node": "localhost",
            "nodeAddress": NODE_ADDRESS, "podSubnet": POD_SUBNET, "logs": node.logs, "kubectlCache": node.kubectl_cache,
            "seconds": round(time.time() - started, 2),
        }), flush=True)
        for line in sys.stdin:
            if line.strip() == "stop":
                break
            print("ERROR unknown command " + line.strip(), flush=True)
    except CannotRun as failure:
        print("FAILED " + str(failure).replace("\n", " "), flush=True)
    except SystemExit as failure:  # the control plane's way of saying why it did not start; SIGTERM's is 0
        if failure.code:
            print("FAILED %s" % failure.code, flush=True)
    except Exception as failure:  # noqa: BLE001 - whatever it is, the node stops and the test hears why
        print("FAILED %s: %s" % (type(failure).__name__, str(failure).replace("\n", " ")), flush=True)
    finally:
        node.stop()
        shutil.rmtree(arguments.dir, ignore_errors=True)
        print("STOPPED", flush=True)


if __name__ == "__main__":
    main()
