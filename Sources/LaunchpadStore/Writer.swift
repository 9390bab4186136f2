import Foundation

/// One thread owns every write transaction of an environment, and commits the writes queued by
/// many callers in one transaction and one fsync (group commit).
///
/// `write(_:)` blocks its caller until the batch holding its closure is committed (and, in a
/// durable environment, synced), then returns that closure's own result. Create one writer per
/// environment and call `stop()` before letting it go: its thread keeps it alive until then.
public final class Writer: @unchecked Sendable {
    /// The environment this writer writes to.
    public let environment: Environment
    /// The most closures one transaction holds; 1 means one commit per write.
    public let maxBatch: Int

    /// Guards `queue`, `stopped` and `counters`; the writer thread waits on it for work.
    private let condition = NSCondition()
    private var queue: [WriteRequest] = []
    private var stopped = false
    private var counters = WriterStats()
    private var failure: CommitFailure?
    /// Set once in `init`.
    private var writerThread: Thread?
    /// Signalled when the writer thread has left its loop.
    private let exited = DispatchSemaphore(value: 0)
    private let stopLock = NSLock()
    private var joined = false

    /// Starts the writer thread for `environment`.
    public init(environment: Environment, maxBatch: Int = 1024) {
        precondition(maxBatch >= 1, "maxBatch must be at least 1")
        self.environment = environment
        self.maxBatch = maxBatch
        let thread = Thread { [self] in
            run()
            exited.signal()
        }
        thread.name = "lmdb-writer"
        writerThread = thread
        thread.start()
    }

    /// Counters since the writer started.
    public var stats: WriterStats {
        condition.lock()
        defer { condition.unlock() }
        var stats = counters
        stats.queued = queue.count
        return stats
    }

    /// The last batch that failed to commit (a full or read-only disk, an I/O error), nil if none
    /// has. It is kept after later batches commit (they may be small ones that fit where a large
    /// one does not), with `recovered` set, so that the health report can say writes failed lately.
    public var lastCommitFailure: CommitFailure? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Runs `body` inside the next batch's write transaction and returns its result once the
    /// batch is committed and durable.
    ///
    /// The closure runs on the writer thread in a nested transaction: if it throws, only its own
    /// changes are undone and only this caller gets the error; the rest of the batch commits. If
    /// the commit itself fails, every caller whose closure succeeded gets that error.
    ///
    /// A closure may run more than once (a batch is replayed after the map grows), so it must
    /// have no side effects outside the transaction. It must not call `write` or
    /// `Environment.openTable`, and `write` must not be called inside a read closure either:
    /// those throw `StoreError.wouldDeadlock`. Throws `StoreError.writerStopped` after `stop()`,
    /// and `EINVAL` on an environment opened with `Options.writeMap` (LMDB has no nested
    /// transactions there; use `Environment.update` on such an environment).
    public func write<T>(_ body: @escaping (WriteTransaction) throws -> T) throws -> T {
        guard !environment.options.writeMap else {
            throw StoreError(
                code: EINVAL, operation: "write",
                message: "the environment has a write map, which allows no nested transactions: use Environment.update")
        }
        var result: T?
        let request = WriteRequest { transaction in
            result = try body(transaction)
        }
        // Inside any transaction of this thread the caller would hold the map lock shared while
        // waiting for a batch that may need it exclusive to grow the map.
        guard environment.mapLock.sharedDepth == 0 else {
            throw StoreError.wouldDeadlock.at("write")
        }
        condition.lock()
        guard !stopped else {
            condition.unlock()
            throw StoreError.writerStopped.at("write")
        }
        queue.append(request)
        condition.signal()
        condition.unlock()

        request.done.wait()
        if let error = request.error {
            throw error
        }
        guard let result else {
            preconditionFailure("the writer completed a request without a result or an error")
        }
        return result
    }

    /// Commits everything already queued, then stops the thread and waits for it to exit.
    /// Later writes throw `StoreError.writerStopped`. Calling it again does nothing.
    public func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()

        stopLock.lock()
        defer { stopLock.unlock() }
        guard !joined, Thread.current !== writerThread else { return }
        exited.wait()
        joined = true
    }

    // MARK: The writer thread.

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped {
                condition.wait()
            }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let count = min(queue.count, maxBatch)
            let batch = Array(queue.prefix(count))
            queue.removeFirst(count)
            condition.unlock()

            let (replays, batchFailure) = commit(batch)

            condition.lock()
            if let batchFailure {
                failure = CommitFailure(error: batchFailure, at: .now, recovered: false)
            } else {
                failure?.recovered = true
            }
            counters.batches += 1
            counters.writes += batch.count
            counters.largestBatch = max(counters.largestBatch, batch.count)
            counters.replays += replays
            condition.unlock()
            for request in batch {
                request.done.signal()
            }
        }
    }

    /// Runs `batch` until it commits, growing the map whenever it meets `MDB_MAP_FULL`
    /// (`Environment.writeGrowingMap`, the loop `Environment.update` shares). Leaves each
    /// request's error set or cleared. Returns how many times it replayed, and the error when the
    /// batch did not commit.
    private func commit(_ batch: [WriteRequest]) -> (replays: Int, failure: StoreError?) {
        var replays = 0
        do {
            try environment.writeGrowingMap(replays: &replays) { parent in
                try attempt(batch, in: parent)
            }
        } catch {
            // The batch did not commit: whoever has no error of its own gets this one.
            for request in batch where request.error == nil {
                request.error = error
            }
            return (replays, error as? StoreError ?? StoreError(code: EIO, operation: "commit", message: "\(error)"))
        }
        return (replays, nil)
    }

    /// One try at the batch in `parent`: one nested transaction per closure.
    private func attempt(_ batch: [WriteRequest], in parent: TransactionHandle) throws -> Environment.WriteAttempt<Void> {
        /// The try is abandoned and will be replayed (or fail as a whole): its errors are void.
        func mapFull() -> Environment.WriteAttempt<Void> {
            for request in batch {
                request.error = nil
            }
            return .mapFull
        }
        for request in batch {
            request.error = nil
            let child = try parent.beginChild()
            do {
                try request.apply(WriteTransaction(handle: child))
            } catch {
                request.error = error
            }
            if child.sawMapFull {
                child.abort()
                return mapFull()
            }
            if request.error != nil {
                child.abort()
                continue
            }
            do {
                try child.commit()
            } catch {
                if child.sawMapFull {
                    return mapFull()
                }
                request.error = error
            }
        }
        do {
            try parent.commit()
        } catch let error as StoreError where error == .mapFull {
            return mapFull()
        }
        return .committed(())
    }
}
