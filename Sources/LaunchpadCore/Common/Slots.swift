import Foundation
import LaunchpadDomain

/// Counts long answers open at once (agents' replies, synchronous runs) against a limit, and each
/// user's against their share. Each holds a thread of the transport for as long as it lasts, so
/// past the limit one is refused before it starts (503 with a retry delay) instead of taking one
/// more thread; past a user's share it is refused as that user's limit (429), so that one tenant
/// with a slow agent and a few keys cannot take every place, as log followers are shared
/// (`AgentLogs.beginFollowing`).
final class Slots: @unchecked Sendable {
    let limit: Int
    let limitPerUser: Int
    /// What the places are for, plural, in refusals ("agent replies open").
    let what: String
    private let lock = NSLock()
    private var open = 0
    private var openByUser: [String: Int] = [:]
    private var refused = 0

    init(limit: Int, limitPerUser: Int, what: String) {
        self.limit = limit
        self.limitPerUser = limitPerUser
        self.what = what
    }

    /// A place for one of `userId`'s long answers, given back when the slot is released;
    /// `unavailable` when all are taken, `limitExceeded` when the user holds their share.
    func take(for userId: String) throws(DomainError) -> Slot {
        let refusal: DomainError? = lock.withLock {
            if open >= limit {
                refused += 1
                return DomainError(.unavailable, "Too many \(what) at once (at most \(limit)); retry in a moment", retryAfterSeconds: 1)
            }
            if openByUser[userId, default: 0] >= limitPerUser {
                refused += 1
                return DomainError(.limitExceeded, "Too many \(what) at once for this user (at most \(limitPerUser)); retry when one has ended", retryAfterSeconds: 1)
            }
            open += 1
            openByUser[userId, default: 0] += 1
            return nil
        }
        if let refusal { throw refusal }
        return Slot(slots: self, userId: userId)
    }

    /// The places taken now, and how many were refused since the start.
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

/// One long answer's place among its `Slots`, held while the answer lasts: a route keeps it until
/// it has answered (a stream captures it in the stream's closure), and the place is free again when
/// the slot is gone.
public final class Slot: Sendable {
    private let slots: Slots
    private let userId: String

    fileprivate init(slots: Slots, userId: String) {
        self.slots = slots
        self.userId = userId
    }

    deinit {
        slots.giveBack(for: userId)
    }
}
