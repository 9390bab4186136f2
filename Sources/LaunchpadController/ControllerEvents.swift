import Foundation

/// What the controller tells the rest of the server as it works: lifecycle lines for the agent's
/// log, deployment times, CPU and memory samples, removals.
public protocol ControllerEvents: Sendable {
    /// A line of launchpad's own about the agent (deploying, a replica started, failed and why).
    func lifecycle(agentId: String, level: String, _ message: String)
    /// The agent reached DEPLOYED for the first time, `seconds` after it was created.
    func firstDeployed(agentId: String, after seconds: TimeInterval)
    /// The agent's replicas used `cpuCores` (nil before a second sample) and `memoryBytes` at `time`.
    func sampled(agentId: String, at time: Date, cpuCores: Double?, memoryBytes: Int)
    /// The agent's record is gone: what else was kept for it may go.
    func removed(agentId: String)
    /// A ready replica's health check has not passed for `silentFor` seconds: it is being restarted.
    func heartbeatMissed(agentId: String, replica: String, silentFor seconds: TimeInterval)
}

extension ControllerEvents {
    public func heartbeatMissed(agentId: String, replica: String, silentFor seconds: TimeInterval) {}
}
