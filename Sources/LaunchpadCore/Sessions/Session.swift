import Foundation

/// A conversation with an agent that Launchpad keeps, so that any replica can take its next turn.
/// Its messages are stored apart (`SessionStore`), in order.
public struct Session: Codable, Sendable, Equatable {
    /// `sess_` and 24 hexadecimal digits.
    public var sessionId: String
    public var agentId: String
    /// The user who made it; only they (or an ADMIN) see it.
    public var ownerId: String
    public var createdAt: Date
    public var lastActiveAt: Date
    /// Completed turns: a user's message and the agent's whole reply each.
    public var turns: Int
    /// Messages stored, which is also the sequence number of the next one.
    public var messageCount: Int
    /// What the caller attached when it made the session.
    public var metadata: [String: String]

    public init(sessionId: String, agentId: String, ownerId: String, createdAt: Date, metadata: [String: String]) {
        self.sessionId = sessionId
        self.agentId = agentId
        self.ownerId = ownerId
        self.createdAt = createdAt
        lastActiveAt = createdAt
        turns = 0
        messageCount = 0
        self.metadata = metadata
    }
}
