import Foundation

/// A runtime that runs agents' replicas: local processes, or pods on a cluster. The controller
/// decides (statuses, backoff, crash loops, readiness timeouts, rollouts, deletion); a driver does
/// and reports. It hands the replicas' output lines to the log collector it was made with.
///
/// A driver whose `rollout` is `.controllerSteps` implements `startReplica` and `stopReplica`; one
/// whose rollout is `.driverOwned` implements `apply`. The other pair is never called.
public protocol ReplicaDriver: AnyObject, Sendable {
    /// "local", "kubernetes": as the health report names the runtime.
    var name: String { get }
    /// What the driver cannot enforce here (no cgroups, replicas sharing launchpad's user), for the
    /// health report; nil when it enforces everything it should.
    var limitations: String? { get }
    var rollout: RolloutStrategy { get }
    /// Whether `usage` measures anything; when false the agent's CPU and memory stay unmeasured
    /// (nil), rather than reported as nothing used.
    var measuresUsage: Bool { get }
    /// The cluster the replicas run on, for the health report; nil for a runtime with no cluster.
    var clusterHealth: ClusterHealth? { get }

    /// Called once before anything else: deals with what an earlier run of launchpad left, and
    /// returns the replicas it adopts, by agent (none, for a driver that replaces them).
    func recover() -> [String: [ReplicaReport]]

    /// Starts one replica of `template`.
    func startReplica(_ template: ReplicaTemplate) throws(DriverFailure) -> ReplicaReport

    /// Stops one replica (gracefully, then forcibly).
    func stopReplica(agentId: String, name: String)

    /// Makes the agent's replicas `replicas` copies of `template`; idempotent.
    func apply(_ template: ReplicaTemplate, replicas: Int) throws(DriverFailure)

    /// The agent's replicas now, after the readiness checks that were due at `now`, and the
    /// replicas that ended by themselves since the last call.
    func observe(agentId: String, now: Date) -> DriverObservation

    /// What each of the agent's replicas has used, by replica name.
    func usage(agentId: String) -> [String: ResourceUsage]

    /// Stops every replica of the agent and removes what it ran with.
    func stopAll(agentId: String)

    /// Removes what the agent left behind (its working directory, its objects); its replicas are
    /// already stopped.
    func forget(agentId: String)

    /// Stops every replica of every agent: launchpad is stopping.
    func shutdown()
}

extension ReplicaDriver {
    public var limitations: String? { nil }
    public var measuresUsage: Bool { true }
    public var clusterHealth: ClusterHealth? { nil }
}
