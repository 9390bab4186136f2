import LaunchpadDomain

extension AgentService {
    /// The agent `reference` names for `principal`: one of its own agents by name, or by id (an
    /// ADMIN's by id: any agent). Anything else is `notFound`, as for an agent that does not exist.
    public func agent(named reference: String, for principal: Principal) throws -> Agent {
        if (try? AgentRules.name(reference)) != nil {
            let store = self.store
            if let agentId = try store.database.environment.read({ try store.agentId(owner: principal.userId, name: reference, in: $0) }) {
                return try visibleAgent(agentId, to: principal)
            }
        }
        guard reference.hasPrefix("agent-"), !reference.utf8.contains(0) else { throw Self.notFound(reference) }
        return try visibleAgent(reference, to: principal)
    }
}
