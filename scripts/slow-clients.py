#!/usr/bin/env python3
"""The slow-connection attack of issue 11 (part 7), and a health probe to run during it.

  slow-clients.py attack --port P [--connections 1100] [--seconds 30] [--sources 8]
      Holds CONNECTIONS connections to 127.0.0.1:P, each sending a request's headers a line a
      second and never finishing them, from 127.0.0.2 ... 127.0.0.(1+SOURCES) (Linux routes all of
      127.0.0.0/8 to loopback). A connection the server closes is opened again at once. At the end
      it prints one JSON line: connections opened, closed by the server, and how long those lived.

  slow-clients.py probe --port P [--seconds 30] [--interval 0.05] [--timeout 2] [--path /api/health]
      Sends GET PATH on a new connection every INTERVAL seconds, as a load balancer's health check
      would, and prints one JSON line: probes sent, failed (no answer within TIMEOUT seconds, or a
      status other than 200), and latency percentiles.

make bench runs both together; FaultTests/SlowClientTests runs the attack while it probes itself.
Python standard library only.
"""
import argparse
import errno
import json
import resource
import selectors
import socket
import statistics
import time


def raise_descriptor_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


class SlowConnection:
    def __init__(self, port, source, number):
        self.opened_at = time.monotonic()
        self.lines_sent = 0
        self.number = number
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.setblocking(False)
        self.socket.bind((source, 0))
        code = self.socket.connect_ex(("127.0.0.1", port))
        if code not in (0, errno.EINPROGRESS):
            self.socket.close()
            raise OSError(code, "connect failed")
        self.connected = False

    def next_line(self):
        """The request line first, then one more header line each time: never the blank line."""
        self.lines_sent += 1
        if self.lines_sent == 1:
            return b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        return b"X-Slow-%d: %d\r\n" % (self.lines_sent, self.number)


def attack(args):
    raise_descriptor_limit()
    selector = selectors.DefaultSelector()
    sources = ["127.0.0.%d" % (2 + index) for index in range(args.sources)]
    stats = {"connections": args.connections, "opened": 0, "closedByServer": 0, "connectFailures": 0}
    lifetimes = []
    serial = 0

    def open_one():
        nonlocal serial
        serial += 1
        try:
            connection = SlowConnection(args.port, sources[serial % len(sources)], serial)
        except OSError:
            stats["connectFailures"] += 1
            return False
        selector.register(connection.socket, selectors.EVENT_WRITE, connection)
        stats["opened"] += 1
        return True

    def close(connection, by_server):
        selector.unregister(connection.socket)
        connection.socket.close()
        if by_server:
            stats["closedByServer"] += 1
            lifetimes.append(time.monotonic() - connection.opened_at)

    for _ in range(args.connections):
        open_one()
    deadline = time.monotonic() + args.seconds
    next_trickle = time.monotonic() + 1
    missing = 0
    while time.monotonic() < deadline:
        for key, _ in selector.select(timeout=0.1):
            connection = key.data
            if not connection.connected:
                if connection.socket.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) != 0:
                    close(connection, by_server=False)
                    stats["connectFailures"] += 1
                    missing += 1
                    continue
                connection.connected = True
                try:
                    connection.socket.send(connection.next_line())
                except OSError:
                    close(connection, by_server=True)
                    missing += 1
                    continue
                selector.modify(connection.socket, selectors.EVENT_READ, connection)
                continue
            try:
                data = connection.socket.recv(4096)
            except OSError:
                data = b""
            if not data:  # closed (or reset) by the server: its header timeout
                close(connection, by_server=True)
                missing += 1
        while missing > 0 and open_one():
            missing -= 1
        if time.monotonic() >= next_trickle:
            next_trickle += 1
            for key in list(selector.get_map().values()):
                connection = key.data
                if connection.connected:
                    try:
                        connection.socket.send(connection.next_line())
                    except OSError:
                        close(connection, by_server=True)
                        missing += 1
    stats["held"] = len(selector.get_map())
    for key in list(selector.get_map().values()):
        close(key.data, by_server=False)
    stats["medianLifetimeSeconds"] = round(statistics.median(lifetimes), 2) if lifetimes else None
    stats["maxLifetimeSeconds"] = round(max(lifetimes), 2) if lifetimes else None
    print(json.dumps(stats), flush=True)


def probe_once(port, path, timeout):
    """(milliseconds, None) for a 200, or (milliseconds, what went wrong)."""
    started = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
            connection.settimeout(max(0.001, timeout - (time.monotonic() - started)))
            connection.sendall(b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path.encode())
            answer = b""
            while True:
                data = connection.recv(65536)
                if not data:
                    break
                answer += data
        elapsed = (time.monotonic() - started) * 1000
        status = answer.split(b" ", 2)[1].decode() if answer.startswith(b"HTTP/") else "no answer"
        return elapsed, None if status == "200" else "status " + status
    except socket.timeout:
        return (time.monotonic() - started) * 1000, "timeout"
    except OSError as error:
        return (time.monotonic() - started) * 1000, errno.errorcode.get(error.errno, str(error))


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def probe(args):
    latencies, failures = [], {}
    deadline = time.monotonic() + args.seconds
    while time.monotonic() < deadline:
        started = time.monotonic()
        elapsed, failure = probe_once(args.port, args.path, args.timeout)
        latencies.append(elapsed)
        if failure:
            failures[failure] = failures.get(failure, 0) + 1
        time.sleep(max(0, args.interval - (time.monotonic() - started)))
    print(json.dumps({
        "sent": len(latencies), "failed": sum(failures.values()), "failures": failures,
        "p50Ms": round(percentile(latencies, 0.50), 2), "p99Ms": round(percentile(latencies, 0.99), 2),
        "maxMs": round(max(latencies), 2),
    }), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    attacking = commands.add_parser("attack")
    attacking.add_argument("--port", type=int, required=True)
    attacking.add_argument("--connections", type=int, default=1100)
    attacking.add_argument("--seconds", type=float, default=30)
    attacking.add_argument("--sources", type=int, default=8)
    probing = commands.add_parser("probe")
    probing.add_argument("--port", type=int, required=True)
    probing.add_argument("--seconds", type=float, default=30)
    probing.add_argument("--interval", type=float, default=0.05)
    probing.add_argument("--timeout", type=float, default=2)
    probing.add_argument("--path", default="/api/health")
    args = parser.parse_args()
    attack(args) if args.command == "attack" else probe(args)


if __name__ == "__main__":
    main()
