/// What a replica's process uses right now, read from /proc.
///
/// Only the replica's own process is counted, not the children it starts.
public struct ReplicaUsage: Sendable, Equatable {
    /// Resident memory (VmRSS), in bytes.
    public var memoryBytes: Int
    /// CPU time used since start, user and system, in seconds.
    public var cpuSeconds: Double

    public init(memoryBytes: Int, cpuSeconds: Double) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }
}
