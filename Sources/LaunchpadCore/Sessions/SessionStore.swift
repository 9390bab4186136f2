import Foundation
import LaunchpadStore

/// Sessions in LMDB, each change one writer transaction with its indexes:
///
/// - `sessions`: sessionId → Session
/// - `session_messages`: sessionId 0, sequence (big-endian) → StoredMessage
/// - `session_by_agent`: agentId 0, createdAt, sessionId → owner: an agent's sessions, newest first
/// - `session_by_activity`: lastActiveAt, sessionId → agentId: the idle ones first, for expiry
/// - `session_lru`: agentId 0, lastActiveAt, sessionId → empty: an agent's least recently used first
/// - `session_counts`: agentId → how many sessions it has; `*` → all of them
public final class SessionStore: Sendable {
    let database: Database
    let sessions: Table
    let messages: Table
    let byAgent: Table
    let byActivity: Table
    let leastRecent: Table
    let counts: Table

    static let totalKey = Array("*".utf8)

    public init(database: Database) throws {
        self.database = database
        let environment = database.environment
        sessions = try environment.openTable("sessions")
        messages = try environment.openTable("session_messages")
        byAgent = try environment.openTable("session_by_agent")
        byActivity = try environment.openTable("session_by_activity")
        leastRecent = try environment.openTable("session_lru")
        counts = try environment.openTable("session_counts")
    }

    func load(_ sessionId: String, in transaction: Transaction) throws -> Session? {
        try transaction.get(sessions, Array(sessionId.utf8), as: Session.self)
    }

    func count(of agentId: String?, in transaction: Transaction) throws -> Int {
        try transaction.get(counts, agentId.map { Array($0.utf8) } ?? Self.totalKey, as: Int.self) ?? 0
    }

    /// Stores a new session and its index entries.
    func insert(_ session: Session, in transaction: WriteTransaction) throws {
        try transaction.put(sessions, Array(session.sessionId.utf8), session)
        try transaction.put(byAgent, Self.agentKey(session), [UInt8](session.ownerId.utf8))
        try index(session, in: transaction)
        try adjust(session.agentId, by: 1, in: transaction)
    }

    /// Writes `session` over `old`, moving its activity entries.
    func update(_ session: Session, replacing old: Session, in transaction: WriteTransaction) throws {
        try unindex(old, in: transaction)
        try transaction.put(sessions, Array(session.sessionId.utf8), session)
        try index(session, in: transaction)
    }

    /// Appends `message` as the session's message number `sequence`.
    func append(_ message: StoredMessage, to sessionId: String, sequence: Int, in transaction: WriteTransaction) throws {
        try transaction.put(messages, Self.messageKey(sessionId, sequence), message)
    }

    /// The session's last `limit` messages, oldest first.
    func lastMessages(of session: Session, limit: Int, in transaction: Transaction) throws -> [StoredMessage] {
        var found: [StoredMessage] = []
        guard limit > 0 else { return found }
        try transaction.scan(messages, prefix: Self.messagePrefix(session.sessionId), reverse: true) { _, value in
            found.append(try ValueCoding.decode(StoredMessage.self, from: value))
            return found.count < limit
        }
        return found.reversed()
    }

    /// Removes the session, its messages and its index entries.
    func remove(_ session: Session, in transaction: WriteTransaction) throws {
        var keys: [[UInt8]] = []
        try transaction.scan(messages, prefix: Self.messagePrefix(session.sessionId)) { key, _ in
            keys.append(key)
            return true
        }
        for key in keys { _ = try transaction.delete(messages, key) }
        _ = try transaction.delete(byAgent, Self.agentKey(session))
        try unindex(session, in: transaction)
        _ = try transaction.delete(sessions, Array(session.sessionId.utf8))
        try adjust(session.agentId, by: -1, in: transaction)
    }

