import Foundation
import LaunchpadRuntime

/// One replica process of the local driver, and what its readiness checks found.
struct LocalReplica {
    let process: ReplicaProcess
    let port: Int
    let generation: Int
    var readySince: Date?
    var lastProbe: Date?
    var lastProbeMilliseconds: Double?
    var notReadyReason: String?
    /// When its health check last passed.
    var lastHeartbeat: Date?
}
