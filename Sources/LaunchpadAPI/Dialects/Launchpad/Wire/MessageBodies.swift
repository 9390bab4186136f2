import Foundation
import LaunchpadAgentProtocol
import LaunchpadCore
import LaunchpadHTTP

/// The body of POST /api/agents/{id}/message (AgentOS, seed 002): `{"message", "sessionId"?}`.
struct SendMessageBody: Decodable, Sendable {
    var message: String
    var sessionId: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case message, sessionId }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        message = try container.decode(String.self, forKey: .message)
        sessionId = try container.decodeIfPresent(String.self, forKey: .sessionId, refusingNull: true)
    }
}

/// The answer to a message: the agent's reply, who answered, the tokens, and the session it went in.
struct MessageAnswer: Encodable, Sendable {
    var content: String
    /// The agent's name: there is no language model behind the reference agent.
    var model: String
    var usage: TokenUsage
    var sessionId: String
}

/// One session in a listing.
struct SessionBody: Encodable, Sendable {
    var sessionId: String
    var agentId: String
    var createdAt: Date
    var lastActiveAt: Date
    var turns: Int
    var metadata: [String: String]

    init(_ session: Session) {
        sessionId = session.sessionId
        agentId = session.agentId
        createdAt = session.createdAt
        lastActiveAt = session.lastActiveAt
        turns = session.turns
        metadata = session.metadata
    }
}

/// GET /api/agents/{id}/sessions.
struct SessionListAnswer: Encodable, Sendable {
    var sessions: [SessionBody]
    var total: Int
    var limit: Int
    var offset: Int
}
