import Foundation
import LaunchpadCore
import LaunchpadDomain

/// POST /api/agents.
struct CreateAgentAnswer: Encodable {
    var agentId: String
    var status: AgentStatus
    var createdAt: Date
    var estimatedDeployTime: String
}

/// One entry of GET /api/agents.
struct AgentSummaryBody: Encodable {
    var agentId: String
    var name: String
    var status: AgentStatus
    var owner: String
    var createdAt: Date
    var url: AgentURLBody

    init(_ agent: AgentSummary, urls: AgentURLTemplate) {
        (agentId, name, status, owner, createdAt) = (agent.agentId, agent.name, agent.status, agent.ownerId, agent.createdAt)
        url = AgentURLBody(urls: urls, agentId: agent.agentId)
    }
}

/// GET /api/agents: the page's summaries as the service gives them, each an `AgentSummaryBody`
/// in the answer (made only when encoded: `JSONWritable` writes them straight from the summaries).
struct AgentListAnswer: Encodable {
    var agents: [AgentSummary]
    var urls: AgentURLTemplate
    var total: Int
    var limit: Int
    var offset: Int

    enum CodingKeys: String, CodingKey { case agents, total, limit, offset }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agents.map { AgentSummaryBody($0, urls: urls) }, forKey: .agents)
        try container.encode(total, forKey: .total)
        try container.encode(limit, forKey: .limit)
        try container.encode(offset, forKey: .offset)
    }
}

/// GET /api/agents/{id} and PUT's answer: the whole record, secrets shown as `***`.
struct AgentDetailsAnswer: Encodable {
    struct Transition: Encodable {
        var status: AgentStatus
        var at: Date
        var reason: String?
    }

    var agentId: String
    var name: String
    var description: String
    var owner: String
    var status: AgentStatus
    var reason: String?
    var personality: PersonalityBody
    var selectedPlugins: [String]
    var resources: ResourcesBody
    var platforms: [String: [String: String]]
    var url: String
    var generation: Int
    var createdAt: Date
    var updatedAt: Date
    var deployedAt: Date?
    var transitions: [Transition]
    /// Shown only for a private agent: public is the default.
    var access: AgentAccess?

    init(_ agent: Agent, url: String) {
        agentId = agent.agentId
        name = agent.name
        description = agent.description
        owner = agent.ownerId
        status = agent.status
        reason = agent.reason
        personality = PersonalityBody(agent.personality)
        selectedPlugins = agent.plugins
        resources = ResourcesBody(agent.resources)
        platforms = agent.maskedPlatforms
        self.url = url
        generation = agent.generation
        createdAt = agent.createdAt
        updatedAt = agent.updatedAt
        deployedAt = agent.deployedAt
        transitions = agent.transitions.map { Transition(status: $0.status, at: $0.at, reason: $0.reason) }
        access = agent.access == .private ? .private : nil
    }
}

/// GET /api/agents/{id}/status (seed 001, "Get Agent Status").
struct AgentStatusAnswer: Encodable {
    struct Health: Encodable {
        var overall: String
        var kubernetes: Runtime
        var application: Application
    }

    /// The runtime's view, under the seed's name `kubernetes`.
    struct Runtime: Encodable {
        var status: String
        var replicas: Int
        var readyReplicas: Int
    }

    struct Application: Encodable {
        var status: String
        /// `"2h 15m"`; nil when no replica is ready.
        var uptime: String?
        /// The health probe's last response time, `"3ms"`; nil when no replica answered.
        var responseTime: String?
    }

    var agentId: String
    var status: AgentStatus
    var reason: String?
    var url: AgentURLBody
    var health: Health
    var deployedAt: Date?
    var lastUpdated: Date

    init(_ health: AgentHealth, urls: AgentURLTemplate, now: Date) {
        let (agent, seen) = (health.agent, health.observed)
        agentId = agent.agentId
        status = agent.status
        reason = agent.reason
        url = AgentURLBody(urls: urls, agentId: agent.agentId)
        self.health = Health(
            overall: health.overall.rawValue,
            kubernetes: Runtime(status: health.runtime.rawValue, replicas: seen.runningReplicas, readyReplicas: seen.readyReplicas),
            application: Application(
                status: health.application.rawValue,
                uptime: seen.readySince.map { Self.uptime(now.timeIntervalSince($0)) },
                responseTime: seen.lastProbeMilliseconds.map { "\(Int($0.rounded(.up)))ms" }))
        deployedAt = agent.deployedAt
        lastUpdated = agent.updatedAt
    }

    /// `"2h 15m"`, `"3m 20s"`, `"45s"`, `"3d 4h"`.
    static func uptime(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds))
        let (days, hours, minutes, rest) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        if days > 0 { return "\(days)d \(hours)h" }
        if hours > 0 { return "\(hours)h \(minutes)m" }
        if minutes > 0 { return "\(minutes)m \(rest)s" }
        return "\(rest)s"
    }
}

/// POST /api/agents/{id}/scale.
struct ScaleAgentAnswer: Encodable {
    var agentId: String
    var currentReplicas: Int
    var targetReplicas: Int
    var status: AgentStatus
    var updatedAt: Date
}

/// POST /api/agents/{id}/restart and DELETE /api/agents/{id}.
struct AgentActionAnswer: Encodable {
    var agentId: String
    var status: AgentStatus
    var message: String
    var timestamp: Date
}
