import Foundation

/// A fresh directory for one rate-limit test, removed with everything in it when released.
final class RateLimitTestDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("launchpad-ratelimit-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        path = String(cString: created)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// `path/name`.
    func appending(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }
}

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

/// Values appended from many threads.
final class RateLimitCollected<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value] = []

    func append(_ value: Value) {
        lock.withLock { storage.append(value) }
    }

    var values: [Value] {
        lock.withLock { storage }
    }
}
