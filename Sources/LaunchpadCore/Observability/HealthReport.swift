import Foundation
import LaunchpadDomain

/// The platform's health: the database, the runtime, the cluster it runs agents on, and the
/// advisory database, and the worst of them.
public struct HealthReport: Sendable, Equatable {
    public var status: HealthStatus
    public var timestamp: Date
    public var version: String
    public var uptimeSeconds: Int
    public var components: Components

    public struct Components: Sendable, Equatable {
        public var database: DatabaseHealth
        /// Absent while no runtime is attached (tests of the API alone).
        public var runtime: RuntimeHealth?
        /// The advisory database the security scan uses.
        public var registry: RegistryHealth?
        /// The cluster the runtime runs agents on (seed 001's `kubernetes`); absent with the local runtime.
        public var cluster: ClusterComponentHealth? = nil
    }
}

/// HEALTHY, DEGRADED or UNHEALTHY; the overall status is the worst of the components.
public enum HealthStatus: String, Sendable, Comparable {
    case healthy = "HEALTHY"
    case degraded = "DEGRADED"
    case unhealthy = "UNHEALTHY"

    private var rank: Int {
        switch self {
        case .healthy: 0
        case .degraded: 1
        case .unhealthy: 2
        }
    }

    public static func < (lhs: HealthStatus, rhs: HealthStatus) -> Bool { lhs.rank < rhs.rank }
}

/// The LMDB environment as measured by one read transaction.
public struct DatabaseHealth: Sendable, Equatable {
    public var status: HealthStatus
    /// The time of one read transaction (begin, one get, end), as `"0.04ms"`.
    public var responseTime: String
    /// Reader slots holding a transaction right now: LMDB's equivalent of open connections.
    public var connections: Int
    public var maxConnections: Int
    public var mapSize: Int
    public var pageSize: Int
    public var pagesUsed: Int
    /// Bytes of the map in use (`pagesUsed * pageSize`).
    public var usedBytes: Int
    /// Why the status is not HEALTHY, when it is not.
    public var reason: String?
}

/// The agent runtime: replicas running against those asked for, and agents FAILED.
public struct RuntimeHealth: Sendable, Equatable {
    public var status: HealthStatus
    public var driver: String
    public var replicasRunning: Int
    public var replicasDesired: Int
    public var failedAgents: Int
    public var reason: String?
}

/// The cluster the agents run on, as the runtime last probed it.
public struct ClusterComponentHealth: Sendable, Equatable {
    public var status: HealthStatus
    public var cluster: ClusterHealth
    public var reason: String?
}

/// The advisory database: how many records, and when they were last imported.
public struct RegistryHealth: Sendable, Equatable {
    public var status: HealthStatus
    public var records: Int
    public var lastImport: Date?
    public var reason: String?
}
