import Foundation
import LaunchpadDomain

/// Where the controller reads agents and writes what it decides: the store, behind the agent
/// service. Tests give it a dictionary.
public protocol AgentRecords: Sendable {
    /// Every stored agent, at start.
    func allAgentIds() throws -> [String]
    /// The agent now; nil once its record is gone.
    func load(_ agentId: String) throws -> ControlledAgent?
    /// What a replica of the agent's current generation runs (secrets opened).
    func template(for agent: ControlledAgent) throws -> ReplicaTemplate
    /// Writes a transition, unless the record's revision is no longer `seen`'s: then the next pass
    /// sees the new record.
    func recordTransition(_ agentId: String, expecting seen: ControlledAgent, to status: AgentStatus, reason: String, deployedAt: Date?) throws
    /// Removes a DELETING agent's record once its replicas are gone.
    func removeDeleted(_ agentId: String) throws
    /// The controller began acting on the agent as `seen` asks (its operations are running).
    func began(_ agentId: String, expecting seen: ControlledAgent) throws
    /// What runs matches `seen` (all replicas ready, or none for a PAUSED agent): its operations
    /// succeeded, unless the record has moved on since.
    func settled(_ agentId: String, expecting seen: ControlledAgent) throws
}

extension AgentRecords {
    public func began(_ agentId: String, expecting seen: ControlledAgent) throws {}
    public func settled(_ agentId: String, expecting seen: ControlledAgent) throws {}
}
