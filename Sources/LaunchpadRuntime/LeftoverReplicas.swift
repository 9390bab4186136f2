#if canImport(Glibc)
import Glibc
#endif

/// Finds and stops the processes an earlier launchpad run left behind.
public enum LeftoverReplicas {
    /// Set in every replica's environment: the agent's id.
    public static let agentIdVariable = "LAUNCHPAD_AGENT_ID"
    /// Set in every replica's environment: the replica's name.
    public static let replicaVariable = "LAUNCHPAD_REPLICA"

    /// Scans /proc for processes whose environment has `LAUNCHPAD_AGENT_ID`: this user's, or, when
    /// this process is root, anyone's (replicas run as users of their own).
    ///
    /// Left out: zombies, this process, its own process group, and the replicas this process is
    /// running (processes whose parent, or whose group leader's parent, is this process).
    public static func find() -> [LeftoverReplica] {
        let me = getpid()
        let myGroup = getpgrp()
        let myUser = geteuid()
        var leftovers: [LeftoverReplica] = []
        for pid in ProcFS.pids() where pid != me {
            var owner = stat()
            guard stat("/proc/\(pid)", &owner) == 0, myUser == 0 || owner.st_uid == myUser,
                  let process = ProcFS.stat(pid), !process.isZombie,
                  process.processGroup != myGroup, process.parentPid != me,
                  let environment = ProcFS.environment(pid),
                  let agentId = value(of: agentIdVariable, in: environment)
            else { continue }
            if process.processGroup > 0, let leader = ProcFS.stat(process.processGroup), leader.parentPid == me {
                continue
            }
            leftovers.append(LeftoverReplica(
                pid: pid, pgid: process.processGroup, parentPid: process.parentPid, agentId: agentId,
                replicaName: value(of: replicaVariable, in: environment) ?? "", commandLine: ProcFS.commandLine(pid),
                startTicks: process.startTicks))
        }
        return leftovers
    }

    /// Sends SIGTERM to each leftover's process group, waits up to `grace` for them to exit, then
    /// sends SIGKILL to the groups still there. Returns how many of `leftovers` are gone afterwards.
    ///
    /// A leftover whose group is this process's own (or not a real group) is signalled alone.
    public static func stopAll(_ leftovers: [LeftoverReplica], grace: Duration) -> Int {
        guard !leftovers.isEmpty else { return 0 }
        let myGroup = getpgrp()
        // Negative: a whole group; positive: one process.
        var targets: [Int32: LeftoverReplica] = [:]
        for leftover in leftovers {
            if leftover.pgid > 1 && leftover.pgid != myGroup {
                targets[-leftover.pgid] = leftover
            } else {
                targets[leftover.pid] = leftover
            }
        }
        let pids = leftovers.map(\.pid)
        signal(targets, SIGTERM)
        if !ProcFS.waitUntilGone(pids, timeout: grace) {
            signal(targets, SIGKILL)
            // SIGKILL takes effect at once, but exiting (freeing memory) and being reaped by init take
            // a moment.
            _ = ProcFS.waitUntilGone(pids, timeout: .seconds(2))
        }
        return pids.filter(ProcFS.isGone).count
    }

    /// Signals each target whose leftover is still the process that was found: a pid freed and
    /// given to another process since (its start time differs) is left alone.
    private static func signal(_ targets: [Int32: LeftoverReplica], _ signal: Int32) {
        for (target, leftover) in targets where isSameProcess(leftover) {
            kill(target, signal)
        }
    }

    /// Whether the pid still names the process found (a start time of 0 was not recorded).
    static func isSameProcess(_ leftover: LeftoverReplica) -> Bool {
        guard let now = ProcFS.stat(leftover.pid) else { return false }
        return leftover.startTicks == 0 || now.startTicks == leftover.startTicks
    }

    private static func value(of name: String, in environment: [String]) -> String? {
        let prefix = name + "="
        return environment.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }
    }
}
