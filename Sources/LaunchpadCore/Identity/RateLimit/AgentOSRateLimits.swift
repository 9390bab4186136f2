/// AgentOS's limits per operation (seed 002: reads 200 an hour, writes 100, messages 60, workflow
/// runs 100), on its routes in seed 001's namespace. They are counted per key, each operation in a
/// bucket of its own (`bucket(_:keyId:)`), by the same `RateLimiter` as the key's own limit, which
/// those routes pass first.
///
/// Per key, where AgentOS counts per address: every one of these routes is authenticated, so the
/// key names the tenant; behind nginx (and any proxy or NAT before it) an address can be many
/// users, or one user many addresses. nginx already limits each address as a whole.
public struct AgentOSRateLimits: Sendable, Equatable {
    /// The kinds of operation seed 002 limits.
    public enum Operation: String, Sendable, CaseIterable {
        case read
        case write
        case message
        case workflowRun = "workflow-run"
    }

    public var read = RateLimitPolicy(limit: 200, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0)
    public var write = RateLimitPolicy(limit: 100, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0)
    public var message = RateLimitPolicy(limit: 60, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0)
    public var workflowRun = RateLimitPolicy(limit: 100, periodSeconds: 3600, burst: 0, burstPeriodSeconds: 0)

    public init() {}

    /// The policy of `operation`.
    public func policy(for operation: Operation) -> RateLimitPolicy {
        switch operation {
        case .read: read
        case .write: write
        case .message: message
        case .workflowRun: workflowRun
        }
    }

    /// Sets the policy of `operation`.
    public mutating func set(_ operation: Operation, _ policy: RateLimitPolicy) {
        switch operation {
        case .read: read = policy
        case .write: write = policy
        case .message: message = policy
        case .workflowRun: workflowRun = policy
        }
    }

    /// Where `operation`'s count for key `keyId` is kept: `agentos-message:key_…`.
    public static func bucket(_ operation: Operation, keyId: String) -> String {
        "agentos-\(operation.rawValue):\(keyId)"
    }
}
