import Foundation
import LaunchpadThreads

/// One long-lived thread on which every child of a `ProcessLauncher` is spawned, whichever thread
/// asks.
///
/// Linux sends a child's parent-death signal when the *thread* that spawned it ends, not the process
/// (prctl(2), PR_SET_PDEATHSIG). A replica spawned on a short-lived thread (the controller widens a
/// busy pass over a few threads) would get SIGTERM as soon as that thread ended; spawned here, it gets
/// it only when the launcher is gone, or launchpad.
final class SpawnThread: @unchecked Sendable {
    private let lock = NSLock()
    private var jobs: [() -> Void] = []
    private var loop: BackgroundLoop?

    init() {
        loop = BackgroundLoop(name: "spawn", interval: nil, stackSize: 256 << 10) { [unowned self] in
            while let job = nextJob() { job() }
        }
    }

    /// Runs `body` on the spawn thread and returns what it returns; the caller waits.
    func run<T>(_ body: @escaping () -> T) -> T {
        nonisolated(unsafe) var result: T?
        let done = DispatchSemaphore(value: 0)
        lock.withLock {
            jobs.append {
                result = body()
                done.signal()
            }
        }
        loop?.wake()
        done.wait()
        return result!
    }

    /// Ends the thread; the children it spawned then get their parent-death signal.
    func stop() {
        loop?.stop()
    }

    private func nextJob() -> (() -> Void)? {
        lock.withLock { jobs.isEmpty ? nil : jobs.removeFirst() }
    }
}
