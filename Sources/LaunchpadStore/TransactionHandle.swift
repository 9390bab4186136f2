#if canImport(Glibc)
import Glibc
#endif
internal import CLMDB

/// Owns one `MDB_txn`. Ending it (commit or abort) is explicit; `deinit` aborts one that was
/// left open, which only happens when a transaction scope is left by a path that forgot to.
final class TransactionHandle {
    private(set) var pointer: OpaquePointer?
    let isReadOnly: Bool
    /// Set when an operation failed with `MDB_MAP_FULL`. LMDB then refuses further work in this
    /// transaction, whatever the closure did with the error, so the writer checks this flag.
    private(set) var sawMapFull = false

    init(pointer: OpaquePointer, isReadOnly: Bool) {
        self.pointer = pointer
        self.isReadOnly = isReadOnly
    }

    deinit {
        abort()
    }

    /// The live `MDB_txn`, or `StoreError.transactionEnded` once it has been committed or aborted.
    func live(_ operation: String) throws -> OpaquePointer {
        guard let pointer else {
            throw StoreError(
                code: MDB_BAD_TXN, operation: operation,
                message: "the transaction has ended: it is only valid inside its closure")
        }
        return pointer
    }

    /// Throws a `StoreError` for a non-zero LMDB return code. `operation` (which names the table,
    /// say) is built only then: a success, every read's case, formats nothing.
    func check(_ returnCode: Int32, _ operation: @autoclosure () -> String) throws {
        guard returnCode != 0 else { return }
        if returnCode == MDB_MAP_FULL {
            sawMapFull = true
        }
        throw StoreError(code: returnCode, operation: operation())
    }

    /// Begins a nested write transaction; this one may do nothing but commit or abort until the child ends.
    func beginChild() throws -> TransactionHandle {
        let parent = try live("mdb_txn_begin")
        var child: OpaquePointer?
        try check(mdb_txn_begin(mdb_txn_env(parent), parent, 0, &child), "mdb_txn_begin")
        return TransactionHandle(pointer: child!, isReadOnly: false)
    }

    func commit() throws {
        let pointer = try live("mdb_txn_commit")
        let environment = mdb_txn_env(pointer)
        // mdb_txn_commit frees the transaction even when it fails.
        self.pointer = nil
        let code = mdb_txn_commit(pointer)
        // LMDB reports a write that the filesystem cut short as EIO; on a full filesystem that is
        // what a write does, and the caller is better told the directory is full.
        try check(code == EIO && Self.isFull(environment) ? ENOSPC : code, "mdb_txn_commit")
    }

    /// Whether the filesystem under the environment has (almost) no space left for us.
    private static func isFull(_ environment: OpaquePointer?) -> Bool {
        var path: UnsafePointer<CChar>?
        guard mdb_env_get_path(environment, &path) == 0, let path else { return false }
        var status = statvfs()
        guard statvfs(path, &status) == 0 else { return false }
        return UInt64(status.f_bavail) * UInt64(status.f_frsize) < 1 << 20
    }

    /// Resets a read-only transaction for reuse (`mdb_txn_reset`): it keeps its reader slot, idle,
    /// until `renew`. False when it has ended already.
    func reset() -> Bool {
        guard let pointer else { return false }
        mdb_txn_reset(pointer)
        return true
    }

    /// Renews a reset read-only transaction (`mdb_txn_renew`) to see the latest commit. One that
    /// cannot be renewed is aborted, and false returned.
    func renew() -> Bool {
        guard let pointer else { return false }
        if mdb_txn_renew(pointer) == 0 { return true }
        abort()
        return false
    }

    /// Aborts the transaction if it is still open; otherwise does nothing.
    func abort() {
        guard let pointer else { return }
        self.pointer = nil
        mdb_txn_abort(pointer)
    }
}
