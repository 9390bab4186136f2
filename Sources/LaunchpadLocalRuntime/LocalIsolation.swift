#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadCrypto
import LaunchpadRuntime
import Logging

/// What the local driver sets up around each replica, and what it found the host allows:
///
/// - the agent's directory, `<agents>/<agentId>`, owned by the agent's own user (`AgentUsers`) with
///   mode 0700. `<agents>` is 0711 and root's, and so is the data directory above it with o+x added:
///   a replica can pass through both to its own directory (so `{character}` and `{dir}` are absolute
///   paths that work) but list neither, and every other entry of the data directory is private to
///   root (0600 files, 0700 directories, a socket only nginx's group may use);
/// - a cgroup per replica (`CgroupHierarchy`, named after the agents directory) with the agent's
///   CPU and memory and `maxProcesses`; without one, `RLIMIT_DATA` and, per agent, `RLIMIT_NPROC`;
/// - a mount namespace whose /proc hides other users' processes.
///
/// Each part is checked once at start (the user switch and the hidden processes by starting the
/// wrapper); what the host does not allow, or the settings turn off, is logged as a warning and
/// reported as `limitations`.
final class LocalIsolation: @unchecked Sendable {
    let settings: IsolationSettings
    let agentsDirectory: String
    /// Users of their own for the replicas, when launchpad is root and the switch works.
    let users: AgentUsers?
    let hideProcesses: Bool
    let cgroups: CgroupHierarchy?
    let limitations: String?

    init(settings: IsolationSettings, agentsDirectory: String, launchpadExecutable: String, logger: Logger) {
        self.settings = settings
        self.agentsDirectory = agentsDirectory
        var problems: [String] = []
        var users: AgentUsers?
        var hideProcesses = false
        if let range = settings.userIds {
            if geteuid() != 0 {
                problems.append("launchpad is not root, so replicas run as its own user and can read its files")
            } else if let problem = Self.prepareDirectories(agentsDirectory) ?? Self.probe(launchpadExecutable, user: range.lowerBound, hidingProcesses: false, agentsDirectory) {
                problems.append("replicas run as root: they cannot run as users of their own (\(problem))")
            } else {
                users = AgentUsers(range: range)
                users?.adopt(agentsDirectory: agentsDirectory)
                if let problem = Self.probe(launchpadExecutable, user: range.lowerBound, hidingProcesses: true, agentsDirectory) {
                    problems.append("replicas see every process: no mount namespace with a /proc of their own (\(problem))")
                } else {
                    hideProcesses = true
                }
            }
        } else {
            problems.append("--agent-uid-range off: replicas run as launchpad's own user")
        }
        var cgroups: CgroupHierarchy?
        if !settings.cgroups {
            problems.append("--no-agent-cgroups: memory is limited per process (RLIMIT_DATA), CPU not at all")
        } else {
            do {
                cgroups = try CgroupHierarchy.prepare(name: Self.cgroupName(agentsDirectory))
            } catch {
                problems.append("no cgroups, so memory is limited per process (RLIMIT_DATA), CPU not at all: \(error)")
            }
        }
        self.users = users
        self.hideProcesses = hideProcesses
        self.cgroups = cgroups
        limitations = problems.isEmpty ? nil : problems.joined(separator: "; ")
        if let limitations { logger.warning("replicas are less isolated than they should be", metadata: ["reason": "\(limitations)"]) }
    }

    /// `launchpad-` and 12 hex digits of the agents directory's SHA-256: one per data directory, the
    /// same in every run, so that a start finds what a killed run left.
    static func cgroupName(_ agentsDirectory: String) -> String {
        "launchpad-" + Hex.encode(Array(SHA256.hash(agentsDirectory).prefix(6)))
    }

    /// The agent's directory, made or taken over for its user, and that user.
    func workspace(for agentId: String) throws -> (directory: String, user: ReplicaUser?) {
        let directory = (agentsDirectory as NSString).appendingPathComponent(agentId)
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        guard let users else { return (directory, nil) }
        let uid = try users.user(for: agentId)
        let user = ReplicaUser(uid: uid, gid: uid)
        var status = stat()
        guard lstat(directory, &status) == 0 else { throw SystemCallError("lstat \(directory)") }
        if status.st_uid != uid || status.st_gid != uid {
            try Self.changeOwner(of: directory, to: user)
        }
        guard chmod(directory, 0o700) == 0 else { throw SystemCallError("chmod \(directory)") }
        return (directory, user)
    }

