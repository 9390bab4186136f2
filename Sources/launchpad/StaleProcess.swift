#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A process an earlier `launchpad up` on the same data directory left running (its nginx, or its
/// responder), found by the pid file it wrote and confirmed by its command line, so that a new start
/// replaces it instead of failing to bind its port or socket.
enum StaleProcess {
    /// Stops the process named in `pidFile` if it is alive and its command line contains `marker`
    /// (a path inside the data directory): `signal`, then SIGKILL after `grace`. Returns its pid when
    /// one was stopped.
    @discardableResult
    static func replace(pidFile: String, marker: String, signal: Int32 = SIGTERM, grace: Duration = .seconds(15)) -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1, pid != getpid(),
              let commandLine = try? Data(contentsOf: URL(fileURLWithPath: "/proc/\(pid)/cmdline")),
              String(decoding: commandLine.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self).contains(marker)
        else { return nil }
        kill(pid, signal)
        let deadline = ContinuousClock.now + grace
        while isAlive(pid) && ContinuousClock.now < deadline { usleep(20_000) }
        if isAlive(pid) {
            kill(pid, SIGKILL)
            let killDeadline = ContinuousClock.now + .seconds(2)
            while isAlive(pid) && ContinuousClock.now < killDeadline { usleep(10_000) }
        }
        return pid
    }

    /// Alive and not a zombie (an orphan's zombie lingers until init reaps it).
    private static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return stat[stat.index(close, offsetBy: 2)] != "Z"
    }
}
