/// cgroup v2 (one unified hierarchy, `cpu.max`, `memory.max`, `cgroup.kill`) or v1 (a hierarchy per
/// controller, `cpu.cfs_quota_us`, `memory.limit_in_bytes`, the freezer).
public enum CgroupVersion: String, Sendable, Equatable {
    case v1
    case v2
}