    /// A page of the agent's sessions, newest first, keeping those `include` accepts (by owner).
    func page(of agentId: String, limit: Int, offset: Int, in transaction: Transaction, include: (String) -> Bool) throws -> (sessions: [Session], matching: Int) {
        var page: [Session] = []
        var matching = 0
        try transaction.scan(byAgent, prefix: Self.agentPrefix(agentId), reverse: true) { key, owner in
            guard include(String(decoding: owner, as: UTF8.self)) else { return true }
            matching += 1
            if matching > offset, page.count < limit {
                let sessionId = String(decoding: key[(Self.agentPrefix(agentId).count + 8)...], as: UTF8.self)
                if let session = try load(sessionId, in: transaction) { page.append(session) }
            }
            return true
        }
        return (page, matching)
    }

    /// The agent's least recently used session.
    func leastRecentlyUsed(of agentId: String, in transaction: Transaction) throws -> Session? {
        var found: Session?
        try transaction.scan(leastRecent, prefix: Self.agentPrefix(agentId)) { key, _ in
            let sessionId = String(decoding: key[(Self.agentPrefix(agentId).count + 8)...], as: UTF8.self)
            found = try load(sessionId, in: transaction)
            return false
        }
        return found
    }

    /// Sessions idle since before `cutoff`, at most `limit`, most idle first.
    func idle(before cutoff: Date, limit: Int, in transaction: Transaction) throws -> [Session] {
        var found: [Session] = []
        var bound = KeyBuilder()
        bound.append(cutoff)
        try transaction.scan(byActivity) { key, _ in
            guard key.lexicographicallyPrecedes(bound.bytes), found.count < limit else { return false }
            if let session = try load(String(decoding: key[8...], as: UTF8.self), in: transaction) { found.append(session) }
            return true
        }
        return found
    }

    /// The agents that have sessions.
    func agentsWithSessions(in transaction: Transaction) throws -> [String] {
        var agents: [String] = []
        try transaction.scan(counts) { key, _ in
            if key != Self.totalKey { agents.append(String(decoding: key, as: UTF8.self)) }
            return true
        }
        return agents
    }

    /// Up to `limit` sessions of the agent, any order.
    func sessions(of agentId: String, limit: Int, in transaction: Transaction) throws -> [Session] {
        try page(of: agentId, limit: limit, offset: 0, in: transaction) { _ in true }.sessions
    }

    private func index(_ session: Session, in transaction: WriteTransaction) throws {
        try transaction.put(byActivity, Self.activityKey(session), [UInt8](session.agentId.utf8))
        try transaction.put(leastRecent, Self.leastRecentKey(session), [UInt8]())
    }

    private func unindex(_ session: Session, in transaction: WriteTransaction) throws {
        _ = try transaction.delete(byActivity, Self.activityKey(session))
        _ = try transaction.delete(leastRecent, Self.leastRecentKey(session))
    }

    private func adjust(_ agentId: String, by delta: Int, in transaction: WriteTransaction) throws {
        for key in [Array(agentId.utf8), Self.totalKey] {
            let value = max(0, (try transaction.get(counts, key, as: Int.self) ?? 0) + delta)
            if value == 0 { _ = try transaction.delete(counts, key) } else { try transaction.put(counts, key, value) }
        }
    }

    /// A string and its terminator: the prefix of an agent's (or a session's) keys.
    static func agentPrefix(_ agentId: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(agentId)
        return key.bytes
    }

    static func agentKey(_ session: Session) -> [UInt8] {
        var key = KeyBuilder()
        key.append(session.agentId)
        key.append(session.createdAt)
        key.append(bytes: Array(session.sessionId.utf8))
        return key.bytes
    }

    static func activityKey(_ session: Session) -> [UInt8] {
        var key = KeyBuilder()
        key.append(session.lastActiveAt)
        key.append(bytes: Array(session.sessionId.utf8))
        return key.bytes
    }

    /// The agent's prefix, then the activity key: an agent's sessions, least recently used first.
    static func leastRecentKey(_ session: Session) -> [UInt8] {
        agentPrefix(session.agentId) + activityKey(session)
    }

    static func messagePrefix(_ sessionId: String) -> [UInt8] {
        agentPrefix(sessionId)
    }

    static func messageKey(_ sessionId: String, _ sequence: Int) -> [UInt8] {
        var key = KeyBuilder()
        key.append(sessionId)
        key.append(UInt64(sequence))
        return key.bytes
    }
}
