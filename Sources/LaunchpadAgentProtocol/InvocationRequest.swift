/// The body of `POST /invoke`: the conversation so far, newest last, whose last message is the
/// user's turn to answer. Replicas keep no state: launchpad sends the recent messages every time.
public struct InvocationRequest: Codable, Sendable, Equatable {
    /// The session the turn belongs to (`sess_…`), or nil for a call without one.
    public var sessionId: String?
    public var messages: [ConversationMessage]
    /// Values the caller passes to the agent (a user's name, say).
    public var variables: [String: String]
    /// Answer with Server-Sent Events instead of one JSON reply.
    public var stream: Bool

    public init(sessionId: String? = nil, messages: [ConversationMessage], variables: [String: String] = [:], stream: Bool = false) {
        self.sessionId = sessionId
        self.messages = messages
        self.variables = variables
        self.stream = stream
    }

    private enum CodingKeys: String, CodingKey {
        case sessionId, messages, variables, stream
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sessionId = try container.decodeIfPresent(String.self, forKey: .sessionId)
        messages = try container.decode([ConversationMessage].self, forKey: .messages)
        variables = try container.decodeIfPresent([String: String].self, forKey: .variables) ?? [:]
        stream = try container.decodeIfPresent(Bool.self, forKey: .stream) ?? false
    }
}
