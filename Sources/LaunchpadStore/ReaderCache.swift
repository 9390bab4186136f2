#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Read transactions kept between reads, one per thread, reset: LMDB keeps a reset transaction's
/// reader slot (marked idle), so the thread's next read renews it (`mdb_txn_renew`) instead of
/// beginning a new one, which allocates a transaction and takes the reader table's lock to find a
/// slot. A keyed request reads twice; renewing cost a tenth of beginning here. What is kept is the
/// `ReadTransaction` with its handle, so that a read makes no object either.
///
/// An idle slot is not counted as in use (`Environment.stats`). A thread's transaction is aborted
/// when the thread exits; all of them when the environment closes (`abortAll`). That runs with
/// the map lock exclusive, so never during a `take` or `put`, which run with it shared and touch
/// only their own thread's slot: they take no lock.
final class ReaderCache: @unchecked Sendable {
    /// One thread's cached transaction (its handle holds the reset `MDB_txn`); nil while the
    /// thread is using it (or once aborted).
    final class Slot {
        weak var cache: ReaderCache?
        var reader: ReadTransaction?

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
    func take() -> ReadTransaction? {
        guard let pointer = pthread_getspecific(key) else { return nil }
        let slot = Unmanaged<Slot>.fromOpaque(pointer).takeUnretainedValue()
        let reader = slot.reader
        slot.reader = nil
        return reader
    }

    /// Keeps `reader` (its transaction reset by the caller) for the calling thread's next read. A
    /// thread that holds one already (a read nested in another) keeps that one, and this one is
    /// aborted.
    func put(_ reader: ReadTransaction) {
        let slot: Slot
        if let pointer = pthread_getspecific(key) {
            slot = Unmanaged<Slot>.fromOpaque(pointer).takeUnretainedValue()
        } else {
            slot = Slot(cache: self)
            lock.withLock { slots[ObjectIdentifier(slot)] = slot }
            pthread_setspecific(key, Unmanaged.passRetained(slot).toOpaque())
        }
        guard slot.reader == nil else {
            reader.handle.abort()
            return
        }
        slot.reader = reader
    }

    /// Aborts every cached transaction: before the environment closes.
    func abortAll() {
        lock.lock()
        defer { lock.unlock() }
        abortReaders()
        slots.removeAll()
    }

    /// Aborts every cached transaction and keeps the threads' slots for their next reads: before
    /// the environment is opened again (`Environment.recoverFromPanic`).
    func abortKeepingSlots() {
        lock.lock()
        defer { lock.unlock() }
        abortReaders()
    }

    /// With `lock` held.
    private func abortReaders() {
        for slot in slots.values {
            slot.reader?.handle.abort()
            slot.reader = nil
        }
    }

    private func discard(_ slot: Slot) {
        lock.lock()
        defer { lock.unlock() }
        guard slots.removeValue(forKey: ObjectIdentifier(slot)) != nil else { return }
        slot.reader?.handle.abort()
        slot.reader = nil
    }
}
