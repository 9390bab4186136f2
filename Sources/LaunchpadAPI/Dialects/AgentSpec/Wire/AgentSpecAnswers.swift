import Foundation
import LaunchpadAgentProtocol
import LaunchpadCore

/// Token counts as AgentSpec names them.
struct AgentSpecUsage: Encodable, Sendable {
    var input_tokens: Int
    var output_tokens: Int
    var total_tokens: Int

    init(_ usage: TokenUsage) {
        input_tokens = usage.input
        output_tokens = usage.output
        total_tokens = usage.total
    }
}

/// The answer of invoke and continue, and the data of a stream's `done` event.
struct InvokeAnswer: Encodable, Sendable {
    var agent: String
    var output: String
    var session_id: String?
    var usage: AgentSpecUsage

    init(_ turn: CompletedTurn) {
        agent = turn.agentName
        output = turn.content
        session_id = turn.sessionId
        usage = AgentSpecUsage(turn.usage)
    }
}

/// One deployed agent in `GET /v1/agents`.
struct AgentSpecAgent: Encodable, Sendable {
    var name: String
    var agent_id: String
    var status: String
    var url: String
}

struct AgentSpecAgentList: Encodable, Sendable {
    var agents: [AgentSpecAgent]
    var total: Int
}

/// A session as AgentSpec shows it.
struct AgentSpecSession: Encodable, Sendable {
    var session_id: String
    var agent: String
    var created_at: Date
    var last_active_at: Date
    var turns: Int
    var metadata: [String: String]

    init(_ session: Session, agentName: String) {
        session_id = session.sessionId
        agent = agentName
        created_at = session.createdAt
        last_active_at = session.lastActiveAt
        turns = session.turns
        metadata = session.metadata
    }
}

struct AgentSpecSessionList: Encodable, Sendable {
    var sessions: [AgentSpecSession]
    var total: Int
    var limit: Int
    var offset: Int
}

/// `GET /healthz`: `ok`, or `degraded` with the checks that fail.
struct HealthzAnswer: Encodable, Sendable {
    var status: String
    var checks: [String: String]
}
