internal import CLMDB

/// Owns one `MDB_cursor`. Closed explicitly before its transaction ends (a write transaction's
/// cursors must be closed while it is live); `deinit` closes one that was not.
final class Cursor {
    private var pointer: OpaquePointer?
    private let transaction: TransactionHandle

    init(transaction: TransactionHandle, table: Table) throws {
        self.transaction = transaction
        var cursor: OpaquePointer?
        try transaction.check(
            mdb_cursor_open(try transaction.live("mdb_cursor_open"), table.dbi, &cursor),
            "mdb_cursor_open")
        self.pointer = cursor
    }

    deinit {
        close()
    }

    func close() {
        guard let pointer else { return }
        self.pointer = nil
        // A cursor whose transaction has already ended was freed with it (write) or is still
        // ours to free (read); LMDB only frees it for us in the write case.
        if transaction.pointer != nil || transaction.isReadOnly {
            mdb_cursor_close(pointer)
        }
    }

    /// Positions the cursor with `operation` (using `key` for `MDB_SET_RANGE`) and returns
    /// copies of the key and value there, or nil at the end of the table.
    func get(_ operation: MDB_cursor_op, key: [UInt8]? = nil) throws -> (key: [UInt8], value: [UInt8])? {
        try move(operation, key: key).map { ([UInt8](copying: $0.key), [UInt8](copying: $0.value)) }
    }

    /// Positions the cursor like `get`, and returns the key and value where they lie in the map:
    /// valid until the cursor moves or the transaction ends.
    func position(_ operation: MDB_cursor_op, key: [UInt8]? = nil) throws -> (key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer)? {
        try move(operation, key: key).map {
            (UnsafeRawBufferPointer(start: $0.key.mv_data, count: $0.key.mv_size), UnsafeRawBufferPointer(start: $0.value.mv_data, count: $0.value.mv_size))
        }
    }

    private func move(_ operation: MDB_cursor_op, key: [UInt8]?) throws -> (key: MDB_val, value: MDB_val)? {
        guard let pointer else {
            throw StoreError.transactionEnded.at("mdb_cursor_get")
        }
        _ = try transaction.live("mdb_cursor_get")
        var found = MDB_val()
        var data = MDB_val()
        let returnCode: Int32
        if let key {
            returnCode = key.withMDBValue { requested in
                // LMDB points `position` at the key it found, inside the map.
                var position = requested
                let returnCode = mdb_cursor_get(pointer, &position, &data, operation)
                found = position
                return returnCode
            }
        } else {
            returnCode = mdb_cursor_get(pointer, &found, &data, operation)
        }
        if returnCode == MDB_NOTFOUND {
            return nil
        }
        try transaction.check(returnCode, "mdb_cursor_get")
        return (found, data)
    }
}
