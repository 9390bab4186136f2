import Foundation

/// One long-lived thread on which every child of a `ProcessLauncher` is spawned, whichever thread
/// asks.
///
/// Linux sends a child's parent-death signal when the *thread* that spawned it ends, not the process
/// (prctl(2), PR_SET_PDEATHSIG). A replica spawned on a short-lived thread (the reconciler widens a
/// busy pass over a few threads) would get SIGTERM as soon as that thread ended; spawned here, it gets
/// it only when the launcher is gone, or launchpad.
final class SpawnThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init() {
        let thread = Thread { [self] in
            loop()
            finished.signal()
        }
        thread.name = "spawn"
        thread.stackSize = 256 << 10
        thread.start()
    }

    /// Runs `body` on the spawn thread and returns what it returns; the caller waits.
    func run<T>(_ body: @escaping () -> T) -> T {
        nonisolated(unsafe) var result: T?
        let done = DispatchSemaphore(value: 0)
        condition.lock()
        jobs.append {
            result = body()
            done.signal()
        }
        condition.signal()
        condition.unlock()
        done.wait()
        return result!
    }

    /// Ends the thread (after the jobs already queued); the children it spawned then get their
    /// parent-death signal.
    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
    }

    private func loop() {
        while true {
            condition.lock()
            while jobs.isEmpty && !stopping { condition.wait() }
            if jobs.isEmpty && stopping {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job()
        }
    }
}
