/// The rate-limit verdict for one request, as the headers every limited response carries:
/// `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (epoch seconds), and
/// `Retry-After` on a refusal.
public struct RateLimitDecision: Sendable, Equatable {
    public var allowed: Bool
    public var limit: Int
    public var remaining: Int
    public var resetEpochSeconds: Int
    public var retryAfterSeconds: Int

    public init(allowed: Bool, limit: Int, remaining: Int, resetEpochSeconds: Int, retryAfterSeconds: Int = 0) {
        self.allowed = allowed
        self.limit = limit
        self.remaining = remaining
        self.resetEpochSeconds = resetEpochSeconds
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var headers: [String: String] {
        var headers = [
            "X-RateLimit-Limit": String(limit),
            "X-RateLimit-Remaining": String(remaining),
            "X-RateLimit-Reset": String(resetEpochSeconds),
        ]
        if !allowed { headers["Retry-After"] = String(retryAfterSeconds) }
        return headers
    }

    /// Sets the rate-limit headers on `response`.
    public func apply(to response: inout Response) {
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            response.headers.set(name, value)
        }
    }

    /// The 429 for a refused request, carrying the headers.
    public var refusal: HTTPError {
        HTTPError(.tooManyRequests, "Rate limit exceeded; retry after \(retryAfterSeconds) seconds", headers: headers)
    }
}
