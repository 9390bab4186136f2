#!/usr/bin/env python3
"""Where a request's CPU time goes in launchpad: reads `perf report --children` text (names already
through `swift demangle --simplified`) and prints, for the parts of the request path, the share of
launchpad's samples spent in each (its callees included) and the microseconds per request that share
is, given the requests answered while perf recorded. Then the symbols with the most self time.

    profile-summary.py REPORT --requests N

Used by `BENCH_PROFILE=1 make bench` (scripts/bench.sh).
"""
import argparse
import re

# (label, substrings of the demangled symbols; for each substring the first symbol that holds it
# counts, and a part is the sum of those: they name functions that do not call each other)
PARTS = [
    ("request threads' user code (the transport's serve)", ["FastCGIServer.serve(", "EventLoopServer.serve("]),
    ("  reading the socket (event loop)", ["EventLoopConnection.readAvailable("]),
    ("  parameters into a Request", ["FastCGIParameters.init(environment:)", "EventLoopConnection.nextRequest("]),
    ("  response head and body (libfcgi, or the loop's buffer)", ["FastCGIResponseWriter.writeHead", "FastCGIResponseWriter.writeBody"]),
    ("  records sent (event loop)", ["EventLoopConnection.endRequest("]),
    ("  the connection armed again (event loop)", ["EventLoopServer.finish("]),
    ("  Responder.respond (everything below)", ["Responder.respond(to:)"]),
    ("    request id", ["RequestID.make()"]),
    ("    path segments", ["Request.pathSegments()"]),
    ("    routing", ["Router.match("]),
    ("    access log line", ["closure #1 in AccessLogMiddleware.handle"]),
    ("    request metrics (record)", ["RequestMetrics.record("]),
    ("    authentication (key, rate limit)", ["IdentityMiddleware.authenticate("]),
    ("      key lookup (SHA-256, LMDB read, record)", ["IdentityService.authenticate("]),
    ("      rate-limit write transaction", ["RateLimiter.consume("]),
    ("    the status handler's service call", ["AgentService.status("]),
    ("      agent record (LMDB read, decode cache)", ["AgentStore.load("]),
    ("    JSON encoding of the answer", ["JSON.encode<"]),
    ("kernel (socket reads and writes, scheduling), all threads", None),
    ("allocation (malloc, free) wherever it happens", ["malloc", "_int_malloc", "cfree", "_int_free", "free"]),
    ("reference counting wherever it happens", ["swift_retain", "swift_release", "swift_bridgeObjectRelease", "swift_bridgeObjectRetain"]),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("report")
    parser.add_argument("--requests", type=float, required=True, help="requests answered while perf recorded")
    args = parser.parse_args()

    lines = open(args.report).read().splitlines()
    event_ns = 0.0
    rows = []  # (children %, self %, symbol, kernel)
    for line in lines:
        found = re.match(r"# Event count \(approx\.\): (\d+)", line)
        if found:
            event_ns = float(found.group(1))
        found = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[([.k])\]\s+(.*?)\s*(-\s+-\s*)?$", line)
        if found:
            rows.append((float(found.group(1)), float(found.group(2)), found.group(4), found.group(3) == "k"))
    if not rows or not event_ns:
        raise SystemExit("profile-summary: no samples in the report")
    per_request_us = event_ns / 1000 / args.requests
    print(f"launchpad CPU per request: {per_request_us:.1f} µs ({event_ns / 1e9:.2f} CPU-s for {args.requests:.0f} requests)")
    print(f"  {'part':<52} {'share':>7} {'µs/req':>7}")
    for label, names in PARTS:
        if names is None:
            share = sum(self_share for _, self_share, _, kernel in rows if kernel)
        elif label.startswith("allocation") or label.startswith("reference"):
            share = sum(self_share for _, self_share, symbol, _ in rows if symbol in names)
        else:
            share = sum(next((children for children, _, symbol, _ in rows if name in symbol), 0.0) for name in names)
        print(f"  {label:<52} {share:6.1f}% {share / 100 * per_request_us:7.2f}")
    print("  top self time:")
    for children, self_share, symbol, _ in sorted(rows, key=lambda row: -row[1])[:15]:
        print(f"    {self_share:5.1f}% {self_share / 100 * per_request_us:6.2f} µs  {symbol[:110]}")


if __name__ == "__main__":
    main()
