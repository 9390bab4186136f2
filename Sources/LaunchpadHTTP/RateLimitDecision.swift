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
        Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0.value) })
    }

    /// The headers in the order they are sent (by name).
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(4)
        forEachField { fields.append(($0, $1)) }
        return fields
    }

    /// Sets the rate-limit headers on `response`, with no list of them in between: this runs for
    /// every request of a limited route.
    public func apply(to response: inout Response) {
        forEachField { response.headers.set($0, $1) }
    }

    /// Each header's name and value, in the order they are sent.
    private func forEachField(_ body: (String, String) -> Void) {
        if !allowed { body("Retry-After", String(retryAfterSeconds)) }
        body("X-RateLimit-Limit", String(limit))
        body("X-RateLimit-Remaining", String(remaining))
        body("X-RateLimit-Reset", String(resetEpochSeconds))
    }

    /// How many headers `apply` sets at most.
    static let maximumFieldCount = 4

    /// The 429 for a refused request, carrying the headers.
    public var refusal: HTTPError {
        HTTPError(.tooManyRequests, "Rate limit exceeded; retry after \(retryAfterSeconds) seconds", headers: headers)
    }
}
