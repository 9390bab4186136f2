import Foundation
import LaunchpadDomain

/// What a listing shows of an agent: five fields of its record, taken from the decoded record in
/// place rather than copying all of it.
public struct AgentSummary: Sendable, Equatable {
    public var agentId: String
    public var name: String
    public var status: AgentStatus
    public var ownerId: String
    public var createdAt: Date

    public init(_ agent: Agent) {
        agentId = agent.agentId
        name = agent.name
        status = agent.status
        ownerId = agent.ownerId
        createdAt = agent.createdAt
    }
}
