import Foundation
import LaunchpadController

/// Where the controller's events go: lifecycle lines into the agent's log, first deployments into
/// the deploy-time estimate, samples into the metrics window, removals out of the log.
public struct AgentLifecycleEvents: ControllerEvents {
    let logs: AgentLogs
    let deployTimes: DeployTimes
    let window: MetricsWindow?
    /// Where a missed heartbeat is recorded, for the agent's owner; nil records none.
    let securityEvents: SecurityEventLog?
    let owners: AgentStore?

    public init(logs: AgentLogs, deployTimes: DeployTimes, window: MetricsWindow?, securityEvents: SecurityEventLog? = nil, owners: AgentStore? = nil) {
        self.logs = logs
        self.deployTimes = deployTimes
        self.window = window
        self.securityEvents = securityEvents
        self.owners = owners
    }

    public func heartbeatMissed(agentId: String, replica: String, silentFor seconds: TimeInterval) {
        let event = SecurityEvent(
            id: SecurityEvent.makeId(), type: .heartbeatMissed, severity: .low, agentId: agentId,
            message: "Replica \(replica) passed no health check for \(Int(seconds)) s and was restarted", timestamp: Date(),
            details: ["replica": replica, "silentSeconds": "\(Int(seconds))"])
        try? securityEvents?.record(event, ownerUserId: try? owners?.load(agentId)?.ownerId)
    }

    public func lifecycle(agentId: String, level: String, _ message: String) {
        logs.lifecycle(agentId: agentId, level: level, message)
    }

    public func firstDeployed(agentId: String, after seconds: TimeInterval) {
        deployTimes.record(seconds)
    }

    public func sampled(agentId: String, at time: Date, cpuCores: Double?, memoryBytes: Int) {
        window?.record(agentId, .init(timestamp: time, cpu: cpuCores, memory: memoryBytes))
    }

    public func removed(agentId: String) {
        try? logs.remove(agentId: agentId)
    }
}
