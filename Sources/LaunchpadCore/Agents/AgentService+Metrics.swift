import Foundation
import LaunchpadDomain

extension AgentService {
    /// The agent's measured CPU, memory, probe traffic and probe requests. A figure not measured
    /// yet (CPU needs two samples, memory one; an agent with no replicas has none) is 0.
    public func metrics(_ agentId: String, for principal: Principal, now: Date = Date()) throws -> AgentMetricsReport {
        let agent = try visibleAgent(agentId, to: principal)
        let measured = runtime?.measure(agentId) ?? AgentMeasurements()
        let cpuLimit = Double(agent.resources.millicores * max(1, agent.resources.replicas)) / 1000
        let memoryLimit = agent.resources.memoryBytes * max(1, agent.resources.replicas)
        let cpu = ((measured.cpuCores ?? 0) * 1000).rounded() / 1000
        let memory = measured.memoryBytes ?? 0
        return AgentMetricsReport(
            agentId: agent.agentId,
            metrics: .init(
                cpu: .init(usage: cpu, limit: cpuLimit, percentage: percentage(cpu, of: cpuLimit)),
                memory: .init(usage: memory, limit: memoryLimit, percentage: percentage(Double(memory), of: Double(memoryLimit))),
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
                    successRate: percentage(Double(outcomes.successful), of: Double(finished)))),
            resources: .init(cpu: host.cpu(), memory: host.memory(), storage: host.storage(of: dataDirectory)),
            timestamp: now)
    }
}
