internal import CLMDB

/// A write transaction, handed to the closure of `Writer.write(_:)`.
///
/// Each closure runs in its own nested transaction inside the batch's transaction, so when the
/// closure throws only its own changes are undone. It reads its own writes.
public final class WriteTransaction: Transaction {
    /// Stores `value` under `key`, replacing any previous value.
    public func put(_ table: Table, _ key: [UInt8], _ value: [UInt8]) throws {
        try handle.check(store(table, key, value, flags: 0), "mdb_put \(table.name)")
    }

    /// Stores `value` encoded as JSON under `key`, replacing any previous value.
    ///
    /// Disfavored so that a byte-array literal (`put(table, key, [1, 2])`) stores those bytes
    /// instead of being inferred as `[Int]` and stored as the JSON text `[1,2]`.
    @_disfavoredOverload
    public func put<V: Encodable>(_ table: Table, _ key: [UInt8], _ value: V) throws {
        try put(table, key, ValueCoding.encode(value))
    }

    /// Stores `value` under `key` only if the key is absent (`MDB_NOOVERWRITE`).
    /// Returns false, changing nothing, when the key exists.
    public func insert(_ table: Table, _ key: [UInt8], _ value: [UInt8]) throws -> Bool {
        let returnCode = try store(table, key, value, flags: UInt32(MDB_NOOVERWRITE))
        if returnCode == MDB_KEYEXIST {
            return false
        }
        try handle.check(returnCode, "mdb_put \(table.name)")
        return true
    }

    /// Removes `key`. Returns false when it was absent.
    @discardableResult
    public func delete(_ table: Table, _ key: [UInt8]) throws -> Bool {
        let transaction = try handle.live("mdb_del")
        let returnCode = key.withMDBValue { key in
            var key = key
            return mdb_del(transaction, table.dbi, &key, nil)
        }
        if returnCode == MDB_NOTFOUND {
            return false
        }
        try handle.check(returnCode, "mdb_del \(table.name)")
        return true
    }

    private func store(_ table: Table, _ key: [UInt8], _ value: [UInt8], flags: UInt32) throws -> Int32 {
        let transaction = try handle.live("mdb_put")
        return key.withMDBValue { key in
            value.withMDBValue { value in
                var key = key
                var value = value
                return mdb_put(transaction, table.dbi, &key, &value, flags)
            }
        }
    }
}
