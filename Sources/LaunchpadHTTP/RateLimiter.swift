/// The verdict of a rate limiter for one request.
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    /// Epoch seconds at which the budget is whole again.
    public var resetEpochSeconds: Int
    /// Seconds to wait before retrying, when refused.
    public var retryAfterSeconds: Int

    public init(allowed: Bool, limit: Int, remaining: Int, resetEpochSeconds: Int, retryAfterSeconds: Int = 0) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetEpochSeconds = resetEpochSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }
}

/// Decides whether a request may proceed. The identity layer provides the real one (GCRA per key).
public protocol RateLimiter: Sendable {
    func check(_ request: Request) -> RateLimitDecision
}

/// Puts `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` on every response,
/// errors included, and answers 429 `RESOURCE_LIMIT_EXCEEDED` with `Retry-After` when refused.
public struct RateLimitMiddleware: Middleware {
    public let limiter: any RateLimiter

    public init(limiter: any RateLimiter) {
        self.limiter = limiter
    }

    public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
        let decision = limiter.check(request)
        var response: Response
        if decision.allowed {
            do {
                response = try next(request)
            } catch {
                response = ErrorEnvelope.response(for: error, requestId: request.id)
            }
        } else {
            let refusal = APIError(
                .resourceLimitExceeded, "Rate limit exceeded; retry after \(decision.retryAfterSeconds) seconds",
                headers: ["Retry-After": String(decision.retryAfterSeconds)])
            response = ErrorEnvelope.response(for: refusal, requestId: request.id)
        }
        response.headers.set("X-RateLimit-Limit", String(decision.limit))
        response.headers.set("X-RateLimit-Remaining", String(decision.remaining))
        response.headers.set("X-RateLimit-Reset", String(decision.resetEpochSeconds))
        return response
    }
}
