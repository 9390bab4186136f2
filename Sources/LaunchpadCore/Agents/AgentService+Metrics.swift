import Foundation
import LaunchpadDomain

extension AgentService {
    /// The agent's measured CPU, memory, probe traffic and probe requests.
    public func metrics(_ agentId: String, for principal: Principal, now: Date = Date()) throws -> AgentMetricsReport {
        let agent = try visibleAgent(agentId, to: principal)
        let measured = runtime?.measure(agentId) ?? AgentMeasurements()
        let cpuLimit = Double(agent.resources.millicores * max(1, agent.resources.replicas)) / 1000
        let memoryLimit = Double(agent.resources.memoryBytes * max(1, agent.resources.replicas))
        // With no replica asked for, nothing runs: zero is measured, not assumed.
        let idle = agent.resources.replicas == 0 && measured.sampledAt == nil
        let cpu = idle ? 0 : measured.cpuCores
        let memory = idle ? 0 : measured.memoryBytes.map(Double.init)
        return AgentMetricsReport(
            agentId: agent.agentId,
            metrics: .init(
                cpu: .init(usage: cpu.map { ($0 * 1000).rounded() / 1000 }, limit: cpuLimit, percentage: cpu.map { oneDecimal($0 / cpuLimit * 100) }),
                memory: .init(usage: memory, limit: memoryLimit, percentage: memory.map { oneDecimal($0 / memoryLimit * 100) }),
                network: .init(bytesIn: measured.bytesIn, bytesOut: measured.bytesOut),
                requests: .init(total: measured.requests, success: measured.successes, errors: measured.errors, rate: (measured.rate * 100).rounded() / 100)),
            timestamp: now)
    }

    /// Agents by status, deployment outcomes, and the host's resources.
    public func systemMetrics(host: HostResources, dataDirectory: String, now: Date = Date()) throws -> SystemMetricsReport {
        let counts = try store.statusCounts()
        let outcomes = try store.deploymentOutcomes()
        let finished = outcomes.successful + outcomes.failed
        return SystemMetricsReport(
            system: .init(
                totalAgents: counts.values.reduce(0, +),
                runningAgents: counts[AgentStatus.deployed.rawValue] ?? 0,
                failedAgents: counts[AgentStatus.failed.rawValue] ?? 0,
                agentsByStatus: counts,
                deployments: .init(
                    successful: outcomes.successful, failed: outcomes.failed,
                    successRate: finished == 0 ? nil : oneDecimal(Double(outcomes.successful) / Double(finished) * 100))),
            resources: .init(cpu: host.cpu(), memory: host.memory(), storage: host.storage(of: dataDirectory)),
            timestamp: now)
    }
}
