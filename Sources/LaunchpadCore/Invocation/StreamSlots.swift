import Foundation
import LaunchpadDomain

/// Counts the streamed replies open at once against a limit, and each user's against their share.
/// Each open stream holds a thread of the transport for as long as it lasts, so past the limit a
/// stream is refused before it starts (503 with a retry delay) instead of taking one more; past a
/// user's share it is refused as that user's limit (429), so that one tenant with a slow agent and
/// a few keys cannot take every place, as log followers are shared (`AgentLogs.beginFollowing`).
final class StreamSlots: @unchecked Sendable {
    let limit: Int
    let limitPerUser: Int
    private let lock = NSLock()
    private var open = 0
    private var openByUser: [String: Int] = [:]
    private var refused = 0

    init(limit: Int, limitPerUser: Int) {
        self.limit = limit
        self.limitPerUser = limitPerUser
    }

    /// A place for one of `userId`'s streams, given back when the slot is released; `unavailable`
    /// when all are taken, `limitExceeded` when the user holds their share.
    func take(for userId: String) throws(DomainError) -> StreamSlot {
        let refusal: DomainError? = lock.withLock {
            if open >= limit {
                refused += 1
                return DomainError(.unavailable, "Too many streams open at once (at most \(limit)); retry in a moment", retryAfterSeconds: 1)
            }
            if openByUser[userId, default: 0] >= limitPerUser {
                refused += 1
                return DomainError(.limitExceeded, "Too many streams open at once for this user (at most \(limitPerUser)); retry when one has ended", retryAfterSeconds: 1)
            }
            open += 1
            openByUser[userId, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal }
        return StreamSlot(slots: self, userId: userId)
    }

    /// The streams open now, and how many were refused since the start.
    var counts: (open: Int, refused: Int) {
        lock.withLock { (open, refused) }
    }

    fileprivate func giveBack(for userId: String) {
        lock.withLock {
            open -= 1
            let left = openByUser[userId, default: 1] - 1
            openByUser[userId] = left > 0 ? left : nil
        }
    }
}

/// One stream's place among `InvocationService.Configuration.maxStreams`, held while the stream
/// runs: a route captures it in the stream's closure, and the place is free again when that closure
/// is gone (the stream ended, or was never started).
public final class StreamSlot: Sendable {
    private let slots: StreamSlots
    private let userId: String

    fileprivate init(slots: StreamSlots, userId: String) {
        self.slots = slots
        self.userId = userId
    }

    deinit {
        slots.giveBack(for: userId)
    }
}
