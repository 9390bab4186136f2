import Foundation
import LaunchpadAgentProtocol
import LaunchpadHTTP

/// What `GET /v1/metrics` reports, counted as requests pass: requests by agent, endpoint and
/// status, their durations (a histogram per endpoint), and tokens by agent and type.
final class AgentSpecMetrics: @unchecked Sendable {
    private struct RequestKey: Hashable { var agent: String, endpoint: String, status: Int }
    private struct TokenKey: Hashable { var agent: String, type: String }

    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var durations: [String: (counts: [Int], sum: Double, count: Int)] = [:]
    private var tokens: [TokenKey: Int] = [:]

    func record(agent: String, endpoint: String, status: Int, seconds: Double) {
        lock.withLock {
            requests[RequestKey(agent: agent, endpoint: endpoint, status: status), default: 0] += 1
            var entry = durations[endpoint] ?? (Array(repeating: 0, count: Self.buckets.count), 0, 0)
            for (index, bound) in Self.buckets.enumerated() where seconds <= bound { entry.counts[index] += 1 }
            entry.sum += seconds
            entry.count += 1
            durations[endpoint] = entry
        }
    }

    func record(agent: String, usage: TokenUsage) {
        lock.withLock {
            tokens[TokenKey(agent: agent, type: "input"), default: 0] += usage.input
            tokens[TokenKey(agent: agent, type: "output"), default: 0] += usage.output
        }
    }

    /// The Prometheus text exposition, with `activeSessions` as a gauge.
    func exposition(activeSessions: Int) -> String {
        lock.withLock {
            var text = "# HELP agentspec_requests_total Requests by agent, endpoint and status.\n# TYPE agentspec_requests_total counter\n"
            for (key, value) in requests.sorted(by: { ($0.key.agent, $0.key.endpoint, $0.key.status) < ($1.key.agent, $1.key.endpoint, $1.key.status) }) {
                text += "agentspec_requests_total{agent=\"\(Self.escape(key.agent))\",endpoint=\"\(key.endpoint)\",status=\"\(key.status)\"} \(value)\n"
            }
            text += "# HELP agentspec_request_duration_seconds Request duration by endpoint.\n# TYPE agentspec_request_duration_seconds histogram\n"
            for (endpoint, entry) in durations.sorted(by: { $0.key < $1.key }) {
                for (index, bound) in Self.buckets.enumerated() {
                    text += "agentspec_request_duration_seconds_bucket{endpoint=\"\(endpoint)\",le=\"\(bound)\"} \(entry.counts[index])\n"
                }
                text += "agentspec_request_duration_seconds_bucket{endpoint=\"\(endpoint)\",le=\"+Inf\"} \(entry.count)\n"
                text += "agentspec_request_duration_seconds_sum{endpoint=\"\(endpoint)\"} \(entry.sum)\n"
                text += "agentspec_request_duration_seconds_count{endpoint=\"\(endpoint)\"} \(entry.count)\n"
            }
            text += "# HELP agentspec_tokens_total Tokens by agent and type (input, output).\n# TYPE agentspec_tokens_total counter\n"
            for (key, value) in tokens.sorted(by: { ($0.key.agent, $0.key.type) < ($1.key.agent, $1.key.type) }) {
                text += "agentspec_tokens_total{agent=\"\(Self.escape(key.agent))\",type=\"\(key.type)\"} \(value)\n"
            }
            text += "# HELP agentspec_active_sessions Sessions kept.\n# TYPE agentspec_active_sessions gauge\nagentspec_active_sessions \(activeSessions)\n"
            return text
        }
    }

    private static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}

/// Counts each request of the group in `AgentSpecMetrics`: its route as the endpoint, and the
/// agent it named when it was found (a refused name is not a label, so labels stay bounded).
struct AgentSpecMetricsMiddleware: Middleware {
    let metrics: AgentSpecMetrics
    let renderer: any ErrorRenderer

    func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        let start = ContinuousClock.now
        let response: Response
        do { response = try next(request) } catch { response = renderer.response(for: error, to: request) }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let segments = request.rawPath.split(separator: "/")
        let agent = response.status < 400 && segments.count >= 3 && segments[1] == "agents" ? String(segments[2].prefix(64)) : ""
        metrics.record(agent: agent, endpoint: request.context.route ?? "unmatched", status: response.status, seconds: seconds)
        return response
    }
}
