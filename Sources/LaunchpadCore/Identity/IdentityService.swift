import LaunchpadDomain
import Foundation
import LaunchpadCrypto
import LaunchpadStore

/// Users and their API keys: issuing, authenticating, revoking, and the profile.
///
/// Tables: `users` (userId → User), `users_by_name` (username → userId), `keys_by_hash`
/// (SHA-256 of the key → APIKeyRecord, the lookup on every request) and `keys` (keyId → SHA-256).
public final class IdentityService: Sendable {
    public struct Configuration: Sendable {
        public var defaultLifetimeDays: Int
        public var lifetimeDays: ClosedRange<Int>
        /// `lastLogin` is written at most this often per key, so that reads stay read-only.
        public var lastLoginInterval: TimeInterval

        public init(defaultLifetimeDays: Int = 365, lifetimeDays: ClosedRange<Int> = 1...3650, lastLoginInterval: TimeInterval = 60) {
            self.defaultLifetimeDays = defaultLifetimeDays
            self.lifetimeDays = lifetimeDays
            self.lastLoginInterval = lastLoginInterval
        }
    }

    public let configuration: Configuration
    let database: Database
    let events: SecurityEventLog
    let users: Table
    let usersByName: Table
    let keysByHash: Table
    let keys: Table
    /// Key records and users are read on every request; their decoding is done once per version.
    let keyRecords = DecodeCache<AuthenticatedKey>()
    let userRecords = DecodeCache<User>()

    public init(database: Database, events: SecurityEventLog, configuration: Configuration = Configuration()) throws {
        self.database = database
        self.events = events
        self.configuration = configuration
        let environment = database.environment
        users = try environment.openTable("users")
        usersByName = try environment.openTable("users_by_name")
        keysByHash = try environment.openTable("keys_by_hash")
        keys = try environment.openTable("keys")
    }

    /// The one message of every authentication failure: missing, malformed, unknown, expired, revoked.
    public static let invalidKey = DomainError(.unauthenticated, "The API key is missing, invalid, expired or revoked")

