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
}
