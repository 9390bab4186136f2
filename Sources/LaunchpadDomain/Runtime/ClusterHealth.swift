import Foundation

/// What a runtime that runs agents on a cluster knows of that cluster, for the health report:
/// whether its API answers and how fast, its nodes, and the pods it runs for launchpad. Measured
/// on the runtime's own timer, never per health request.
public struct ClusterHealth: Sendable, Equatable {
    /// Whether the cluster's API answered the last probe.
    public var reachable: Bool
    /// The last probe's round trip, when it was answered.
    public var responseTime: Duration?
    /// Nodes in the cluster, and those ready; nil when they cannot be listed (not allowed, or not reached).
    public var nodes: Int?
    public var readyNodes: Int?
    /// Launchpad's pods (what its watches keep), and those ready.
    public var pods: Int
    public var readyPods: Int
    /// The namespace the agents run in.
    public var namespace: String
    /// When the last probe ended; nil before the first.
    public var checkedAt: Date?
    /// What the probe could not learn, or why the cluster is not well.
    public var reason: String?

    public init(
        reachable: Bool, responseTime: Duration? = nil, nodes: Int? = nil, readyNodes: Int? = nil, pods: Int = 0, readyPods: Int = 0,
        namespace: String, checkedAt: Date? = nil, reason: String? = nil
    ) {
        self.reachable = reachable
        self.responseTime = responseTime
        self.nodes = nodes
        self.readyNodes = readyNodes
        self.pods = pods
        self.readyPods = readyPods
        self.namespace = namespace
        self.checkedAt = checkedAt
        self.reason = reason
    }
}
