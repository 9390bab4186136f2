import Foundation
import LaunchpadDomain

/// Counts the streamed replies open at once against a limit. Each open stream holds a thread of
/// the transport for as long as it lasts, so past the limit a stream is refused before it starts
/// (503 with a retry delay) instead of taking one more.
final class StreamSlots: @unchecked Sendable {
    let limit: Int
    private let lock = NSLock()
    private var open = 0
    private var refused = 0

    init(limit: Int) {
        self.limit = limit
    }

    /// A place for one stream, given back when the slot is released; `unavailable` when all are taken.
    func take() throws(DomainError) -> StreamSlot {
        let taken = lock.withLock {
            guard open < limit else {
                refused += 1
                return false
            }
            open += 1
            return true
        }
        guard taken else {
            throw DomainError(.unavailable, "Too many streams open at once (at most \(limit)); retry in a moment", retryAfterSeconds: 1)
        }
        return StreamSlot(slots: self)
    }

    /// The streams open now, and how many were refused since the start.
    var counts: (open: Int, refused: Int) {
        lock.withLock { (open, refused) }
    }

    fileprivate func giveBack() {
        lock.withLock { open -= 1 }
    }
}

/// One stream's place among `InvocationService.Configuration.maxStreams`, held while the stream
/// runs: a route captures it in the stream's closure, and the place is free again when that closure
/// is gone (the stream ended, or was never started).
public final class StreamSlot: Sendable {
    private let slots: StreamSlots

    fileprivate init(slots: StreamSlots) {
        self.slots = slots
    }

    deinit {
        slots.giveBack()
    }
}
