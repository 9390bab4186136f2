import LaunchpadDomain

/// What a new key is for: its user (created on first use of the username), the role, and how long
/// it lives. The API's generate-key body and `launchpad keys create` both make one.
public struct KeyGrant: Sendable, Equatable {
    public var username: String
    public var email: String
    public var role: Role
    /// The key's lifetime; the configured default when nil.
    public var expiresInDays: Int?

    public init(username: String, email: String, role: Role, expiresInDays: Int? = nil) {
        self.username = username
        self.email = email
        self.role = role
        self.expiresInDays = expiresInDays
    }

    /// Checks every field; the first problem is an `invalid` error naming it.
    public func validate(lifetimeDays: ClosedRange<Int>) throws(DomainError) {
        try FieldRules.username(username)
        try FieldRules.email(email)
        if let expiresInDays, !lifetimeDays.contains(expiresInDays) {
            throw DomainError.invalid(field: "expiresInDays", "must be from \(lifetimeDays.lowerBound) to \(lifetimeDays.upperBound) days")
        }
    }
}
