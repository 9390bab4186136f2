/// The readiness checks a driver sent to an agent's replicas since it was last asked: for the
/// agent's metrics (requests, errors, bytes).
public struct ProbeTally: Sendable, Equatable {
    public var requests = 0
    public var successes = 0
    public var errors = 0
    public var bytesSent = 0
    public var bytesReceived = 0

    public init(requests: Int = 0, successes: Int = 0, errors: Int = 0, bytesSent: Int = 0, bytesReceived: Int = 0) {
        self.requests = requests
        self.successes = successes
        self.errors = errors
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }
}
