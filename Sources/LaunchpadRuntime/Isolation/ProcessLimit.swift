#if canImport(Glibc)
import Glibc
#endif

/// `RLIMIT_NPROC`: how many processes and threads the replica's user may have. With a user per agent
/// it bounds the agent's processes (all its replicas together) where there is no pids cgroup.
public enum ProcessLimit {
    /// Sets the soft and hard limit on the calling process; run as root, before the user switch.
    public static func apply(_ count: Int) throws(SystemCallError) {
        var limit = rlimit(rlim_cur: rlim_t(max(count, 1)), rlim_max: rlim_t(max(count, 1)))
        guard setrlimit(__rlimit_resource_t(__RLIMIT_NPROC.rawValue), &limit) == 0 else { throw SystemCallError("setrlimit(RLIMIT_NPROC, \(count))") }
    }
}
