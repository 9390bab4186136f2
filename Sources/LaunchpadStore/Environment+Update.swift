extension Environment {
    /// Runs `body` in one write transaction on the calling thread, commits it, and returns the
    /// closure's result. If `body` throws, the transaction is aborted and the error rethrown.
    ///
    /// This is for **volatile** environments (`Options.durable == false`, such as rate-limit
    /// state): the caller holds LMDB's write lock for the length of `body` and commits on its own,
    /// with no batching, so in a durable environment every call would pay its own fsync. Durable
    /// data goes through a `Writer`, whose group commit shares one fsync between many callers.
    /// Both may be used on the same environment: LMDB serializes write transactions across the
    /// threads and the processes that have it open, so every `update` sees the last one's commit.
    ///
    /// Like the writer, it doubles the map on `MDB_MAP_FULL` (abort, grow, run `body` again) and
    /// adopts a map another process grew (`MDB_MAP_RESIZED`). So `body` may run more than once,
    /// and must have no side effects outside the transaction. Keep it short: every other writer
    /// of the environment, in every process, waits for it.
    ///
    /// Throws `StoreError.wouldDeadlock` when called inside a read or write closure of this
    /// environment on the same thread (growing the map needs every transaction of the thread
    /// ended), and `StoreError.environmentClosed` after `close()`.
    public func update<T>(_ body: (WriteTransaction) throws -> T) throws -> T {
        guard mapLock.sharedDepth == 0 else {
            throw StoreError.wouldDeadlock.at("update")
        }
        var replays = 0
        return try writeGrowingMap(replays: &replays) { transaction -> WriteAttempt<T> in
            let result: T
            do {
                result = try body(WriteTransaction(handle: transaction))
            } catch {
                if transaction.sawMapFull {
                    return .mapFull
                }
                throw error
            }
            // A closure that caught MDB_MAP_FULL itself still leaves a transaction LMDB refuses to commit.
            if transaction.sawMapFull {
                return .mapFull
            }
            do {
                try transaction.commit()
            } catch let error as StoreError where error == .mapFull {
                return .mapFull
            }
            return .committed(result)
        }
    }

    /// What one try at a top-level write transaction came to.
    enum WriteAttempt<T> {
        /// The transaction committed; the try's result.
        case committed(T)
        /// The try met `MDB_MAP_FULL` and its transaction is to be aborted.
        case mapFull
    }

    /// Runs `attempt` in a fresh top-level write transaction until it commits: whenever it
    /// reports `.mapFull`, the transaction is aborted (which releases the map lock), the map is
    /// doubled, and `attempt` runs again. `replays` counts the retries, even when a later try or
    /// the growth throws. A transaction that finds the map grown by another process adopts it
    /// (`withTransaction`). The one loop behind both `update(_:)` and the `Writer`.
    ///
    /// The calling thread must hold no transaction of this environment (growing needs the map
    /// lock exclusive).
    func writeGrowingMap<T>(replays: inout Int, _ attempt: (TransactionHandle) throws -> WriteAttempt<T>) throws -> T {
        while true {
            switch try withTransaction(readOnly: false, attempt) {
            case .committed(let result):
                return result
            case .mapFull:
                try growMap()
                replays += 1
            }
        }
    }
}
