/// What a driver sees of one agent when the controller asks.
public struct DriverObservation: Sendable, Equatable {
    /// The replicas that exist now.
    public var replicas: [ReplicaReport]
    /// Replicas that ended by themselves since the last observation.
    public var terminations: [ReplicaTermination]
    public var probes: ProbeTally
    /// For a driver that rolls out by itself; nil for one the controller steps.
    public var rollout: RolloutProgress?

    public init(replicas: [ReplicaReport] = [], terminations: [ReplicaTermination] = [], probes: ProbeTally = ProbeTally(), rollout: RolloutProgress? = nil) {
        self.replicas = replicas
        self.terminations = terminations
        self.probes = probes
        self.rollout = rollout
    }
}
