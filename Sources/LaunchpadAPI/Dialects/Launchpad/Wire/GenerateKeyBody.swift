import Foundation
import LaunchpadCore
import LaunchpadHTTP

/// The body of POST /api/auth/generate-key.
public struct GenerateKeyBody: Decodable, Sendable {
    public var grant: KeyGrant

    enum CodingKeys: String, CodingKey, CaseIterable { case username, email, role, expiresInDays }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let roleText = try container.decode(String.self, forKey: .role)
        guard let role = Role(rawValue: roleText) else {
            throw DecodingError.dataCorruptedError(forKey: .role, in: container, debugDescription: "must be USER or ADMIN, got '\(roleText)'")
        }
        grant = KeyGrant(
            username: try container.decode(String.self, forKey: .username),
            email: try container.decode(String.self, forKey: .email),
            role: role,
            expiresInDays: try container.decodeIfPresent(Int.self, forKey: .expiresInDays, refusingNull: true))
    }
}

/// The answer of POST /api/auth/generate-key: the only time the key is shown.
struct IssuedKeyBody: Encodable {
    var apiKey: String
    var keyId: String
    var expiresAt: Date

    init(_ issued: IssuedKey) {
        (apiKey, keyId, expiresAt) = (issued.apiKey, issued.keyId, issued.expiresAt)
    }
}

/// One key of GET /api/auth/keys: never the key itself.
struct KeyAnswer: Encodable {
    var keyId: String
    var userId: String
    var username: String
    var role: Role
    var createdAt: Date
    var expiresAt: Date
    var revokedAt: Date?
    var lastUsedAt: Date?
    /// ACTIVE, EXPIRED or REVOKED.
    var status: String

    init(_ record: APIKeyRecord, now: Date) {
        (keyId, userId, username, role) = (record.keyId, record.userId, record.username, record.role)
        (createdAt, expiresAt, revokedAt, lastUsedAt) = (record.createdAt, record.expiresAt, record.revokedAt, record.lastUsedAt)
        status = record.status(at: now)
    }
}

/// GET /api/auth/keys: newest first.
struct KeyListAnswer: Encodable {
    var keys: [KeyAnswer]
}

/// DELETE /api/auth/keys/{keyId}.
struct KeyRevokedAnswer: Encodable {
    var keyId: String
    var status: String
}
