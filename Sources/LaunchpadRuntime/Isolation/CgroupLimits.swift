/// What a replica's cgroup allows: CPU time, memory and processes (threads count too).
public struct CgroupLimits: Sendable, Equatable {
    /// Thousandths of a core: 250 is a quarter of one core's time in every 100 ms.
    public var millicores: Int?
    /// Memory the whole group may use (anonymous, page cache, kernel memory), swap not allowed.
    public var memoryBytes: Int?
    /// Processes and threads of the whole group.
    public var maxProcesses: Int?

    public init(millicores: Int? = nil, memoryBytes: Int? = nil, maxProcesses: Int? = nil) {
        self.millicores = millicores
        self.memoryBytes = memoryBytes
        self.maxProcesses = maxProcesses
    }

    /// One file to write in the group's directory of a controller.
    struct Setting: Equatable {
        var controller: String
        var file: String
        var value: String
        /// Written only when the kernel has the file (swap accounting may be off).
        var optional = false
    }

    /// The CFS period the quota is a share of, in microseconds.
    static let periodMicroseconds = 100_000

    /// The files that set these limits, in the order they must be written.
    func settings(for version: CgroupVersion) -> [Setting] {
        var settings: [Setting] = []
        if let millicores {
            // The kernel refuses a quota under 1 ms.
            let quota = max(1000, millicores * Self.periodMicroseconds / 1000)
            switch version {
            case .v2:
                settings.append(Setting(controller: "cpu", file: "cpu.max", value: "\(quota) \(Self.periodMicroseconds)"))
            case .v1:
                settings.append(Setting(controller: "cpu", file: "cpu.cfs_period_us", value: "\(Self.periodMicroseconds)"))
                settings.append(Setting(controller: "cpu", file: "cpu.cfs_quota_us", value: "\(quota)"))
            }
        }
        if let memoryBytes {
            switch version {
            case .v2:
                settings.append(Setting(controller: "memory", file: "memory.max", value: "\(memoryBytes)"))
                settings.append(Setting(controller: "memory", file: "memory.swap.max", value: "0", optional: true))
            case .v1:
                // memsw (memory plus swap) may not be below the memory limit, so it comes second.
                settings.append(Setting(controller: "memory", file: "memory.limit_in_bytes", value: "\(memoryBytes)"))
                settings.append(Setting(controller: "memory", file: "memory.memsw.limit_in_bytes", value: "\(memoryBytes)", optional: true))
            }
        }
        if let maxProcesses {
            settings.append(Setting(controller: "pids", file: "pids.max", value: "\(maxProcesses)"))
        }
        return settings
    }
}
