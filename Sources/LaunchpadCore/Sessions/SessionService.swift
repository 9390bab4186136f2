import Foundation
import LaunchpadAgentProtocol
import LaunchpadCrypto
import LaunchpadDomain
import LaunchpadStore
import LaunchpadThreads

/// Durable conversations: made, read, listed and deleted for the caller, and a turn committed only
/// once the agent's answer is complete. Idle sessions expire, each agent keeps a bounded number
/// (the least recently used goes first), and an agent's sessions go with it.
public final class SessionService: Sendable {
    public struct Configuration: Sendable, Equatable {
        /// How many of a session's last messages a replica receives (the new one included).
        public var historyLimit: Int
        /// A session unused this long is gone.
        public var idleTimeoutSeconds: Double
        /// The most sessions one agent keeps.
        public var maxPerAgent: Int

        public init(historyLimit: Int = 50, idleTimeoutSeconds: Double = 1800, maxPerAgent: Int = 10_000) {
            self.historyLimit = historyLimit
            self.idleTimeoutSeconds = idleTimeoutSeconds
            self.maxPerAgent = maxPerAgent
        }
    }

    public let configuration: Configuration
    public let store: SessionStore
    let agents: AgentService

    public init(store: SessionStore, agents: AgentService, configuration: Configuration = Configuration()) {
        self.store = store
        self.agents = agents
        self.configuration = configuration
    }

    public static func notFound(_ sessionId: String) -> DomainError {
        DomainError.notFound(.session, "Session '\(sessionId.prefix(64))' not found")
    }

    // MARK: Make, read, list, delete

    /// A new session with `agentId`, which `principal` must see; past the agent's limit, its least
    /// recently used session makes room.
    public func create(agentId: String, by principal: Principal, metadata: [String: String] = [:], now: Date = Date()) throws -> Session {
        let agent = try agents.visibleAgent(agentId, to: principal)
        try Self.check(metadata)
        let session = Session(sessionId: "sess_" + SecureRandom.hex(12), agentId: agent.agentId, ownerId: principal.userId, createdAt: now, metadata: metadata)
        let (store, limit) = (self.store, configuration.maxPerAgent)
        try store.database.writer.write { transaction in
            while try store.count(of: agent.agentId, in: transaction) >= limit, let oldest = try store.leastRecentlyUsed(of: agent.agentId, in: transaction) {
                try store.remove(oldest, in: transaction)
            }
            try store.insert(session, in: transaction)
        }
        return session
    }

    /// The session if it belongs to `agentId` (when given), is not expired, and `principal` made it
    /// or is an ADMIN; otherwise `notFound`.
    public func session(_ sessionId: String, agentId: String?, for principal: Principal, now: Date = Date()) throws -> Session {
        guard Self.isWellFormed(sessionId) else { throw Self.notFound(sessionId) }
        let store = self.store
        guard let session = try store.database.environment.read({ try store.load(sessionId, in: $0) }),
              agentId == nil || session.agentId == agentId,
              principal.role == .admin || session.ownerId == principal.userId,
              !isExpired(session, now: now)
        else { throw Self.notFound(sessionId) }
        return session
    }

    /// The agent's sessions that `principal` may see (its own, or every one for an ADMIN), newest first.
    public func list(agentId: String, for principal: Principal, limit: Int, offset: Int, now: Date = Date()) throws -> SessionPage {
        _ = try agents.visibleAgent(agentId, to: principal)
        let store = self.store
        let cutoff = now.addingTimeInterval(-configuration.idleTimeoutSeconds)
        return try store.database.environment.read { transaction in
            let found = try store.page(of: agentId, limit: limit, offset: offset, in: transaction) { owner in
                principal.role == .admin || owner == principal.userId
            }
            return SessionPage(sessions: found.sessions.filter { $0.lastActiveAt >= cutoff }, total: found.matching)
        }
    }

    public func delete(_ sessionId: String, agentId: String?, for principal: Principal) throws {
        let session = try session(sessionId, agentId: agentId, for: principal)
        let store = self.store
        try store.database.writer.write { transaction in
            guard let current = try store.load(session.sessionId, in: transaction) else { return }
            try store.remove(current, in: transaction)
        }
    }

