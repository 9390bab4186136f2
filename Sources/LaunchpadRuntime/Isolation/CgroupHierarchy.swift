#if canImport(Glibc)
import Glibc
#endif

/// The cgroups launchpad makes for its replicas: a directory of its own, `name`, below this process's
/// cgroup in the unified hierarchy (v2) or in each controller's hierarchy (v1), with one group per
/// replica in it.
///
/// v2 is used when this process's cgroup offers the cpu, memory and pids controllers and can hand
/// them down; v1 when the cpu, memory and pids hierarchies are mounted (cpuacct, for CPU time, and
/// the freezer, for killing, are used when they are there too). `prepare` says why when neither is usable.
public struct CgroupHierarchy: Sendable, Equatable {
    public let version: CgroupVersion
    /// Launchpad's directory for each controller.
    public let roots: [String: String]

    static let required = ["cpu", "memory", "pids"]
    static let optionalLegacy = ["cpuacct", "freezer"]

    init(version: CgroupVersion, roots: [String: String]) {
        self.version = version
        self.roots = roots
    }

    /// Makes (or finds, after an earlier run) launchpad's directory named `name`.
    public static func prepare(name: String) throws(CgroupProblem) -> CgroupHierarchy {
        try prepare(name: name, mounts: CgroupMounts.current())
    }

    static func prepare(name: String, mounts: CgroupMounts) throws(CgroupProblem) -> CgroupHierarchy {
        let unified: CgroupProblem
        do {
            return try prepareUnified(name: name, mounts: mounts)
        } catch {
            unified = error
        }
        do {
            return try prepareLegacy(name: name, mounts: mounts)
        } catch {
            throw CgroupProblem("\(unified.description); \(error.description)")
        }
    }

    /// cgroup v2: the controllers must be enabled for children of this process's cgroup. A cgroup
    /// that holds processes cannot give controllers to children ("no internal processes"), so when
    /// this process is alone in its cgroup (a systemd service with `Delegate=yes`) it first moves
    /// into a leaf of its own, `<name>-server`.
    static func prepareUnified(name: String, mounts: CgroupMounts) throws(CgroupProblem) -> CgroupHierarchy {
        guard let own = mounts.unifiedDirectory else { throw CgroupProblem("cgroup v2: not mounted") }
        let offered = Set((CgroupFile.read(own, "cgroup.controllers") ?? "").split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
        let missing = required.filter { !offered.contains($0) }
        guard missing.isEmpty else {
            throw CgroupProblem("cgroup v2: \(own) does not offer \(missing.joined(separator: ", "))")
        }
        let enable = required.map { "+" + $0 }.joined(separator: " ")
        do {
            try enableControllers(enable, in: own)
        } catch where error.code == EBUSY && CgroupFile.processes(own) == [getpid()] {
            do {
                let leaf = own + "/" + name + "-server"
                try CgroupFile.makeDirectory(leaf)
                try Cgroup.join([leaf], pid: getpid())
                try enableControllers(enable, in: own)
            } catch {
                throw CgroupProblem("cgroup v2: cannot delegate the controllers of \(own): \(error)")
            }
        } catch {
            throw CgroupProblem("cgroup v2: \(own) holds other processes, so it cannot give controllers to child cgroups (\(error)); run launchpad in a cgroup of its own (systemd: Delegate=yes)")
        }
        let root = own + "/" + name
        do {
            try CgroupFile.makeDirectory(root)
            try enableControllers(enable, in: root)
        } catch {
            throw CgroupProblem("cgroup v2: cannot make \(root): \(error)")
        }
        return CgroupHierarchy(version: .v2, roots: Dictionary(uniqueKeysWithValues: (required).map { ($0, root) }))
    }

    static func prepareLegacy(name: String, mounts: CgroupMounts) throws(CgroupProblem) -> CgroupHierarchy {
        var roots: [String: String] = [:]
        for controller in required + optionalLegacy {
            guard let own = mounts.legacyDirectory(controller) else {
                if required.contains(controller) { throw CgroupProblem("cgroup v1: the \(controller) controller is not mounted") }
                continue
            }
            let root = own + "/" + name
            do {
                try CgroupFile.makeDirectory(root)
            } catch {
                if required.contains(controller) { throw CgroupProblem("cgroup v1: \(error)") }
                continue
            }
            roots[controller] = root
        }
        return CgroupHierarchy(version: .v1, roots: roots)
    }

    private static func enableControllers(_ text: String, in directory: String) throws(SystemCallError) {
        try CgroupFile.write(text, to: directory, "cgroup.subtree_control")
    }

    /// Makes the group `name` with `limits`. Nothing is left behind when it fails.
    public func makeGroup(_ name: String, limits: CgroupLimits) throws(SystemCallError) -> Cgroup {
        let group = self.group(name)
        for directory in group.directories {
            do {
                try CgroupFile.makeDirectory(directory)
            } catch {
                group.remove()
                throw error
            }
        }
        do {
            try group.apply(limits)
        } catch {
            group.remove()
            throw error
        }
        return group
    }

    /// The group `name`, whether it exists or not.
    public func group(_ name: String) -> Cgroup {
        Cgroup(version: version, paths: roots.mapValues { $0 + "/" + name })
    }

    /// The groups in launchpad's directory now: after a crash, those of the earlier run.
    public func groups() -> [Cgroup] {
        guard let root = roots["pids"], let directory = opendir(root) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            guard entry.pointee.d_type == UInt8(DT_DIR) else { continue }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted().map(group)
    }

    /// Removes launchpad's directories, when they hold no group.
    public func removeRoots() {
        for root in Set(roots.values) { rmdir(root) }
    }
}
