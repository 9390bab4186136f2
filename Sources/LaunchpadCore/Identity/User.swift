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

    enum CodingKeys: String, CodingKey, CaseIterable { case email, slack }

    /// Both fields are required and nothing else is accepted.
    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(Bool.self, forKey: .email)
        slack = try container.decode(Bool.self, forKey: .slack)
    }
}

/// GET /api/users/profile (seed 001, "Get User Profile"), plus the notification settings PUT sets.
public struct UserProfile: Codable, Sendable, Equatable {
    public var userId: String
    public var username: String
    public var email: String
    public var role: Role
    public var createdAt: Date
    public var lastLogin: Date?
    public var permissions: [String]
    public var notifications: NotificationSettings

    public init(_ user: User) {
        userId = user.userId
        username = user.username
        email = user.email
        role = user.role
        createdAt = user.createdAt
        lastLogin = user.lastLogin
        permissions = Permission.granted(to: user.role).map(\.rawValue)
        notifications = user.notifications
    }
}