    /// The session's messages, oldest first (the last `limit`).
    public func messages(of session: Session, limit: Int = .max) throws -> [StoredMessage] {
        let store = self.store
        return try store.database.environment.read { try store.lastMessages(of: session, limit: limit, in: $0) }
    }

    /// How many sessions there are, over every agent.
    public func activeCount() throws -> Int {
        let store = self.store
        return try store.database.environment.read { try store.count(of: nil, in: $0) }
    }

    // MARK: Turns

    /// The conversation a replica receives for `message` in `session`: the session's last
    /// messages and the new one, `historyLimit` in all.
    public func conversation(of session: Session, adding message: ConversationMessage) throws -> [ConversationMessage] {
        try messages(of: session, limit: max(0, configuration.historyLimit - 1)).map(\.message) + [message]
    }

    /// Stores a completed turn: the user's message and the agent's whole reply, in one transaction.
    /// A session deleted meanwhile stays deleted (`notFound`).
    @discardableResult
    public func commitTurn(_ sessionId: String, message: ConversationMessage, reply: String, now: Date = Date()) throws -> Session {
        let store = self.store
        return try store.database.writer.write { transaction in
            guard let old = try store.load(sessionId, in: transaction) else { throw Self.notFound(sessionId) }
            var session = old
            try store.append(StoredMessage(message, at: now), to: sessionId, sequence: session.messageCount, in: transaction)
            try store.append(StoredMessage(ConversationMessage(role: .assistant, content: reply), at: now), to: sessionId, sequence: session.messageCount + 1, in: transaction)
            session.messageCount += 2
            session.turns += 1
            session.lastActiveAt = max(now, old.lastActiveAt)
            try store.update(session, replacing: old, in: transaction)
            return session
        }
    }

    // MARK: Housekeeping

    /// Removes idle sessions and those of agents that no longer exist; returns how many went.
    @discardableResult
    public func prune(now: Date = Date()) throws -> Int {
        let store = self.store
        let cutoff = now.addingTimeInterval(-configuration.idleTimeoutSeconds)
        var removed = 0
        while true {
            let batch = try store.database.environment.read { try store.idle(before: cutoff, limit: 500, in: $0) }
            guard !batch.isEmpty else { break }
            try store.database.writer.write { transaction in
                for session in batch { if try store.load(session.sessionId, in: transaction) != nil { try store.remove(session, in: transaction) } }
            }
            removed += batch.count
        }
        let agentIds = try store.database.environment.read { try store.agentsWithSessions(in: $0) }
        for agentId in agentIds where try agents.store.load(agentId) == nil {
            while true {
                let batch = try store.database.environment.read { try store.sessions(of: agentId, limit: 500, in: $0) }
                guard !batch.isEmpty else { break }
                try store.database.writer.write { transaction in
                    for session in batch { if try store.load(session.sessionId, in: transaction) != nil { try store.remove(session, in: transaction) } }
                }
                removed += batch.count
            }
        }
        return removed
    }

    func isExpired(_ session: Session, now: Date) -> Bool {
        session.lastActiveAt < now.addingTimeInterval(-configuration.idleTimeoutSeconds)
    }

    /// `sess_` and 24 lower-case hexadecimal digits.
    public static func isWellFormed(_ sessionId: String) -> Bool {
        let utf8 = Array(sessionId.utf8)
        guard utf8.count == 29, sessionId.hasPrefix("sess_") else { return false }
        return utf8[5...].allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// At most 16 entries, keys of 1 to 64 characters, values of at most 1,024.
    static func check(_ metadata: [String: String]) throws(DomainError) {
        guard metadata.count <= 16 else { throw DomainError.invalid(field: "metadata", "at most 16 entries") }
        for (key, value) in metadata {
            guard (1...64).contains(key.count), !key.utf8.contains(0) else { throw DomainError.invalid(field: "metadata", "keys must have 1 to 64 characters") }
            guard value.count <= 1024 else { throw DomainError.invalid(field: "metadata.\(key)", "at most 1024 characters") }
        }
    }
}
