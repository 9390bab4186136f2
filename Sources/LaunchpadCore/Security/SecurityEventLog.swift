import Foundation
import LaunchpadStore

/// The `security_events` table: events under time-ordered keys (microseconds, then id), so that
/// "newest first" is one reverse cursor walk; with two indexes (by owner, by severity) and counters,
/// all written in the event's own transaction.
///
/// Nothing a caller sends makes it grow without bound: an event's fields are cut to a bounded
/// size, repeated events of one kind from one key are coalesced into one (`count`, `lastSeen`),
/// and `prune` keeps at most `maxEvents` events no older than `maxAge`. A page's `total` comes from
/// the counters, or, with `since`, from a walk over index keys that decodes nothing.
public final class SecurityEventLog: Sendable {
    public struct Configuration: Sendable {
        public var maxEvents: Int
        public var maxAge: TimeInterval
        /// Repeats of one coalescing key within this are one event.
        public var coalescingWindow: TimeInterval

        public init(maxEvents: Int = 100_000, maxAge: TimeInterval = 90 * 86_400, coalescingWindow: TimeInterval = 60) {
            self.maxEvents = maxEvents
            self.maxAge = maxAge
            self.coalescingWindow = coalescingWindow
        }
    }

    /// Who may see which events.
    public enum Audience: Sendable, Equatable {
        /// ADMIN: every event.
        case everything
        /// USER: the events of the agents that user owns.
        case agentsOwnedBy(userId: String)
    }

    /// A page of events, newest first, with `total` counting every match.
    public struct Page: Sendable, Equatable {
        public var events: [SecurityEvent]
        public var total: Int
    }

    /// The stored form: the event and, for agent events, the owner of that agent.
    struct Stored: Codable {
        var event: SecurityEvent
        var ownerUserId: String?
    }

    public let configuration: Configuration
    let database: Database
    let table: Table
    /// owner, time, id → the severity's rank (one byte): a USER's events, newest first.
    let byOwner: Table
    /// severity rank, time, id → empty.
    let bySeverity: Table
    /// "all", "sev:<S>", "owner:<U>", "owner:<U>|sev:<S>" → a big-endian count.
    let counts: Table
    private let recent = RecentEvents()

    public init(database: Database, configuration: Configuration = Configuration()) throws {
        self.database = database
        self.configuration = configuration
        table = try database.environment.openTable("security_events")
        byOwner = try database.environment.openTable("security_events_by_owner")
        bySeverity = try database.environment.openTable("security_events_by_severity")
        counts = try database.environment.openTable("security_event_counts")
        try indexExistingEvents()
    }

    /// Writes `event` in `transaction`, so that it commits with the change it describes.
    public func record(_ event: SecurityEvent, ownerUserId: String? = nil, in transaction: WriteTransaction) throws {
        let event = event.bounded()
        let key = Self.key(event)
        try transaction.put(table, key, Stored(event: event, ownerUserId: ownerUserId))
        try index(event, key: key, ownerUserId: ownerUserId, in: transaction, by: 1)
    }

    /// Writes `event` on its own, durably.
    public func record(_ event: SecurityEvent, ownerUserId: String? = nil) throws {
        try database.writer.write { [self] transaction in
            try record(event, ownerUserId: ownerUserId, in: transaction)
        }
    }

    /// Writes `event` on its own, unless an event with the same `coalescingKey` was written within
    /// the coalescing window: then that one's `count` goes up and its `lastSeen` moves, and the
    /// table does not grow.
    public func record(_ event: SecurityEvent, coalescingKey: String) throws {
        let now = event.timestamp
        if let earlier = recent.take(coalescingKey, notBefore: now.addingTimeInterval(-configuration.coalescingWindow)) {
            let table = self.table
            let updated = try database.writer.write { transaction -> Bool in
                guard var stored = try transaction.get(table, earlier, as: Stored.self) else { return false }
                stored.event.details["count"] = String((Int(stored.event.details["count"] ?? "1") ?? 1) + 1)
                stored.event.details["lastSeen"] = now.formatted(.iso8601)
                try transaction.put(table, earlier, stored)
                return true
            }
            if updated { return }
        }
        try record(event)
        recent.remember(coalescingKey, key: Self.key(event.bounded()), firstSeen: now)
    }

    /// Events visible to `audience`, newest first, at most `limit`, optionally of one severity and
    /// no older than `since`.
    public func query(limit: Int, severity: Severity?, since: Date?, audience: Audience) throws -> Page {
        let (table, byOwner, bySeverity, counts) = (self.table, self.byOwner, self.bySeverity, self.counts)
        return try database.environment.read { transaction in
            // The index to walk, and the prefix its keys carry before the event's own key.
            let (index, prefix): (Table, [UInt8]) = switch audience {
            case .agentsOwnedBy(let userId): (byOwner, Self.ownerPrefix(userId))
            case .everything: severity.map { (bySeverity, [$0.rank]) } ?? (table, [])
            }
            var keys: [[UInt8]] = []
            var walked = 0
            let wantsSeverity: UInt8? = if case .agentsOwnedBy = audience { severity?.rank } else { nil }
            try transaction.scan(index, prefix: prefix, reverse: true) { key, value in
                let eventKey = Array(key.dropFirst(prefix.count))
                if let since, Self.time(of: eventKey) < since { return false }
                if let wantsSeverity, value.first != wantsSeverity { return true }
                walked += 1
                if keys.count < limit { keys.append(eventKey) }
                // Without `since`, the counters give the total: the walk ends with the page.
                return since != nil || keys.count < limit
            }
            let total = since != nil ? walked : try Self.count(in: counts, Self.countKey(audience: audience, severity: severity), transaction)
            let events = try keys.compactMap { try transaction.get(table, $0, as: Stored.self)?.event }
            return Page(events: events, total: total)
        }
    }

