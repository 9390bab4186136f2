#!/bin/sh
# Installs the Debian packages launchpad builds and runs with, when any is missing.
# Runs without standard input (CI): apt-get is non-interactive.
set -eu
# python3: the test agents (Tests/ContractTests) and the bench's scripts run it, as agents' users too.
# nodejs: the Node.js client SDK's tests (clients/node, `node --test`; Debian's is Node 18).
# chromium, fonts-dejavu-core: the console tests (scripts/test-console.sh) drive Debian's Chromium with Playwright.
PACKAGES="libfcgi-dev liblmdb-dev lmdb-utils libssl-dev zlib1g-dev pkg-config nginx-light wrk curl openssl python3 nodejs chromium fonts-dejavu-core"
# The Kubernetes runtime's tests: scripts/kubernetes/build.sh builds Debian's kubernetes source package with
# Debian's Go and Kubernetes' Makefile (dpkg-source unpacks it, rsync places the binaries; reflect2 1.0.2 replaces the vendored 1.0.1), and etcd runs beside it.
PACKAGES="$PACKAGES golang-go golang-github-modern-go-reflect2-dev dpkg-dev rsync jq etcd-server"
# Its end-to-end test on a real node (scripts/kubernetes/real-node.py): containerd, runc, the CNI plugins, ip for
# its network namespace, and a C compiler with a static libc for the sandbox's pause binary.
PACKAGES="$PACKAGES containerd runc containernetworking-plugins iproute2 iptables gcc libc6-dev"
missing=""
for package in $PACKAGES; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $package" ;;
    esac
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    run=""
elif command -v sudo >/dev/null 2>&1; then
    run="sudo -n"
else
    echo "missing Debian packages:$missing (run as root, or install them)" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$run apt-get update -qq </dev/null
# nginx-light's post-install may try to start a system nginx on port 80; that is not ours and may fail harmlessly.
$run apt-get install -y -qq --no-install-recommends $missing </dev/null
