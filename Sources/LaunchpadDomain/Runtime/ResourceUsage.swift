/// What a replica has used: CPU time so far, and memory now.
public struct ResourceUsage: Sendable, Equatable {
    /// CPU seconds since the replica started (user and system).
    public var cpuSeconds: Double
    /// Resident memory, bytes.
    public var memoryBytes: Int

    public init(cpuSeconds: Double, memoryBytes: Int) {
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
    }
}
