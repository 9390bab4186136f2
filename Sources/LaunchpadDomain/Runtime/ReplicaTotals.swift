/// Replicas over every agent, for the health report and /metrics.
public struct ReplicaTotals: Sendable, Equatable {
    public var running: Int
    public var desired: Int
    /// Agents that have had fewer replicas ready than asked for longer than a deployment may take.
    public var shortAgents: Int
    /// Replicas that ended by themselves since launchpad started.
    public var restarts: Int

    public init(running: Int = 0, desired: Int = 0, shortAgents: Int = 0, restarts: Int = 0) {
        self.running = running
        self.desired = desired
        self.shortAgents = shortAgents
        self.restarts = restarts
    }
}
