import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
import LaunchpadDomain
#endif

/// A replica's running process, the leader of its own process group (pgid = pid).
///
/// A replica is its whole group: when the leader has ended, whatever is left of the group (a
/// child that outlived it) is sent SIGKILL before the leader is reaped. The leader is only ever
/// reaped with `waitpid` on its own pid, never `waitpid(-1)`. Keep this object until `exitStatus()`
/// or `stop()` has returned an exit, or the ended process stays a zombie.
public final class ReplicaProcess: Sendable {
    public let spec: ReplicaSpec
    /// The process id, also its process group id.
    public let pid: Int32
    public let startedAt: Date

    /// How the process ended, once reaped.
    private let ending = Mutex<ReplicaExit?>(nil)

    init(spec: ReplicaSpec, pid: Int32, startedAt: Date) {
        self.spec = spec
        self.pid = pid
        self.startedAt = startedAt
    }

    /// Non-blocking: reaps the process if it has ended and returns how it ended, else nil.
    public func exitStatus() -> ReplicaExit? {
        ending.withLock { ending in
            if let ending { return ending }
            guard hasEnded() else { return nil }
            // The unreaped leader keeps the group id from being reused, so this reaches only the
            // group's stragglers.
            kill(-pid, SIGKILL)
            ending = reap()
            return ending
        }
    }

    /// True until the process has ended.
    public var isRunning: Bool { exitStatus() == nil }

    /// Stops the replica: SIGTERM to its process group, up to `grace` for the leader to exit, then
    /// SIGKILL to the group; reaps it and returns how it ended. Calling it again returns the same exit.
    @discardableResult
    public func stop(grace: Duration = .seconds(5)) -> ReplicaExit {
        if let ended = exitStatus() { return ended }
        kill(-pid, SIGTERM)
        // A stopped process would hold SIGTERM pending until the SIGKILL.
        kill(-pid, SIGCONT)
        let deadline = ContinuousClock.now + grace
        var pause = Duration.milliseconds(1)
        while ContinuousClock.now < deadline {
            if let ended = exitStatus() { return ended }
            Self.sleep(min(pause, deadline - ContinuousClock.now))
            pause = min(pause * 2, .milliseconds(20))
        }
        kill(-pid, SIGKILL)
        while true {
            if let ended = exitStatus() { return ended }
            Self.sleep(.milliseconds(2))
        }
    }

    /// Resident memory (VmRSS) and CPU time (utime + stime) of the process, or nil once it has ended.
    public func usage() -> ResourceUsage? {
        guard let stat = ProcFS.stat(pid), !stat.isZombie,
              let memory = ProcFS.statusBytes(pid, field: "VmRSS"),
              ending.withLock({ $0 == nil })
        else { return nil }
        let cpuSeconds = Double(stat.userTicks + stat.systemTicks) / ProcFS.ticksPerSecond
        return ResourceUsage(cpuSeconds: cpuSeconds, memoryBytes: memory)
    }

    /// Whether the leader has ended, without reaping it (`WNOWAIT`).
    private func hasEnded() -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 {
                return info._sifields._sigchld.si_pid == pid
            }
            if errno == EINTR { continue }
            // ECHILD: someone else reaped it.
            return true
        }
    }

    private func reap() -> ReplicaExit {
        var status: Int32 = 0
        while true {
            if waitpid(pid, &status, 0) == pid { return ReplicaExit(waitStatus: status) }
            if errno != EINTR { return .unknown }
        }
    }

    private static func sleep(_ duration: Duration) {
        guard duration > .zero else { return }
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR {
            request = remaining
        }
    }
}
