import Foundation
import LaunchpadDomain

extension AgentService {
    /// Marks the agent PAUSED: the controller stops every replica; the record, its configuration,
    /// its logs and its sessions stay. Pausing a paused agent changes nothing and is no error.
    public func pause(_ agentId: String, by principal: Principal, now: Date = Date()) throws -> Agent {
        try change(agentId, by: principal, operation: .pause, now: now) { agent, _ in
            guard agent.status != .paused else { return }
            agent.transition(to: .paused, reason: "pause requested", at: now)
        }
    }

    /// Brings a PAUSED agent's replicas back, as many as it has now (a scale while paused counts).
    /// Resuming an agent that is not paused changes nothing.
    public func resume(_ agentId: String, by principal: Principal, now: Date = Date()) throws -> Agent {
        try change(agentId, by: principal, operation: .resume, now: now) { agent, _ in
            guard agent.status == .paused else { return }
            agent.transition(to: .scaling, reason: "resume requested: starting \(agent.resources.replicas) replicas", at: now)
        }
    }

    /// The agent's operations, newest first, if `principal` may see the agent.
    public func operations(of agentId: String, for principal: Principal, limit: Int = 50) throws -> [OperationRecord] {
        _ = try visibleAgent(agentId, to: principal)
        return try store.operations.list(of: agentId, limit: limit)
    }
}
