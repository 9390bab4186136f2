#!/bin/sh
# Builds the Kubernetes control plane the Kubernetes runtime's tests run against, from Debian 12's
# `kubernetes` source package, into .build/kubernetes/<debian-version>/bin/. Skipped when already built.
#
#   scripts/kubernetes/build.sh [component ...]   (default: kube-apiserver kube-controller-manager kube-scheduler)
#
# The source package is fetched with deb-src entries given to apt in a throwaway list under the build
# folder (/etc/apt is not touched). Its vendored github.com/modern-go/reflect2 (1.0.1) crashes under
# Go 1.19 on the first write, so Debian's golang-github-modern-go-reflect2-dev (1.0.2) replaces it.
# Everything builds offline: GOFLAGS=-mod=vendor GOPROXY=off.
set -eu
VERSION="1.20.5+really1.20.2-1.1+deb12u1"
GIT_VERSION="v1.20.2"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT="$ROOT/.build/kubernetes/$VERSION"
WORK="$ROOT/.build/kubernetes/work"
COMPONENTS=${*:-kube-apiserver kube-controller-manager kube-scheduler}

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
    rm -rf "$WORK/download" "$WORK/apt"
    mv "$SOURCE.tmp" "$SOURCE"
    touch "$SOURCE/.unpacked"
fi

# The tree builds as Kubernetes' own Makefile builds it: GOPATH mode, the tree at k8s.io/kubernetes, its vendor/.
mkdir -p "$OUT/bin" "$WORK/gopath/src/k8s.io"
ln -sfn "$SOURCE" "$WORK/gopath/src/k8s.io/kubernetes"
export GOFLAGS=-mod=vendor GOPROXY=off GO111MODULE=off CGO_ENABLED=0 GOCACHE="$WORK/gocache" GOPATH="$WORK/gopath"
LDFLAGS="-s -w"
for variable in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LDFLAGS="$LDFLAGS -X $variable.gitVersion=$GIT_VERSION -X $variable.gitMajor=1 -X $variable.gitMinor=20 -X $variable.gitTreeState=clean"
done
for component in $missing; do
    echo "kubernetes build: $component ($VERSION)"
    (cd "$WORK/gopath/src/k8s.io/kubernetes" && go build -trimpath -ldflags "$LDFLAGS" -o "$OUT/bin/$component.tmp" "./cmd/$component")
    mv "$OUT/bin/$component.tmp" "$OUT/bin/$component"
done
