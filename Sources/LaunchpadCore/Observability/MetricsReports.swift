import Foundation

/// GET /api/agents/{id}/metrics (seed 001, "Get Agent Metrics").
public struct AgentMetricsReport: Codable, Sendable, Equatable {
    public struct Usage: Codable, Sendable, Equatable {
        /// nil until a replica has been sampled twice (CPU) or once (memory).
        public var usage: Double?
        public var limit: Double
        public var percentage: Double?
    }

    public struct Network: Codable, Sendable, Equatable {
        public var bytesIn: Int
        public var bytesOut: Int
    }

    public struct Requests: Codable, Sendable, Equatable {
        public var total: Int
        public var success: Int
        public var errors: Int
        public var rate: Double
    }

    public struct Metrics: Codable, Sendable, Equatable {
        public var cpu: Usage
        public var memory: Usage
        public var network: Network
        public var requests: Requests
    }

    public var agentId: String
    public var metrics: Metrics
    public var timestamp: Date
    /// The samples kept in the window, when asked for with `?window=15m`.
    public var history: [MetricsWindow.Sample]?
}

/// GET /api/system/metrics (seed 001, "System Metrics").
public struct SystemMetricsReport: Codable, Sendable, Equatable {
    public struct Deployments: Codable, Sendable, Equatable {
        public var successful: Int
        public var failed: Int
        public var successRate: Double?
    }

    public struct System: Codable, Sendable, Equatable {
        public var totalAgents: Int
        public var runningAgents: Int
        public var failedAgents: Int
        public var agentsByStatus: [String: Int]
        public var deployments: Deployments
    }

    public struct Resource: Codable, Sendable, Equatable {
        public var total: Double
        public var used: Double
        public var percentage: Double
    }

    public struct Resources: Codable, Sendable, Equatable {
        /// Cores; `used` over the last interval between two reads of /proc/stat, nil on the first.
        public var cpu: Resource?
        public var memory: Resource
        public var storage: Resource
    }

    public var system: System
    public var resources: Resources
    public var timestamp: Date
}

/// Rounds to one decimal, as the seed's figures are.
func oneDecimal(_ value: Double) -> Double {
    (value * 10).rounded() / 10
}
