import Foundation
import LaunchpadAgentProtocol

/// One message of a session as stored: who said it, what, and when.
public struct StoredMessage: Codable, Sendable, Equatable {
    public var role: ConversationMessage.Role
    public var content: String
    public var createdAt: Date

    public init(_ message: ConversationMessage, at date: Date) {
        role = message.role
        content = message.content
        createdAt = date
    }

    public var message: ConversationMessage { ConversationMessage(role: role, content: content) }
}
