import LaunchpadAgentProtocol
import LaunchpadDomain

/// A turn ready to send: checked before anything goes to a replica, so that a refusal (no such
/// agent, no ready replica, bad input) is an answer's status rather than a broken stream.
public struct PreparedTurn: Sendable {
    public var agentId: String
    public var agentName: String
    /// The session it belongs to; nil for a conversation sent whole (OpenAI's chat).
    public var session: Session?
    /// The user's new message, stored with the reply when the turn completes (sessions only).
    public var message: ConversationMessage?
    /// What the replica receives.
    public var conversation: [ConversationMessage]
    public var variables: [String: String]
    /// The ready replicas, in the order to try them.
    public var endpoints: [ReplicaEndpoint]
}

/// A turn the agent answered in full (and, with a session, committed).
public struct CompletedTurn: Sendable, Equatable {
    public var agentId: String
    public var agentName: String
    public var sessionId: String?
    public var content: String
    public var usage: TokenUsage
}
