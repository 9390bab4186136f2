import Foundation
import LaunchpadController

/// Where the controller's events go: lifecycle lines into the agent's log, first deployments into
/// the deploy-time estimate, samples into the metrics window, removals out of the log.
public struct AgentLifecycleEvents: ControllerEvents {
    let logs: AgentLogs
    let deployTimes: DeployTimes
    let window: MetricsWindow?

    public init(logs: AgentLogs, deployTimes: DeployTimes, window: MetricsWindow?) {
        self.logs = logs
        self.deployTimes = deployTimes
        self.window = window
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
