import Foundation

/// The fixed instant the rate-limit tests start at, on a whole second: 2023-11-14T22:13:20Z.
let rateLimitEpoch = Date(timeIntervalSince1970: 1_700_000_000)

/// `rateLimitEpoch` plus `seconds`.
func rateLimitTime(_ seconds: Double) -> Date {
    rateLimitEpoch.addingTimeInterval(seconds)
}

/// Runs `body(index)` on `count` dedicated threads, released together, and waits for all of them.
func rateLimitOnThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
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
