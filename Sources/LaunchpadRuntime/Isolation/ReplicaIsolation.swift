/// How a replica is kept apart from launchpad and from other agents' replicas, applied by the
/// wrapper (`ExecWrapper`) before the command runs. `none` runs it as launchpad runs.
public struct ReplicaIsolation: Sendable, Equatable {
    /// The user it runs as.
    public var user: ReplicaUser?
    /// The cgroup it runs in, with its CPU, memory and process limits; everything it starts stays in it.
    public var cgroup: Cgroup?
    /// `RLIMIT_NPROC` for its user, where there is no pids cgroup.
    public var processLimit: Int?
    /// A mount namespace whose /proc hides other users' processes.
    public var hideProcesses: Bool

    public init(user: ReplicaUser? = nil, cgroup: Cgroup? = nil, processLimit: Int? = nil, hideProcesses: Bool = false) {
        self.user = user
        self.cgroup = cgroup
        self.processLimit = processLimit
        self.hideProcesses = hideProcesses
    }

    public static let none = ReplicaIsolation()
}
