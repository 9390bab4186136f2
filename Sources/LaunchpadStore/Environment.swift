import Foundation
internal import CLMDB

/// One LMDB environment: a directory holding `data.mdb` and `lock.mdb`, with named tables inside.
///
/// Open one `Environment` per directory per process and share it between threads: LMDB forbids
/// opening the same environment twice in one process, so a second open throws `EBUSY` until the
/// first is closed. Reads go through `read(_:)`; durable writes go through a `Writer`, which
/// batches them into one commit and one fsync. A volatile environment (`Options.durable` false)
/// may instead write with `update(_:)`, one transaction on the calling thread.
///
/// The map grows on demand: the writer and `update` double it on `MDB_MAP_FULL`, and a
/// transaction that finds another process has grown it (`MDB_MAP_RESIZED`) adopts the new size
/// and retries.
public final class Environment: @unchecked Sendable {
    /// The directory holding the environment.
    public let path: String
    /// The options the environment was opened with.
    public let options: Options
    /// How many stale reader slots (left by dead processes) `mdb_reader_check` cleared at open.
    public let staleReadersCleared: Int

    /// The `MDB_env`; nil once closed. Written only under `mapLock` exclusive, read under it shared.
    var handle: OpaquePointer?
    /// Environments given up after `MDB_PANIC` (see `recoverFromPanic`), kept open on purpose.
    var abandoned: [OpaquePointer] = []
    /// Whether the environment was opened again read-only after `MDB_PANIC`: writes are refused
    /// with `EROFS`. Written only under `mapLock` exclusive.
    var reopenedReadOnly = false
    /// Why opening the environment again after `MDB_PANIC` failed, if it did: it is not tried again.
    /// Under `mapLock` exclusive.
    var failedRecovery: Error?
    /// The directory's entry in the registry of environments this process has open.
    private let identity: EnvironmentRegistry.Identity
    let mapLock = MapLock()
    /// Each thread's reset read transaction, renewed by its next read.
    let readers = ReaderCache()

    let stateLock = NSLock()
    /// Tables opened so far, so repeated `openTable` calls need no write transaction.
    private var tables: [String: Table] = [:]
    /// Their names in the order they were opened, which is the order of their handles (`dbi`).
    private(set) var openedTableNames: [String] = []
    /// How many times `recoverFromPanic` opened the environment again. Under `stateLock`.
    var recoveredPanics = 0

    /// How many times the environment was opened again after `MDB_PANIC` (a commit that failed
    /// while writing its meta page), and whether the last time it could only be opened read-only.
    public var panicRecovery: (count: Int, readOnly: Bool) {
        mapLock.lockShared()
        defer { mapLock.unlockShared() }
        return (stateLock.withLock { recoveredPanics }, reopenedReadOnly)
    }

    /// The handle `name` was opened with, nil if it was not. Under `stateLock`.
    func tableHandle(_ name: String) -> UInt32? {
        tables[name]?.dbi
    }

    /// The thread holding this environment's write transaction, to refuse a second one on the
    /// same thread (LMDB would wait for itself).
    private var writingThread: pthread_t?

    /// Opens the environment in `path`, creating the directory (mode 0700) if it is missing.
    ///
    /// The environment is opened with `MDB_NOTLS` (read transactions are not tied to threads),
    /// when `options.durable` is false `MDB_NOSYNC`, and when `options.writeMap` is true
    /// `MDB_WRITEMAP | MDB_MAPASYNC` (which requires `durable` false: `EINVAL` otherwise).
    /// Stale reader slots are cleared with `mdb_reader_check`; their number is
    /// `staleReadersCleared`.
    public init(path: String, options: Options = Options()) throws {
        self.path = path
        self.options = options
        guard !(options.writeMap && options.durable) else {
            throw StoreError(
                code: EINVAL, operation: "open \(path)",
                message: "writeMap is only for volatile environments: open with durable false")
        }
        try Directory.create(path, for: "open")
        let identity = try EnvironmentRegistry.shared.register(path)

        let environment: OpaquePointer
        do {
            try Self.reserveLockFile(in: path, readers: Int(options.maxReaders), for: "open \(path)")
            environment = try Self.openHandle(path, options: options, mapSize: options.mapSize, flags: Self.flags(for: options))
        } catch {
            EnvironmentRegistry.shared.unregister(identity)
            throw error
        }
        func fail(_ returnCode: Int32, _ operation: String) -> StoreError {
            mdb_env_close(environment)
            EnvironmentRegistry.shared.unregister(identity)
            return StoreError(code: returnCode, operation: operation)
        }

        var dead: Int32 = 0
        let returnCode = mdb_reader_check(environment, &dead)
        guard returnCode == 0 else { throw fail(returnCode, "mdb_reader_check") }

        do {
            if options.writeMap {
                var info = MDB_envinfo()
                mdb_env_info(environment, &info)
                try Self.reserveDisk(environment, bytes: info.me_mapsize, for: "open \(path)")
            }
        } catch {
            mdb_env_close(environment)
            EnvironmentRegistry.shared.unregister(identity)
            throw error
        }

        self.handle = environment
        self.identity = identity
        self.staleReadersCleared = Int(dead)
    }

