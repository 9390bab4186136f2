import Foundation

/// An agent as the controller sees it: what it must run, and where it stands.
public struct ControlledAgent: Sendable, Equatable {
    public var agentId: String
    public var status: AgentStatus
    /// Bumped by every change that needs new replicas (a new spec, a restart).
    public var generation: Int
    public var replicas: Int
    public var createdAt: Date
    public var deployedAt: Date?
    /// Changes whenever the record does in a way the controller acts on; a transition is written
    /// only if the record still has the revision the controller decided it on.
    public var revision: String

    public init(agentId: String, status: AgentStatus, generation: Int, replicas: Int, createdAt: Date, deployedAt: Date? = nil, revision: String) {
        self.agentId = agentId
        self.status = status
        self.generation = generation
        self.replicas = replicas
        self.createdAt = createdAt
        self.deployedAt = deployedAt
        self.revision = revision
    }
}
