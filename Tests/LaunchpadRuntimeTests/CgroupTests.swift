#if canImport(Glibc)
import Glibc
#endif
import Foundation
@testable import LaunchpadRuntime
import Testing

/// Replicas in real cgroups: v1 with limits (this machine's cpu, memory and pids hierarchies), and
/// v2's membership, CPU time and `cgroup.kill` on the unified hierarchy (whose cpu, memory and pids
/// controllers are v1's here). Runs as root.
@Suite(.serialized) struct CgroupTests {
    static func uniqueName() -> String { "launchpad-test-" + UUID().uuidString.prefix(8).lowercased() }

    /// A replica that starts five `setsid` children that ignore SIGTERM (each leaves the replica's
    /// process group and session: only a SIGKILL to the cgroup reaches them), prints READY and waits.
    static let escaping = "for i in 1 2 3 4 5; do setsid sh -c 'trap \"\" TERM; exec sleep 300' & done; echo READY; wait"

    @Test func v1GroupsHoldTheirLimitsAndEverythingTheReplicaStartsAndKillingEmptiesThem() throws {
        let mounts = CgroupMounts.current()
        try #require(mounts.legacyDirectory("pids") != nil && mounts.legacyDirectory("memory") != nil, "cgroup v1 hierarchies are mounted")
        let hierarchy = try CgroupHierarchy.prepareLegacy(name: Self.uniqueName(), mounts: mounts)
        defer { hierarchy.removeRoots() }
        #expect(hierarchy.version == .v1)
        let group = try hierarchy.makeGroup("replica-a", limits: CgroupLimits(millicores: 250, memoryBytes: 64 << 20, maxProcesses: 16))
        #expect(CgroupFile.read(group.paths["cpu"]!, "cpu.cfs_quota_us")?.hasPrefix("25000") == true)
        #expect(CgroupFile.integer(group.paths["memory"]!, "memory.limit_in_bytes") == 64 << 20)
        #expect(CgroupFile.read(group.paths["pids"]!, "pids.max")?.hasPrefix("16") == true)
        #expect(hierarchy.groups() == [group])

        let fixture = LauncherFixture()
        var spec = fixture.shell(Self.escaping)
        spec.isolation = ReplicaIsolation(cgroup: group)
        let process = try fixture.launcher.start(spec)
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.contains("READY") })
        #expect(eventually { group.processes().count == 6 }, "the replica and its five children: \(group.processes())")
        let escaped = group.processes().filter { $0 != process.pid }
        #expect(group.processes().contains(process.pid))
        #expect(eventually { escaped.allSatisfy { ProcFS.stat($0)?.processGroup != process.pid } }, "they left the replica's process group")
        #expect(group.cpuSeconds() != nil && group.memoryBytes() ?? 0 > 0)

        #expect(process.stop(grace: .milliseconds(200)) != .unknown)
        #expect(eventually { escaped.allSatisfy(ProcFS.isGone) }, "stopping the replica killed what escaped its group")
        #expect(group.directories.allSatisfy { access($0, F_OK) != 0 }, "its cgroup is removed")
    }

    @Test func v1PidsMaxStopsAForkBombAndKillAllEndsIt() throws {
        let mounts = CgroupMounts.current()
        try #require(mounts.legacyDirectory("pids") != nil, "cgroup v1 hierarchies are mounted")
        let hierarchy = try CgroupHierarchy.prepareLegacy(name: Self.uniqueName(), mounts: mounts)
        defer { hierarchy.removeRoots() }
        let group = try hierarchy.makeGroup("bomb", limits: CgroupLimits(maxProcesses: 20))
        defer { group.remove() }
        let fixture = LauncherFixture()
        var spec = fixture.shell("b() { b | b & }; b; sleep 300")
        spec.isolation = ReplicaIsolation(cgroup: group)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }
        #expect(eventually { (CgroupFile.keyed(group.paths["pids"]!, "pids.events", key: "max") ?? 0) > 0 }, "forks were refused at pids.max")
        #expect(group.processes().count <= 20)
        #expect(group.killAll(timeout: .seconds(10)))
        #expect(group.processes().isEmpty)
        #expect(eventually { process.exitStatus() != nil })
    }

    @Test func v2GroupsHoldTheReplicaCountItsCPUAndAreKilledWithCgroupKill() throws {
        let mounts = CgroupMounts.current()
        let own = try #require(mounts.unifiedDirectory, "the unified hierarchy is mounted")
        let root = own + "/" + Self.uniqueName()
        try CgroupFile.makeDirectory(root)
        defer { rmdir(root) }
        let group = Cgroup(version: .v2, paths: ["cpu": root + "/replica", "memory": root + "/replica", "pids": root + "/replica"])
        try CgroupFile.makeDirectory(group.directories[0])
        defer { group.remove() }

        let fixture = LauncherFixture()
        var spec = fixture.shell("for i in 1 2 3; do setsid sh -c 'while :; do :; done' & done; echo READY; wait")
        spec.isolation = ReplicaIsolation(cgroup: group)
        let process = try fixture.launcher.start(spec)
        defer { process.stop(grace: .zero) }
        #expect(fixture.output.waitFor(spec.replicaName, .stdout) { $0.contains("READY") })
        #expect(group.processes().count == 4)
        usleep(300_000)
        #expect((group.cpuSeconds() ?? 0) > 0.1, "three spinning children count: \(group.cpuSeconds() ?? -1)")
        let members = group.processes()
        #expect(group.killAll())
        #expect(members.allSatisfy(ProcFS.isGone) || eventually { members.allSatisfy(ProcFS.isGone) })
        #expect(eventually { process.exitStatus() != nil })
    }

    @Test func prepareOnThisHostFindsAUsableVersionOrSaysWhy() throws {
        let name = Self.uniqueName()
        do {
            let hierarchy = try CgroupHierarchy.prepare(name: name)
            defer { hierarchy.removeRoots() }
            #expect(Set(hierarchy.roots.keys).isSuperset(of: ["cpu", "memory", "pids"]))
            #expect(hierarchy.roots.values.allSatisfy { $0.hasSuffix("/" + name) && access($0, F_OK) == 0 })
        } catch {
            Issue.record("no cgroups here: \(error)")
        }
    }
}
