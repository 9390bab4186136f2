import Foundation

/// One replica as its driver sees it now.
public struct ReplicaReport: Sendable, Equatable {
    /// The replica's name (a pod's name, for a cluster), unique among the agent's replicas.
    public var name: String
    public var generation: Int
    public var endpoint: ReplicaEndpoint?
    /// Since when it passes its readiness check; nil while it does not.
    public var readySince: Date?
    public var startedAt: Date
    /// Restarts the driver made itself (a cluster restarts crashed containers in place).
    public var restarts: Int
    /// The last readiness check's duration, in milliseconds.
    public var lastProbeMilliseconds: Double?
    /// Why the last readiness check failed, while it is not ready.
    public var notReadyReason: String?
    /// Where it runs, for people reading its log: `pid 4242`, `node worker-1`.
    public var placement: String?
    /// Its heartbeat: when its health check last passed; nil before the first, and always for a
    /// driver that does not report heartbeats (then none is enforced).
    public var lastHeartbeat: Date?

    public var isReady: Bool { readySince != nil }

    public init(name: String, generation: Int, endpoint: ReplicaEndpoint? = nil, readySince: Date? = nil, startedAt: Date, restarts: Int = 0, lastProbeMilliseconds: Double? = nil, notReadyReason: String? = nil, placement: String? = nil, lastHeartbeat: Date? = nil) {
        self.name = name
        self.generation = generation
        self.endpoint = endpoint
        self.readySince = readySince
        self.startedAt = startedAt
        self.restarts = restarts
        self.lastProbeMilliseconds = lastProbeMilliseconds
        self.notReadyReason = notReadyReason
        self.placement = placement
        self.lastHeartbeat = lastHeartbeat
    }
}
