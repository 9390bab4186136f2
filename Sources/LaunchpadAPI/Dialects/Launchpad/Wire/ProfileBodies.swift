import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// The body of PUT /api/users/profile: every field optional, nothing else accepted.
public struct UpdateProfileBody: Decodable, Sendable {
    public var changes: ProfileChanges

    enum CodingKeys: String, CodingKey, CaseIterable { case email, notifications }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        changes = ProfileChanges(
            email: try container.decodeIfPresent(String.self, forKey: .email, refusingNull: true),
            notifications: try container.decodeIfPresent(NotificationsBody.self, forKey: .notifications, refusingNull: true)?.settings)
    }
}

/// `notifications` in a profile body: both fields required, nothing else accepted.
struct NotificationsBody: Codable {
    var email: Bool
    var slack: Bool

    enum CodingKeys: String, CodingKey, CaseIterable { case email, slack }

    init(_ settings: NotificationSettings) {
        (email, slack) = (settings.email, settings.slack)
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        email = try container.decode(Bool.self, forKey: .email)
        slack = try container.decode(Bool.self, forKey: .slack)
    }

    var settings: NotificationSettings { NotificationSettings(email: email, slack: slack) }
}

/// GET /api/users/profile (seed 001, "Get User Profile"), plus the notification settings PUT sets.
struct UserProfileBody: Encodable {
    var userId: String
    var username: String
    var email: String
    var role: Role
    var createdAt: Date
    var lastLogin: Date?
    var permissions: [String]
    var notifications: NotificationsBody

    init(_ user: User) {
        userId = user.userId
        username = user.username
        email = user.email
        role = user.role
        createdAt = user.createdAt
        lastLogin = user.lastLogin
        permissions = Permission.granted(to: user.role).map(\.rawValue)
        notifications = NotificationsBody(user.notifications)
    }
}
