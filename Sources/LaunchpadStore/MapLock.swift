#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Excludes every transaction of this process while the memory map is resized.
///
/// `mdb_env_set_mapsize` remaps the file, so it may only run when no transaction of this process
/// is active. Every transaction holds this lock shared; growing (or adopting another process's
/// growth) holds it exclusive. The lock prefers the exclusive side so a steady stream of readers
/// cannot starve growth; to keep that safe for a thread that nests transactions (a read inside a
/// read, or a read inside a write closure), the shared side is counted per thread and only the
/// outermost acquisition touches the rwlock.
final class MapLock: @unchecked Sendable {
    private let rwlock: UnsafeMutablePointer<pthread_rwlock_t>
    private var depthKey = pthread_key_t()

    init() {
        rwlock = .allocate(capacity: 1)
        var attributes = pthread_rwlockattr_t()
        pthread_rwlockattr_init(&attributes)
        #if canImport(Glibc)
        pthread_rwlockattr_setkind_np(&attributes, Int32(PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP))
        #endif
        let initialized = pthread_rwlock_init(rwlock, &attributes)
        precondition(initialized == 0, "pthread_rwlock_init failed: \(initialized)")
        pthread_rwlockattr_destroy(&attributes)
        let created = pthread_key_create(&depthKey, nil)
        precondition(created == 0, "pthread_key_create failed: \(created)")
    }

    deinit {
        pthread_rwlock_destroy(rwlock)
        rwlock.deallocate()
        pthread_key_delete(depthKey)
    }

    /// How many shared acquisitions the calling thread holds.
    var sharedDepth: Int {
        Int(bitPattern: pthread_getspecific(depthKey))
    }

    func lockShared() {
        let depth = sharedDepth
        if depth == 0 {
            pthread_rwlock_rdlock(rwlock)
        }
        pthread_setspecific(depthKey, UnsafeRawPointer(bitPattern: depth + 1))
    }

    func unlockShared() {
        let depth = sharedDepth - 1
        precondition(depth >= 0, "MapLock.unlockShared without lockShared")
        pthread_setspecific(depthKey, UnsafeRawPointer(bitPattern: depth))
        if depth == 0 {
            pthread_rwlock_unlock(rwlock)
        }
    }

    /// Takes the lock exclusive. The caller must not hold it shared (that would wait for itself).
    func lockExclusive() {
        precondition(sharedDepth == 0, "MapLock.lockExclusive inside a transaction")
        pthread_rwlock_wrlock(rwlock)
    }

    func unlockExclusive() {
        pthread_rwlock_unlock(rwlock)
    }
}
