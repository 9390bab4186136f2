/// A process that an earlier launchpad run started (it carries `LAUNCHPAD_AGENT_ID`), or one of
/// its children.
public struct LeftoverReplica: Sendable, Equatable {
    public var pid: Int32
    /// Its process group: the replica's pid when it was started by `ProcessLauncher`.
    public var pgid: Int32
    public var parentPid: Int32
    public var agentId: String
    /// `LAUNCHPAD_REPLICA`, or "" when the process does not have it.
    public var replicaName: String
    /// Its command line, for the log.
    public var commandLine: String
    /// When it started (clock ticks after boot), so that a pid reused since it was found is not
    /// taken for it.
    public var startTicks: UInt64

    public init(pid: Int32, pgid: Int32, parentPid: Int32, agentId: String, replicaName: String, commandLine: String, startTicks: UInt64 = 0) {
        self.pid = pid
        self.pgid = pgid
        self.parentPid = parentPid
        self.agentId = agentId
        self.replicaName = replicaName
        self.commandLine = commandLine
        self.startTicks = startTicks
    }
}
