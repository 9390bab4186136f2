import Foundation

/// An API key as stored: never the key itself, only its SHA-256 (the table's key).
public struct APIKeyRecord: Codable, Sendable, Equatable {
    public var keyId: String
    public var userId: String
    public var username: String
    public var role: Role
    public var createdAt: Date
    public var expiresAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?
    public var rateLimit: RateLimitPolicy?

    /// ACTIVE, EXPIRED or REVOKED at `now`.
    public func status(at now: Date) -> String {
        if revokedAt != nil { return "REVOKED" }
        return expiresAt <= now ? "EXPIRED" : "ACTIVE"
    }

    public var principal: Principal {
        Principal(keyId: keyId, userId: userId, username: username, role: role, rateLimit: rateLimit)
    }
}

/// The answer of POST /api/auth/generate-key: the only time the key is shown.
public struct IssuedKey: Sendable, Equatable {
    public var apiKey: String
    public var keyId: String
    public var expiresAt: Date
}
