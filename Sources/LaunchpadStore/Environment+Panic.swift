#if canImport(Glibc)
import Glibc
#endif
import Foundation
internal import CLMDB

extension Environment {
    /// Opens the environment again after `MDB_PANIC`, so that reads (and, when the disk allows,
    /// writes) go on without a restart.
    ///
    /// LMDB marks an environment fatal when a commit fails while writing its meta page (a disk
    /// turned read-only, an I/O error): that commit did not happen, the file still holds the last
    /// one, and every later transaction on that `MDB_env`, reads too, fails with `MDB_PANIC`. A
    /// new `MDB_env` on the same files reads the last commit. It is opened read-write if the files
    /// allow it and this is the first panic, else read-only, and then `reopenedReadOnly` makes
    /// writes fail with `EROFS`: a disk that keeps failing commits gets one more try, not a new
    /// environment per write. A recovery that failed is not tried again; its error is thrown.
    ///
    /// The panicked `MDB_env` is left open (in `abandoned`), never closed: closing its descriptor
    /// of the lock file would drop every POSIX lock this process holds on that file, the new
    /// environment's included, by which other processes tell that its readers are alive. Takes
    /// the map lock exclusive, so no transaction of the old environment is open; the tables keep
    /// their handles, since they are opened again in their first order.
    func recoverFromPanic() throws {
        mapLock.lockExclusive()
        defer { mapLock.unlockExclusive() }
        guard let panicked = handle else { throw StoreError.environmentClosed.at("mdb_txn_begin") }
        // Another thread may have recovered already.
        var probe: OpaquePointer?
        let probed = mdb_txn_begin(panicked, nil, UInt32(MDB_RDONLY), &probe)
        if probed == 0 { mdb_txn_abort(probe) }
        guard probed == MDB_PANIC else { return }

        if let failedRecovery { throw failedRecovery }

        readers.abortKeepingSlots()
        var info = MDB_envinfo()
        mdb_env_info(panicked, &info)
        let readOnlyFlags = UInt32(MDB_NOTLS) | UInt32(MDB_RDONLY)
        var readOnly = stateLock.withLock { recoveredPanics > 0 }
        let fresh: OpaquePointer
        do {
            do {
                fresh = try Self.openHandle(path, options: options, mapSize: info.me_mapsize, flags: readOnly ? readOnlyFlags : Self.flags(for: options))
            } catch let error as StoreError where !readOnly && [EROFS, EACCES, EPERM].contains(error.code) {
                readOnly = true
                fresh = try Self.openHandle(path, options: options, mapSize: info.me_mapsize, flags: readOnlyFlags)
            }
        } catch {
            failedRecovery = error
            throw error
        }
        do {
            try reopenTables(in: fresh, readOnly: readOnly)
        } catch {
            abandoned.append(fresh)
            failedRecovery = error
            throw error
        }
        abandoned.append(panicked)
        handle = fresh
        reopenedReadOnly = readOnly
        stateLock.withLock { recoveredPanics += 1 }
    }

    /// Opens every table of `openedTableNames` in `environment`, in order, and checks that each gets the
    /// handle it had (LMDB numbers them in the order they are first opened).
    private func reopenTables(in environment: OpaquePointer, readOnly: Bool) throws {
        var pointer: OpaquePointer?
        let begun = mdb_txn_begin(environment, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &pointer)
        guard begun == 0, let transaction = pointer else { throw StoreError(code: begun, operation: "mdb_txn_begin") }
        for (name, expected) in stateLock.withLock({ openedTableNames.map { ($0, tableHandle($0)) } }) {
            var dbi: MDB_dbi = 0
            let opened = mdb_dbi_open(transaction, name, 0, &dbi)
            guard opened == 0, dbi == expected else {
                mdb_txn_abort(transaction)
                guard opened == 0 else { throw StoreError(code: opened, operation: "mdb_dbi_open \(name)") }
                throw StoreError(
                    code: MDB_INCOMPATIBLE, operation: "mdb_dbi_open \(name)",
                    message: "table \(name) came back as handle \(dbi), not \(expected ?? 0)")
            }
        }
        // Committing keeps the handles for the environment's later transactions (read-only too).
        let committed = mdb_txn_commit(transaction)
        guard committed == 0 else { throw StoreError(code: committed, operation: "mdb_txn_commit") }
    }

    /// Creates and opens an `MDB_env` on `path` with `flags`; closes it again if that fails.
    static func openHandle(_ path: String, options: Options, mapSize: Int, flags: UInt32) throws -> OpaquePointer {
        var created: OpaquePointer?
        var returnCode = mdb_env_create(&created)
        guard returnCode == 0, let environment = created else { throw StoreError(code: returnCode, operation: "mdb_env_create") }
        func check(_ returnCode: Int32, _ operation: String) throws {
            guard returnCode == 0 else {
                mdb_env_close(environment)
                throw StoreError(code: returnCode, operation: operation)
            }
        }
        try check(mdb_env_set_mapsize(environment, mapSize), "mdb_env_set_mapsize")
        try check(mdb_env_set_maxdbs(environment, options.maxTables), "mdb_env_set_maxdbs")
        try check(mdb_env_set_maxreaders(environment, options.maxReaders), "mdb_env_set_maxreaders")
        returnCode = mdb_env_open(environment, path, flags, 0o600)
        try check(returnCode, "mdb_env_open \(path)")
        return environment
    }
}
