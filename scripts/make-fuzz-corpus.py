#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus, Fuzz/corpus/<target>/, from the repository's fixtures:
the golden cases' bodies and requests, the OSV records and their CVSS vectors, the zip fixtures,
and a few hand-written semver strings, package-locks and FastCGI environments."""
import glob
import hashlib
import json
import os

ROOT = os.path.join(os.path.dirname(__file__), "..")
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
# The order of RouterProperties.methods: an input's first byte picks one.
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "get", "BREW"]


def put(target, name, data):
    directory = os.path.join(CORPUS, target)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, name), "wb") as file:
        file.write(data.encode() if isinstance(data, str) else data)


def fixtures(pattern):
    return sorted(glob.glob(os.path.join(ROOT, "fixtures", pattern), recursive=True))


def contract_cases():
    bodies, seen_routes = set(), set()
    for path in fixtures("contract/*/*.json"):
        name = os.path.basename(path)[:-5]
        request = json.load(open(path)).get("request", {})
        if "rawBody" in request:
            body = request["rawBody"].encode()
        elif request.get("body") is not None:
            body = json.dumps(request["body"], separators=(",", ":")).encode()
        else:
            body = b""
        if body and body not in bodies:
            bodies.add(body)
            put("FuzzJSONBodies", name, body)
        method, uri = request.get("method", "GET"), request.get("path", "/")
        if (method, uri) in seen_routes:
            continue
        seen_routes.add((method, uri))
        index = METHODS.index(method) if method in METHODS else len(METHODS) - 1
        for target in ["FuzzRouter", "FuzzApplication"]:
            put(target, name, bytes([index]) + uri.encode() + (b"\0" + body if body else b""))
        if "?" in uri:
            put("FuzzQueryParameters", name, uri.split("?", 1)[1])


def advisories():
    vectors = set()
    for path in fixtures("advisories/**/*.json"):
        data = open(path, "rb").read()
        put("FuzzOSVRecord", os.path.basename(path)[:-5], data)
        try:
            record = json.loads(data)
        except ValueError:
            continue
        scores = record.get("severity", []) if isinstance(record, dict) else []
        for entry in record.get("affected", []) if isinstance(record, dict) and isinstance(record.get("affected"), list) else []:
            if isinstance(entry, dict):
                scores += entry.get("severity", [])
        for score in scores:
            if isinstance(score, dict) and str(score.get("score", "")).startswith("CVSS:3"):
                vectors.add(score["score"])
    for vector in sorted(vectors):
        put("FuzzCVSS", hashlib.sha1(vector.encode()).hexdigest()[:12], vector)
    put("FuzzCVSS", "changed-scope-3.0", "CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:C/C:L/I:N/A:N/E:U/RL:O/RC:C")


def hand_written():
    for name, query in [("limit", "limit=5&offset=10"), ("escapes", "q=a%20b+c&name=%C3%A9"),
                        ("repeat", "a=1&a=2&&b"), ("follow", "follow=true&lines=100")]:
        put("FuzzQueryParameters", name, query)
    put("FuzzFastCGIParameters", "post", "\0".join([
        "REQUEST_METHOD=POST", "REQUEST_URI=/api/agents?limit=5", "REMOTE_ADDR=127.0.0.1",
        "CONTENT_TYPE=application/json", "CONTENT_LENGTH=42", "HTTP_X_API_KEY=alk_x", "HTTP_HOST=127.0.0.1:8080",
        "HTTP_USER_AGENT=curl/8.0", "SERVER_PORT=8080", "SCRIPT_NAME=/api/agents"]))
    put("FuzzFastCGIParameters", "get", "\0".join([
        "REQUEST_METHOD=GET", "REQUEST_URI=/api/health", "HTTP_AUTHORIZATION=Bearer alk_y",
        "LAUNCHPAD_PROXY_STATUS=413", "CONTENT_LENGTH=-1"]))
    put("FuzzSemanticVersion", "releases", "1.0.0\n0.0.1\n10.20.30\nv2.3.4\n=1.2.3\n 1.2.3 ")
    put("FuzzSemanticVersion", "prereleases", "1.0.0-alpha\n1.0.0-alpha.1\n1.0.0-alpha.beta\n1.0.0-beta.11\n"
        "1.0.0-rc.1\n1.0.0-0.3.7\n1.0.0-x-y-z.--\n1.0.0+build.1\n1.0.0-rc.1+sha.5114f85")
    put("FuzzSemanticVersion", "invalid", "01.0.0\n1.0\n1.0.0-\n1.0.0-01\n9999999999999999.0.0\n1.0.0+\n1.2.3.4")
    put("FuzzPackageLock", "v3", json.dumps({"name": "app", "lockfileVersion": 3, "packages": {
        "": {"name": "app"}, "node_modules/lodash": {"version": "4.17.20"},
        "node_modules/@scope/pkg": {"version": "1.0.0"}, "node_modules/a/node_modules/ws": {"version": "7.4.5"},
        "packages/local": {"version": "0.1.0"}, "node_modules/linked": {"link": True, "resolved": "x"}}}))
    put("FuzzPackageLock", "v2", json.dumps({"lockfileVersion": 2, "packages": {
        "node_modules/minimist": {"name": "minimist", "version": "1.2.5"}}, "dependencies": {}}))
    put("FuzzPackageLock", "v1", json.dumps({"lockfileVersion": 1, "dependencies": {}}))
    for path in fixtures("zip/*.zip"):
        if os.path.getsize(path) < 65536:
            put("FuzzZipArchive", os.path.basename(path)[:-4], open(path, "rb").read())


if __name__ == "__main__":
    contract_cases()
    advisories()
    hand_written()
