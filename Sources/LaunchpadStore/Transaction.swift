internal import CLMDB

/// What every transaction can do: read. `ReadTransaction` and `WriteTransaction` inherit it.
///
/// A transaction is only valid inside the closure it was handed to, on that closure's thread;
/// used afterwards, every call throws `StoreError.transactionEnded`. Every byte it returns is a
/// copy, never a pointer into the map.
public class Transaction {
    let handle: TransactionHandle

    init(handle: TransactionHandle) {
        self.handle = handle
    }

    /// The value stored under `key`, or nil.
    public func get(_ table: Table, _ key: [UInt8]) throws -> [UInt8]? {
        try withValue(table, key) { $0.map { Array($0) } }
    }

    /// Calls `body` with the bytes stored under `key` where they lie in the map (nil when there
    /// are none), without copying them: the buffer is valid only during the call.
    public func withValue<T>(_ table: Table, _ key: [UInt8], _ body: (UnsafeRawBufferPointer?) throws -> T) throws -> T {
        let transaction = try handle.live("mdb_get")
        var data = MDB_val()
        let returnCode = key.withMDBValue { key in
            var key = key
            return mdb_get(transaction, table.dbi, &key, &data)
        }
        if returnCode == MDB_NOTFOUND {
            return try body(nil)
        }
        try handle.check(returnCode, "mdb_get \(table.name)")
        return try body(UnsafeRawBufferPointer(start: data.mv_data, count: data.mv_size))
    }

    /// The value stored under `key` decoded from JSON as `V`, or nil.
    /// Throws `DecodingError` when the stored bytes are not a JSON `V`.
    public func get<V: Decodable>(_ table: Table, _ key: [UInt8], as type: V.Type) throws -> V? {
        guard let bytes = try get(table, key) else { return nil }
        return try ValueCoding.decode(type, from: bytes)
    }

    /// The number of entries in `table` (`mdb_stat`).
    public func count(_ table: Table) throws -> Int {
        try stats(table).entries
    }

    /// What `mdb_stat` reports for `table`.
    public func stats(_ table: Table) throws -> TableStats {
        var stat = MDB_stat()
        try handle.check(mdb_stat(try handle.live("mdb_stat"), table.dbi, &stat), "mdb_stat \(table.name)")
        return TableStats(
            entries: stat.ms_entries,
            depth: Int(stat.ms_depth),
            branchPages: stat.ms_branch_pages,
            leafPages: stat.ms_leaf_pages,
            overflowPages: stat.ms_overflow_pages,
            pageSize: Int(stat.ms_psize))
    }
}
