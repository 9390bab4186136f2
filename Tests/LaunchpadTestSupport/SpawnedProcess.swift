#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A child process a test starts with posix_spawn, its stdout (and stderr, if asked) going to a
/// file, so that the test can SIGKILL it, read what it printed, and wait for its status. The one
/// home of the tests' waitpid loops. A child still running when this is released is killed and
/// reaped.
public final class SpawnedProcess: @unchecked Sendable {
    /// A child that could not be started, or did not exit in time.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String

        public init(_ description: String) {
            self.description = description
        }
    }

    public let pid: pid_t
    public let outputPath: String
    private let lock = NSLock()
    private var status: Int32?

    /// Spawns `executable arguments...` with `environment` (this process's when nil). stdout goes
    /// to `outputPath`, truncated first; stderr too when `includingStandardError`.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, output outputPath: String, includingStandardError: Bool = false) throws {
        self.outputPath = outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // O_APPEND: a write after a kill lands after what was printed, never over it.
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o644)
        if includingStandardError {
            posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map { $0.map { strdup("\($0.key)=\($0.value)") } + [nil] }
        defer {
            argv.forEach { free($0) }
            envp?.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = envp.map { posix_spawn(&pid, executable, &actions, nil, argv, $0) } ?? posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            throw Failure("posix_spawn \(executable): \(String(cString: strerror(result)))")
        }
        self.pid = pid
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            wait()
        }
    }

    /// Sends SIGKILL.
    public func forceKill() {
        kill(pid, SIGKILL)
    }

    /// The raw wait status once the child has been reaped, nil while it runs. Reaps it if it has
    /// exited.
    public var exitStatus: Int32? {
        lock.withLock {
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid { status = raw }
            }
            return status
        }
    }

    /// Waits for the child to end and returns its raw wait status.
    @discardableResult
    public func wait() -> Int32 {
        lock.withLock {
            if let status { return status }
            var raw: Int32 = 0
            while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
            status = raw
            return raw
        }
    }

    /// Waits up to `seconds` for the child to exit and returns its raw wait status; kills it,
    /// reaps it and throws if it does not exit in time.
    public func wait(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let status = exitStatus { return status }
            usleep(5_000)
        }
        forceKill()
        wait()
        throw Failure("process \(pid) did not exit within \(seconds) s")
    }

    /// The complete (newline-terminated) lines printed so far; a line cut short by a kill is dropped.
    public func lines() throws -> [String] {
        let text = try String(contentsOfFile: outputPath, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last "\n": empty, or a partial line
        return lines
    }

    /// Whether a raw wait status says the process was killed by `signal`.
    public static func killed(_ status: Int32, by signal: Int32) -> Bool {
        status & 0x7F == signal
    }

    /// Whether a raw wait status says the process exited with code 0.
    public static func exitedCleanly(_ status: Int32) -> Bool {
        status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }
}