    /// Issues a key, creating the user on first use of the username. The same username with the same
    /// email gets another key; with another email (or another role) it is a conflict.
    /// `actor` is the caller (nil for the CLI), recorded in the security event. `rateLimit` gives
    /// this key its own limit instead of its role's (the CLI's `--rate-limit`, used by the bench).
    public func generateKey(_ request: KeyGrant, by actor: Principal?, rateLimit: RateLimitPolicy? = nil, now: Date = Date()) throws -> IssuedKey {
        try request.validate(lifetimeDays: configuration.lifetimeDays)
        let apiKey = APIKeyFormat.generate()
        let digest = SHA256.hash(apiKey)
        let keyId = APIKeyFormat.generateKeyId()
        let newUserId = "user-" + SecureRandom.hex(6)
        let eventId = SecurityEvent.makeId()
        let days = request.expiresInDays ?? configuration.defaultLifetimeDays
        let expiresAt = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + Double(days) * 86_400).rounded(.down))
        let created = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let (users, usersByName, keysByHash, keys, events) = (self.users, self.usersByName, self.keysByHash, self.keys, self.events)
        try database.writer.write { transaction in
            let user: User
            if let existingId = try transaction.get(usersByName, Array(request.username.utf8)),
               let existing = try transaction.get(users, existingId, as: User.self) {
                guard existing.email == request.email else {
                    throw DomainError(.conflict, "User '\(request.username)' exists with another email")
                }
                guard existing.role == request.role else {
                    throw DomainError(.conflict, "User '\(request.username)' exists with role \(existing.role.rawValue)")
                }
                user = existing
            } else {
                user = User(userId: newUserId, username: request.username, email: request.email, role: request.role, createdAt: created)
                try transaction.put(users, Array(user.userId.utf8), user)
                let userIdBytes: [UInt8] = Array(user.userId.utf8)
                try transaction.put(usersByName, Array(user.username.utf8), userIdBytes)
            }
            let record = APIKeyRecord(
                keyId: keyId, userId: user.userId, username: user.username, role: user.role,
                createdAt: created, expiresAt: expiresAt, rateLimit: rateLimit)
            guard try transaction.insert(keys, Array(keyId.utf8), digest) else {
                throw DomainError(.conflict, "Key id collision; retry")
            }
            try transaction.put(keysByHash, digest, record)
            try events.record(SecurityEvent(
                id: eventId, type: .apiKeyGenerated, severity: .low,
                message: "API key \(keyId) generated for \(user.username) (\(user.role.rawValue))", timestamp: now,
                details: ["keyId": keyId, "username": user.username, "role": user.role.rawValue, "by": actor?.keyId ?? "cli"]),
                in: transaction)
        }
        return IssuedKey(apiKey: apiKey, keyId: keyId, expiresAt: expiresAt)
    }

    /// A stored record in the shape of a real one, used when the presented key is unknown so that
    /// the unknown-key path does the same work as the known-key path.
    private static let decoyRecord: [UInt8] = {
        let record = APIKeyRecord(
            keyId: "key_000000000000", userId: "user-000000000000", username: "decoy", role: .user,
            createdAt: Date(timeIntervalSince1970: 0), expiresAt: Date(timeIntervalSince1970: 0))
        return (try? ValueCoding.encode(record)) ?? []
    }()
    private static let decoyDigest = SHA256.hash("decoy")

    /// The principal for a presented key, or `invalidKey`. The unknown-key and wrong-key paths do the
    /// same work: one SHA-256, one lookup, one record taken from the decode cache, one constant-time
    /// comparison.
    public func authenticate(_ presented: String?, now: Date = Date()) throws -> APIKeyRecord {
        try authenticatedKey(presented?[...], now: now).record
    }

    /// As `authenticate(_:now:)`, for a key that is a slice of a header's value (no copy of it),
    /// answering the cached object of the key's record and principal (no copy of them).
    public func authenticatedKey(_ presented: Substring?, now: Date = Date()) throws -> AuthenticatedKey {
        guard let presented, APIKeyFormat.isWellFormed(presented) else { throw Self.invalidKey }
        let digest = SHA256.hash(presented)
        let (keysByHash, keyRecords) = (self.keysByHash, self.keyRecords)
        // The stored bytes are compared with the cached record's where they lie in the map; an
        // unknown key's lookup takes the decoy's bytes through the same cache.
        let (found, key) = try database.environment.read { transaction in
            try transaction.withValue(keysByHash, digest) { stored in
                guard let stored else {
                    return (false, try Self.decoyRecord.withUnsafeBytes { try keyRecords.value(for: Self.decoyDigest, stored: $0) })
                }
                return (true, try keyRecords.value(for: digest, stored: stored))
            }
        }
        let matches = ConstantTime.equals(found ? digest : Self.decoyDigest, digest)
        guard found, matches, key.record.status(at: now) == "ACTIVE" else { throw Self.invalidKey }
        return key
    }

    /// Records that `record`'s key was used: `lastLogin` of its user and `lastUsedAt` of the key,
    /// through the writer, at most once per `lastLoginInterval`.
    public func noteUse(of record: APIKeyRecord, now: Date = Date()) throws {
        if let last = record.lastUsedAt, now.timeIntervalSince(last) < configuration.lastLoginInterval { return }
        let stamp = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let (users, keysByHash, keys) = (self.users, self.keysByHash, self.keys)
        try database.writer.write { transaction in
            guard let digest = try transaction.get(keys, Array(record.keyId.utf8)),
                  var stored = try transaction.get(keysByHash, digest, as: APIKeyRecord.self) else { return }
            stored.lastUsedAt = stamp
            try transaction.put(keysByHash, digest, stored)
            if var user = try transaction.get(users, Array(record.userId.utf8), as: User.self) {
                user.lastLogin = stamp
                try transaction.put(users, Array(user.userId.utf8), user)
            }
        }
    }

    /// Every key, newest first, without secrets.
    public func listKeys() throws -> [APIKeyRecord] {
        let (keys, keysByHash) = (self.keys, self.keysByHash)
        var records: [APIKeyRecord] = []
        try database.environment.read { transaction in
            try transaction.scan(keys) { _, digest in
                if let record = try transaction.get(keysByHash, digest, as: APIKeyRecord.self) { records.append(record) }
                return true
            }
        }
        return records.sorted { ($0.createdAt, $0.keyId) > ($1.createdAt, $1.keyId) }
    }

    /// Whether any active ADMIN key exists.
    public func hasActiveAdminKey(now: Date = Date()) throws -> Bool {
        try listKeys().contains { $0.role == .admin && $0.status(at: now) == "ACTIVE" }
    }

    /// Revokes a key; later requests with it are 401. Revoking twice is harmless.
    public func revoke(keyId: String, by actor: Principal?, now: Date = Date()) throws {
        // Checked before it reaches an LMDB key: an id of another shape names no key.
        guard APIKeyFormat.isWellFormedKeyId(keyId) else { throw DomainError.notFound(.key, "API key '\(keyId.prefix(64))' not found") }
        let (keys, keysByHash, events) = (self.keys, self.keysByHash, self.events)
        let eventId = SecurityEvent.makeId()
        let stamp = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        try database.writer.write { transaction in
            guard let digest = try transaction.get(keys, Array(keyId.utf8)),
                  var record = try transaction.get(keysByHash, digest, as: APIKeyRecord.self) else {
                throw DomainError.notFound(.key, "API key '\(keyId.prefix(64))' not found")
            }
            guard record.revokedAt == nil else { return }
            record.revokedAt = stamp
            try transaction.put(keysByHash, digest, record)
            try events.record(SecurityEvent(
                id: eventId, type: .apiKeyRevoked, severity: .medium,
                message: "API key \(keyId) of \(record.username) revoked", timestamp: now,
                details: ["keyId": keyId, "username": record.username, "by": actor?.keyId ?? "cli"]),
                in: transaction)
        }
    }

    /// Refuses (`forbidden`) unless `principal` holds `permission`; a denial is a security event.
    /// - Parameter route: the route pattern refused (`/api/agents/{agentId}`), never the path as
    ///   sent: the event must not store what the caller chose.
    public func authorize(_ principal: Principal, _ permission: Permission, route: String) throws {
        guard !principal.can(permission) else { return }
        // Repeats from one key for one permission within a minute are one event, with a count.
        try? events.record(SecurityEvent(
            id: SecurityEvent.makeId(), type: .permissionDenied, severity: .medium,
            message: "\(principal.username) (\(principal.role.rawValue)) was refused \(permission)", timestamp: Date(),
            details: ["keyId": principal.keyId, "permission": permission.rawValue, "route": route]),
            coalescingKey: "denied|\(principal.keyId)|\(permission.rawValue)")
        throw DomainError(.forbidden, "This key's role (\(principal.role.rawValue)) lacks the permission '\(permission)'")
    }
}