    /// `mdb_env_open`'s flags for `options` (see `init`).
    static func flags(for options: Options) -> UInt32 {
        var flags = UInt32(MDB_NOTLS)
        if !options.durable {
            flags |= UInt32(MDB_NOSYNC)
        }
        if options.writeMap {
            flags |= UInt32(MDB_WRITEMAP) | UInt32(MDB_MAPASYNC)
        }
        return flags
    }

    deinit {
        if let handle {
            readers.abortAll()
            mdb_env_close(handle)
            EnvironmentRegistry.shared.unregister(identity)
        }
    }

    /// Closes the environment. Waits for transactions in flight; later calls throw
    /// `StoreError.environmentClosed`. Calling it again does nothing. Must not be called from
    /// inside a transaction's closure.
    public func close() {
        mapLock.lockExclusive()
        defer { mapLock.unlockExclusive() }
        guard let handle else { return }
        self.handle = nil
        readers.abortAll()
        mdb_env_close(handle)
        EnvironmentRegistry.shared.unregister(identity)
    }

    /// Opens (creating if missing) the table called `name`.
    ///
    /// Creating a table takes a write transaction, so open tables at start-up, never inside a
    /// `Writer.write` closure (that throws `StoreError.wouldDeadlock`).
    public func openTable(_ name: String) throws -> Table {
        guard !name.isEmpty else {
            throw StoreError(code: EINVAL, operation: "openTable", message: "a table name must not be empty")
        }
        if let table = stateLock.withLock({ tables[name] }) {
            return table
        }
        while true {
            do {
                // LMDB's writer mutex serializes these transactions, so no two `mdb_dbi_open` run at once.
                let dbi = try withTransaction(readOnly: false) { transaction -> UInt32 in
                    var dbi: MDB_dbi = 0
                    try transaction.check(
                        mdb_dbi_open(try transaction.live("mdb_dbi_open"), name, UInt32(MDB_CREATE), &dbi),
                        "mdb_dbi_open \(name)")
                    try transaction.commit()
                    return dbi
                }
                let table = Table(name: name, dbi: dbi)
                stateLock.withLock {
                    if tables[name] == nil { openedTableNames.append(name) }
                    tables[name] = table
                }
                return table
            } catch let error as StoreError where error == .mapFull && mapLock.sharedDepth == 0 {
                try growMap()
            }
        }
    }

    /// Runs `body` in a read-only transaction and returns its result.
    ///
    /// The transaction sees one consistent snapshot. Every byte it hands out is a copy, so
    /// results may outlive the closure; the transaction itself may not.
    public func read<T>(_ body: (ReadTransaction) throws -> T) throws -> T {
        // A read-only transaction always comes with its `ReadTransaction`.
        try withTransaction(readOnly: true) { _, reader in try body(reader!) }
    }

    // MARK: Internals shared with the writer, stats and backup.

    /// Calls `body` with the open `MDB_env` while holding the map lock shared.
    func withEnvironment<T>(_ operation: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        mapLock.lockShared()
        defer { mapLock.unlockShared() }
        guard let handle else {
            throw StoreError.environmentClosed.at(operation)
        }
        return try body(handle)
    }

    /// Begins a top-level transaction, runs `body` with it and aborts it afterwards unless
    /// `body` committed it. Adopts a map grown by another process (`MDB_MAP_RESIZED`) and retries.
    func withTransaction<T>(readOnly: Bool, _ body: (TransactionHandle) throws -> T) throws -> T {
        try withTransaction(readOnly: readOnly) { transaction, _ in try body(transaction) }
    }

