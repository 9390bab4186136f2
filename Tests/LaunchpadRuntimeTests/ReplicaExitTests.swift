#if canImport(Glibc)
import Glibc
#endif
@testable import LaunchpadRuntime
import Testing

struct ReplicaExitTests {
    @Test func exitStatusReportsTheExitCode() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.shell("exit 3"))
        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .exited(code: 3))
        #expect(process.exitStatus()?.description == "exited with status 3")
        #expect(!process.isRunning)
    }

    @Test func exitStatusReportsAKillFromOutside() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"]))
        #expect(process.exitStatus() == nil)
        kill(process.pid, SIGKILL)
        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .signaled(signal: 9))
        #expect(process.exitStatus()?.description == "killed by signal 9")
    }

    @Test func waitStatusWordsDecode() {
        #expect(ReplicaExit(waitStatus: 0) == .exited(code: 0))
        #expect(ReplicaExit(waitStatus: 127 << 8) == .exited(code: 127))
        #expect(ReplicaExit(waitStatus: 15) == .signaled(signal: 15))
        // A core dump sets 0x80 beside the signal.
        #expect(ReplicaExit(waitStatus: 0x80 | 11) == .signaled(signal: 11))
    }

    @Test func usageReportsResidentMemoryAndCPUTimeThenNilOnceStopped() throws {
        let fixture = LauncherFixture()
        // The shell itself holds a 20 MB string, made by reading it through a pipe (CPU time).
        let spec = fixture.shell(#"x=$(head -c 20000000 /dev/zero | tr "\0" a); echo ready; sleep 30"#)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0 == ["ready"] })

        let usage = try #require(process.usage())
        #expect(usage.memoryBytes >= 19_000_000)
        #expect(usage.memoryBytes < 200_000_000)
        #expect(usage.cpuSeconds > 0)

        process.stop(grace: .zero)
        #expect(process.usage() == nil)
    }
}
