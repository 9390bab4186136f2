#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import LaunchpadRuntime

/// `launchpad exec-limited --memory-bytes N -- COMMAND [ARG...]`: sets the memory limit on itself,
/// then execs the command in the same process, which keeps the limit (see `MemoryLimit`).
///
/// `ProcessLauncher` starts replicas with a memory limit through it, because posix_spawn cannot set
/// resource limits. If the limit cannot be set or the exec fails, it prints why and exits 127.
struct ExecLimitedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: MemoryLimit.subcommand, abstract: "Apply a memory limit and exec a command.", shouldDisplay: false)

    @Option(help: "The memory limit in bytes (RLIMIT_DATA).")
    var memoryBytes: Int

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
        guard memoryBytes > 0 else { throw ValidationError("--memory-bytes must be positive") }
        guard !command.isEmpty else { throw ValidationError("give the command after --") }
    }

    func run() throws {
        do {
            try MemoryLimit.apply(bytes: memoryBytes)
        } catch {
            fail("cannot set the memory limit: \(error)")
        }
        let argv = command.map { strdup($0) } + [nil]
        execvp(command[0], argv)
        fail("cannot execute \(command[0]): \(String(cString: strerror(errno)))")
    }

    private func fail(_ message: String) -> Never {
        let line = Array("launchpad \(MemoryLimit.subcommand): \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
        Glibc.exit(127)
    }
}
