import Foundation
import LaunchpadCore

/// GET /api/agents/{id}/metrics (seed 001, "Get Agent Metrics"). Every field of the seed is always
/// present: a figure not measured yet is 0 (see README, "Compatibility notes").
struct AgentMetricsAnswer: Encodable {
    struct Usage<Amount: Encodable>: Encodable {
        var usage: Amount
        var limit: Amount
        var percentage: Double
    }

    struct Network: Encodable {
        var bytesIn: Int
        var bytesOut: Int
    }

    struct Requests: Encodable {
        var total: Int
        var success: Int
        var errors: Int
        var rate: Double
    }

    struct Metrics: Encodable {
        var cpu: Usage<Double>
        var memory: Usage<Int>
        var network: Network
        var requests: Requests
    }

    struct Sample: Encodable {
        var timestamp: Date
        var cpu: Double?
        var memory: Int
    }

    var agentId: String
    var metrics: Metrics
    var timestamp: Date
    /// The samples kept in the window, when asked for with `?window=15m`.
    var history: [Sample]?

    init(_ report: AgentMetricsReport, history: [MetricsWindow.Sample]?) {
        let figures = report.metrics
        agentId = report.agentId
        metrics = Metrics(
            cpu: Usage(usage: figures.cpu.usage, limit: figures.cpu.limit, percentage: figures.cpu.percentage),
            memory: Usage(usage: figures.memory.usage, limit: figures.memory.limit, percentage: figures.memory.percentage),
            network: Network(bytesIn: figures.network.bytesIn, bytesOut: figures.network.bytesOut),
            requests: Requests(total: figures.requests.total, success: figures.requests.success, errors: figures.requests.errors, rate: figures.requests.rate))
        timestamp = report.timestamp
        self.history = history?.map { Sample(timestamp: $0.timestamp, cpu: $0.cpu, memory: $0.memory) }
    }
}

/// GET /api/system/metrics (seed 001, "System Metrics"). Every field of the seed is always present.
struct SystemMetricsAnswer: Encodable {
    struct Deployments: Encodable {
        var successful: Int
        var failed: Int
        var successRate: Double
    }

    struct System: Encodable {
        var totalAgents: Int
        var runningAgents: Int
        var failedAgents: Int
        var agentsByStatus: [String: Int]
        var deployments: Deployments
    }

    struct Resource<Amount: Encodable>: Encodable {
        var total: Amount
        var used: Amount
        var percentage: Double
    }

    struct Resources: Encodable {
        var cpu: Resource<Double>
        var memory: Resource<Int>
        var storage: Resource<Int>
    }

    var system: System
    var resources: Resources
    var timestamp: Date

    init(_ report: SystemMetricsReport) {
        let (counts, host) = (report.system, report.resources)
        system = System(
            totalAgents: counts.totalAgents, runningAgents: counts.runningAgents, failedAgents: counts.failedAgents,
            agentsByStatus: counts.agentsByStatus,
            deployments: Deployments(
                successful: counts.deployments.successful, failed: counts.deployments.failed, successRate: counts.deployments.successRate))
        resources = Resources(
            cpu: Resource(total: host.cpu.total, used: host.cpu.used, percentage: host.cpu.percentage),
            memory: Resource(total: host.memory.total, used: host.memory.used, percentage: host.memory.percentage),
            storage: Resource(total: host.storage.total, used: host.storage.used, percentage: host.storage.percentage))
        timestamp = report.timestamp
    }
}
