@testable import LaunchpadRuntime
import Testing

/// Where the hierarchies are and what the limits become, from the kernel's text (no cgroup touched).
struct CgroupParsingTests {
    static let legacyMountinfo = """
        31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
        32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct
        35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
        39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
        40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd
        41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
        50 23 0:40 /var/lib/x /mnt/my\\040data rw - ext4 /dev/vda rw
        """
    static let legacyCgroup = """
        9:name=systemd:/
        8:pids:/
        4:memory:/process_api/e556
        2:cpu,cpuacct:/job/7
        0::/
        """

    @Test func v1ControllersAreFoundWithThisProcessesPlaceInEach() {
        let mounts = CgroupMounts.parse(mountinfo: Self.legacyMountinfo, cgroup: Self.legacyCgroup)
        #expect(mounts.legacyDirectory("memory") == "/sys/fs/cgroup/memory/process_api/e556")
        #expect(mounts.legacyDirectory("pids") == "/sys/fs/cgroup/pids")
        #expect(mounts.legacyDirectory("cpu") == "/sys/fs/cgroup/cpu,cpuacct/job/7")
        #expect(mounts.legacyDirectory("cpuacct") == "/sys/fs/cgroup/cpu,cpuacct/job/7")
        #expect(mounts.legacyDirectory("freezer") == nil)
        #expect(mounts.legacyDirectory("name=systemd") == nil)
        #expect(mounts.unifiedDirectory == "/sys/fs/cgroup/unified")
    }

    @Test func aV2HostHasOneDirectoryAndAMountOfAPartIsFollowed() {
        let mountinfo = "25 1 0:22 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
        let mounts = CgroupMounts.parse(mountinfo: mountinfo, cgroup: "0::/system.slice/launchpad.service\n")
        #expect(mounts.unifiedDirectory == "/sys/fs/cgroup/system.slice/launchpad.service")
        #expect(mounts.legacy.isEmpty)
        // A container that sees only its own part of the hierarchy, mounted at /sys/fs/cgroup.
        let part = "25 1 0:22 /docker/abc /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n"
        #expect(CgroupMounts.parse(mountinfo: part, cgroup: "0::/docker/abc/app\n").unifiedDirectory == "/sys/fs/cgroup/app")
        #expect(CgroupMounts.parse(mountinfo: part, cgroup: "0::/elsewhere\n").unifiedDirectory == nil, "a cgroup the mount does not show")
    }

    @Test func limitsBecomeEachVersionsFiles() {
        let limits = CgroupLimits(millicores: 250, memoryBytes: 128 << 20, maxProcesses: 64)
        #expect(limits.settings(for: .v2).map { "\($0.file)=\($0.value)" } == [
            "cpu.max=25000 100000", "memory.max=134217728", "memory.swap.max=0", "pids.max=64",
        ])
        #expect(limits.settings(for: .v1).map { "\($0.file)=\($0.value)" } == [
            "cpu.cfs_period_us=100000", "cpu.cfs_quota_us=25000", "memory.limit_in_bytes=134217728",
            "memory.memsw.limit_in_bytes=134217728", "pids.max=64",
        ])
        #expect(limits.settings(for: .v2).filter(\.optional).map(\.file) == ["memory.swap.max"])
        #expect(CgroupLimits(millicores: 5).settings(for: .v2).first?.value == "1000 100000", "the kernel's smallest quota")
        #expect(CgroupLimits().settings(for: .v1).isEmpty)
    }
}
