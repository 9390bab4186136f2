#if canImport(Glibc)
import Glibc
#endif
import Foundation
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

    /// A pid found, then freed and given to another process before the stop, is not signalled:
    /// the start time recorded with it no longer matches.
    @Test func aPidReusedSinceItWasFoundIsLeftAlone() throws {
        let bystander = Process()
        bystander.executableURL = URL(fileURLWithPath: "/bin/sleep")
        bystander.arguments = ["30"]
        try bystander.run()
        defer {
            kill(bystander.processIdentifier, SIGKILL)
            bystander.waitUntilExit()
        }
        let pid = bystander.processIdentifier
        let started = try #require(ProcFS.stat(pid)).startTicks
        let stale = LeftoverReplica(pid: pid, pgid: pid, parentPid: 1, agentId: "agent-gone", replicaName: "", commandLine: "sleep 30", startTicks: started - 1)
        #expect(LeftoverReplicas.stopAll([stale], grace: .milliseconds(200)) == 0)
        #expect(bystander.isRunning, "the process now holding the pid was not signalled")
        let current = LeftoverReplica(pid: pid, pgid: pid, parentPid: 1, agentId: "agent-here", replicaName: "", commandLine: "sleep 30", startTicks: started)
        #expect(LeftoverReplicas.isSameProcess(current))
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
