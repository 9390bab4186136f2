#if canImport(Glibc)
import Glibc
#endif

/// A replica's memory limit where it has no cgroup (the host offers none, or `--no-agent-cgroups`):
/// `RLIMIT_DATA`, set by `launchpad exec-limited` (`ExecWrapper`) just before it execs the replica's
/// command (posix_spawn cannot set resource limits). With a cgroup, its memory limit replaces this.
///
/// What it counts (Linux 4.7 and later): the process's private writable memory, reserved rather
/// than resident: the heap, malloc's and other anonymous mappings, thread stacks (8 MiB each by
/// default, however little is touched), and the writable data of the program and its libraries.
/// When the process asks for more, the allocation fails: malloc returns NULL, so Python raises
/// MemoryError, `dd` reports "memory exhausted", and Swift and Node programs crash.
///
/// What it does not count: code and other read-only file mappings, `MAP_SHARED` memory, the page
/// cache, kernel memory. It applies to each process separately: a replica's children inherit a limit
/// of the same size each, not a share of one budget. So it is a ceiling on what one process may
/// grow to, not a measure of resident memory (`ReplicaProcess.usage()` reports that), and an agent
/// needs headroom: measured here, a Swift program using Foundation and four threads starts with
/// about 37 MiB of data, Node 20 with about 48 MiB.
///
/// Why not `RLIMIT_AS`: it counts every mapping, and a Swift program using Foundation maps about
/// 300 MiB of address space at start (Node 20, 730 MiB); under 64 MiB it cannot even load
/// Foundation's libraries.
public enum MemoryLimit {
    /// Sets `RLIMIT_DATA`, soft and hard, on the calling process (and so on what it execs), to
    /// `bytes` or to the current hard limit if that is lower.
    public static func apply(bytes: Int) throws(SystemCallError) {
        let resource = __rlimit_resource_t(RLIMIT_DATA.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { throw SystemCallError("getrlimit(RLIMIT_DATA)") }
        let requested = rlim_t(max(bytes, 0))
        // RLIM_INFINITY is ~0.
        let value = limit.rlim_max == rlim_t.max ? requested : min(requested, limit.rlim_max)
        limit.rlim_cur = value
        limit.rlim_max = value
        guard setrlimit(resource, &limit) == 0 else { throw SystemCallError("setrlimit(RLIMIT_DATA, \(value))") }
    }

}
