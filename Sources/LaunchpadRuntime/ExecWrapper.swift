#if canImport(Glibc)
import Glibc
#endif

/// What `launchpad exec-limited` sets on itself before it execs a command in the same process:
/// posix_spawn can set none of it, and all of it survives exec.
///
/// Replicas and the children of `launchpad up` (nginx, the responder) are started through it, so
/// that none of them outlives the process that started it: when launchpad is killed, even with
/// SIGKILL, they get SIGTERM from the kernel instead of running on under PID 1 (issue 11). A replica
/// also gets its isolation here (see README, "Security model"), in this order, as root: it joins its
/// cgroup, takes its resource limits, enters its own mount namespace, then becomes its own user,
/// which clears the parent-death signal, so that comes last.
public struct ExecWrapper: Equatable, Sendable {
    /// The launchpad subcommand that applies these and execs the command.
    public static let subcommand = "exec-limited"

    /// `RLIMIT_DATA` for the command (see `MemoryLimit`); nil for none.
    public var memoryBytes: Int?
    /// The command gets SIGTERM when this process exits; nil to outlive it.
    public var parentPid: Int32?
    /// Cgroup directories to join (`Cgroup.directories`).
    public var cgroupDirectories: [String]
    /// `RLIMIT_NPROC`; nil for none.
    public var processLimit: Int?
    /// A mount namespace whose /proc hides other users' processes (`HiddenProcesses`).
    public var hideProcesses: Bool
    /// The user to become; nil to stay.
    public var user: ReplicaUser?

    public init(
        memoryBytes: Int? = nil, parentPid: Int32? = nil, cgroupDirectories: [String] = [], processLimit: Int? = nil,
        hideProcesses: Bool = false, user: ReplicaUser? = nil
    ) {
        self.memoryBytes = memoryBytes
        self.parentPid = parentPid
        self.cgroupDirectories = cgroupDirectories
        self.processLimit = processLimit
        self.hideProcesses = hideProcesses
        self.user = user
    }

    /// The wrapper's command line: `launchpad exec-limited [options] -- command...`.
    public func arguments(launchpadExecutable: String, command: [String]) -> [String] {
        var arguments = [launchpadExecutable, Self.subcommand]
        if let memoryBytes { arguments += ["--memory-bytes", String(memoryBytes)] }
        if let parentPid { arguments += ["--parent-pid", String(parentPid)] }
        for directory in cgroupDirectories { arguments += ["--cgroup", directory] }
        if let processLimit { arguments += ["--process-limit", String(processLimit)] }
        if hideProcesses { arguments.append("--hide-processes") }
        if let user { arguments += ["--user", user.argument] }
        return arguments + ["--"] + command
    }

    /// Applies everything to the calling process. Called by the subcommand just before its exec.
    public func apply() throws(SystemCallError) {
        if !cgroupDirectories.isEmpty { try Cgroup.join(cgroupDirectories, pid: getpid()) }
        if let memoryBytes { try MemoryLimit.apply(bytes: memoryBytes) }
        if let processLimit { try ProcessLimit.apply(processLimit) }
        if hideProcesses { try HiddenProcesses.enter() }
        if let user { try user.become() }
        if let parentPid { try ParentDeathSignal.bind(to: parentPid) }
    }
}

/// The kernel's parent-death signal (`PR_SET_PDEATHSIG`): SIGTERM when the parent exits.
///
/// Linux sends it when the *thread* that started the child exits, so children are started from
/// threads that live as long as their process: the main thread of `launchpad up`, the local driver's spawn thread.
/// A change of user clears it, so it is set after one.
public enum ParentDeathSignal {
    /// Asks for SIGTERM when the parent exits, then checks that the parent is still `parent`: if it
    /// died between the spawn and this call, the signal would never come, so that is an error.
    public static func bind(to parent: Int32) throws(SystemCallError) {
        guard let prctl = GlibcExtensions.prctl else { throw SystemCallError("prctl", code: ENOSYS) }
        // PR_SET_PDEATHSIG is 1.
        guard prctl(1, UInt(SIGTERM), 0, 0, 0) == 0 else { throw SystemCallError("prctl(PR_SET_PDEATHSIG)") }
        guard getppid() == parent else { throw SystemCallError("prctl(PR_SET_PDEATHSIG): the parent \(parent) is gone", code: ESRCH) }
    }
}
