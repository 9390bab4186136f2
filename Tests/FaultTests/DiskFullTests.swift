#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadCore
import LaunchpadStore
import LaunchpadTestSupport
import Testing

/// A data directory that fills up (a 24 MiB tmpfs and a filler file): writes are refused with a
/// clear error, reads and health keep answering, nothing crashes, and once the filler is gone
/// writes succeed again without a restart and nothing acknowledged is lost.
@Suite(.serialized) struct DiskFullTests {
    @Test func aFullDataDirectoryRefusesWritesServesReadsAndRecoversWhenSpaceReturns() throws {
        let mount = try ScratchMount.tmpfs(megabytes: 24)
        defer { mount.unmount() }
        let logs = try TemporaryDirectory()
        let fixture = try AgentFixture(dataDirectory: mount.path, logPath: logs.appending("launchpad.log"), extraArguments: ["--max-agents-per-user", "100"])
        defer { fixture.server.stop() }
        var acknowledged: [String: String] = [:]
        // A running replica keeps writing (its log lines, its metric samples) through it all.
        let live = try fixture.create("live-bot", replicas: 1)
        acknowledged[live] = "live-bot"
        try fixture.wait(live, status: "DEPLOYED", processes: 1)
        for index in 0..<3 {
            let answer = try fixture.request("POST", "/api/agents", StorageExpectations.largeAgent("before-\(index)"))
            guard answer.status == 201, case .string(let agentId)? = answer.body["agentId"] else {
                throw FaultTestError("create before the disk filled: \(answer)")
            }
            acknowledged[agentId] = "before-\(index)"
            // Settled before the disk fills: a transition written meanwhile frees pages that a
            // create could then reuse, and the refusals below would come and go.
            try fixture.wait(agentId, status: "DEPLOYED")
        }

        let filler = mount.path + "/filler"
        try Self.fill(filler)
        // LMDB may place a write in pages that commits meanwhile (log lines, metric samples) freed,
        // so a create may still succeed after a refusal; the file soon must grow, and refusals come.
        for round in ["full", "again"] {
            guard let refused = try Self.createUntilRefused(round, through: fixture, acknowledging: &acknowledged) else {
                Issue.record("40 large creates on a full disk all succeeded (\(round))")
                return
            }
            StorageExpectations.expectRefused(refused, saying: "is full")
        }
        try StorageExpectations.expectReadable(acknowledged, through: fixture)
        let degraded = try StorageExpectations.health(of: fixture.server)
        #expect(degraded.status == "DEGRADED" && degraded.reason.contains("writes are failing") && degraded.reason.contains("No space left"), "health: \(degraded)")
        #expect(fixture.server.process.isRunning, "launchpad survives a full disk: \(fixture.server.log())")

        try FileManager.default.removeItem(atPath: filler)
        let after = try fixture.request("POST", "/api/agents", StorageExpectations.largeAgent("after-space"))
        #expect(after.status == 201, "a write succeeds once space returns, without a restart: \(after)")
        if case .string(let agentId)? = after.body["agentId"] { acknowledged[agentId] = "after-space" }
        #expect(try fixture.request("POST", "/api/agents/\(live)/scale", #"{"replicas":2}"#).status == 202)
        try fixture.wait(live, status: "DEPLOYED", processes: 2)
        let healed = try StorageExpectations.waitForHealth("HEALTHY", of: fixture.server, timeout: 10)
        #expect(healed.status == "HEALTHY", "health recovers: \(healed)")
        try StorageExpectations.expectReadable(acknowledged, through: fixture)

        #expect(fixture.server.stop() == 0, "a clean stop: \(fixture.server.log())")
        try StorageExpectations.expectConsistent(mount.path)
        try Self.expectAllocated(RateLimiter.path(in: mount.path))
        let database = try Database(dataDirectory: mount.path)
        defer { database.close() }
        let store = try AgentStore(database: database)
        for (agentId, name) in acknowledged {
            #expect(try store.load(agentId)?.name == name, "\(agentId) is in the reopened database")
        }
    }

    /// The rate-limit table is written through a shared map: a page the disk has no block for
    /// would kill the process with SIGBUS when first written. Its blocks are allocated at open, so
    /// on a full disk every page of an open table takes its writes (this test process would die
    /// otherwise), and a table that cannot be allocated is `ENOSPC` at open, naming its file.
    @Test func theRateLimitTableIsAllocatedAtOpenSoAFullDiskIsAnErrorThereNotSIGBUSLater() throws {
        let mount = try ScratchMount.tmpfs(megabytes: 8)  // room for two tables and little else
        defer { mount.unmount() }
        let first = mount.path + "/first"
        try FileManager.default.createDirectory(atPath: first, withIntermediateDirectories: false)
        let limiter = try RateLimiter(dataDirectory: first)
        try Self.expectAllocated(RateLimiter.path(in: first))
        try Self.fill(mount.path + "/filler")

        // 20,000 new buckets land on every one of the table's 512 pages.
        let policy = RateLimitPolicy.seedDefault
        let allowed = try (0..<20_000).count { try limiter.consume("addr:\($0)", policy: policy).allowed }
        #expect(allowed == 20_000)

        let second = mount.path + "/second"
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: false)
        let refused = try #require(throws: StoreError.self) { try RateLimiter(dataDirectory: second) }
        #expect(refused.code == ENOSPC && refused.description.contains(RateLimiter.path(in: second)), "\(refused)")

        try FileManager.default.removeItem(atPath: mount.path + "/filler")
        let later = try RateLimiter(dataDirectory: second)
        #expect(try later.consume("addr:0", policy: policy).allowed)
        try Self.expectAllocated(RateLimiter.path(in: second))
    }

    /// Every byte of the file at `path` has its block on disk.
    static func expectAllocated(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FaultTestError("stat \(path): \(String(cString: strerror(errno)))") }
        #expect(info.st_size > 0 && Int(info.st_blocks) * 512 >= Int(info.st_size), "\(path): \(info.st_blocks) blocks for \(info.st_size) bytes", sourceLocation: sourceLocation)
    }

    /// Creates large agents named `prefix-N` until one is refused, and returns that answer (nil if 40
    /// all succeed); those that succeed are acknowledged.
    static func createUntilRefused(
        _ prefix: String, through fixture: AgentFixture, acknowledging acknowledged: inout [String: String]
    ) throws -> (status: Int, body: [String: JSONValue])? {
        for index in 0..<40 {
            let answer = try fixture.request("POST", "/api/agents", StorageExpectations.largeAgent("\(prefix)-\(index)"))
            guard answer.status == 201, case .string(let agentId)? = answer.body["agentId"] else { return answer }
            acknowledged[agentId] = "\(prefix)-\(index)"
        }
        return nil
    }

    /// Writes `path` until the filesystem is full (ENOSPC), in 1 MiB and then 4 KiB pieces.
    static func fill(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { throw FaultTestError("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        for size in [1 << 20, 4096] {
            let chunk = [UInt8](repeating: 0xAB, count: size)
            while chunk.withUnsafeBytes({ write(descriptor, $0.baseAddress, size) }) == size {}
        }
        guard errno == ENOSPC else { throw FaultTestError("filling \(path) stopped with \(String(cString: strerror(errno))), not ENOSPC") }
    }
}
