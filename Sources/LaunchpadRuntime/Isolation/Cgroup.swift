#if canImport(Glibc)
import Glibc
#endif

/// One replica's cgroup: a directory in the unified hierarchy (v2), or one in each controller's
/// hierarchy (v1). Made by `CgroupHierarchy.makeGroup`; the replica joins it in `launchpad
/// exec-limited` before it execs, so everything it starts is in it, whatever process group or
/// session it moves to.
public struct Cgroup: Sendable, Equatable {
    public let version: CgroupVersion
    /// The group's directory for each controller (v2: the same one for all).
    public let paths: [String: String]

    init(version: CgroupVersion, paths: [String: String]) {
        self.version = version
        self.paths = paths
    }

    /// Every directory of the group, once each: what a process joins.
    public var directories: [String] { Array(Set(paths.values)).sorted() }

    /// Moves process `pid` (all its threads) into each of `directories`. Run by the wrapper on itself,
    /// as root, before it execs the replica's command.
    public static func join(_ directories: [String], pid: Int32) throws(SystemCallError) {
        for directory in directories {
            try CgroupFile.write("\(pid)", to: directory, "cgroup.procs")
        }
    }

    /// The processes in the group now.
    public func processes() -> [Int32] {
        guard let directory = paths["pids"] ?? directories.first else { return [] }
        return CgroupFile.processes(directory)
    }

    /// Sends `signal` to every process in the group.
    public func signal(_ signal: Int32) {
        for pid in processes() { kill(pid, signal) }
    }

    /// SIGKILLs every process in the group, including those that left the replica's process group
    /// or session, and waits until the group is empty. v2 has `cgroup.kill`; on v1 the group is frozen
    /// first (when the freezer is mounted), so that nothing forks or exits between the listing and the
    /// signals, then every listed process is killed and the group thawed, until it is empty. Returns
    /// whether it is empty within `timeout`.
    @discardableResult
    public func killAll(timeout: Duration = .seconds(5)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        if version == .v2, let directory = directories.first, (try? CgroupFile.write("1", to: directory, "cgroup.kill")) != nil {
            return waitUntilEmpty(deadline: deadline)
        }
        while ContinuousClock.now < deadline {
            let frozen = freeze(deadline: deadline)
            let listed = processes()
            for pid in listed { kill(pid, SIGKILL) }
            if frozen { thaw() }
            if listed.isEmpty || waitUntilEmpty(deadline: min(deadline, ContinuousClock.now + .milliseconds(50))) { return true }
        }
        return processes().isEmpty
    }

    /// Removes the group's directories; it must be empty. Returns whether they are all gone.
    @discardableResult
    public func remove() -> Bool {
        var removed = true
        for directory in directories {
            // A process that was just killed leaves its cgroup a moment after its parent sees it exit.
            var attempts = 0
            while rmdir(directory) != 0 && errno != ENOENT {
                attempts += 1
                if attempts > 100 {
                    removed = false
                    break
                }
                Pause.sleep(.milliseconds(5))
            }
        }
        return removed
    }

    /// CPU seconds the group's processes have used (living and ended), or nil when the kernel does
    /// not count them here (v1 without the cpuacct controller).
    public func cpuSeconds() -> Double? {
        switch version {
        case .v2:
            guard let directory = paths["cpu"], let micro = CgroupFile.keyed(directory, "cpu.stat", key: "usage_usec") else { return nil }
            return Double(micro) / 1e6
        case .v1:
            guard let directory = paths["cpuacct"], let nano = CgroupFile.integer(directory, "cpuacct.usage") else { return nil }
            return Double(nano) / 1e9
        }
    }

    /// Memory charged to the group now, what its limit counts, or nil.
    public func memoryBytes() -> Int? {
        guard let directory = paths["memory"] else { return nil }
        return CgroupFile.integer(directory, version == .v2 ? "memory.current" : "memory.usage_in_bytes")
    }

    /// How many processes of the group the kernel killed for going over its memory limit.
    public func outOfMemoryKills() -> Int {
        guard let directory = paths["memory"] else { return 0 }
        return CgroupFile.keyed(directory, version == .v2 ? "memory.events" : "memory.oom_control", key: "oom_kill") ?? 0
    }

    /// Writes `limits` into the group's files.
    func apply(_ limits: CgroupLimits) throws(SystemCallError) {
        for setting in limits.settings(for: version) {
            guard let directory = paths[setting.controller] else {
                throw SystemCallError("cgroup \(version.rawValue): no \(setting.controller) controller for \(setting.file)", code: ENOENT)
            }
            if setting.optional && !CgroupFile.exists(directory, setting.file) { continue }
            try CgroupFile.write(setting.value, to: directory, setting.file)
        }
    }

    /// v1: asks the freezer to stop every process of the group and waits until it has, briefly.
    private func freeze(deadline: ContinuousClock.Instant) -> Bool {
        guard version == .v1, let directory = paths["freezer"], (try? CgroupFile.write("FROZEN", to: directory, "freezer.state")) != nil else {
            return false
        }
        let until = min(deadline, ContinuousClock.now + .milliseconds(500))
        while ContinuousClock.now < until {
            if CgroupFile.read(directory, "freezer.state")?.hasPrefix("FROZEN") == true { return true }
            Pause.sleep(.milliseconds(1))
        }
        return true
    }

    private func thaw() {
        if let directory = paths["freezer"] { try? CgroupFile.write("THAWED", to: directory, "freezer.state") }
    }

    private func waitUntilEmpty(deadline: ContinuousClock.Instant) -> Bool {
        while true {
            if processes().isEmpty { return true }
            if ContinuousClock.now >= deadline { return false }
            Pause.sleep(.milliseconds(2))
        }
    }
}
