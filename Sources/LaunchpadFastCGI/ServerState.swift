import Foundation
import Logging

/// Counts threads and requests in flight so that a stop can wait for them, and the threads out of
/// the pool with the connections of the streams they serve, so that a stop can cut those.
final class ServerState: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var running = 0
    private var threads = 0
    private var threadsNamed = 0
    private var outOfPool = 0
    private var streams: Set<Int32> = []

    var isStopping: Bool {
        condition.lock(); defer { condition.unlock() }
        return stopping
    }

    var inFlight: Int {
        condition.lock(); defer { condition.unlock() }
        return running
    }

    /// Returns false when a stop had already begun.
    func beginStopping() -> Bool {
        condition.lock(); defer { condition.unlock() }
        if stopping { return false }
        stopping = true
        return true
    }

    var threadsOutOfPool: Int {
        condition.lock(); defer { condition.unlock() }
        return outOfPool
    }

    /// A number for the next thread's name.
    func nextThreadNumber() -> Int {
        condition.lock(); defer { condition.unlock() }
        threadsNamed += 1
        return threadsNamed - 1
    }

    /// A thread leaves the pool for a stream, unless `limit` threads are out already.
    func leavePool(limit: Int) -> Bool {
        condition.lock(); defer { condition.unlock() }
        guard outOfPool < limit else { return false }
        outOfPool += 1
        return true
    }

    /// A thread that had left the pool ends.
    func outOfPoolThreadEnded() {
        condition.lock(); defer { condition.unlock() }
        outOfPool -= 1
    }

    func streamStarted(_ connection: Int32) {
        condition.lock(); defer { condition.unlock() }
        streams.insert(connection)
    }

    func streamEnded(_ connection: Int32) {
        condition.lock(); defer { condition.unlock() }
        streams.remove(connection)
    }

    /// A stop's wait: the requests in flight get `timeout`; then the long answers still open are
    /// cut (their connections shut down, so nginx ends each client's answer and each one's next
    /// write fails, which ends its call) and get 2 s more.
    func drain(timeout: Duration, logger: Logger) {
        guard !waitUntilIdle(timeout: timeout) else { return }
        let cut = cutStreams()
        logger.warning("stopping with requests still in flight", metadata: ["inFlight": "\(inFlight)", "streamsCut": "\(cut)"])
        if cut > 0 { _ = waitUntilIdle(timeout: .seconds(2)) }
    }

    /// Starts a serving thread running `body`, named and sized as every one of them.
    func startThread(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "fcgi-\(nextThreadNumber())"
        thread.stackSize = FastCGIServer.threadStackSize
        threadStarted()
        thread.start()
    }

    /// Shuts down the connection of every stream still open; returns how many.
    func cutStreams() -> Int {
        condition.lock(); defer { condition.unlock() }
        for connection in streams { shutdown(connection, Int32(SHUT_RDWR)) }
        return streams.count
    }

    func threadStarted() { change { $0.threads += 1 } }
    func threadStopped() { change { $0.threads -= 1 } }
    func requestStarted() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    /// Wakes `waitUntilIdle` only when the last request in flight ends: nothing else waits.
    func requestFinished() {
        condition.lock()
        running -= 1
        if running == 0 { condition.broadcast() }
        condition.unlock()
    }

    /// Waits until no request is in flight; false on timeout.
    func waitUntilIdle(timeout: Duration) -> Bool {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock(); defer { condition.unlock() }
        while running > 0 {
            if !condition.wait(until: deadline) { return running == 0 }
        }
        return true
    }

    private func change(_ body: (ServerState) -> Void) {
        condition.lock()
        body(self)
        condition.broadcast()
        condition.unlock()
    }
}