    /// Removes the events older than `maxAge`, then the oldest beyond `maxEvents`. Returns how
    /// many went. Housekeeping calls it every few minutes.
    @discardableResult
    public func prune(now: Date = Date()) throws -> Int {
        let (table, counts) = (self.table, self.counts)
        let cutoff = now.addingTimeInterval(-configuration.maxAge)
        let stored = try database.environment.read { transaction in try Self.count(in: counts, "all", transaction) }
        var excess = max(0, stored - configuration.maxEvents)
        var removed = 0
        while true {
            // Batches, so that one write transaction stays short.
            let batch = try database.writer.write { [self] transaction -> Int in
                var victims: [([UInt8], Stored)] = []
                try transaction.scan(table) { key, value in
                    guard excess > victims.count || Self.time(of: key) < cutoff else { return false }
                    victims.append((key, try ValueCoding.decode(Stored.self, from: value)))
                    return victims.count < 1000
                }
                for (key, victim) in victims {
                    _ = try transaction.delete(table, key)
                    try index(victim.event, key: key, ownerUserId: victim.ownerUserId, in: transaction, by: -1)
                }
                return victims.count
            }
            removed += batch
            excess = max(0, excess - batch)
            if batch < 1000 { break }
        }
        return removed
    }

    // MARK: Indexes and counters

    private func index(_ event: SecurityEvent, key: [UInt8], ownerUserId: String?, in transaction: WriteTransaction, by delta: Int) throws {
        let rank = event.severity.rank
        if delta > 0 {
            try transaction.put(bySeverity, [rank] + key, [])
            if let ownerUserId, event.agentId != nil { try transaction.put(byOwner, Self.ownerPrefix(ownerUserId) + key, [rank]) }
        } else {
            _ = try transaction.delete(bySeverity, [rank] + key)
            if let ownerUserId { _ = try transaction.delete(byOwner, Self.ownerPrefix(ownerUserId) + key) }
        }
        var names = ["all", "sev:\(event.severity.rawValue)"]
        if let ownerUserId, event.agentId != nil { names += ["owner:\(ownerUserId)", "owner:\(ownerUserId)|sev:\(event.severity.rawValue)"] }
        for name in names {
            let current = try Self.count(in: counts, name, transaction)
            try transaction.put(counts, Array(name.utf8), Self.countBytes(max(0, current + delta)))
        }
    }

    /// Builds the indexes and counters of events stored before they existed, once.
    private func indexExistingEvents() throws {
        let (table, counts) = (self.table, self.counts)
        let needed = try database.environment.read { transaction in
            try transaction.count(table) > 0 && transaction.get(counts, Array("all".utf8)) == nil
        }
        guard needed else { return }
        try database.writer.write { [self] transaction in
            var all: [([UInt8], Stored)] = []
            try transaction.scan(table) { key, value in
                all.append((key, try ValueCoding.decode(Stored.self, from: value)))
                return true
            }
            for (key, stored) in all { try index(stored.event, key: key, ownerUserId: stored.ownerUserId, in: transaction, by: 1) }
        }
    }

    static func countKey(audience: Audience, severity: Severity?) -> String {
        switch (audience, severity) {
        case (.everything, nil): "all"
        case (.everything, let severity?): "sev:\(severity.rawValue)"
        case (.agentsOwnedBy(let userId), nil): "owner:\(userId)"
        case (.agentsOwnedBy(let userId), let severity?): "owner:\(userId)|sev:\(severity.rawValue)"
        }
    }

    static func count(in counts: Table, _ name: String, _ transaction: Transaction) throws -> Int {
        guard let bytes = try transaction.get(counts, Array(name.utf8)), bytes.count == 8 else { return 0 }
        return Int(bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) })
    }

    static func countBytes(_ value: Int) -> [UInt8] {
        let value = UInt64(value)
        return (0..<8).reversed().map { UInt8(truncatingIfNeeded: value >> (UInt64($0) * 8)) }
    }

    static func ownerPrefix(_ userId: String) -> [UInt8] {
        var key = KeyBuilder()
        key.append(userId)
        return key.bytes
    }

    static func key(_ event: SecurityEvent) -> [UInt8] {
        var key = KeyBuilder()
        key.append(Int64((event.timestamp.timeIntervalSince1970 * 1_000_000).rounded(.down)))
        key.append(event.id)
        return key.bytes
    }

    /// The time at the head of an event's key.
    static func time(of key: [UInt8]) -> Date {
        let micros = key.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Date(timeIntervalSince1970: Double(Int64(bitPattern: micros ^ (1 << 63))) / 1_000_000)
    }
}
