import Foundation

/// Runs jobs on threads of its own: an idle one if there is one, else a new one up to `limit`, else
/// the job waits its turn. A thread that finds no job waits for one if fewer than `idleLimit` are
/// waiting already, else ends, so a burst of long jobs does not leave a crowd of threads behind.
final class ElasticThreads: @unchecked Sendable {
    private let condition = NSCondition()
    private let name: String
    private let limit: Int
    private let idleLimit: Int
    private var jobs: [@Sendable () -> Void] = []
    private var threads = 0
    private var idle = 0
    private var stopping = false

    init(name: String, limit: Int, idleLimit: Int) {
        self.name = name
        self.limit = max(1, limit)
        self.idleLimit = max(0, idleLimit)
    }

    func submit(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        jobs.append(job)
        // An idle thread for every job queued: one of them takes it. Otherwise a new thread does.
        let start = jobs.count > idle && threads < limit
        if start { threads += 1 } else { condition.signal() }
        condition.unlock()
        if start {
            let thread = Thread { [self] in work() }
            thread.name = name
            thread.stackSize = FastCGIServer.threadStackSize
            thread.start()
        }
    }

    /// Wakes the idle threads so that they end; jobs already queued still run.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    private func work() {
        condition.lock()
        while true {
            if !jobs.isEmpty {
                let job = jobs.removeFirst()
                condition.unlock()
                job()
                condition.lock()
                continue
            }
            guard !stopping, idle < idleLimit else { break }
            idle += 1
            condition.wait()
            idle -= 1
        }
        threads -= 1
        condition.unlock()
    }
}
