import Foundation

/// What the runtime sees of an agent right now.
public struct AgentObservation: Sendable, Equatable {
    public var runningReplicas: Int
    public var readyReplicas: Int
    /// Since the oldest ready replica became ready.
    public var readySince: Date?
    public var lastProbeMilliseconds: Double?
    /// The newest heartbeat (a passed health check) of its replicas.
    public var lastHeartbeat: Date?

    public init(runningReplicas: Int = 0, readyReplicas: Int = 0, readySince: Date? = nil, lastProbeMilliseconds: Double? = nil, lastHeartbeat: Date? = nil) {
        self.runningReplicas = runningReplicas
        self.readyReplicas = readyReplicas
        self.readySince = readySince
        self.lastProbeMilliseconds = lastProbeMilliseconds
        self.lastHeartbeat = lastHeartbeat
    }
}
