import Foundation

/// An agent's measured figures: CPU, memory, probe traffic and requests. A figure not measured yet is 0.
public struct AgentMetricsReport: Sendable, Equatable {
    /// An amount in use against its limit: cores (`Double`) or bytes (`Int`).
    public struct Usage<Amount: Sendable & Equatable>: Sendable, Equatable {
        /// 0 until the replicas have been sampled twice (CPU) or once (memory).
        public var usage: Amount
        public var limit: Amount
        /// `usage` of `limit`, computed from the figures shown.
        public var percentage: Double
    }

    public struct Network: Sendable, Equatable {
        public var bytesIn: Int
        public var bytesOut: Int
    }

    public struct Requests: Sendable, Equatable {
        public var total: Int
        public var success: Int
        public var errors: Int
        public var rate: Double
    }

    public struct Metrics: Sendable, Equatable {
        /// Cores.
        public var cpu: Usage<Double>
        /// Bytes.
        public var memory: Usage<Int>
        public var network: Network
        public var requests: Requests
    }

    public var agentId: String
    public var metrics: Metrics
    public var timestamp: Date
}

/// The platform's figures: agents by status, deployment outcomes, and the host's resources.
public struct SystemMetricsReport: Sendable, Equatable {
    public struct Deployments: Sendable, Equatable {
        public var successful: Int
        public var failed: Int
        /// Percent of finished deployments that succeeded; 0 before any has finished.
        public var successRate: Double
    }

    public struct System: Sendable, Equatable {
        public var totalAgents: Int
        public var runningAgents: Int
        public var failedAgents: Int
        public var agentsByStatus: [String: Int]
        public var deployments: Deployments
    }

    /// An amount of the host in use: cores (`Double`) or bytes (`Int`).
    public struct Resource<Amount: Sendable & Equatable>: Sendable, Equatable {
        public var total: Amount
        public var used: Amount
        /// `used` of `total`, computed from the figures shown.
        public var percentage: Double
    }

    public struct Resources: Sendable, Equatable {
        /// Cores; `used` over the interval since the previous read of /proc/stat.
        public var cpu: Resource<Double>
        /// Bytes.
        public var memory: Resource<Int>
        /// Bytes, of the filesystem that holds the data directory.
        public var storage: Resource<Int>
    }

    public var system: System
    public var resources: Resources
    public var timestamp: Date
}

/// Rounds to one decimal, as the seed's figures are.
func oneDecimal(_ value: Double) -> Double {
    (value * 10).rounded() / 10
}

/// `part` as a percentage of `whole`, to one decimal; 0 when `whole` is 0. The reports pass the
/// figures they show (already rounded), so that a percentage agrees with the two beside it.
func percentage(_ part: Double, of whole: Double) -> Double {
    whole > 0 ? oneDecimal(part / whole * 100) : 0
}
