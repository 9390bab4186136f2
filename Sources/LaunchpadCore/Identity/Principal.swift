/// The authenticated caller: the key it presented and the user that key belongs to.
public struct Principal: Sendable, Equatable {
    public var keyId: String
    public var userId: String
    public var username: String
    public var role: Role
    /// A limit set on this key alone (the bench's key), overriding its role's.
    public var rateLimit: RateLimitPolicy?

    public init(keyId: String, userId: String, username: String, role: Role, rateLimit: RateLimitPolicy? = nil) {
        self.keyId = keyId
        self.userId = userId
        self.username = username
        self.role = role
        self.rateLimit = rateLimit
    }

    public var permissions: [Permission] { Permission.granted(to: role) }

    public func can(_ permission: Permission) -> Bool {
        permissions.contains { $0.grants(permission) }
    }
}
