internal import CLMDB

/// A failure reported by LMDB (or by the store around it), as a value.
///
/// `code` is the LMDB return code: one of LMDB's own negative codes (`MDB_MAP_FULL` ...) or an
/// `errno` value. Two errors are equal when their codes are equal, so callers can write
/// `error == .notFound` whatever operation produced it.
public struct StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The LMDB return code (or `errno`, or one of the store's own codes below -31000).
    public let code: Int32
    /// The operation that failed, such as `mdb_put` or `backup`.
    public let operation: String
    /// Human-readable text: `mdb_strerror(code)` unless the store supplied its own.
    public let message: String

    /// Creates an error whose message is `mdb_strerror(code)`.
    public init(code: Int32, operation: String) {
        self.init(code: code, operation: operation, message: String(cString: mdb_strerror(code)))
    }

    /// Creates an error with an explicit message.
    public init(code: Int32, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// `operation: message (code)`.
    public var description: String {
        operation.isEmpty ? "\(message) (\(code))" : "\(operation): \(message) (\(code))"
    }

    /// Compares codes only: the operation and message describe where, not what.
    public static func == (lhs: StoreError, rhs: StoreError) -> Bool {
        lhs.code == rhs.code
    }
}

extension StoreError {
    /// `MDB_KEYEXIST`: the key/data pair already exists.
    public static let keyExists = StoreError(code: MDB_KEYEXIST, operation: "")
    /// `MDB_NOTFOUND`: no matching key/data pair.
    public static let notFound = StoreError(code: MDB_NOTFOUND, operation: "")
    /// `MDB_MAP_FULL`: the map is full. The writer handles it by growing the map; callers rarely see it.
    public static let mapFull = StoreError(code: MDB_MAP_FULL, operation: "")
    /// `MDB_MAP_RESIZED`: another process grew the map. Adopted automatically except inside a nested transaction.
    public static let mapResized = StoreError(code: MDB_MAP_RESIZED, operation: "")
    /// `MDB_DBS_FULL`: more tables than `Options.maxTables`.
    public static let tablesFull = StoreError(code: MDB_DBS_FULL, operation: "")
    /// `MDB_READERS_FULL`: every reader slot is taken.
    public static let readersFull = StoreError(code: MDB_READERS_FULL, operation: "")
    /// `MDB_TXN_FULL`: one transaction changed too many pages.
    public static let transactionFull = StoreError(code: MDB_TXN_FULL, operation: "")
    /// `MDB_BAD_VALSIZE`: a key is empty or longer than the maximum key size (511 bytes).
    public static let badValueSize = StoreError(code: MDB_BAD_VALSIZE, operation: "")
    /// `MDB_BAD_TXN`: the transaction has ended, which happens when it is used outside its closure.
    public static let transactionEnded = StoreError(code: MDB_BAD_TXN, operation: "")
    /// `MDB_CORRUPTED`: a page has the wrong type.
    public static let corrupted = StoreError(code: MDB_CORRUPTED, operation: "")
    /// `MDB_INVALID`: the file is not an LMDB environment.
    public static let invalid = StoreError(code: MDB_INVALID, operation: "")
    /// `MDB_VERSION_MISMATCH`: the environment was made by another LMDB version.
    public static let versionMismatch = StoreError(code: MDB_VERSION_MISMATCH, operation: "")
    /// `MDB_PANIC`: a fatal error occurred earlier; the environment must be closed.
    public static let panic = StoreError(code: MDB_PANIC, operation: "")
    /// The environment was closed before or during the operation.
    public static let environmentClosed = StoreError(
        code: -31_001, operation: "", message: "the environment is closed")
    /// The writer was stopped before the write could run.
    public static let writerStopped = StoreError(
        code: -31_002, operation: "", message: "the writer is stopped")
    /// A call that would wait for itself: `Writer.write` or `Environment.update` inside a read
    /// or write closure, or `Environment.openTable` inside a write closure.
    public static let wouldDeadlock = StoreError(
        code: -31_003, operation: "",
        message: "this thread is inside a transaction: call Writer.write and Environment.update outside read and write closures, and openTable outside write closures")

    /// The same error with the operation that hit it.
    func at(_ operation: String) -> StoreError {
        StoreError(code: code, operation: operation, message: message)
    }
}