    /// Writes `contents` to `directory/name` for `user`, mode 0600, replacing the file at once. The
    /// directory is the agent's own, so nothing in it is trusted: the file is made under a fresh name
    /// without following links, and renamed over whatever was there.
    func write(_ contents: Data, to directory: String, _ name: String, for user: ReplicaUser?) throws {
        let temporary = directory + "/." + name + "." + SecureRandom.hex(6)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SystemCallError("open \(temporary)") }
        var failure: SystemCallError?
        let written = contents.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        if written != contents.count { failure = SystemCallError("write \(temporary)") }
        if failure == nil, let user, fchown(descriptor, user.uid, user.gid) != 0 { failure = SystemCallError("fchown \(temporary)") }
        close(descriptor)
        if failure == nil, rename(temporary, directory + "/" + name) != 0 { failure = SystemCallError("rename \(temporary)") }
        if let failure {
            unlink(temporary)
            throw failure
        }
    }

    /// The isolation of one replica of an agent, with its cgroup made, and the `RLIMIT_DATA` it
    /// needs instead where there is no cgroup.
    func replica(_ name: String, user: ReplicaUser?, memoryBytes: Int?, millicores: Int?) throws -> (isolation: ReplicaIsolation, dataLimit: Int?) {
        var isolation = ReplicaIsolation(user: user, hideProcesses: hideProcesses && user != nil)
        guard let cgroups else {
            if user != nil { isolation.processLimit = settings.maxProcesses }
            return (isolation, memoryBytes)
        }
        isolation.cgroup = try cgroups.makeGroup(name, limits: CgroupLimits(millicores: millicores, memoryBytes: memoryBytes, maxProcesses: settings.maxProcesses))
        return (isolation, nil)
    }

    /// Kills what an earlier run left in its cgroups and removes them.
    func recover() -> Int {
        guard let cgroups else { return 0 }
        var killed = 0
        for group in cgroups.groups() {
            killed += group.processes().count
            group.killAll()
            group.remove()
        }
        return killed
    }

    func forget(_ agentId: String) {
        users?.release(agentId)
    }

    /// Removes launchpad's cgroup directories once every replica is stopped.
    func shutdown() {
        cgroups?.removeRoots()
    }

    /// `<agents>` 0711 and root's, and o+x on the data directory above it: see the type's comment.
    /// Returns a problem, or nil.
    private static func prepareDirectories(_ agentsDirectory: String) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: agentsDirectory, withIntermediateDirectories: true)
        } catch {
            return "cannot make \(agentsDirectory): \(error)"
        }
        guard chown(agentsDirectory, 0, 0) == 0, chmod(agentsDirectory, 0o711) == 0 else {
            return "cannot set the mode of \(agentsDirectory): \(String(cString: strerror(errno)))"
        }
        let parent = (agentsDirectory as NSString).deletingLastPathComponent
        var status = stat()
        guard stat(parent, &status) == 0, chmod(parent, (status.st_mode & 0o7777) | 0o001) == 0 else {
            return "cannot let replicas through \(parent): \(String(cString: strerror(errno)))"
        }
        return nil
    }

    /// Starts the wrapper as a replica would be (user `uid`, hiding processes or not) on a
    /// command that enters `agentsDirectory`, and returns why it failed, or nil.
    private static func probe(_ launchpadExecutable: String, user uid: UInt32, hidingProcesses: Bool, _ agentsDirectory: String) -> String? {
        let wrapper = ExecWrapper(hideProcesses: hidingProcesses, user: ReplicaUser(uid: uid, gid: uid))
        let command = ["/bin/sh", "-c", "cd \"$1\"", "probe", agentsDirectory]
        let arguments = wrapper.arguments(launchpadExecutable: launchpadExecutable, command: command)
        let pid: pid_t
        do {
            pid = try PosixSpawn.spawn(path: launchpadExecutable, arguments: arguments, environment: ["PATH=/usr/bin:/bin"])
        } catch {
            return "\(error)"
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        switch ReplicaExit(waitStatus: status) {
        case .exited(code: 0): return nil
        case .exited(code: 127): return "the wrapper could not set it up; its message is in launchpad's log"
        case let other: return "user \(uid) cannot enter \(agentsDirectory): \(other)"
        }
    }

    /// Gives `directory` and everything in it to `user`, without following links.
    private static func changeOwner(of directory: String, to user: ReplicaUser) throws {
        guard lchown(directory, user.uid, user.gid) == 0 else { throw SystemCallError("lchown \(directory)") }
        let entries = FileManager.default.enumerator(atPath: directory)
        while let entry = entries?.nextObject() as? String {
            let path = directory + "/" + entry
            guard lchown(path, user.uid, user.gid) == 0 else { throw SystemCallError("lchown \(path)") }
        }
    }
}
