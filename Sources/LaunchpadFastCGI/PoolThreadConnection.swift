#if canImport(Glibc)
import Glibc
#endif
import LaunchpadHTTP

/// An accept thread's current connection from nginx, handed to the responder with each request it
/// serves. One per thread, reused for every request (no allocation per request); used on that
/// thread only.
final class PoolThreadConnection: ClientConnection, @unchecked Sendable {
    /// The connection of the request being served.
    var descriptor: Int32 = -1
    /// Whether the thread is still one of the pool's, taking new connections.
    private(set) var pooled = true
    /// The connection of the long answer (a stream or a wait) now under way, for a stop to cut.
    private(set) var longAnswer: Int32?
    private let leavePool: () -> Bool
    private let longAnswerStarted: (Int32) -> Void

    /// `leavePool` starts a thread to take this one's place and says whether it did (false past the
    /// server's limit of threads out of the pool).
    init(leavePool: @escaping () -> Bool, longAnswerStarted: @escaping (Int32) -> Void) {
        self.leavePool = leavePool
        self.longAnswerStarted = longAnswerStarted
    }

    var isClosed: Bool { peerHasClosed(descriptor) }

    func beginLongAnswer() {
        guard longAnswer == nil else { return }
        if pooled, leavePool() { pooled = false }
        longAnswer = descriptor
        longAnswerStarted(descriptor)
    }

    /// The request has been answered: returns the long answer's connection, if it had one.
    func requestEnded() -> Int32? {
        defer { longAnswer = nil }
        return longAnswer
    }
}
