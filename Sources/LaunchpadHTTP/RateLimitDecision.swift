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

    /// The headers in the order they are sent (by name), built without a dictionary: this runs
    /// for every request of a limited route.
    public var fields: [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(4)
        if !allowed { fields.append(("Retry-After", String(retryAfterSeconds))) }
        fields.append(("X-RateLimit-Limit", String(limit)))
        fields.append(("X-RateLimit-Remaining", String(remaining)))
        fields.append(("X-RateLimit-Reset", String(resetEpochSeconds)))
        return fields
    }

    /// Sets the rate-limit headers on `response`.
    public func apply(to response: inout Response) {
        for (name, value) in fields {
            response.headers.set(name, value)
        }
    }

    /// The 429 for a refused request, carrying the headers.
    public var refusal: HTTPError {
        HTTPError(.tooManyRequests, "Rate limit exceeded; retry after \(retryAfterSeconds) seconds", headers: headers)
    }
}
