import Foundation
import LaunchpadController
import LaunchpadDomain
import LaunchpadStore

/// The agent records as the controller reads and writes them.
extension AgentService: AgentRecords {
    public func allAgentIds() throws -> [String] {
        try store.all().map(\.agentId)
    }

    public func load(_ agentId: String) throws -> ControlledAgent? {
        try store.load(agentId).map(Self.controlled)
    }

    public func template(for agent: ControlledAgent) throws -> ReplicaTemplate {
        guard let record = try store.load(agent.agentId) else { throw StoreError(code: 0, operation: "template", message: "the agent \(agent.agentId) is gone") }
        let personality = record.personality
        return ReplicaTemplate(
            agentId: record.agentId, generation: record.generation,
            character: AgentCharacter(
                name: record.name, system: personality.system, bio: personality.bio, adjectives: personality.adjectives,
                topics: personality.topics, plugins: record.plugins, platforms: record.platforms.keys.sorted()),
            environment: try platformEnvironment(record),
            memoryBytes: record.resources.memoryBytes, millicores: record.resources.millicores, ownerId: record.ownerId)
    }

    public func recordTransition(_ agentId: String, expecting seen: ControlledAgent, to status: AgentStatus, reason: String, deployedAt: Date?) throws {
        let store = self.store
        let now = Date()
        try store.database.writer.write { transaction in
            guard let current = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self),
                  Self.revision(of: current) == seen.revision else { return }
            var agent = current
            agent.transition(to: status, reason: reason, at: now)
            if let deployedAt { agent.deployedAt = deployedAt }
            try store.save(agent, replacing: current, in: transaction)
            if status == .deployed && current.status != .scaling { try store.countOutcome(successful: true, in: transaction) }
            if status == .failed { try store.countOutcome(successful: false, in: transaction) }
        }
    }

    public func removeDeleted(_ agentId: String) throws {
        let (store, scans) = (self.store, scanner?.scans)
        try store.database.writer.write { transaction in
            guard let agent = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self), agent.status == .deleting else { return }
            try store.remove(agent, in: transaction)
            try scans?.removeAll(of: agentId, in: transaction)
        }
    }

    static func controlled(_ agent: Agent) -> ControlledAgent {
        ControlledAgent(
            agentId: agent.agentId, status: agent.status, generation: agent.generation, replicas: agent.resources.replicas,
            createdAt: agent.createdAt, deployedAt: agent.deployedAt, revision: revision(of: agent))
    }

    /// What the controller's decisions rest on: another status, generation or resources make a
    /// decision stale.
    static func revision(of agent: Agent) -> String {
        "\(agent.status.rawValue) \(agent.generation) \(agent.resources.memory) \(agent.resources.cpu) \(agent.resources.replicas)"
    }
}
