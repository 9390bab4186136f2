/// What a health probe found.
public enum HealthProbeResult: Sendable, Equatable {
    /// The endpoint answered 200, in this time (connect to status line).
    case healthy(responseTime: Duration)
    /// It did not: the reason says why (refused, timed out, another status).
    case unhealthy(reason: String)

    public var isHealthy: Bool {
        if case .healthy = self { return true }
        return false
    }
}
