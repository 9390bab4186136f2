import LaunchpadCore
import LaunchpadDomain
import LaunchpadHTTP

/// AgentOS's per-operation rate limits (seed 002, `AgentOSRateLimits`), counted by the routes that
/// have them, after the key's own limit (`IdentityMiddleware`): only those routes pay for the
/// second count. A refusal is 429 `RESOURCE_LIMIT_EXCEEDED` in seed 001's envelope with
/// `Retry-After` and, as AgentOS answers it, `details.retryAfter` in seconds. The rate-limit headers
/// show whichever of the two limits has fewer requests left.
struct AgentOSLimit: Sendable {
    let services: Services

    /// Counts one `operation` for the request's key (authenticated already); throws the 429.
    func consume(_ operation: AgentOSRateLimits.Operation, _ request: Request) throws {
        let principal = try request.principal()
        let policy = services.configuration.rateLimits.agentOS.policy(for: operation)
        let decision = try services.rateLimiter.consume(AgentOSRateLimits.bucket(operation, keyId: principal.keyId), policy: policy).decision
        guard decision.allowed else {
            request.context.rateLimit = decision
            throw DomainError(
                .limitExceeded,
                "Rate limit exceeded: \(policy.limit) \(operation.rawValue) requests per \(policy.periodSeconds) s for each key (AgentOS); retry after \(decision.retryAfterSeconds) seconds",
                details: RetryAfter(retryAfter: decision.retryAfterSeconds), retryAfterSeconds: decision.retryAfterSeconds)
        }
        if decision.remaining < request.context.rateLimit?.remaining ?? .max {
            request.context.rateLimit = decision
        }
    }

    /// The refusal's details.
    struct RetryAfter: Encodable, Sendable {
        let retryAfter: Int
    }
}
