import Foundation

/// Requests counted by route, method and status, and a histogram of their durations, for the
/// Prometheus text at GET /metrics.
public final class RequestMetrics: @unchecked Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    public static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    struct Key: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    /// One share of the counts, with its own lock. Every request thread records into the shard its
    /// thread id picks, so that two threads rarely wait for each other: with one lock, a thread
    /// preempted while holding it (64 request threads on two cores) made the others sleep on it,
    /// the most frequent futex wait of a keyed read. The exposition adds the shards up.
    private final class Shard: @unchecked Sendable {
        let lock = NSLock()
        var counts: [Key: Int] = [:]
        var bucketCounts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
        var durationSum = 0.0
        var durationCount = 0
    }

    private let shards: [Shard]

    /// - Parameter shards: how many shares the counts are kept in (at least 1).
    public init(shards: Int = 16) {
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    public func record(route: String, method: String, status: Int, seconds: Double) {
        let shard = shards[Self.shardIndex(count: shards.count)]
        shard.lock.lock()
        defer { shard.lock.unlock() }
        shard.counts[Key(route: route, method: method, status: status), default: 0] += 1
        for (index, bound) in Self.buckets.enumerated() where seconds <= bound { shard.bucketCounts[index] += 1 }
        shard.durationSum += seconds
        shard.durationCount += 1
    }

    /// The calling thread's shard: its pthread handle (the address of its thread block, a page or
    /// more apart from any other's) past the low bits that all such addresses share.
    private static func shardIndex(count: Int) -> Int {
        Int((UInt(pthread_self()) >> 12) % UInt(count))
    }

    public func exposition() -> String {
        var counts: [Key: Int] = [:]
        var buckets = [Int](repeating: 0, count: Self.buckets.count)
        var sum = 0.0
        var count = 0
        for shard in shards {
            shard.lock.lock()
            counts.merge(shard.counts, uniquingKeysWith: +)
            for index in buckets.indices { buckets[index] += shard.bucketCounts[index] }
            sum += shard.durationSum
            count += shard.durationCount
            shard.lock.unlock()
        }
        var text = "# HELP launchpad_http_requests_total Requests answered, by route, method and status.\n# TYPE launchpad_http_requests_total counter\n"
        for (key, value) in counts.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            text += "launchpad_http_requests_total{route=\"\(Self.escape(key.route))\",method=\"\(Self.escape(key.method))\",status=\"\(key.status)\"} \(value)\n"
        }
        text += "# HELP launchpad_http_request_duration_seconds Time from request to response inside launchpad.\n# TYPE launchpad_http_request_duration_seconds histogram\n"
        for (index, bound) in Self.buckets.enumerated() {
            text += "launchpad_http_request_duration_seconds_bucket{le=\"\(bound)\"} \(buckets[index])\n"
        }
        text += "launchpad_http_request_duration_seconds_bucket{le=\"+Inf\"} \(count)\n"
        text += "launchpad_http_request_duration_seconds_sum \(sum)\nlaunchpad_http_request_duration_seconds_count \(count)\n"
        return text
    }

    public static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Records every request in `RequestMetrics`: the matched route pattern (so that ids do not make a
/// label per agent), the method, the status and the duration.
public struct MetricsMiddleware: Middleware {
    public let metrics: RequestMetrics

    public init(metrics: RequestMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        try RequestTiming.measure(request, next: next) { status, elapsed in
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            metrics.record(route: request.context.route ?? "unmatched", method: request.method.rawValue, status: status, seconds: seconds)
        }
    }
}
