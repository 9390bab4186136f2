#!/bin/sh
# Builds the Kubernetes control plane the Kubernetes runtime's tests run against, from Debian 12's
# `kubernetes` source package, into .build/kubernetes/<debian-version>/bin/. Skipped when already built.
#
#   scripts/kubernetes/build.sh [component ...]   (default: kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet)
#
# The source package is fetched with deb-src entries given to apt in a throwaway list under the build
# folder (/etc/apt is not touched). Its vendored github.com/modern-go/reflect2 (1.0.1) crashes under
# Go 1.19 on the first write, so Debian's golang-github-modern-go-reflect2-dev (1.0.2) replaces it.
# Everything builds offline: GOFLAGS=-mod=vendor GOPROXY=off.
set -eu
VERSION=$(cat "$(dirname "$0")/VERSION")
GIT_VERSION="v1.20.2"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/.build/kubernetes/$VERSION"
WORK="$ROOT/.build/kubernetes/work"
COMPONENTS=${*:-kube-apiserver kube-controller-manager kube-scheduler kubectl kubelet}

missing=""
for component in $COMPONENTS; do
    [ -x "$OUT/bin/$component" ] || missing="$missing $component"
done
[ -z "$missing" ] && exit 0
# One build at a time (make test's, and a test's that finds the binaries missing): the second waits, then finds them.
mkdir -p "$ROOT/.build/kubernetes"
exec 9>"$ROOT/.build/kubernetes/.lock"
flock 9
missing=""
for component in $COMPONENTS; do
    [ -x "$OUT/bin/$component" ] || missing="$missing $component"
done
[ -z "$missing" ] && exit 0

REFLECT2=/usr/share/gocode/src/github.com/modern-go/reflect2
for tool in go dpkg-source apt-get; do
    command -v "$tool" >/dev/null 2>&1 || { echo "kubernetes build: $tool is missing (scripts/install-deps.sh installs it)" >&2; exit 1; }
done
[ -d "$REFLECT2" ] || { echo "kubernetes build: $REFLECT2 is missing (golang-github-modern-go-reflect2-dev)" >&2; exit 1; }

SOURCE="$WORK/kubernetes-$VERSION"
if [ ! -f "$SOURCE/.unpacked" ]; then
    rm -rf "$WORK"
    mkdir -p "$WORK/apt/lists/partial" "$WORK/apt/parts" "$WORK/download"
    echo "deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main" >"$WORK/apt/sources.list"
    APT="-o Dir::Etc::SourceList=$WORK/apt/sources.list -o Dir::Etc::SourceParts=$WORK/apt/parts -o Dir::State::Lists=$WORK/apt/lists"
    # shellcheck disable=SC2086
    apt-get $APT -qq update </dev/null
    # shellcheck disable=SC2086
    (cd "$WORK/download" && apt-get $APT -qq source --download-only "kubernetes=$VERSION" </dev/null)
    dsc=$(ls "$WORK/download"/kubernetes_*.dsc)
    dpkg-source --no-check -x "$dsc" "$SOURCE.tmp" >/dev/null
    rm -rf "$SOURCE.tmp/vendor/github.com/modern-go/reflect2"
    cp -r "$REFLECT2" "$SOURCE.tmp/vendor/github.com/modern-go/reflect2"
    rm -rf "$WORK/download" "$WORK/apt" "$WORK"/*.orig.tar.*
    mv "$SOURCE.tmp" "$SOURCE"
    touch "$SOURCE/.unpacked"
fi

# The tree builds as Debian builds it: Kubernetes' own Makefile (which generates code, such as the OpenAPI
# definitions, before it compiles) in GOPATH mode, with the tree at k8s.io/kubernetes and its vendor/.
mkdir -p "$OUT/bin" "$SOURCE/.go/src/k8s.io" "$WORK/home"
ln -sfn ../../.. "$SOURCE/.go/src/k8s.io/kubernetes"
targets=""
for component in $missing; do targets="$targets cmd/$component"; done
echo "kubernetes build:$missing ($VERSION)"
(cd "$SOURCE" && env CGO_ENABLED=0 HOME="$WORK/home" GOPATH="$SOURCE/.go" GOFLAGS=-mod=vendor GOPROXY=off GOCACHE="$WORK/gocache" \
    KUBE_GIT_VERSION="$GIT_VERSION" KUBE_GIT_TREE_STATE=clean KUBE_VERBOSE=0 make WHAT="${targets# }")
for component in $missing; do
    cp "$SOURCE/_output/bin/$component" "$OUT/bin/$component.tmp"
    mv "$OUT/bin/$component.tmp" "$OUT/bin/$component"
done
