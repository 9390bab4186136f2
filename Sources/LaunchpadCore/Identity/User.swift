import Foundation

/// A user as stored in the `users` table.
public struct User: Codable, Sendable, Equatable {
    public var userId: String
    public var username: String
    public var email: String
    public var role: Role
    public var createdAt: Date
    /// The time of the last authenticated request by any of the user's keys (to the minute).
    public var lastLogin: Date?
    public var notifications: NotificationSettings

    public init(userId: String, username: String, email: String, role: Role, createdAt: Date, lastLogin: Date? = nil, notifications: NotificationSettings = NotificationSettings()) {
        self.userId = userId
        self.username = username
        self.email = email
        self.role = role
        self.createdAt = createdAt
        self.lastLogin = lastLogin
        self.notifications = notifications
    }
}

/// Where the user wants to be told about events.
public struct NotificationSettings: Codable, Sendable, Equatable {
    public var email: Bool
    public var slack: Bool

    public init(email: Bool = true, slack: Bool = false) {
        self.email = email
        self.slack = slack
    }

}
