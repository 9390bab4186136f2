import Foundation

/// Runs `body(index)` on `count` dedicated threads at once and waits for all of them.
/// (Dispatch's concurrentPerform would use only as many threads as there are cores.)
func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread.detachNewThread {
            body(index)
            group.leave()
        }
    }
    group.wait()
}

/// Polls `condition` every few milliseconds until it holds or `seconds` pass; returns whether it held.
func eventually(within seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() {
            return true
        }
        usleep(5_000)
    }
    return try condition()
}
