/// What to start for one replica of an agent.
public struct ReplicaSpec: Sendable, Equatable {
    /// The agent this replica belongs to; the child gets it as `LAUNCHPAD_AGENT_ID`.
    public var agentId: String
    /// The replica's name, such as `agent-x-7d4f8c9b-xz9k2`; the child gets it as `LAUNCHPAD_REPLICA`.
    public var replicaName: String
    /// The command: `arguments[0]` is an absolute path, a path relative to `workingDirectory`, or a
    /// name looked up on the child's `PATH`.
    public var arguments: [String]
    /// The child's working directory; it must exist.
    public var workingDirectory: String
    /// The child's whole environment, besides `LAUNCHPAD_AGENT_ID` and `LAUNCHPAD_REPLICA` (always
    /// set from this spec, over any value given here) and `PATH`, `HOME` and `LANG` (inherited from
    /// this process when not given). Nothing else is inherited.
    public var environment: [String: String]
    /// The memory limit as `RLIMIT_DATA`, or nil for none. See `MemoryLimit` for what it counts; a
    /// cgroup's limit (`isolation`) replaces it where there is one.
    public var memoryLimitBytes: Int?
    /// Its user, cgroup and mounts.
    public var isolation: ReplicaIsolation

    public init(
        agentId: String,
        replicaName: String,
        arguments: [String],
        workingDirectory: String,
        environment: [String: String] = [:],
        memoryLimitBytes: Int? = nil,
        isolation: ReplicaIsolation = .none
    ) {
        self.agentId = agentId
        self.replicaName = replicaName
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.environment = environment
        self.memoryLimitBytes = memoryLimitBytes
        self.isolation = isolation
    }
}
