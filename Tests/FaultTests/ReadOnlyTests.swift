#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadTestSupport
import Testing

/// A read-only data directory: launchpad refuses to start on one at once, in one line; and one
/// that turns read-only under a running launchpad refuses writes clearly while reads go on.
@Suite(.serialized) struct ReadOnlyTests {
    @Test func startingOnAReadOnlyDataDirectoryExitsAtOnceWithOneLineNamingIt() throws {
        let mount = try ScratchMount.tmpfs(megabytes: 24)
        defer { mount.unmount() }
        let logs = try TemporaryDirectory()
        let first = try AgentFixture(dataDirectory: mount.path, logPath: logs.appending("first.log"))
        let kept = try first.create("kept-bot", replicas: 0)
        try first.wait(kept, status: "DEPLOYED")
        #expect(first.server.stop() == 0)

        // Linux makes a filesystem read-only only while no file on it is open for writing.
        try mount.remount(readOnly: true)
        for directory in [mount.path, mount.path + "/fresh"] {
            let run = try LaunchpadRun.run(LaunchpadProcess.arguments(dataDirectory: directory, port: try LaunchpadProcess.freePort()))
            let output = run.output
            #expect(run.status != 0, "exits non-zero on \(directory)")
            #expect(run.seconds < 5, "exits at once: \(run.seconds) s")
            #expect(run.lines.count == 1, "one line: \(output)")
            #expect(output.contains(directory) && (output.lowercased().contains("read-only") || output.lowercased().contains("read only")), "names the directory and the problem: \(output)")
            #expect(!output.contains("Fatal error") && !output.contains("Stack dump"), "no crash: \(output)")
        }

        try mount.remount(readOnly: false)
        let server = try LaunchpadProcess(dataDirectory: mount.path, logPath: logs.appending("second.log"), extraArguments: AgentFixture.generousLimits)
        let second = AgentFixture(server: server, key: first.key)
        defer { second.server.stop() }
        try StorageExpectations.expectReadable([kept: "kept-bot"], through: second)
        #expect(try second.request("POST", "/api/agents", StorageExpectations.largeAgent("new-bot")).status == 201, "writes work once it is read-write")
    }

    @Test func aDataDirectoryTurnedReadOnlyWhileRunningRefusesWritesAndServesReads() throws {
        let mount = try ScratchMount.ext4(megabytes: 64)
        defer { mount.unmount() }
        let logs = try TemporaryDirectory()
        let fixture = try AgentFixture(dataDirectory: mount.path, logPath: logs.appending("first.log"))
        var acknowledged: [String: String] = [:]
        let live = try fixture.create("live-bot", replicas: 1)
        acknowledged[live] = "live-bot"
        for index in 0..<2 { acknowledged[try fixture.create("quiet-\(index)", replicas: 0)] = "quiet-\(index)" }
        try fixture.wait(live, status: "DEPLOYED", processes: 1)

        // What a failing disk does with errors=remount-ro: the kernel turns it read-only under us.
        try mount.triggerFilesystemError()
        let refused = try fixture.request("POST", "/api/agents", StorageExpectations.largeAgent("refused"))
        if refused.status != 507 { Issue.record("not refused as read-only; the server's log:\n\(fixture.server.log())") }
        StorageExpectations.expectRefused(refused, saying: "is read-only")
        StorageExpectations.expectRefused(try fixture.request("POST", "/api/agents/\(live)/scale", #"{"replicas":2}"#), saying: "is read-only")
        try StorageExpectations.expectReadable(acknowledged, through: fixture)
        let degraded = try StorageExpectations.health(of: fixture.server)
        #expect(degraded.status == "DEGRADED" && degraded.reason.contains("writes are failing"), "health: \(degraded)")
        #expect(fixture.server.process.isRunning, "launchpad survives: \(fixture.server.log())")
        #expect(fixture.server.stop() != nil, "and stops when asked: \(fixture.server.log())")

        // The journal is aborted, so only a repair and a new mount bring the filesystem back.
        // The rate-limit table is never synced (see RateLimiter): what the page cache held of it
        // was lost with the filesystem, and the next start makes it again if its header is gone.
        // The database, synced at every commit, must be whole.
        try mount.repairAndMountAgain()
        try StorageExpectations.expectConsistent(mount.path)
        let server = try LaunchpadProcess(dataDirectory: mount.path, logPath: logs.appending("second.log"), extraArguments: AgentFixture.generousLimits)
        let second = AgentFixture(server: server, key: fixture.key)
        defer { second.server.stop() }
        try StorageExpectations.expectReadable(acknowledged, through: second)
        try second.wait(live, status: "DEPLOYED", processes: 1)
        #expect(try second.request("POST", "/api/agents/\(live)/scale", #"{"replicas":2}"#).status == 202, "writes work again")
        try second.wait(live, status: "DEPLOYED", processes: 2)
    }
}
