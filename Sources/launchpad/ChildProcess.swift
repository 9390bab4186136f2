#if canImport(Glibc)
import Glibc
#endif
import Foundation
import LaunchpadRuntime

/// A child of `launchpad up` (nginx, or the responder): started with posix_spawn (never fork: the
/// LMDB environment may be open) through `launchpad exec-limited`, so that it gets SIGTERM when this
/// process exits, however it exits; in its own process group, with no descriptor of ours but
/// stdout and stderr.
struct ChildProcess {
    let pid: pid_t
    let startedAt: Date

    /// Starts `executable` with `arguments`, this process's environment plus `environment`.
    init(executable: String, arguments: [String], environment: [String: String] = [:]) throws {
        var variables = ProcessInfo.processInfo.environment
        variables.merge(environment) { $1 }
        let launchpad = RunningServer.ownExecutable()
        let wrapped = ExecWrapper(parentPid: getpid()).arguments(launchpadExecutable: launchpad, command: [executable] + arguments)
        do {
            pid = try PosixSpawn.spawn(
                path: launchpad, arguments: wrapped,
                environment: variables.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
        } catch {
            throw ChildProcessError(description: "cannot start \(executable): \(error)")
        }
        startedAt = Date()
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    /// The exit status if the child has exited, without blocking.
    func exitStatusIfExited() -> Int32? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? status : nil
    }

    /// Waits for the child to exit; after `timeout`, kills it with SIGKILL and waits for that.
    @discardableResult
    func wait(timeout: Duration? = nil) -> Int32 {
        if let timeout {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let status = exitStatusIfExited() { return status }
                usleep(10_000)
            }
            kill(pid, SIGKILL)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status
    }
}

struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
}
