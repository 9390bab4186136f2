#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadRuntime
import Testing

struct MemoryLimitTests {
    static let limit = 64 << 20

    @Test func allocatingBeyondTheLimitFailsButWithinItSucceeds() throws {
        try #require(LaunchpadBinary.exists, Comment(rawValue: LaunchpadBinary.missingMessage))
        let fixture = LauncherFixture()
        // dd allocates one buffer of `bs` bytes and fills it.
        let tooMuch = try fixture.launcher.start(fixture.spec(
            ["dd", "if=/dev/zero", "of=/dev/null", "bs=200M", "count=1"], replica: "large", memoryLimitBytes: Self.limit))
        let enough = try fixture.launcher.start(fixture.spec(
            ["dd", "if=/dev/zero", "of=/dev/null", "bs=16M", "count=1"], replica: "small", memoryLimitBytes: Self.limit))
        defer {
            tooMuch.stop(grace: .zero)
            enough.stop(grace: .zero)
        }

        #expect(eventually { tooMuch.exitStatus() != nil && enough.exitStatus() != nil })
        #expect(tooMuch.exitStatus() == .exited(code: 1))
        #expect(fixture.output.waitFor(tooMuch.spec.replicaName, .stderr) { $0.contains { $0.contains("memory exhausted") } })
        #expect(enough.exitStatus() == .exited(code: 0))
    }

    @Test func sleepStartsUnderTheLimitWhichTheWrapperLeavesOnItsOwnProcess() throws {
        try #require(LaunchpadBinary.exists, Comment(rawValue: LaunchpadBinary.missingMessage))
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"], memoryLimitBytes: Self.limit))
        defer { process.stop(grace: .zero) }

        // The wrapper execs in place: the replica's pid becomes sleep itself.
        #expect(eventually { ProcFS.commandLine(process.pid) == "/bin/sleep 30" })
        #expect(process.isRunning)
        #expect(dataLimit(of: process.pid) == "\(Self.limit)")
    }

    @Test func swiftProgramStartsUnderTheLimit() throws {
        try #require(LaunchpadBinary.exists, Comment(rawValue: LaunchpadBinary.missingMessage))
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec([LaunchpadBinary.path, "--help"], memoryLimitBytes: Self.limit))
        defer { process.stop(grace: .zero) }

        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .exited(code: 0))
        #expect(fixture.output.waitFor(process.spec.replicaName, .stdout) { $0.contains { $0.hasPrefix("USAGE:") } })
    }

    @Test func withoutALimitTheChildIsSpawnedDirectlyAndUnlimited() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"]))
        defer { process.stop(grace: .zero) }

        #expect(eventually { ProcFS.commandLine(process.pid) == "/bin/sleep 30" })
        #expect(dataLimit(of: process.pid) == "unlimited")
    }

    /// The soft "Max data size" of /proc/<pid>/limits.
    private func dataLimit(of pid: Int32) -> String? {
        guard let bytes = ProcFS.read("/proc/\(pid)/limits") else { return nil }
        let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("Max data size") }
        return line?.dropFirst("Max data size".count).split(separator: " ").first.map(String.init)
    }
}
