/// A replica's whole answer to `POST /invoke` without `stream`: `{"agent","content","usage"}`.
public struct InvocationReply: Codable, Sendable, Equatable {
    /// The agent's name, as its character says.
    public var agent: String
    public var content: String
    public var usage: TokenUsage

    public init(agent: String, content: String, usage: TokenUsage) {
        self.agent = agent
        self.content = content
        self.usage = usage
    }
}
