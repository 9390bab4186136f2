#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import LaunchpadRuntime

/// `launchpad exec-limited [--memory-bytes N] [--parent-pid P] -- COMMAND [ARG...]`: applies an
/// `ExecWrapper` to itself (a memory limit, SIGTERM when launchpad exits), then execs the command in
/// the same process, which keeps both.
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

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        if let memoryBytes, memoryBytes <= 0 { throw ValidationError("--memory-bytes must be positive") }
        guard !command.isEmpty else { throw ValidationError("give the command after --") }
    }

    func run() throws {
        do {
            try ExecWrapper(memoryBytes: memoryBytes, parentPid: parentPid).apply()
        } catch {
            fail("cannot apply the limits: \(error)")
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
