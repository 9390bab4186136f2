import Foundation
import LaunchpadDomain

/// What was measured of an instance's replicas; nil where nothing was measured (no replica runs,
/// or no sample yet).
public struct InstanceHealth: Sendable, Equatable {
    /// CPU over the last sample, in percent of one core, all replicas together.
    public var cpuPercent: Double?
    public var memoryBytes: Int?
    /// The newest passed health check of its replicas.
    public var lastHeartbeat: Date?
    /// Since its oldest ready replica became ready.
    public var readySince: Date?

    public init(measurements: AgentMeasurements, observation: AgentObservation) {
        cpuPercent = measurements.cpuCores.map { ($0 * 1000).rounded() / 10 }
        memoryBytes = observation.runningReplicas > 0 ? measurements.memoryBytes : nil
        lastHeartbeat = observation.lastHeartbeat
        readySince = observation.readySince
    }
}
