import LaunchpadDomain
import Foundation
@testable import LaunchpadCore
import LaunchpadHTTP
import LaunchpadTestSupport
import Testing

/// Nothing a caller does makes the event log grow without bound, and counting does not decode it.
struct SecurityEventLogTests {
    private func event(_ severity: Severity = .medium, agentId: String? = nil, at time: Date = Date(), message: String = "something") -> SecurityEvent {
        SecurityEvent(id: SecurityEvent.makeId(), type: .permissionDenied, severity: severity, agentId: agentId, message: message, timestamp: time)
    }

    @Test func anEventStoresBoundedFieldsWhateverItWasGiven() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        var huge = event(message: String(repeating: "m", count: 20_000))
        for index in 0..<40 { huge.details["detail-\(index)-" + String(repeating: "k", count: 200)] = String(repeating: "v", count: 15_000) }
        try services.events.record(huge)
        let stored = try #require(try services.events.query(limit: 1, severity: nil, since: nil, audience: .everything).events.first)
        #expect(stored.message.count == SecurityEvent.maxMessageCharacters)
        #expect(stored.details.count == SecurityEvent.maxDetails)
        #expect(stored.details.allSatisfy { $0.key.count <= SecurityEvent.maxDetailNameCharacters && $0.value.count <= SecurityEvent.maxDetailValueCharacters })
    }

    @Test func aDenialStoresTheRoutePatternAndRepeatsAreOneEventWithACount() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        let key = try services.identity.generateKey(KeyGrant(username: "mallory", email: "m@example.com", role: .user), by: nil)
        let principal = try services.identity.authenticate(key.apiKey).principal
        let before = try services.database.environment.stats().pagesUsed
        for _ in 0..<500 {
            #expect(throws: DomainError.self) { try services.identity.authorize(principal, .usersCreate, route: "/api/auth/generate-key") }
        }
        let page = try services.events.query(limit: 10, severity: nil, since: nil, audience: .everything)
        let denials = page.events.filter { $0.type == .permissionDenied }
        #expect(denials.count == 1, "500 denials within a minute are one event")
        #expect(denials.first?.details["count"] == "500")
        #expect(denials.first?.details["route"] == "/api/auth/generate-key")
        #expect(try services.database.environment.stats().pagesUsed - before < 20, "the store did not grow with the repeats")
    }

    @Test func totalsComeFromTheCountersAndAgreeWithAWalk() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        let log = services.events
        let start = Date(timeIntervalSinceNow: -1_000)
        for index in 0..<60 {
            let severity: Severity = [.low, .medium, .high][index % 3]
            let owner = index % 2 == 0 ? "user-a" : "user-b"
            try log.record(event(severity, agentId: "agent-\(index)", at: start.addingTimeInterval(Double(index))), ownerUserId: owner)
        }
        try log.record(event(.critical, at: start.addingTimeInterval(100)))
        #expect(try log.query(limit: 5, severity: nil, since: nil, audience: .everything).total == 61)
        #expect(try log.query(limit: 5, severity: .high, since: nil, audience: .everything).total == 20)
        #expect(try log.query(limit: 5, severity: nil, since: nil, audience: .agentsOwnedBy(userId: "user-a")).total == 30)
        #expect(try log.query(limit: 5, severity: .low, since: nil, audience: .agentsOwnedBy(userId: "user-a")).total == 10)
        let recent = try log.query(limit: 100, severity: nil, since: start.addingTimeInterval(50), audience: .agentsOwnedBy(userId: "user-b"))
        #expect(recent.total == 5 && recent.events.count == 5, "since: 51, 53, 55, 57, 59")
        #expect(recent.events.map(\.timestamp) == recent.events.map(\.timestamp).sorted(by: >), "newest first")
        let page = try log.query(limit: 3, severity: .medium, since: nil, audience: .everything)
        #expect(page.events.count == 3 && page.events.allSatisfy { $0.severity == .medium })
        // Without `since` the total is the counter's, not a walk: set it apart from the table and see it.
        try services.database.writer.write { transaction in
            try transaction.put(log.counts, Array("sev:HIGH".utf8), SecurityEventLog.countBytes(12_345))
        }
        #expect(try log.query(limit: 5, severity: .high, since: nil, audience: .everything).total == 12_345)
    }

    @Test func pruningKeepsTheNewestWithinTheCountAndTheAge() throws {
        let directory = try TemporaryDirectory()
        let services = try Services(dataDirectory: directory.path, configuration: .init(events: .init(maxEvents: 10, maxAge: 3_600)))
        defer { services.close() }
        let log = services.events
        let now = Date()
        for index in 0..<5 { try log.record(event(at: now.addingTimeInterval(-7_200 - Double(index))), ownerUserId: "user-a") }
        for index in 0..<15 { try log.record(event(.high, agentId: "agent-1", at: now.addingTimeInterval(-Double(index))), ownerUserId: "user-a") }
        #expect(try log.prune(now: now) == 10)
        let left = try log.query(limit: 100, severity: nil, since: nil, audience: .everything)
        #expect(left.total == 10 && left.events.count == 10)
        #expect(left.events.allSatisfy { now.timeIntervalSince($0.timestamp) < 10 }, "the old and the oldest went")
        #expect(try log.query(limit: 100, severity: .high, since: nil, audience: .agentsOwnedBy(userId: "user-a")).total == 10, "indexes and counters followed")
    }

    @Test func eventsStoredBeforeTheIndexesAreIndexedOnOpen() throws {
        let directory = try TemporaryDirectory()
        do {
            let services = try Services(dataDirectory: directory.path)
            try services.events.record(event(.high, agentId: "agent-1"), ownerUserId: "user-a")
            // As an earlier binary left it: the event, without its index entries or counters.
            let events = services.events
            try services.database.writer.write { transaction in
                for table in [events.byOwner, events.bySeverity, events.counts] {
                    var keys: [[UInt8]] = []
                    try transaction.scan(table) { key, _ in keys.append(key); return true }
                    for key in keys { _ = try transaction.delete(table, key) }
                }
            }
            services.close()
        }
        let services = try Services(dataDirectory: directory.path)
        defer { services.close() }
        #expect(try services.events.query(limit: 10, severity: .high, since: nil, audience: .agentsOwnedBy(userId: "user-a")).total == 1)
    }
}