    /// As `withTransaction(readOnly:_:)`; a read also hands `body` its `ReadTransaction`. A read
    /// renews the thread's reset transaction when it has one (see `ReaderCache`), in the same
    /// `ReadTransaction` and handle as its last read: no object is made per read.
    private func withTransaction<T>(readOnly: Bool, _ body: (TransactionHandle, ReadTransaction?) throws -> T) throws -> T {
        while true {
            mapLock.lockShared()
            guard let environment = handle else {
                mapLock.unlockShared()
                throw StoreError.environmentClosed.at("mdb_txn_begin")
            }
            if !readOnly {
                if reopenedReadOnly {
                    mapLock.unlockShared()
                    throw StoreError(
                        code: EROFS, operation: "mdb_txn_begin",
                        message: "the database was opened again read-only after a failed commit (MDB_PANIC)")
                }
                let current = pthread_self()
                let busy = stateLock.withLock { writingThread.map { pthread_equal($0, current) != 0 } ?? false }
                if busy {
                    mapLock.unlockShared()
                    throw StoreError.wouldDeadlock.at("mdb_txn_begin")
                }
            }
            var pointer: OpaquePointer?
            var returnCode: Int32 = 0
            // One that cannot be renewed (the map grew, say) is dropped for a new one.
            var reader = readOnly ? readers.take() : nil
            if let cached = reader, !cached.handle.renew() {
                reader = nil
            }
            if reader == nil {
                returnCode = mdb_txn_begin(environment, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &pointer)
            }
            // Adopting needs the lock exclusive, which a thread nested inside another of its own
            // transactions cannot take; that rare case gets the error instead.
            if returnCode == MDB_MAP_RESIZED && mapLock.sharedDepth == 1 {
                mapLock.unlockShared()
                try adoptMapSize()
                continue
            }
            if returnCode == MDB_PANIC && mapLock.sharedDepth == 1 {
                mapLock.unlockShared()
                try recoverFromPanic()
                continue
            }
            defer { mapLock.unlockShared() }
            guard returnCode == 0, let transaction = reader?.handle ?? pointer.map({ TransactionHandle(pointer: $0, isReadOnly: readOnly) }) else {
                throw StoreError(code: returnCode, operation: "mdb_txn_begin")
            }
            if readOnly, reader == nil {
                reader = ReadTransaction(handle: transaction)
            }
            if !readOnly {
                stateLock.withLock { writingThread = pthread_self() }
            }
            defer {
                if readOnly {
                    // Reset, not aborted: the thread's next read renews it. One that `body` kept a
                    // reference to is ended instead, so that it can never be used again.
                    if isKnownUniquelyReferenced(&reader), let kept = reader, transaction.reset() {
                        readers.put(kept)
                    } else {
                        transaction.abort()
                    }
                } else {
                    transaction.abort()
                    // Once aborted, another thread's write transaction may already have begun and
                    // marked itself: clear only our own mark.
                    let current = pthread_self()
                    stateLock.withLock {
                        if let writing = writingThread, pthread_equal(writing, current) != 0 {
                            writingThread = nil
                        }
                    }
                }
            }
            return try body(transaction, reader)
        }
    }

    /// Adopts the map size another process persisted (`mdb_env_set_mapsize(env, 0)`).
    func adoptMapSize() throws {
        mapLock.lockExclusive()
        defer { mapLock.unlockExclusive() }
        guard let handle else {
            throw StoreError.environmentClosed.at("mdb_env_set_mapsize")
        }
        let returnCode = mdb_env_set_mapsize(handle, 0)
        guard returnCode == 0 else {
            throw StoreError(code: returnCode, operation: "mdb_env_set_mapsize")
        }
    }

    /// Doubles the map. Called by the writer after aborting a batch that met `MDB_MAP_FULL`.
    /// Returns the new size.
    @discardableResult
    func growMap() throws -> Int {
        mapLock.lockExclusive()
        defer { mapLock.unlockExclusive() }
        guard let handle else {
            throw StoreError.environmentClosed.at("mdb_env_set_mapsize")
        }
        var info = MDB_envinfo()
        mdb_env_info(handle, &info)
        let (doubled, overflow) = info.me_mapsize.multipliedReportingOverflow(by: 2)
        guard !overflow else {
            throw StoreError.mapFull.at("mdb_env_set_mapsize")
        }
        if options.writeMap {
            // Before remapping: a disk too full for the larger map leaves the map as it was.
            try Self.reserveDisk(handle, bytes: doubled, for: "mdb_env_set_mapsize")
        }
        let returnCode = mdb_env_set_mapsize(handle, doubled)
        guard returnCode == 0 else {
            throw StoreError(code: returnCode, operation: "mdb_env_set_mapsize")
        }
        mdb_env_info(handle, &info)
        return info.me_mapsize
    }
}
