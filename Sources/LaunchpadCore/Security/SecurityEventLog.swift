import Foundation
import LaunchpadHTTP
import LaunchpadStore

/// The `security_events` table: events under time-ordered keys (microseconds, then id), so that
/// "newest first" is one reverse cursor walk.
public final class SecurityEventLog: Sendable {
    let database: Database
    let table: Table

    public init(database: Database) throws {
        self.database = database
        table = try database.environment.openTable("security_events")
    }

    /// Who may see which events.
    public enum Audience: Sendable, Equatable {
        /// ADMIN: every event.
        case everything
        /// USER: the events of the agents that user owns.
        case agentsOwnedBy(userId: String)
    }

    /// A page of events, newest first, with `total` counting every match.
    public struct Page: Codable, Sendable, Equatable {
        public var events: [SecurityEvent]
        public var total: Int
    }

    /// The stored form: the event and, for agent events, the owner of that agent.
    struct Stored: Codable {
        var event: SecurityEvent
        var ownerUserId: String?
    }

    /// Writes `event` in `transaction`, so that it commits with the change it describes.
    public func record(_ event: SecurityEvent, ownerUserId: String? = nil, in transaction: WriteTransaction) throws {
        try transaction.put(table, Self.key(event), Stored(event: event, ownerUserId: ownerUserId))
    }

    /// Writes `event` on its own, durably.
    public func record(_ event: SecurityEvent, ownerUserId: String? = nil) throws {
        try database.writer.write { [self] transaction in
            try record(event, ownerUserId: ownerUserId, in: transaction)
        }
    }

    /// Events visible to `audience`, newest first, at most `limit`, optionally of one severity and
    /// no older than `since`.
    public func query(limit: Int, severity: Severity?, since: Date?, audience: Audience) throws -> Page {
        let table = self.table
        var events: [SecurityEvent] = []
        var total = 0
        try database.environment.read { transaction in
            try transaction.scan(table, reverse: true) { _, value in
                let stored = try ValueCoding.decode(Stored.self, from: value)
                if let since, stored.event.timestamp < since { return false }
                if let severity, stored.event.severity != severity { return true }
                if case .agentsOwnedBy(let userId) = audience, stored.event.agentId == nil || stored.ownerUserId != userId { return true }
                total += 1
                if events.count < limit { events.append(stored.event) }
                return true
            }
        }
        return Page(events: events, total: total)
    }

    static func key(_ event: SecurityEvent) -> [UInt8] {
        var key = KeyBuilder()
        key.append(Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        key.append(event.id)
        return key.bytes
    }
}
