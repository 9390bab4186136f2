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
