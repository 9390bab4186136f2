/// One page of a listing of agents, and how many there are in all.
public struct AgentPage: Sendable, Equatable {
    public var agents: [Agent]
    public var total: Int

    public init(agents: [Agent], total: Int) {
        self.agents = agents
        self.total = total
    }
}

/// One page of a listing of agents' summaries, and how many there are in all.
public struct AgentSummaryPage: Sendable, Equatable {
    public var agents: [AgentSummary]
    public var total: Int
}

/// A scaled agent, and the replicas that ran just before the change.
public struct ScaledAgent: Sendable, Equatable {
    public var agent: Agent
    public var replicasBefore: Int
}
