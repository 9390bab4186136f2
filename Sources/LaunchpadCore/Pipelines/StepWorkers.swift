import Foundation
import LaunchpadThreads

/// The threads that run pipeline steps: up to `limit` `BackgroundLoop`s, started as the work needs
/// them. A job goes to an idle worker if there is one, else to a new one under the limit, else it
/// waits for the first worker to finish its job.
///
/// The workers run at a lower priority (`niceness`, 10 by default) than the threads that answer
/// requests: a hundred runs at once on a small machine must not make `GET /api/health` wait for the
/// CPU. Their own work (bookkeeping between agents' answers) is small; they get the CPU all the same
/// when the request threads do not want it.
final class StepWorkers: @unchecked Sendable {
    private let lock = NSLock()
    private let limit: Int
    private let niceness: Int32
    private var jobs: [@Sendable () -> Void] = []
    private var next = 0
    private var workers: [BackgroundLoop] = []
    private var idle: [Int] = []
    private var stopped = false

    init(limit: Int, niceness: Int32 = 10) {
        self.limit = max(1, limit)
        self.niceness = niceness
    }

    /// Runs `job` on a worker soon.
    func submit(_ job: @escaping @Sendable () -> Void) {
        lock.lock()
        guard !stopped else {
            lock.unlock()
            return
        }
        jobs.append(job)
        var worker: BackgroundLoop?
        if let index = idle.popLast() {
            worker = workers[index]
        } else if workers.count < limit {
            let index = workers.count
            let niceness = self.niceness
            let loop = BackgroundLoop(name: "pipeline-\(index)", interval: nil) { [unowned self] in
                // On Linux a nice value belongs to a thread, and `who` 0 is the calling one: this
                // worker alone is lowered (again at each wake: one cheap system call).
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
                drain(worker: index)
            }
            workers.append(loop)
            worker = loop
        }
        lock.unlock()
        worker?.wake()
    }

    /// One pass of worker `index`: jobs until there are none, then idle.
    private func drain(worker index: Int) {
        while true {
            lock.lock()
            guard next < jobs.count else {
                jobs.removeAll(keepingCapacity: true)
                next = 0
                idle.append(index)
                lock.unlock()
                return
            }
            let job = jobs[next]
            next += 1
            lock.unlock()
            job()
        }
    }

    /// Lets the jobs under way finish, drops those queued, and joins every worker.
    func stop() {
        lock.lock()
        stopped = true
        jobs.removeAll()
        next = 0
        let workers = self.workers
        lock.unlock()
        for worker in workers { worker.stop() }
    }
}
