import Foundation
import LaunchpadRuntime
import Logging

/// One child of `launchpad up` and its restart policy: running, or waiting for its restart time.
struct SupervisedChild {
    let name: String
    let start: () throws -> ChildProcess
    var process: ChildProcess?
    var backoff = RestartBackoff()
    var restartAt: Date?

    init(name: String, start: @escaping () throws -> ChildProcess) {
        self.name = name
        self.start = start
    }

    /// If the child has exited, reaps it and schedules its restart; `onExit` says why it matters.
    mutating func reap(at now: Date, logger: Logger, onExit: String) {
        guard let child = process, let status = child.exitStatusIfExited() else { return }
        process = nil
        let at = backoff.exited(startedAt: child.startedAt, at: now)
        restartAt = at
        logger.error("\(name) exited\(onExit)", metadata: [
            "pid": "\(child.pid)", "status": "\(ReplicaExit(waitStatus: status))",
            "restartInSeconds": "\(String(format: "%.1f", at.timeIntervalSince(now)))",
        ])
    }

    /// Starts the child again if its restart time has come; a start that fails is tried again after
    /// the longest backoff.
    mutating func restartIfDue(at now: Date, logger: Logger) {
        guard let at = restartAt, at <= now else { return }
        do {
            process = try start()
            restartAt = nil
            logger.notice("\(name) started again", metadata: ["pid": "\(process?.pid ?? 0)"])
        } catch {
            restartAt = now.addingTimeInterval(backoff.maximumDelay)
            logger.error("cannot start \(name)", metadata: ["error": "\(error)"])
        }
    }
}
