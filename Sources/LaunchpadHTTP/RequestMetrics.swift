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

    private let lock = NSLock()
    private var counts: [Key: Int] = [:]
    private var bucketCounts = [Int](repeating: 0, count: RequestMetrics.buckets.count)
    private var durationSum = 0.0
    private var durationCount = 0

    public init() {}

    public func record(route: String, method: String, status: Int, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        counts[Key(route: route, method: method, status: status), default: 0] += 1
        for (index, bound) in Self.buckets.enumerated() where seconds <= bound { bucketCounts[index] += 1 }
        durationSum += seconds
        durationCount += 1
    }

    /// The Prometheus text of these metrics.
    public func exposition() -> String {
        lock.lock()
        let counts = self.counts
        let buckets = bucketCounts
        let sum = durationSum
        let count = durationCount
        lock.unlock()
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

    /// A label value: backslash, quote and newline escaped.
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
