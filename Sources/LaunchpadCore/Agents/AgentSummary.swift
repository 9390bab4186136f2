import Foundation
import LaunchpadDomain

/// What a listing shows of an agent: five fields of its record, decoded from the stored record
/// (whose other fields are skipped) into a cache of their own, so that a page copies five fields
/// per agent rather than whole records.
public struct AgentSummary: Decodable, Sendable, Equatable {
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
