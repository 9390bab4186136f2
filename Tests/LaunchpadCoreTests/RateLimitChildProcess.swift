import Foundation

/// This test binary started again as a child, running only `RateLimitCrossProcessTests.childProcess`
/// with `LAUNCHPAD_RATELIMIT_CHILD=mode` and `LAUNCHPAD_RATELIMIT_CHILD_<name>=<value>` in its
/// environment; its stdout and stderr go to `outputPath`.
final class RateLimitChildProcess {
    let pid: pid_t
    let outputPath: String
    private var status: Int32?

    init(mode: String, output outputPath: String, values: [String: String]) throws {
        self.outputPath = outputPath
        // The running executable, whatever it was called: the test binary on Linux.
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let arguments = [executable, "--testing-library", "swift-testing", "--filter", "RateLimitCrossProcessTests/childProcess"]
        var environment = ProcessInfo.processInfo.environment
        environment[RateLimitCrossProcessTests.Child.modeVariable] = mode
        for (name, value) in values {
            environment["LAUNCHPAD_RATELIMIT_CHILD_" + name] = value
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO)
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard result == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO)
        }
        self.pid = pid
    }

    deinit {
        if status == nil {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
    }

    /// Waits up to `seconds` for the child to exit and returns its wait status; kills it and
    /// throws if it does not.
    func wait(seconds: Double) throws -> Int32 {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            var raw: Int32 = 0
            if waitpid(pid, &raw, WNOHANG) == pid {
                status = raw
                return raw
            }
            usleep(5_000)
        }
        kill(pid, SIGKILL)
        var raw: Int32 = 0
        waitpid(pid, &raw, 0)
        status = raw
        throw POSIXError(.ETIMEDOUT)
    }

    static func exitedCleanly(_ status: Int32) -> Bool {
        status & 0x7F == 0 && (status >> 8) & 0xFF == 0
    }
}
