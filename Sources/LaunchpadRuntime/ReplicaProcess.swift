import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
import LaunchpadDomain
#endif

/// A replica's running process, the leader of its own process group (pgid = pid), and of its cgroup
/// when it has one.
///
/// A replica is its whole group, and its whole cgroup: when the leader has ended, whatever is left
/// (a child that outlived it, even one that moved to a session of its own with `setsid`) is sent
/// SIGKILL before the leader is reaped, and the cgroup is removed. The leader is only ever
/// reaped with `waitpid` on its own pid, never `waitpid(-1)`. Keep this object until `exitStatus()`
/// or `stop()` has returned an exit, or the ended process stays a zombie.
public final class ReplicaProcess: Sendable {
    public let spec: ReplicaSpec
    /// The process id, also its process group id.
    public let pid: Int32
    public let startedAt: Date

    /// How the process ended, once reaped.
    private let ending = Mutex<ReplicaExit?>(nil)
    /// Processes of its cgroup that the kernel killed for going over the memory limit, counted when
    /// the replica ended.
    private let memoryKills = Mutex(0)

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
            let cgroup = spec.isolation.cgroup
            cgroup?.killAll()
            ending = reap()
            if let cgroup {
                memoryKills.withLock { $0 = cgroup.outOfMemoryKills() }
                cgroup.remove()
            }
            return ending
        }
    }

    /// How many of the replica's processes the kernel killed for going over its cgroup's memory
    /// limit; read once it has ended (0 before, and without a cgroup).
    public var outOfMemoryKills: Int { memoryKills.withLock { $0 } }

    /// True until the process has ended.
    public var isRunning: Bool { exitStatus() == nil }

    /// Stops the replica: SIGTERM to its process group (and its cgroup), up to `grace` for the leader
    /// to exit, then SIGKILL to the group (and the cgroup); reaps it and returns how it ended. Calling it
    /// again returns the same exit.
    @discardableResult
    public func stop(grace: Duration = .seconds(5)) -> ReplicaExit {
        if let ended = exitStatus() { return ended }
        kill(-pid, SIGTERM)
        spec.isolation.cgroup?.signal(SIGTERM)
        // A stopped process would hold SIGTERM pending until the SIGKILL.
        kill(-pid, SIGCONT)
        let deadline = ContinuousClock.now + grace
        var pause = Duration.milliseconds(1)
        while ContinuousClock.now < deadline {
            if let ended = exitStatus() { return ended }
            Pause.sleep(min(pause, deadline - ContinuousClock.now))
            pause = min(pause * 2, .milliseconds(20))
        }
        kill(-pid, SIGKILL)
        while true {
            if let ended = exitStatus() { return ended }
            Pause.sleep(.milliseconds(2))
        }
    }

    /// What the replica uses, or nil once it has ended: with a cgroup, the CPU time of all its
    /// processes and the memory charged to them (what the limit counts); without, the leader's CPU
    /// time (utime + stime) and resident memory (VmRSS) from /proc.
    public func usage() -> ResourceUsage? {
        guard let stat = ProcFS.stat(pid), !stat.isZombie,
              let resident = ProcFS.statusBytes(pid, field: "VmRSS"),
              ending.withLock({ $0 == nil })
        else { return nil }
        let cgroup = spec.isolation.cgroup
        let cpuSeconds = cgroup?.cpuSeconds() ?? Double(stat.userTicks + stat.systemTicks) / ProcFS.ticksPerSecond
        return ResourceUsage(cpuSeconds: cpuSeconds, memoryBytes: cgroup?.memoryBytes() ?? resident)
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
}
