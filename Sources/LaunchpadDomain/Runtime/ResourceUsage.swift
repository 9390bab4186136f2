/// What a replica has used: CPU time so far, and memory now; or, from a runtime that measures
/// over a window of its own (a cluster's metrics API), the CPU rate over that window.
public struct ResourceUsage: Sendable, Equatable {
    /// CPU seconds since the replica started (user and system).
    public var cpuSeconds: Double
    /// Resident memory, bytes.
    public var memoryBytes: Int
    /// CPU in cores over the runtime's own window; when set, it is used as is instead of the
    /// difference of two `cpuSeconds`.
    public var cpuCores: Double?

    public init(cpuSeconds: Double, memoryBytes: Int) {
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
    }

    /// A rate measured by the runtime over its own window.
    public init(cpuCores: Double, memoryBytes: Int) {
        self.cpuSeconds = 0
        self.memoryBytes = memoryBytes
        self.cpuCores = cpuCores
    }
}
