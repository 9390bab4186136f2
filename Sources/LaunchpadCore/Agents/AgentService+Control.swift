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
            memoryBytes: record.resources.memoryBytes, millicores: record.resources.millicores, ownerId: record.ownerId,
            image: record.instance?.image, region: record.instance?.region)
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
            // DEPLOYED is written only once what runs matches the record: its operations succeeded,
            // in the same commit (a write of their own just after would be one more to fail).
            if status == .deployed { try store.operations.advance(agentId, at: now, in: transaction) { _ in (.succeeded, nil) } }
            if status == .failed {
                try store.countOutcome(successful: false, in: transaction)
                try store.operations.advance(agentId, at: now, in: transaction) { _ in (.failed, reason) }
            }
        }
    }

    public func began(_ agentId: String, expecting seen: ControlledAgent) throws {
        try advanceOperations(agentId, expecting: seen, from: [.pending]) { _ in (.running, nil) }
    }

    public func settled(_ agentId: String, expecting seen: ControlledAgent) throws {
        try advanceOperations(agentId, expecting: seen, from: [.pending, .running]) { _ in (.succeeded, nil) }
    }

    /// Moves the agent's unfinished operations on, if it has some in `statuses` and its record is
    /// still `seen`'s; otherwise writes nothing.
    private func advanceOperations(
        _ agentId: String, expecting seen: ControlledAgent, from statuses: Set<OperationStatus>,
        _ change: @escaping (OperationRecord) -> (OperationStatus, String?)?
    ) throws {
        let store = self.store
        guard try store.operations.hasUnfinished(of: agentId, in: statuses) else { return }
        try store.database.writer.write { transaction in
            guard let current = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self),
                  Self.revision(of: current) == seen.revision else { return }
            try store.operations.advance(agentId, at: Date(), in: transaction) { record in
                statuses.contains(record.status) ? change(record) : nil
            }
        }
    }

    public func removeDeleted(_ agentId: String) throws {
        let (store, scans) = (self.store, scanner?.scans)
        try store.database.writer.write { transaction in
            guard let agent = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self), agent.status == .deleting else { return }
            try store.remove(agent, in: transaction)
            try store.operations.advance(agentId, at: Date(), in: transaction) { record in
                record.kind == .delete ? (.succeeded, nil) : (.failed, "the agent was deleted")
            }
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
