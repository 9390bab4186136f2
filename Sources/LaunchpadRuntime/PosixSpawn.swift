#if canImport(Glibc)
import Glibc
#endif

/// One `posix_spawn` of a child of launchpad (a replica, nginx, the responder under `launchpad up`):
/// its own process group, signal mask and dispositions reset, stdin from /dev/null, stdout and
/// stderr to the given descriptors (or launchpad's own), and no other descriptor inherited.
///
/// posix_spawn, never fork: the LMDB environment is open.
public enum PosixSpawn {
    /// Starts `path` and returns its pid. `posix_spawn` reports a failed exec (glibc waits for it).
    public static func spawn(
        path: String,
        arguments: [String],
        environment: [String],
        workingDirectory: String? = nil,
        standardOutput: Int32? = nil,
        standardError: Int32? = nil
    ) throws(ProcessLaunchError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var result: Int32 = 0
        // The child's directory first: the paths below are absolute anyway.
        if let workingDirectory {
            guard let addChdir = GlibcExtensions.addChdir else {
                throw .systemCallFailed(operation: "posix_spawn_file_actions_addchdir_np (glibc 2.29 or later)", errno: ENOSYS)
            }
            result = addChdir(&actions, workingDirectory)
        }
        if result == 0 { result = posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
        if result == 0, let standardOutput { result = posix_spawn_file_actions_adddup2(&actions, standardOutput, 1) }
        if result == 0, let standardError { result = posix_spawn_file_actions_adddup2(&actions, standardError, 2) }
        // Launchpad's own descriptors are close-on-exec where it opens them, but not all are (libfcgi
        // accepts connections without it), and none may reach a child: an inherited FastCGI socket
        // keeps accepting after launchpad is gone, so clients hang instead of getting a 502.
        guard let addCloseFrom = GlibcExtensions.addCloseFrom else {
            throw .systemCallFailed(operation: "posix_spawn_file_actions_addclosefrom_np (glibc 2.34 or later)", errno: ENOSYS)
        }
        if result == 0 { result = addCloseFrom(&actions, 3) }
        guard result == 0 else { throw .systemCallFailed(operation: "posix_spawn_file_actions", errno: result) }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // launchpad blocks SIGINT/SIGTERM for sigwait and ignores SIGPIPE; a child must start with
        // neither, or it could not be stopped with SIGTERM.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // Process group 0: a new group whose id is the child's pid, so that stopping it can signal the
        // whole group, and a Ctrl-C at the terminal reaches launchpad alone, which stops it in order.
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw .systemCallFailed(operation: "posix_spawn \(path)", errno: spawned) }
        return pid
    }
}
