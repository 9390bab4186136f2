/// One message of a conversation, as launchpad sends it to a replica and keeps it in a session.
public struct ConversationMessage: Codable, Sendable, Equatable {
    /// Who said it.
    public enum Role: String, Codable, Sendable, CaseIterable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }
}
