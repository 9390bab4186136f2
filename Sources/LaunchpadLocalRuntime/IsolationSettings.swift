/// How the local driver keeps replicas apart, where the host allows it (README, "Security model").
public struct IsolationSettings: Sendable, Equatable {
    /// Replicas run as users of their own, one per agent, taken from this range; nil runs them as
    /// launchpad's user. Needs launchpad to run as root.
    public var userIds: ClosedRange<UInt32>?
    /// Processes and threads per replica (`pids.max`); per agent (`RLIMIT_NPROC` of its user) where
    /// there is no pids cgroup.
    public var maxProcesses: Int
    /// Each replica in a cgroup of its own with its CPU, memory and process limits, when the host has
    /// cgroup v2 or v1 controllers; false keeps the `RLIMIT_DATA` memory limit alone.
    public var cgroups: Bool

    public static let defaultUserIds: ClosedRange<UInt32> = 200_000...265_535

    public init(userIds: ClosedRange<UInt32>? = IsolationSettings.defaultUserIds, maxProcesses: Int = 512, cgroups: Bool = true) {
        self.userIds = userIds
        self.maxProcesses = maxProcesses
        self.cgroups = cgroups
    }
}
