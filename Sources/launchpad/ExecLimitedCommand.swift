#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import LaunchpadRuntime

/// `launchpad exec-limited [--memory-bytes N] [--parent-pid P] [--cgroup DIR]... [--process-limit N]
/// [--hide-processes] [--user UID:GID] -- COMMAND [ARG...]`: applies an `ExecWrapper` to itself
/// (limits, a cgroup, a /proc hiding other users' processes, another user, SIGTERM when launchpad exits), then execs the
/// command in the same process, which keeps them all.
///
/// `ProcessLauncher` starts every replica through it, and `launchpad up` its nginx and responder,
/// because posix_spawn can set neither. If they cannot be set or the exec fails, it prints why and
/// exits 127.
struct ExecLimitedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: ExecWrapper.subcommand, abstract: "Apply limits to this process and exec a command.", shouldDisplay: false)

    @Option(help: "The memory limit in bytes (RLIMIT_DATA).")
    var memoryBytes: Int?

    @Option(help: "Receive SIGTERM when this process (the parent) exits.")
    var parentPid: Int32?

    @Option(help: "A cgroup directory to join (repeatable).")
    var cgroup: [String] = []

    @Option(help: "Processes and threads this user may have (RLIMIT_NPROC).")
    var processLimit: Int?

    @Flag(help: "A mount namespace whose /proc hides other users' processes.")
    var hideProcesses = false

    @Option(help: "Become this user and group (UID:GID), without supplementary groups.")
    var user: String?

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        if let memoryBytes, memoryBytes <= 0 { throw ValidationError("--memory-bytes must be positive") }
        guard !command.isEmpty else { throw ValidationError("give the command after --") }
        if let processLimit, processLimit <= 0 { throw ValidationError("--process-limit must be positive") }
        if let user, ReplicaUser(user) == nil { throw ValidationError("--user must be UID:GID") }
    }

    func run() throws {
        do {
            try ExecWrapper(
                memoryBytes: memoryBytes, parentPid: parentPid, cgroupDirectories: cgroup, processLimit: processLimit,
                hideProcesses: hideProcesses, user: user.flatMap(ReplicaUser.init)
            ).apply()
        } catch {
            fail("cannot set up the process: \(error)")
        }
        let argv = command.map { strdup($0) } + [nil]
        execvp(command[0], argv)
        fail("cannot execute \(command[0]): \(String(cString: strerror(errno)))")
    }

    private func fail(_ message: String) -> Never {
        let line = Array("launchpad \(ExecWrapper.subcommand): \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(127)
    }
}
