#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadRuntime
import Testing

/// The wrapper's user switch and hidden processes, on real processes (launchpad runs the tests as
/// root, as it must to isolate replicas).
struct ReplicaUserTests {
    /// A uid of the default range: no passwd entry, nobody else's.
    static let user = ReplicaUser(uid: 200_321, gid: 200_321)

    /// Prints its ids, its NoNewPrivs flag, the owners of the processes it can see in /proc, and
    /// whether it can read PID 1's command line.
    static let report = """
        id -u; id -G; grep NoNewPrivs /proc/self/status
        for p in /proc/[0-9]*; do stat -c %u "$p" 2>/dev/null; done | sort -u | tr "\\n" " "; echo
        cat /proc/1/cmdline >/dev/null 2>&1 && echo "pid 1 visible" || echo "pid 1 hidden"
        """

    @Test func aReplicaRunsAsItsUserWithoutGroupsOrNewPrivilegesSeeingOnlyItsOwnProcesses() throws {
        try #require(geteuid() == 0, "switching users needs root")
        let fixture = LauncherFixture()
        var spec = fixture.shell(Self.report)
        spec.isolation = ReplicaIsolation(user: Self.user, hideProcesses: true)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }
        #expect(eventually { process.exitStatus() != nil })
        #expect(process.exitStatus() == .exited(code: 0))
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count >= 5 })
        let lines = fixture.output.lines(of: spec.replicaName, .stdout)
        #expect(lines.first == "200321")
        #expect(lines.dropFirst().first == "200321", "its own group alone, no supplementary group")
        #expect(lines.contains { $0.hasPrefix("NoNewPrivs:") && $0.hasSuffix("1") })
        #expect(lines.contains("200321 "), "only its own user's processes are visible: \(lines)")
        #expect(lines.contains("pid 1 hidden"))
    }

    @Test func withoutHidingTheSameReplicaSeesEveryone() throws {
        try #require(geteuid() == 0, "switching users needs root")
        let fixture = LauncherFixture()
        var spec = fixture.shell(Self.report)
        spec.isolation = ReplicaIsolation(user: Self.user)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }
        #expect(eventually { process.exitStatus() != nil })
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.count >= 5 })
        let lines = fixture.output.lines(of: spec.replicaName, .stdout)
        #expect(lines.contains { $0.split(separator: " ").contains("0") }, "root's processes are visible: \(lines)")
        #expect(lines.contains("pid 1 visible"))
    }

    /// Changing user clears the parent-death signal, so the wrapper sets it afterwards.
    @Test func aReplicaAsItsOwnUserStillEndsWithItsLauncher() throws {
        try #require(geteuid() == 0, "switching users needs root")
        var spec = LauncherFixture().shell("sleep 30")
        spec.isolation = ReplicaIsolation(user: Self.user, hideProcesses: true)
        var launcher: ProcessLauncher? = ProcessLauncher(launchpadExecutable: LaunchpadBinary.path, output: { _ in })
        let process = try #require(try launcher?.start(spec))
        #expect(eventually { ProcFS.commandLine(process.pid) == "/bin/sh -c sleep 30" })
        usleep(200_000)
        #expect(process.exitStatus() == nil)
        launcher = nil
        #expect(eventually { process.exitStatus() != nil }, "the launcher's end is the replica's")
        #expect(process.exitStatus() == .signaled(signal: SIGTERM))
    }

    @Test func theUserArgumentRoundTrips() {
        #expect(ReplicaUser("200000:200001") == ReplicaUser(uid: 200_000, gid: 200_001))
        #expect(ReplicaUser(Self.user.argument) == Self.user)
        for bad in ["", "200000", "a:b", "1:2:3", ":5", "-1:2"] {
            #expect(ReplicaUser(bad) == nil, "\(bad)")
        }
    }
}
