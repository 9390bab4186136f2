#if canImport(Glibc)
import Glibc
#endif
@testable import LaunchpadRuntime
import Testing

struct ReplicaStopTests {
    @Test func stopEndsAReplicaWithSIGTERMWellWithinTheGrace() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.shell("echo started; sleep 30"))
        #expect(fixture.output.waitFor(process.spec.replicaName, .stdout) { $0 == ["started"] })

        let start = ContinuousClock.now
        let exit = process.stop(grace: .seconds(5))
        #expect(ContinuousClock.now - start < .seconds(1))
        #expect(exit == .signaled(signal: SIGTERM))
        #expect(!process.isRunning)
        // Reaped: the pid no longer exists, not even as a zombie.
        #expect(kill(process.pid, 0) == -1 && errno == ESRCH)
    }

    @Test func stopSendsSIGKILLAfterTheGraceToAReplicaIgnoringSIGTERM() throws {
        let fixture = LauncherFixture()
        // The ignored disposition is inherited by sleep, so the whole group ignores SIGTERM.
        let process = try fixture.launcher.start(fixture.shell("trap '' TERM; echo trapped; sleep 30"))
        #expect(fixture.output.waitFor(process.spec.replicaName, .stdout) { $0 == ["trapped"] })

        let start = ContinuousClock.now
        let exit = process.stop(grace: .milliseconds(300))
        let elapsed = ContinuousClock.now - start
        #expect(exit == .signaled(signal: SIGKILL))
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(2))
    }

    @Test func grandchildIgnoringSIGTERMDiesWithItsGroup() throws {
        let fixture = LauncherFixture()
        // The leader dies of SIGTERM at once; the grandchild survives SIGTERM and must still go.
        let spec = fixture.shell(#"(trap "" TERM; exec sleep 30) & echo $!; wait"#)
        let process = try fixture.launcher.start(spec)
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count == 1 })
        let grandchild = try #require(fixture.output.lines(of: spec.replicaName, .stdout).first.flatMap { Int32($0) })
        #expect(eventually { ProcFS.commandLine(grandchild) == "sleep 30" })
        #expect(getpgid(grandchild) == process.pid)

        #expect(process.stop(grace: .seconds(5)) == .signaled(signal: SIGTERM))
        #expect(eventually(timeout: .seconds(2)) { ProcFS.isGone(grandchild) })
    }

    @Test func stopIsIdempotent() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"]))
        let first = process.stop(grace: .seconds(1))
        let start = ContinuousClock.now
        #expect(process.stop(grace: .seconds(1)) == first)
        #expect(ContinuousClock.now - start < .milliseconds(100))
        #expect(process.exitStatus() == first)
    }

    @Test func stopEndsAStoppedReplicaWithSIGTERM() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.spec(["/bin/sleep", "30"]))
        kill(process.pid, SIGSTOP)
        #expect(eventually { ProcFS.stat(process.pid)?.state == UInt8(ascii: "T") })

        let start = ContinuousClock.now
        #expect(process.stop(grace: .seconds(5)) == .signaled(signal: SIGTERM))
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func whenTheLeaderExitsOnItsOwnTheRestOfItsGroupIsKilled() throws {
        let fixture = LauncherFixture()
        let spec = fixture.shell("sleep 30 & echo $!")
        let process = try fixture.launcher.start(spec)
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count == 1 })
        let child = try #require(fixture.output.lines(of: spec.replicaName, .stdout).first.flatMap { Int32($0) })

        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .exited(code: 0))
        #expect(eventually(timeout: .seconds(2)) { ProcFS.isGone(child) })
    }
}
