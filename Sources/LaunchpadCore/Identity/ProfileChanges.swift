import LaunchpadDomain

/// A change to a user's own profile: each field is left as it is when nil.
public struct ProfileChanges: Sendable, Equatable {
    public var email: String?
    public var notifications: NotificationSettings?

    public init(email: String? = nil, notifications: NotificationSettings? = nil) {
        self.email = email
        self.notifications = notifications
    }

    public func validate() throws(DomainError) {
        if let email { try FieldRules.email(email) }
        if email == nil && notifications == nil {
            throw DomainError.invalid(field: "body", "nothing to update: send email and/or notifications")
        }
    }
}
