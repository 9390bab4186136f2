#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A process an earlier `launchpad up` on the same data directory left running (its nginx, or its
/// responder), found by the pid file it wrote and confirmed by its command line, so that a new start
/// replaces it instead of failing to bind its port or socket.
public enum StaleProcess {
    /// Stops the process named in `pidFile` if it is alive and its command line contains `marker`
    /// (a path inside the data directory): `signal`, then SIGKILL after `grace`. Returns its pid when
    /// one was stopped.
    @discardableResult
    public static func replace(pidFile: String, marker: String, signal: Int32 = SIGTERM, grace: Duration = .seconds(15)) -> Int32? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1, pid != getpid(),
              !ProcFS.isGone(pid), ProcFS.commandLine(pid).contains(marker)
        else { return nil }
        kill(pid, signal)
        if !ProcFS.waitUntilGone([pid], timeout: grace) {
            kill(pid, SIGKILL)
            _ = ProcFS.waitUntilGone([pid], timeout: .seconds(2))
        }
        return pid
    }
}
