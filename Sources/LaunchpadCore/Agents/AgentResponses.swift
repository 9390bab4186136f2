import Foundation
import LaunchpadDomain

/// POST /api/agents.
public struct CreateAgentResponse: Codable, Sendable, Equatable {
    public var agentId: String
    public var status: AgentStatus
    public var createdAt: Date
    public var estimatedDeployTime: String
}

/// One entry of GET /api/agents.
public struct AgentSummary: Codable, Sendable, Equatable {
    public var agentId: String
    public var name: String
    public var status: AgentStatus
    public var owner: String
    public var createdAt: Date
    public var url: String
}

/// GET /api/agents.
public struct AgentList: Codable, Sendable, Equatable {
    public var agents: [AgentSummary]
    public var total: Int
    public var limit: Int
    public var offset: Int
}

/// GET /api/agents/{id} and PUT's answer: the whole record, secrets shown as `***`.
public struct AgentDetails: Codable, Sendable, Equatable {
    public var agentId: String
    public var name: String
    public var description: String
    public var owner: String
    public var status: AgentStatus
    public var reason: String?
    public var personality: Personality
    public var selectedPlugins: [String]
    public var resources: Resources
    public var platforms: [String: [String: String]]
    public var url: String
    public var generation: Int
    public var createdAt: Date
    public var updatedAt: Date
    public var deployedAt: Date?
    public var transitions: [Agent.Transition]
}

/// GET /api/agents/{id}/status (seed 001, "Get Agent Status").
public struct AgentStatusReport: Codable, Sendable, Equatable {
    public struct Health: Codable, Sendable, Equatable {
        public var overall: String
        public var kubernetes: Runtime
        public var application: Application
    }

    /// The runtime's view, under the seed's name `kubernetes`.
    public struct Runtime: Codable, Sendable, Equatable {
        public var status: String
        public var replicas: Int
        public var readyReplicas: Int
    }

    public struct Application: Codable, Sendable, Equatable {
        public var status: String
        /// `"2h 15m"`; nil when no replica is ready.
        public var uptime: String?
        /// The health probe's last response time, `"3ms"`; nil when no replica answered.
        public var responseTime: String?
    }

    public var agentId: String
    public var status: AgentStatus
    public var reason: String?
    public var url: String
    public var health: Health
    public var deployedAt: Date?
    public var lastUpdated: Date
}

/// POST /api/agents/{id}/scale.
public struct ScaleAgentResponse: Codable, Sendable, Equatable {
    public var agentId: String
    public var currentReplicas: Int
    public var targetReplicas: Int
    public var status: AgentStatus
    public var updatedAt: Date
}

/// POST /api/agents/{id}/restart and DELETE /api/agents/{id}.
public struct AgentActionResponse: Codable, Sendable, Equatable {
    public var agentId: String
    public var status: AgentStatus
    public var message: String
    public var timestamp: Date
}
