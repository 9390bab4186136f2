import Foundation

/// What the runtime measured of an agent: its replicas' CPU and memory, and the readiness checks
/// launchpad sent it. nil where nothing was measured yet.
public struct AgentMeasurements: Sendable, Equatable {
    /// CPU in cores over the last sampling interval, all replicas together.
    public var cpuCores: Double?
    /// Resident memory of all replicas, bytes.
    public var memoryBytes: Int?
    public var sampledAt: Date?
    public var bytesIn = 0
    public var bytesOut = 0
    public var requests = 0
    public var successes = 0
    public var errors = 0
    /// Requests per second over the last minute.
    public var rate = 0.0
    public var restarts = 0

    public init() {}
}
