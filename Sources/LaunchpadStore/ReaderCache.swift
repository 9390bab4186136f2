#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import CLMDB

/// Read transactions kept between reads, one per thread, reset: LMDB keeps a reset transaction's
/// reader slot (marked idle), so the thread's next read renews it (`mdb_txn_renew`) instead of
/// beginning a new one, which allocates a transaction and takes the reader table's lock to find a
/// slot. A keyed request reads twice; renewing cost a tenth of beginning here.
///
/// An idle slot is not counted as in use (`Environment.stats`). A thread's transaction is aborted
/// when the thread exits; all of them when the environment closes (`abortAll`). That runs with
/// the map lock exclusive, so never during a `take` or `put`, which run with it shared and touch
/// only their own thread's slot: they take no lock.
final class ReaderCache: @unchecked Sendable {
    /// One thread's cached transaction; nil while the thread is using it (or once aborted).
    final class Slot {
        weak var cache: ReaderCache?
        var transaction: OpaquePointer?

        init(cache: ReaderCache) {
            self.cache = cache
        }
    }

    private var key = pthread_key_t()
    private let lock = NSLock()
    /// Every thread's slot, for `abortAll`.
    private var slots: [ObjectIdentifier: Slot] = [:]

    init() {
        let created = pthread_key_create(&key) { pointer in
            // The thread is exiting: its transaction (if any) goes, and the slot with it.
            guard let pointer else { return }
            let slot = Unmanaged<Slot>.fromOpaque(pointer).takeRetainedValue()
            slot.cache?.discard(slot)
        }
        precondition(created == 0, "pthread_key_create failed: \(created)")
    }

    deinit {
        pthread_key_delete(key)
    }

    /// The calling thread's reset transaction, now the caller's to renew; nil when it has none.
    func take() -> OpaquePointer? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        let slot = Unmanaged<Slot>.fromOpaque(pointer).takeUnretainedValue()
        let transaction = slot.transaction
        slot.transaction = nil
        return transaction
    }

    /// Keeps `transaction` (reset by the caller) for the calling thread's next read. A thread that
    /// holds one already (a read nested in another) keeps that one, and this one is aborted.
    func put(_ transaction: OpaquePointer) {
        let slot: Slot
        if let pointer = pthread_getspecific(key) {
            slot = Unmanaged<Slot>.fromOpaque(pointer).takeUnretainedValue()
        } else {
            slot = Slot(cache: self)
            lock.withLock { slots[ObjectIdentifier(slot)] = slot }
            pthread_setspecific(key, Unmanaged.passRetained(slot).toOpaque())
        }
        guard slot.transaction == nil else {
            mdb_txn_abort(transaction)
            return
        }
        slot.transaction = transaction
    }

    /// Aborts every cached transaction: before the environment closes.
    func abortAll() {
        lock.lock()
        defer { lock.unlock() }
        for slot in slots.values {
            if let transaction = slot.transaction { mdb_txn_abort(transaction) }
            slot.transaction = nil
        }
        slots.removeAll()
    }

    private func discard(_ slot: Slot) {
        lock.lock()
        defer { lock.unlock() }
        guard slots.removeValue(forKey: ObjectIdentifier(slot)) != nil else { return }
        if let transaction = slot.transaction { mdb_txn_abort(transaction) }
        slot.transaction = nil
    }
}
