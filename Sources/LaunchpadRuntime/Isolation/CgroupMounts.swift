/// Where the cgroup hierarchies are mounted and where this process sits in each, from
/// /proc/self/mountinfo and /proc/self/cgroup.
struct CgroupMounts: Equatable {
    /// A mounted hierarchy: the mount point, and which of the hierarchy's cgroups is mounted there
    /// (`/` unless a container mounted only its own part).
    struct Mount: Equatable {
        var root: String
        var point: String
    }

    /// The cgroup v2 (unified) mount, if any.
    var unified: Mount?
    /// Each cgroup v1 controller's mount (`cpu`, `memory`, ...).
    var legacy: [String: Mount] = [:]
    /// This process's cgroup in the unified hierarchy (the `0::` line).
    var unifiedPath: String?
    /// This process's cgroup in each v1 controller's hierarchy.
    var legacyPaths: [String: String] = [:]

    /// This process's own cgroup directory in the unified hierarchy.
    var unifiedDirectory: String? {
        guard let unified, let unifiedPath else { return nil }
        return Self.directory(of: unifiedPath, in: unified)
    }

    /// This process's own cgroup directory in the v1 hierarchy of `controller`.
    func legacyDirectory(_ controller: String) -> String? {
        guard let mount = legacy[controller], let path = legacyPaths[controller] else { return nil }
        return Self.directory(of: path, in: mount)
    }

    static func current() -> CgroupMounts {
        let mountinfo = ProcFS.read("/proc/self/mountinfo").map { String(decoding: $0, as: UTF8.self) } ?? ""
        let cgroup = ProcFS.read("/proc/self/cgroup").map { String(decoding: $0, as: UTF8.self) } ?? ""
        return parse(mountinfo: mountinfo, cgroup: cgroup)
    }

    static func parse(mountinfo: String, cgroup: String) -> CgroupMounts {
        var mounts = CgroupMounts()
        for line in mountinfo.split(separator: "\n") {
            // id parent major:minor root mount-point options [optional fields] - type source super-options
            let halves = line.split(separator: " - ", maxSplits: 1)
            guard halves.count == 2 else { continue }
            let before = halves[0].split(separator: " ")
            let after = halves[1].split(separator: " ")
            guard before.count >= 5, after.count >= 3 else { continue }
            let mount = Mount(root: unescape(before[3]), point: unescape(before[4]))
            switch after[0] {
            case "cgroup2":
                if mounts.unified == nil { mounts.unified = mount }
            case "cgroup":
                for option in after[2].split(separator: ",") where !option.contains("=") && mounts.legacy[String(option)] == nil {
                    mounts.legacy[String(option)] = mount
                }
            default:
                continue
            }
        }
        for line in cgroup.split(separator: "\n") {
            // hierarchy-id:controller,list:path
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else { continue }
            let path = String(fields[2])
            if fields[0] == "0" && fields[1].isEmpty {
                mounts.unifiedPath = path
            } else {
                for controller in fields[1].split(separator: ",") where !controller.contains("=") {
                    mounts.legacyPaths[String(controller)] = path
                }
            }
        }
        return mounts
    }

    /// `path` (from /proc/self/cgroup) under the mount point, or nil when the mount does not show it.
    private static func directory(of path: String, in mount: Mount) -> String? {
        let root = mount.root == "/" ? "" : mount.root
        guard path == root || path.hasPrefix(root + "/") || root.isEmpty else { return nil }
        let inside = path.dropFirst(root.count)
        return inside.isEmpty || inside == "/" ? mount.point : mount.point + inside
    }

    /// mountinfo writes space, tab, newline and backslash as octal escapes (`\040`).
    private static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3, let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
