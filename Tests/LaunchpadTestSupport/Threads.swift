import Foundation

/// Runs `body(index)` on `count` dedicated threads, released together, and waits for all of them.
/// (Dispatch's concurrentPerform would use only as many threads as there are cores.)
public func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for index in 0..<count {
        group.enter()
        Thread.detachNewThread {
            start.wait()
            body(index)
            group.leave()
        }
    }
    for _ in 0..<count {
        start.signal()
    }
    group.wait()
}
