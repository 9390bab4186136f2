#if canImport(Glibc)
import Glibc
#endif
@testable import LaunchpadRuntime
import Testing

struct LeftoverReplicasTests {
    @Test func findsAnOrphanedReplicaByItsAgentIdAndStopAllKillsIt() throws {
        let fixture = LauncherFixture()
        // What an earlier run leaves: a process with the replica's environment, leading its own
        // group, whose launchpad is gone (the shell exits and sleep is re-parented). The shell
        // waits for the exec, so that sleep has left the shell's group before the shell is reaped.
        let spec = fixture.shell(#"setsid sleep 30 & pid=$!; until [ "$(cat /proc/$pid/comm)" = sleep ]; do sleep 0.01; done; echo $pid"#)
        let shell = try fixture.launcher.start(spec)
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count == 1 })
        let orphan = try #require(fixture.output.lines(of: spec.replicaName, .stdout).first.flatMap { Int32($0) })
        #expect(eventually { shell.exitStatus() != nil })
        defer { kill(orphan, SIGKILL) }

        var found: LeftoverReplica?
        #expect(eventually {
            found = LeftoverReplicas.find().first { $0.agentId == fixture.agentId && $0.pgid == $0.pid }
            return found != nil
        })
        let leftover = try #require(found)
        #expect(leftover.pid == orphan)
        #expect(leftover.replicaName == spec.replicaName)
        #expect(leftover.commandLine == "sleep 30")

        #expect(LeftoverReplicas.stopAll([leftover], grace: .seconds(2)) == 1)
        #expect(ProcFS.isGone(orphan))
        #expect(!LeftoverReplicas.find().contains { $0.agentId == fixture.agentId })
    }

    @Test func findLeavesOutTheReplicasThisProcessRuns() throws {
        let fixture = LauncherFixture()
        let process = try fixture.launcher.start(fixture.shell("sleep 30 & sleep 30"))
        defer { process.stop(grace: .zero) }
        // The replica and its children all carry the agent id.
        #expect(eventually { ProcFS.pids().filter { ProcFS.stat($0)?.processGroup == process.pid }.count >= 2 })

        #expect(!LeftoverReplicas.find().contains { $0.agentId == fixture.agentId })
    }
}
