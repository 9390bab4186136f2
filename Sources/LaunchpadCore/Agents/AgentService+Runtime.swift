import Foundation
import LaunchpadHTTP

extension AgentService {
    /// Records a transition the reconciler decided, unless the record changed meanwhile (another
    /// status, or a new generation): then the reconciler sees the new record on its next pass.
    public func recordTransition(_ agentId: String, expecting seen: Agent, to status: AgentStatus, reason: String?, deployedAt: Date? = nil) throws {
        let store = self.store
        let now = Date()
        try store.database.writer.write { transaction in
            guard let current = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self),
                  current.status == seen.status, current.generation == seen.generation, current.resources == seen.resources else { return }
            var agent = current
            agent.transition(to: status, reason: reason, at: now)
            if let deployedAt { agent.deployedAt = deployedAt }
            try store.save(agent, replacing: current, in: transaction)
            if status == .deployed && current.status != .scaling { try store.countOutcome(successful: true, in: transaction) }
            if status == .failed { try store.countOutcome(successful: false, in: transaction) }
        }
    }

    /// Removes a DELETING agent's record once its processes are gone.
    public func removeDeleted(_ agentId: String) throws {
        let (store, scans) = (self.store, scanner?.scans)
        try store.database.writer.write { transaction in
            guard let agent = try transaction.get(store.agents, Array(agentId.utf8), as: Agent.self), agent.status == .deleting else { return }
            try store.remove(agent, in: transaction)
            try scans?.removeAll(of: agentId, in: transaction)
        }
    }
}
