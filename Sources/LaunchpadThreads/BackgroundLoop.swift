import Foundation

/// A thread of its own that runs `pass` again and again until stopped: whenever it is woken, and
/// at the latest every `interval`. The one way launchpad starts, wakes, stops and joins a background
/// loop (the controller, the log writer, housekeeping, the metrics window).
///
/// A wake while a pass runs is remembered: another pass follows at once, so nothing asked for
/// between two passes is missed. `stop` lets the running pass end, runs one last pass if
/// `finalPass` is set (to flush what is queued), and joins the thread.
public final class BackgroundLoop: @unchecked Sendable {
    private let condition = NSCondition()
    private var woken = false
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private let joining = NSLock()
    private var joined = false

    /// Starts the thread. The first pass runs after the first wake or `interval`.
    /// - Parameters:
    ///   - interval: the longest wait between passes; nil waits for a wake.
    ///   - finalPass: whether `stop` runs one more pass after the loop ends.
    public init(name: String, interval: TimeInterval?, stackSize: Int? = nil, finalPass: Bool = false, pass: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            while waitForTurn(interval: interval) { pass() }
            if finalPass { pass() }
            finished.signal()
        }
        thread.name = name
        if let stackSize { thread.stackSize = stackSize }
        thread.start()
    }

    /// Asks for a pass soon (at once if the thread is waiting).
    public func wake() {
        condition.lock()
        woken = true
        condition.signal()
        condition.unlock()
    }

    /// Ends the loop after the pass under way (without waiting for the interval) and waits for
    /// the thread; idempotent.
    public func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        joining.lock()
        defer { joining.unlock() }
        if !joined {
            finished.wait()
            joined = true
        }
    }

    /// Whether `stop` has returned.
    public var isStopped: Bool {
        joining.lock()
        defer { joining.unlock() }
        return joined
    }

    /// Waits for a wake or the interval; false once stopping.
    private func waitForTurn(interval: TimeInterval?) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        let deadline = interval.map { Date().addingTimeInterval($0) }
        while !woken && !stopping {
            if let deadline {
                if !condition.wait(until: deadline) { break }
            } else {
                condition.wait()
            }
        }
        woken = false
        return !stopping
    }
}
