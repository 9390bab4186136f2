/// The controller as the rest of the server uses it: told when an agent's record changes, asked
/// what runs. The API, the health report and invocation depend on this, never on a driver.
public protocol AgentControl: AnyObject, Sendable {
    /// The runtime's name ("local", "kubernetes").
    var runtimeName: String { get }
    /// What the runtime cannot enforce here (`ReplicaDriver.limitations`), or nil.
    var runtimeLimitations: String? { get }
    /// The cluster the runtime runs agents on (`ReplicaDriver.clusterHealth`), or nil.
    var clusterHealth: ClusterHealth? { get }
    /// The agent's record changed (created, updated, scaled, restarted, deleted): act on it soon.
    func agentChanged(_ agentId: String)
    func observe(_ agentId: String) -> AgentObservation
    func measure(_ agentId: String) -> AgentMeasurements
    func replicaTotals() -> ReplicaTotals
    /// The agent's ready replicas of its current generation, with their addresses: where a
    /// request to the agent may go.
    func readyEndpoints(of agentId: String) -> [ReplicaEndpoint]
}

extension AgentControl {
    public var runtimeLimitations: String? { nil }
    public var clusterHealth: ClusterHealth? { nil }
}
