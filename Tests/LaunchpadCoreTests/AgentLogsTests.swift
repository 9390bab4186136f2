import Foundation
@testable import LaunchpadCore
import Testing

struct LogLineParserTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)

    @Test func jsonLinesGiveTheirLevelMessageAndTime() {
        let parsed = LogLineParser.parse(#"{"time":"2024-01-15T13:20:00Z","level":"warn","msg":"disk low"}"#, isStderr: false, receivedAt: now)
        #expect(parsed.level == "WARN" && parsed.message == "disk low")
        #expect(parsed.time == Date(timeIntervalSince1970: 1_705_324_800))
        let pino = LogLineParser.parse(#"{"level":50,"message":"boom","time":1705324800000}"#, isStderr: false, receivedAt: now)
        #expect(pino.level == "ERROR" && pino.message == "boom")
    }

    @Test func aLeadingLevelWordIsTheLevel() {
        #expect(LogLineParser.parse("ERROR: could not connect", isStderr: false, receivedAt: now).level == "ERROR")
        #expect(LogLineParser.parse("[warn] slow reply", isStderr: false, receivedAt: now).message == "slow reply")
        #expect(LogLineParser.parse("Information follows", isStderr: false, receivedAt: now).message == "Information follows")
    }

    @Test func otherwiseTheStreamDecides() {
        #expect(LogLineParser.parse("hello", isStderr: false, receivedAt: now).level == "INFO")
        #expect(LogLineParser.parse("hello", isStderr: true, receivedAt: now).level == "ERROR")
        #expect(LogLineParser.parse("{not json", isStderr: true, receivedAt: now).message == "{not json")
    }
}

struct AgentLogsTests {
    final class Fixture {
        let path = NSTemporaryDirectory() + "launchpad-logs-" + UUID().uuidString.prefix(8)
        let database: Database
        let logs: AgentLogs
        init(_ configuration: AgentLogs.Configuration = .init()) throws {
            database = try Database(dataDirectory: path)
            logs = try AgentLogs(database: database, configuration: configuration)
        }
        deinit {
            logs.stop()
            database.close()
            try? FileManager.default.removeItem(atPath: path)
        }

        func committed(_ agentId: String, count: Int) throws {
            let deadline = Date().addingTimeInterval(5)
            while try logs.recent(agentId: agentId, lines: 100_000, since: nil).entries.count < count && Date() < deadline { usleep(10_000) }
        }
    }

    @Test func linesComeBackInOrderWithLevelsAndPods() throws {
        let fixture = try Fixture()
        fixture.logs.append(agentId: "agent-a", pod: "pod-1", line: "first", isStderr: false)
        fixture.logs.append(agentId: "agent-a", pod: "pod-2", line: "second", isStderr: true)
        fixture.logs.lifecycle(agentId: "agent-a", "third")
        fixture.logs.append(agentId: "agent-b", pod: "pod-9", line: "other agent", isStderr: false)
        try fixture.committed("agent-a", count: 3)
        let page = try fixture.logs.recent(agentId: "agent-a", lines: 10, since: nil)
        #expect(page.entries.map(\.message) == ["first", "second", "third"])
        #expect(page.entries.map(\.level) == ["INFO", "ERROR", "INFO"])
        #expect(page.entries.map(\.pod) == ["pod-1", "pod-2", "launchpad"])
        #expect(!page.truncated)
        let last = try fixture.logs.recent(agentId: "agent-a", lines: 2, since: nil)
        #expect(last.entries.map(\.message) == ["second", "third"] && last.truncated)
        let after = try fixture.logs.entries(agentId: "agent-a", after: page.entries[0].id, limit: 10)
        #expect(after.map(\.message) == ["second", "third"])
    }

    @Test func keepsAtMostTheConfiguredCountPerAgent() throws {
        let fixture = try Fixture(.init(maxEntriesPerAgent: 50))
        for index in 0..<120 { fixture.logs.append(agentId: "agent-a", pod: "p", line: "line \(index)", isStderr: false) }
        try fixture.committed("agent-a", count: 50)
        usleep(200_000)
        let kept = try fixture.logs.recent(agentId: "agent-a", lines: 1000, since: nil).entries
        #expect(kept.count == 50)
        #expect(kept.first?.message == "line 70" && kept.last?.message == "line 119")
    }

    @Test func aFloodBeyondThePendingLimitIsDroppedAndCounted() throws {
        let fixture = try Fixture(.init(flushInterval: 10, maxPending: 100))
        for index in 0..<1000 { fixture.logs.append(agentId: "agent-a", pod: "p", line: "\(index)", isStderr: false) }
        #expect(fixture.logs.dropped == 900)
    }

    @Test func binaryGarbageAndHugeLinesAreStoredSafely() throws {
        let fixture = try Fixture()
        let garbage = String(decoding: [0xFF, 0xFE, 0x00, 0x41, 0xC3], as: UTF8.self)
        fixture.logs.append(agentId: "agent-a", pod: "p", line: garbage, isStderr: false)
        fixture.logs.append(agentId: "agent-a", pod: "p", line: String(repeating: "x", count: 16_384), isStderr: false)
        try fixture.committed("agent-a", count: 2)
        let entries = try fixture.logs.recent(agentId: "agent-a", lines: 10, since: nil).entries
        #expect(entries.count == 2 && entries[1].message.count == 16_384)
    }

    @Test func removeDeletesAnAgentsLinesOnly() throws {
        let fixture = try Fixture()
        fixture.logs.append(agentId: "agent-a", pod: "p", line: "a", isStderr: false)
        fixture.logs.append(agentId: "agent-ab", pod: "p", line: "ab", isStderr: false)
        try fixture.committed("agent-ab", count: 1)
        try fixture.committed("agent-a", count: 1)
        try fixture.logs.remove(agentId: "agent-a")
        #expect(try fixture.logs.recent(agentId: "agent-a", lines: 10, since: nil).entries.isEmpty)
        #expect(try fixture.logs.recent(agentId: "agent-ab", lines: 10, since: nil).entries.map(\.message) == ["ab"])
    }

    @Test func linesQueuedBeforeOrArrivingAfterRemoveDoNotOutliveTheAgent() throws {
        let fixture = try Fixture()
        fixture.logs.lifecycle(agentId: "agent-a", "queued, not yet committed")
        try fixture.logs.remove(agentId: "agent-a")
        fixture.logs.append(agentId: "agent-a", pod: "p", line: "a stopped replica's last line", isStderr: false)
        fixture.logs.append(agentId: "agent-b", pod: "p", line: "b", isStderr: false)
        try fixture.committed("agent-b", count: 1)
        #expect(try fixture.logs.recent(agentId: "agent-a", lines: 10, since: nil).entries.isEmpty)
    }

    private static func refusal(_ result: Result<FollowerSlot, FollowerLimit>) -> FollowerLimit? {
        if case .failure(let limit) = result { return limit }
        return nil
    }

    @Test func followersAreCappedAndASlotIsFreedWhenReleased() throws {
        let fixture = try Fixture(.init(maxFollowers: 2))
        let first = try fixture.logs.beginFollowing(keyId: "key_1", userId: "user-a").get()
        var second: FollowerSlot? = try fixture.logs.beginFollowing(keyId: "key_2", userId: "user-b").get()
        #expect(Self.refusal(fixture.logs.beginFollowing(keyId: "key_3", userId: "user-c")) == .server(2))
        second = nil
        #expect(second == nil)
        #expect((try? fixture.logs.beginFollowing(keyId: "key_3", userId: "user-c").get()) != nil, "the released slot is free again")
        withExtendedLifetime(first) {}
    }

    /// One tenant cannot take every slot: each key and each user has a share.
    @Test func oneKeyAndOneUserHoldOnlyTheirShare() throws {
        let fixture = try Fixture(.init(maxFollowers: 10, maxFollowersPerKey: 2, maxFollowersPerUser: 3))
        var held: [FollowerSlot] = []
        for _ in 0..<2 { held.append(try fixture.logs.beginFollowing(keyId: "key_1", userId: "user-a").get()) }
        #expect(Self.refusal(fixture.logs.beginFollowing(keyId: "key_1", userId: "user-a")) == .key(2))
        held.append(try fixture.logs.beginFollowing(keyId: "key_2", userId: "user-a").get())
        #expect(Self.refusal(fixture.logs.beginFollowing(keyId: "key_3", userId: "user-a")) == .user(3), "the user's other key shares the user's cap")
        #expect((try? fixture.logs.beginFollowing(keyId: "key_9", userId: "user-b").get()) != nil, "another user is not affected")
        held.removeFirst()
        #expect((try? fixture.logs.beginFollowing(keyId: "key_1", userId: "user-a").get()) != nil, "a released slot counts no more")
    }
}

struct MetricsWindowTests {
    @Test func keepsSamplesWithinTheWindowInOrder() throws {
        let path = NSTemporaryDirectory() + "launchpad-window-" + UUID().uuidString.prefix(8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let database = try Database(dataDirectory: path)
        defer { database.close() }
        let window = try MetricsWindow(database: database, window: 60)
        defer { window.stop() }
        let now = Date()
        window.record("agent-a", .init(timestamp: now.addingTimeInterval(-120), cpu: 0.5, memory: 1))
        window.record("agent-a", .init(timestamp: now.addingTimeInterval(-10), cpu: nil, memory: 2))
        window.record("agent-a", .init(timestamp: now, cpu: 0.25, memory: 3))
        window.record("agent-b", .init(timestamp: now, cpu: 1, memory: 9))
        window.flush()
        let samples = try window.samples("agent-a", since: now.addingTimeInterval(-3600))
        #expect(samples.map(\.memory) == [2, 3], "the sample older than the window is gone")
        #expect(samples.first?.cpu == nil && samples.last?.cpu == 0.25)
        #expect(try window.samples("agent-a", since: now.addingTimeInterval(-5)).map(\.memory) == [3])
    }
}
