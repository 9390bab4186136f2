#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadLocalRuntime
import LaunchpadTestSupport
import Testing

/// One user id per agent: derived from the agent id, the next free one on a collision, and kept
/// across runs through the owner of the agent's directory.
struct AgentUsersTests {
    @Test func theIdIsDerivedFromTheAgentIdTheSameInEveryRun() throws {
        let range: ClosedRange<UInt32> = 200_000...265_535
        let first = AgentUsers(range: range)
        let second = AgentUsers(range: range)
        let uid = try first.user(for: "agent-0123456789")
        #expect(range.contains(uid))
        #expect(try second.user(for: "agent-0123456789") == uid)
        #expect(try first.user(for: "agent-0123456789") == uid, "asked again, the same")
        #expect(try first.user(for: "agent-9876543210") != uid)
    }

    @Test func aCollisionTakesTheNextFreeIdAndARangeCanBeFull() throws {
        // Two ids for three agents: every agent collides with another somewhere.
        let users = AgentUsers(range: 200_000...200_001)
        let a = try users.user(for: "agent-a")
        let b = try users.user(for: "agent-b")
        #expect(a != b)
        #expect(throws: AgentUsersExhausted.self) { try users.user(for: "agent-c") }
        users.release("agent-a")
        #expect(try users.user(for: "agent-c") == a, "a deleted agent's id is free again")
    }

    @Test func aLaterRunAdoptsTheOwnersOfTheAgentsDirectories() throws {
        try #require(geteuid() == 0, "giving directories away needs root")
        let directory = try TemporaryDirectory()
        let range: ClosedRange<UInt32> = 200_000...265_535
        // The id agent-x would not get by derivation: one that an earlier run chose after a collision.
        let derived = try AgentUsers(range: range).user(for: "agent-x")
        let chosen = derived == range.upperBound ? range.lowerBound : derived + 1
        try FileManager.default.createDirectory(atPath: directory.appending("agent-x"), withIntermediateDirectories: false)
        #expect(chown(directory.appending("agent-x"), chosen, chosen) == 0)
        // Outside the range: not one of ours, so not adopted.
        try FileManager.default.createDirectory(atPath: directory.appending("agent-y"), withIntermediateDirectories: false)

        let users = AgentUsers(range: range)
        users.adopt(agentsDirectory: directory.path)
        #expect(try users.user(for: "agent-x") == chosen)
        #expect(try users.user(for: "agent-y") == (try AgentUsers(range: range).user(for: "agent-y")))
    }
}
